import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by scripts/chromium.sh (scripts/test.sh runs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where each browser test leaves a screenshot; git-ignored. */
export const SCREENSHOTS = fileURLToPath(new URL('../../.artifacts/screenshots/', import.meta.url));

// Headless, and nothing that would reach for the network beyond 127.0.0.1.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "bash scripts/chromium.sh" (scripts/test.sh does).`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Saves a full-page screenshot named after the test; returns its path. */
export async function screenshot(page: Page, testName: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
