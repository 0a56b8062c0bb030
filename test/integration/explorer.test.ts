import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startTestApi, TestApi } from '../helpers/test-api';

// A busy machine starves the browser: its steps get the time they take there, not a quiet machine's.
const BROWSER_STEP_MS = 120_000;
jest.setTimeout(4 * BROWSER_STEP_MS);

let api: TestApi;
let browser: Browser;
beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api.close();
});

describe('the explorer page at /', () => {
  it('loads from the API alone, runs a query and shows the result', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(BROWSER_STEP_MS);
    const outside: string[] = [];
    const origin = new URL(api.url).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await page.goto(`${origin}/`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: BROWSER_STEP_MS });
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.result-window');
    await response.getByText('"totalCount": 13').waitFor({ timeout: BROWSER_STEP_MS });
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the text as rendered
    expect(await response.innerText()).toContain('"name": "Australia"');
    expect(outside).toEqual([]);
    // A folder of its own unless one is asked for: runs side by side must not write the same file.
    const shot = path.join(process.env.EXPLORER_SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'explorer-')), 'explorer.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('documents the schema in its docs pane: finds the Commitment type and shows its fields', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(BROWSER_STEP_MS);
    await page.goto(`${new URL(api.url).origin}/`);
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.getByRole('region', { name: 'Documentation Explorer' });
    // Root types are listed once the schema has been introspected (else the pane says "Error fetching schema").
    await docs.locator('.graphiql-doc-explorer-root-type', { hasText: 'Query' }).waitFor({ timeout: BROWSER_STEP_MS });
    await docs.locator('.graphiql-doc-explorer-search-input input').fill('Commitment');
    // The list shows every type until its 200 ms debounce filters it, reusing the options by position:
    // a click before then can land on whatever type moves into the spot.
    await page.waitForFunction(`(() => {
      const options = [...document.querySelectorAll('[data-cy="doc-explorer-option"]')].map((option) => option.textContent.trim());
      return options.includes('Commitment') && options.every((option) => /commitment/i.test(option));
    })()`);
    await docs.getByRole('option', { name: 'Commitment', exact: true }).click();
    await docs.locator('.graphiql-doc-explorer-title', { hasText: /^Commitment$/ }).waitFor();
    const content = docs.locator('.graphiql-doc-explorer-content');
    await content.getByText('Every status the commitment has had, oldest first', { exact: false }).waitFor();
    expect(await content.locator('.graphiql-doc-explorer-field-name').allInnerTexts()).toEqual(
      expect.arrayContaining(['id', 'status', 'version', 'statusHistory', 'parties']),
    );
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
