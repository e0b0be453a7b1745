/** What the running suites share: the run journal as the product reads it, a step run from the palette, a known screen. */
import { join } from 'node:path';
import type { JournalEntry, StartEntry, StepEntry } from '../../server/src/journal/format';
import { readJournal } from '../../server/src/journal/reader';
import type { CodeServer } from './codeServer';
import type { Workbench } from './workbench';

/** Waits until `read` returns a value (polled every 100 ms: the journal folder may not exist yet to be watched), or fails after `ms`. */
export async function waitFor<T>(what: string, read: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The one-based line of the first line of `text` that holds `needle`. */
export const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The journal as the product reads it: the entries of runs that ended ('step'), or of runs started. */
export function entries(server: CodeServer): JournalEntry[] {
  return readJournal(join(server.workspace, '.smdr', 'journal.jsonl')).entries;
}
export function journal(server: CodeServer): StepEntry[] {
  return entries(server).filter((e) => e.type === 'step');
}
export function starts(server: CodeServer): StartEntry[] {
  return entries(server).filter((e) => e.type === 'start');
}

/**
 * Runs a step from the palette as one does with the cursor outside any step (in the front matter): the
 * command asks for the scenario and then the step. The runbook is the active editor.
 */
export async function runStep(
  workbench: Workbench,
  stepTitle: string,
  scenarioTitle = 'LABSM01 fails',
): Promise<void> {
  // The focus may be in a terminal, which would take Ctrl+G as its input.
  await workbench.runCommand('View: Focus Active Editor Group');
  await workbench.goTo(1, 1);
  await workbench.runCommand('SMDR: Run Recovery Step...');
  const scenario = workbench.page
    .locator('.quick-input-widget .monaco-list-row', { hasText: scenarioTitle })
    .first();
  await scenario.waitFor();
  await scenario.click();
  const step = workbench.page.locator('.quick-input-widget .monaco-list-row', { hasText: stepTitle }).first();
  await step.waitFor();
  await step.click();
}

/**
 * A known screen: no dialog, picker or notification left by an earlier test, no terminal (a step an
 * earlier test left running, or a question it left unanswered, would take the next step's line as
 * its input), one editor group, and the runbook open with the focus in its editor.
 */
export async function fresh(workbench: Workbench, runbook = 'lab.runbook.md'): Promise<void> {
  for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
  await workbench.runCommand('Terminal: Kill All Terminals');
  await workbench.page.locator('.xterm').first().waitFor({ state: 'detached' });
  await workbench.runCommand('Notifications: Clear All Notifications');
  // A command preview or drill report opens beside the runbook: back to the runbook's group alone.
  await workbench.runCommand('View: Focus First Editor Group');
  await workbench.runCommand('View: Close Editors in Other Groups');
  await workbench.openFile(runbook);
}

/**
 * Evaluated in the page: which terminal's text ends with `question` (compared without whitespace), as
 * `{ index }` (an object: waitForFunction waits for a truthy value, and 0 is not), or false.
 */
const asking = (question: string) => `(() => {
  const bare = (text) => text.replace(/\\s+/g, '');
  const index = [...document.querySelectorAll('.xterm')].findIndex((terminal) =>
    bare([...terminal.querySelectorAll('.xterm-rows > div')].map((row) => row.textContent || '').join('')).endsWith(
      bare(${JSON.stringify(question)}),
    ),
  );
  return index < 0 ? false : { index };
})()`;

/**
 * Answers a question a command asks in the terminal, as an operator does: waits until a terminal's
 * last words are `question` (not an answered one further up), clicks into that terminal and types
 * `answer`, then Enter. The focus stays in the terminal. Needs the DOM renderer
 * (`terminal.integrated.gpuAcceleration: off`): the terminal's text is then in the page.
 */
export async function answerInTerminal(
  workbench: Workbench,
  question: string,
  answer: string,
  ms = 60_000,
): Promise<void> {
  const found = await workbench.page.waitForFunction(asking(question), undefined, { timeout: ms });
  const { index } = (await found.jsonValue()) as { index: number };
  await workbench.page.locator('.xterm').nth(index).click();
  await workbench.page.keyboard.type(answer);
  await workbench.page.keyboard.press('Enter');
}

/**
 * Answers the password prompt of a T-SQL step: the destructive step's confirmation naming what it
 * acts on (`database`: a timeout otherwise), then the password.
 */
export async function confirmWithPassword(workbench: Workbench, database: RegExp, password: string) {
  // The confirmation itself, not an earlier question still on its way out (under load the two overlap).
  const dialog = workbench.page.locator('.monaco-dialog-box', { hasText: database });
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const input = workbench.page.locator('.quick-input-widget input[type="password"]');
  // A runbook with `encrypt: false` is asked about first: the login would cross the network in clear text.
  const unencrypted = workbench.page.locator('.monaco-dialog-box', { hasText: 'unencrypted' });
  await input.or(unencrypted).first().waitFor();
  if (await unencrypted.isVisible())
    await unencrypted.getByRole('button', { name: 'Send Unencrypted', exact: true }).click();
  await input.waitFor();
  await input.fill(password);
  await workbench.page.keyboard.press('Enter');
}
