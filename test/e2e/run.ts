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

export async function runStep(
  workbench: Workbench,
  stepTitle: string,
  scenarioTitle = 'LABSM01 fails',
): Promise<void> {
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

/** A known screen: no dialog, picker or notification left by an earlier test, and the runbook open. */
export async function fresh(workbench: Workbench, runbook = 'lab.runbook.md'): Promise<void> {
  for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
  await workbench.runCommand('Notifications: Clear All Notifications');
  await workbench.openFile(runbook);
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
  await input.waitFor();
  await input.fill(password);
  await workbench.page.keyboard.press('Enter');
}
