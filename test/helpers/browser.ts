import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';

const ROOT = path.join(__dirname, '..', '..');

// A sandboxed machine with no network: no background calls out, no GPU, no sandbox (containers run as root).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Unpacked {
  executablePath: string;
  /** The flags the package recommends for its build (among them --single-process). */
  args: string[];
}

/**
 * Asks `@sparticuz/chromium` (an ES module, hence a child process) for its browser, with `dir`
 * as the temp dir it unpacks into and looks in first.
 */
async function unpackInto(dir: string): Promise<Unpacked> {
  const script =
    "const c = require('@sparticuz/chromium'); c.executablePath().then((p) => process.stdout.write(JSON.stringify({ executablePath: p, args: c.args })))";
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, TMPDIR: dir } });
  return JSON.parse(stdout);
}

/**
 * The Chromium that `@sparticuz/chromium` ships compressed inside the npm package, unpacked
 * once per version into node_modules/.cache. Left to itself the package unpacks into the
 * shared temp dir and trusts any file it finds there, so a run cut off mid-way, or two
 * checkouts unpacking at once, would leave a broken browser for every later run. Here it
 * unpacks into a private staging dir that is renamed into place in one step.
 */
async function unpackedChromium(): Promise<Unpacked> {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8'));
  const target = path.join(ROOT, 'node_modules', '.cache', `sparticuz-chromium-${version}`);
  if (!fs.existsSync(path.join(target, 'chromium'))) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staging = fs.mkdtempSync(`${target}.staging-`);
    try {
      await unpackInto(staging);
      fs.renameSync(staging, target);
    } catch (error) {
      // Another run may have finished first; its copy is as good as ours.
      if (!fs.existsSync(path.join(target, 'chromium'))) throw error;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return unpackInto(target);
}

/** A headless Chromium from npm (no system browser, no install script), driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await unpackedChromium();
  return chromium.launch({ executablePath, headless: true, args: [...args, ...FLAGS] });
}
