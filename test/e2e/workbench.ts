/** Headless Chromium on the code-server workbench, driven as a person would: keyboard, palette, views. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, ROOT } from './tools';

export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
const MOD = 'Control';
/** Evaluated in the page: the command palette is no longer open. */
const PALETTE_CLOSED = `(() => {
  const widget = document.querySelector('.quick-input-widget');
  const input = widget && widget.querySelector('input');
  return !widget || widget.style.display === 'none' || !input || !input.value.startsWith('>');
})()`;

export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly console: string[],
  ) {}

  static async open(url: string): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const messages: string[] = [];
    page.on('console', (m) => messages.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`[pageerror] ${e.message}`));
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return new Workbench(browser, page, messages);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path });
    // A small copy, the size the README shows.
    await this.page.screenshot({
      path: join(ARTIFACTS, `${name}.small.jpg`),
      type: 'jpeg',
      quality: 55,
      scale: 'css',
    });
    return path;
  }

  saveConsole(name: string, serverLog: string): void {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}.console.log`), this.console.join('\n'));
    writeFileSync(join(ARTIFACTS, `${name}.server.log`), serverLog);
  }

  /**
   * What the page shows, as text, for a failure message: CI keeps only the output, so a timeout
   * says which notification, dialog or picker was on screen instead of the expected one.
   */
  async describe(): Promise<string> {
    const texts = async (selector: string) =>
      (
        await this.page
          .locator(selector)
          .allInnerTexts()
          .catch(() => [])
      ).map((t) => t.replace(/\s+/g, ' ').trim());
    const rows = await this.page
      .locator('.quick-input-widget .monaco-list-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
      .catch(() => []);
    const quickInput = (await this.page
      .locator('.quick-input-widget')
      .isVisible()
      .catch(() => false))
      ? `quick input "${(await texts('.quick-input-widget .quick-input-title'))[0] ?? ''}": ${rows.join(' | ')}`
      : 'no quick input';
    const focused = await this.page
      .locator('*:focus')
      .evaluateAll((els) =>
        els.map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.getAttribute('aria-label') ?? ''}`),
      )
      .then((all) => all.join(' | ') || 'none')
      .catch(() => 'unknown');
    return [
      `notifications: ${(await texts('.notifications-toasts .notification-list-item-message')).join(' | ') || 'none'}`,
      `dialog: ${(await texts('.monaco-dialog-box')).join(' | ') || 'none'}`,
      quickInput,
      `focus: ${focused}`,
    ].join('\n');
  }

  private quickInputRow(text: string) {
    return this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  }

  /**
   * Runs a palette command by clicking its row. Enter accepts whichever row is active, and the
   * palette's late sections (similar commands, files) re-render the list meanwhile: an Enter that
   * lands then closes the palette with nothing run. The first key press can be lost while the
   * workbench settles: opening the palette is retried, three times at most.
   */
  async runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      try {
        await this.quickInputRow(title).click({ timeout: 10_000 });
        break;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (attempt === 3) throw error;
      }
    }
    // Accepted: the palette is gone, or the widget now shows the command's own picker.
    await this.page.waitForFunction(PALETTE_CLOSED);
  }

  /**
   * Whether the command palette offers `title` (a when-clause or an enablement may hide it): types the
   * title and waits until the list shows that row or says nothing matches, then closes the palette.
   */
  async paletteOffers(title: string): Promise<boolean> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    // Commands are listed at once; "similar commands" or "No matching commands" only after them.
    const settled = this.page
      .locator('.quick-input-widget', { hasText: /similar commands|No matching commands/ })
      .first();
    await row.or(settled).first().waitFor();
    const offered = await row.isVisible();
    await this.page.keyboard.press('Escape');
    await this.page.waitForFunction(PALETTE_CLOSED);
    return offered;
  }

  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press(`${MOD}+P`);
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(name);
    // Clicked, not Enter: file search results arrive late and re-render the list (see runCommand).
    await this.quickInputRow(name).click();
    await this.page.locator(`.tab[aria-label*="${name}"]`).waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** Puts the cursor at a one-based line and column. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press(`${MOD}+G`);
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Waits for a notification toast that says `text`. */
  async notification(text: string): Promise<void> {
    await this.page.locator('.notifications-toasts', { hasText: text }).first().waitFor();
  }

  /** The rows of the Problems view, as text. */
  problemRows() {
    return this.page.locator('.markers-panel .monaco-list-row');
  }

  async showProblems(): Promise<void> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor();
  }
}
