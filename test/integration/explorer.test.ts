import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { startTestApi, TestApi } from '../helpers/test-api';

const CHROMIUM = '/usr/bin/chromium';
// Flags for a sandboxed machine with no network: no background calls out, no GPU.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let api: TestApi;
let browser: Browser;
beforeAll(async () => {
  api = await startTestApi();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await api.close();
});

describe('the explorer page at /', () => {
  it('loads from the API alone, runs a query and shows the result', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    const origin = new URL(api.url).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await page.goto(`${origin}/`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.result-window');
    await response.getByText('"totalCount": 13').waitFor({ timeout: 20_000 });
    expect(await response.innerText()).toContain('"name": "Australia"');
    expect(outside).toEqual([]);
    const shot = path.join(process.env.EXPLORER_SCREENSHOT_DIR ?? os.tmpdir(), 'explorer.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('serves its assets from node_modules, not a CDN', async () => {
    const html = await (await fetch(`${new URL(api.url).origin}/`)).text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source.startsWith('/explorer/')).toBe(true);
      expect((await fetch(`${new URL(api.url).origin}${source}`)).status).toBe(200);
    }
  });
});
