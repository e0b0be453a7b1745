/**
 * Renders media/icon.svg to media/icon.png (128 × 128, the Marketplace's size) with the headless
 * Chromium the end-to-end tests use: `npx tsx scripts/icon.ts` after changing the SVG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT } from '../test/e2e/tools';

const svg = readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8');
async function render(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(ROOT, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void render();
