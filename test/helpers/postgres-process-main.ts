import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { logger } from '../../src/shared/logger';

/**
 * Child-process side of `startPostgresProcess`: arguments are the data folder,
 * the port and extra server flags. Prints `{"url": ...}` once the cluster is up
 * and stops it when stdin closes, which also happens if the test process dies.
 */
logger.level = 'silent';
const [dataDir, port, ...postgresFlags] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port), durable: false, postgresFlags }).then(
  (running) => {
    process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
    process.stdin.once('end', () => void running.stop().finally(() => process.exit(0)));
    process.stdin.resume();
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
