import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ModelDiscovery, type SourceOptions } from 'model-discovery';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createConfigPage, listen, type RunningPage } from '../../examples/config-page/app.js';
import { SAMPLE_MODELS, startLocalGateway, type GatewayModel, type LocalGateway } from '../../examples/local-gateway.js';
import { launchChromium, screenshot } from '../support/browser.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';

const HOSTILE_ID = '<img src=x onerror=alert(1)>';
const NEW_MODEL: GatewayModel = { id: 'claude-opus-5', display_name: 'Claude Opus 5', created_at: '2026-11-01T00:00:00Z' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Harness {
  gateway: LocalGateway;
  page: Page;
  url: string;
  settingsPath: string;
  /** Every alert/confirm/prompt the page opened: a hostile id that runs script would open one. */
  dialogs: string[];
  /** Uncaught errors in the page's script. */
  pageErrors: string[];
}

let context: BrowserContext | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
let current: Harness | undefined;

/** The page served on 127.0.0.1 against a local gateway, opened in a fresh browser context. */
async function openConfigPage(
  options: { models?: GatewayModel[]; baseURL?: string; timeout?: number; sources?: (gatewayURL: string) => SourceOptions[] } = {},
): Promise<Harness> {
  const gateway = await startLocalGateway({ models: options.models ?? SAMPLE_MODELS });
  cleanups.push(() => gateway.close());
  const discovery = new ModelDiscovery({
    ...(options.sources ? { sources: options.sources(gateway.url) } : { baseURL: options.baseURL ?? gateway.url }),
    env: {},
    // Generous: the suite shares two cores, and only the timeout test wants a short one.
    timeout: options.timeout ?? 10_000,
    // An operator's click must reach the gateway, not reuse the page load's answer.
    minRefreshInterval: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'config-page-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const settingsPath = join(dir, 'tiers.json');
  const server: RunningPage = await listen(createConfigPage({ discovery, settingsPath }));
  cleanups.push(() => server.close());

  context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Nothing but the page's own server may be contacted (the hostile id's img would try `x`).
  await page.route((url) => !url.href.startsWith(server.url), (route) => route.abort());
  current = { gateway, page, url: server.url, settingsPath, dialogs, pageErrors };
  await page.goto(server.url);
  return current;
}

beforeEach(() => {
  current = undefined;
});

afterEach(async (testContext) => {
  if (current) await screenshot(current.page, testContext.task.name);
  await context?.close();
  context = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Waits for the page to settle; the machine running the suite may be busy. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

const status = (page: Page) => page.locator('#status');
const hint = (page: Page, tier: string) => page.locator(`#${tier}-hint`);
const datalistValues = (page: Page) => page.locator('#available-models option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

async function saveAndWait(page: Page): Promise<void> {
  await page.click('#save');
  await poll(() => page.locator('#save-status').textContent()).toBe('Saved.');
}

describe('the example config page, in Chromium', () => {
  it('offers every discovered model for each tier and says where the list came from', async () => {
    const { page, pageErrors } = await openConfigPage();

    await poll(() => status(page).textContent()).toBe('7 models from the gateway, refreshed just now');
    expect(await datalistValues(page)).toEqual(SAMPLE_MODELS.map((model) => model.id));
    for (const tier of ['tier1', 'tier2', 'tier3']) {
      expect(await page.locator(`#${tier}`).getAttribute('list')).toBe('available-models');
    }

    // Choosing a datalist entry sets the input's value; headless Chromium has no popup to click.
    await page.fill('#tier1', 'claude-haiku-4-5');
    await poll(() => hint(page, 'tier1').textContent()).toBe("✓ In the gateway's list");
    expect(pageErrors).toEqual([]);
  });

  it('accepts a model id the gateway does not list, saves all three tiers and shows them after a reload', async () => {
    const { page, settingsPath } = await openConfigPage();
    await poll(() => status(page).textContent()).toMatch(/^7 models/);

    await page.fill('#tier1', 'claude-haiku-4-5');
    await page.fill('#tier2', 'claude-sonnet-4-5');
    await page.fill('#tier3', 'my-team/private-alias');
    await poll(() => hint(page, 'tier3').textContent()).toBe("Not in the gateway's list — it will be saved as typed");
    await saveAndWait(page);

    const expected = { tier1: 'claude-haiku-4-5', tier2: 'claude-sonnet-4-5', tier3: 'my-team/private-alias' };
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).tiers).toEqual(expected);
    expect(await page.locator('#saved dd').allTextContents()).toEqual(Object.values(expected));

    await page.reload();
    await poll(() => page.inputValue('#tier3')).toBe('my-team/private-alias');
    expect(await page.inputValue('#tier1')).toBe('claude-haiku-4-5');
    expect(await page.locator('#saved dd').allTextContents()).toEqual(Object.values(expected));
    await poll(() => page.locator('#saved-at').textContent()).toMatch(/^Saved /);
  });

  it('shows a model the gateway added after "Refresh models" is clicked', async () => {
    const { page, gateway } = await openConfigPage();
    await poll(() => status(page).textContent()).toMatch(/^7 models/);

    gateway.setModels([...SAMPLE_MODELS, NEW_MODEL]);
    expect(await datalistValues(page)).not.toContain(NEW_MODEL.id);
    await page.click('#refresh');

    await poll(() => status(page).textContent()).toBe('8 models from the gateway, refreshed just now');
    expect(await datalistValues(page)).toContain(NEW_MODEL.id);
    await page.fill('#tier3', NEW_MODEL.id);
    await poll(() => hint(page, 'tier3').textContent()).toBe("✓ In the gateway's list");
  });

  it('falls back to free text with the reason when the gateway is down, and still saves', async () => {
    const gateway = await startLocalServer(() => {});
    const downURL = gateway.url;
    await gateway.close();
    const { page, settingsPath } = await openConfigPage({ baseURL: downURL });

    await poll(() => status(page).textContent()).toBe('Discovery unavailable (network_error) — type a model id');
    expect(await page.locator('#status-detail').textContent()).toMatch(/Check that the gateway is running/);
    expect(await datalistValues(page)).toEqual([]);

    await page.fill('#tier1', 'claude-sonnet-4-5');
    await poll(() => hint(page, 'tier1').textContent()).toBe('Saved as typed');
    await saveAndWait(page);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).tiers.tier1).toBe('claude-sonnet-4-5');
  });

  it('says the discovery timed out when the gateway never answers', async () => {
    const silent: LocalServer = await startLocalServer(() => {});
    cleanups.push(() => silent.close());
    const { page } = await openConfigPage({ baseURL: silent.url, timeout: 500 });

    await poll(() => status(page).textContent()).toBe('Discovery unavailable (timeout) — type a model id');
    expect(await page.locator('#tier1').isEditable()).toBe(true);
  });

  it('keeps the held list, marked as failed, when the gateway stops half-way', async () => {
    const { page, gateway, settingsPath } = await openConfigPage();
    await poll(() => status(page).textContent()).toMatch(/^7 models/);

    await gateway.close();
    await page.click('#refresh');

    await poll(() => status(page).textContent())
      .toBe('7 models from the gateway, refreshed just now; the last refresh failed (network_error)');
    expect(await datalistValues(page)).toHaveLength(7);
    await page.fill('#tier2', 'typed-while-down');
    await saveAndWait(page);
    expect(JSON.parse(readFileSync(settingsPath, 'utf8')).tiers.tier2).toBe('typed-while-down');
  });

  it('names the source that is down beside the list the other source still serves', async () => {
    const dead = await startLocalServer(() => {});
    const deadURL = dead.url;
    await dead.close();
    const { page, pageErrors } = await openConfigPage({
      sources: (gatewayURL) => [
        { name: 'litellm', baseURL: gatewayURL },
        { name: 'ollama', baseURL: deadURL, dialect: 'openai', idPrefix: 'ollama/' },
      ],
    });

    await poll(() => status(page).textContent()).toBe('7 models from 1 of 2 sources, refreshed just now; ollama is down');
    expect(await datalistValues(page)).toEqual(SAMPLE_MODELS.map((model) => model.id));
    const lines = page.locator('#sources li');
    expect(await lines.evaluateAll((items) => items.map((item) => [(item as HTMLElement).dataset.source, (item as HTMLElement).dataset.status]))).toEqual([
      ['litellm', 'fresh'],
      ['ollama', 'down'],
    ]);
    expect(await lines.nth(0).locator('span').allTextContents()).toEqual(['litellm', 'up', '7 models', '']);
    expect(await lines.nth(1).locator('span').allTextContents()).toEqual(['ollama', 'down', '0 models', expect.stringMatching(/^network_error: /)]);
    await page.fill('#tier1', 'claude-haiku-4-5');
    await poll(() => hint(page, 'tier1').textContent()).toBe("✓ In the gateway's list");

    await page.click('#models-summary');
    expect(await page.locator('#source-column').isVisible()).toBe(true);
    expect(await page.locator('#models tr').first().locator('td').last().textContent()).toBe('litellm');
    expect(pageErrors).toEqual([]);
  });

  it('shows no sources list for the one implicit source', async () => {
    const { page } = await openConfigPage();
    await poll(() => status(page).textContent()).toMatch(/^7 models from the gateway/);

    expect(await page.locator('#sources').isVisible()).toBe(false);
    expect(await page.locator('#source-column').isVisible()).toBe(false);
  });

  it('renders a hostile model id as inert text everywhere it appears', async () => {
    const hostile: GatewayModel = { id: HOSTILE_ID, display_name: '<b onmouseover=alert(2)>bold</b>', created_at: '2025-01-01T00:00:00Z' };
    const { page, dialogs, pageErrors } = await openConfigPage({ models: [hostile, ...SAMPLE_MODELS.slice(0, 2)] });
    await poll(() => status(page).textContent()).toMatch(/^3 models/);

    expect(await datalistValues(page)).toContain(HOSTILE_ID);
    await page.click('#models-summary');
    expect(await page.locator('#models td').first().textContent()).toBe(HOSTILE_ID);

    await page.fill('#tier1', HOSTILE_ID);
    await poll(() => hint(page, 'tier1').textContent()).toBe("✓ In the gateway's list");
    await saveAndWait(page);
    expect(await page.locator('#saved dd').first().textContent()).toBe(HOSTILE_ID);
    await page.reload();
    await poll(() => page.inputValue('#tier1')).toBe(HOSTILE_ID);
    await poll(() => page.locator('#models td').first().textContent()).toBe(HOSTILE_ID);
    await page.click('#models-summary');

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
