import fs from 'node:fs';
import net from 'node:net';

/** Where the kernel's ephemeral ports begin when it does not say (Linux's default). */
const DEFAULT_EPHEMERAL_START = 32768;
/** The lowest port handed out: clear of the ports development tools commonly listen on. */
const LOWEST_PORT = 20000;
const ATTEMPTS = 100;

/** The first port of the range the kernel picks local ports of outgoing connections from. */
function ephemeralStart(): number {
  try {
    const [start] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(start) && start > LOWEST_PORT ? start : DEFAULT_EPHEMERAL_START;
  } catch {
    return DEFAULT_EPHEMERAL_START;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port that was free a moment ago on localhost, below the ephemeral range: a port from that
 * range can be taken as the local port of any outgoing connection (a test's, a database
 * client's) between this check and the server's own listen, which then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const end = ephemeralStart();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (end - LOWEST_PORT));
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port found in ${LOWEST_PORT}–${end - 1} after ${ATTEMPTS} tries`);
}
