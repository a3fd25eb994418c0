import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ModelDiscovery, type Model } from 'model-discovery';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConfigPage, listen, type RunningPage } from '../../examples/config-page/app.js';
import { startLocalGateway, type LocalGateway } from '../../examples/local-gateway.js';
import { launchChromium, screenshot } from '../support/browser.js';

/** What the routes send for a gateway whose models carry metadata (values from test/fixtures/dialects). */
const MODELS: Model[] = [
  { id: 'gpt-3.5-turbo', context_window: 16385, max_output_tokens: 4096, pricing: { input: 1.5, output: 2 }, kind: 'chat' },
  { id: 'text-embedding-004', display_name: 'Text Embedding 004', context_window: 2048, kind: 'embedding' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', context_window: 200000, pricing: { input: 1, output: 5 }, kind: 'chat' },
  { id: 'gemini-2.5-pro', display_name: 'Gemini 2.5 Pro', context_window: 1048576, max_output_tokens: 65536, kind: 'chat' },
  { id: 'mistralai/mistral-medium-3.1', display_name: 'Mistral: Mistral Medium 3.1', context_window: 262144, pricing: { input: 0.4, output: 2 } },
];

let browser: Browser;
let context: BrowserContext | undefined;
let gateway: LocalGateway | undefined;
let server: RunningPage | undefined;
let dir: string | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await server?.close();
  await gateway?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  context = undefined;
  server = undefined;
  gateway = undefined;
});

/** Two sources, the second one down, as the routes send them (the README's picture shows this). */
const TWO_SOURCES = [
  { name: 'litellm', status: 'fresh', count: MODELS.length, last_refreshed: new Date().toISOString(), error: null },
  {
    name: 'ollama',
    status: 'down',
    count: 0,
    last_refreshed: null,
    error: { code: 'network_error', message: 'Could not reach the models endpoint: connection refused. Check that the gateway is running.' },
  },
];

/** The example page on 127.0.0.1; its models route answers with MODELS, as a metadata-rich gateway would make it. */
async function openPage(sources: unknown[] = []): Promise<Page> {
  gateway = await startLocalGateway();
  dir = mkdtempSync(join(tmpdir(), 'config-page-metadata-'));
  server = await listen(createConfigPage({ discovery: new ModelDiscovery({ baseURL: gateway.url, env: {} }), settingsPath: join(dir, 'tiers.json') }));
  context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  // With sources, every model names the one it came from, as the routes send it.
  const models = sources.length > 0 ? MODELS.map((model) => ({ ...model, source: 'litellm' })) : MODELS;
  const snapshot = { models, discovery_available: true, stale: false, last_refreshed: new Date().toISOString(), error: null, sources };
  await page.route(`${server.url}/api/v1/models/available`, (route) => route.fulfill({ json: snapshot }));
  await page.route((url) => !url.href.startsWith(server!.url), (route) => route.abort());
  await page.goto(server.url);
  await page.click('#models-summary');
  await expect.poll(() => page.locator('#models tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  return page;
}

const rows = (page: Page) =>
  page.locator('#models tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
const datalist = (page: Page) =>
  page.locator('#available-models option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).label]));

describe('the example config page shows model metadata, in Chromium', () => {
  it('shows context window and input/output price beside each chat model, hiding the others', async () => {
    const page = await openPage();
    expect(await rows(page)).toEqual([
      ['gpt-3.5-turbo', '', '16.4K', '$1.5', '$2'],
      ['claude-haiku-4-5', 'Claude Haiku 4.5', '200K', '$1', '$5'],
      ['gemini-2.5-pro', 'Gemini 2.5 Pro', '1M', '', ''],
      ['mistralai/mistral-medium-3.1', 'Mistral: Mistral Medium 3.1', '256K', '$0.4', '$2'],
    ]);
    expect(await page.locator('#models-summary').textContent()).toBe('Models the gateway routes to (5, 1 not for chat hidden)');
    expect(await datalist(page)).toContainEqual(['claude-haiku-4-5', 'Claude Haiku 4.5 · 200K · $1 / $5 per M']);
    await screenshot(page, 'config-page-metadata');
  });

  it('shows metadata beside the sources, one of them down (the README picture)', async () => {
    const page = await openPage(TWO_SOURCES);
    await page.fill('#tier1', 'claude-haiku-4-5');
    await expect.poll(() => page.locator('#tier1-hint').textContent()).toBe("✓ In the gateway's list");
    const lines = page.locator('#sources li');
    expect(await lines.evaluateAll((items) => items.map((item) => [(item as HTMLElement).dataset.source, (item as HTMLElement).dataset.status]))).toEqual([
      ['litellm', 'fresh'],
      ['ollama', 'down'],
    ]);
    expect((await rows(page))[1]).toEqual(['claude-haiku-4-5', 'Claude Haiku 4.5', '200K', '$1', '$5', 'litellm']);
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      // `UPDATE_DOCS_SCREENSHOT=1 bash scripts/test.sh test/examples/config-page-metadata.test.ts` refreshes the README's picture.
      copyFileSync(await screenshot(page, 'readme'), new URL('../../docs/config-page.png', import.meta.url));
    }
  });

  it('shows the non-chat models when asked, and still knows a hidden id', async () => {
    const page = await openPage();
    await page.fill('#tier1', 'text-embedding-004');
    await expect.poll(() => page.locator('#tier1-hint').textContent()).toBe("✓ In the gateway's list");
    await page.uncheck('#chat-only');
    expect((await rows(page)).map((row) => row[0])).toContain('text-embedding-004');
    expect(await page.locator('#models-summary').textContent()).toBe('Models the gateway routes to (5)');
  });

  it.each([
    ['name', ['claude-haiku-4-5', 'gemini-2.5-pro', 'gpt-3.5-turbo', 'mistralai/mistral-medium-3.1']],
    ['context', ['gemini-2.5-pro', 'mistralai/mistral-medium-3.1', 'claude-haiku-4-5', 'gpt-3.5-turbo']],
    ['price', ['mistralai/mistral-medium-3.1', 'claude-haiku-4-5', 'gpt-3.5-turbo', 'gemini-2.5-pro']],
    ['gateway', ['gpt-3.5-turbo', 'claude-haiku-4-5', 'gemini-2.5-pro', 'mistralai/mistral-medium-3.1']],
  ])('sorts by %s (unknowns last)', async (by, order) => {
    const page = await openPage();
    await page.selectOption('#sort', by);
    expect((await rows(page)).map((row) => row[0])).toEqual(order);
    expect((await datalist(page)).map(([id]) => id)).toEqual(order);
  });
});
