/**
 * Everyday use 2: running recovery steps from the command palette in a real VS Code, with a POSIX
 * shell in the integrated terminal: the terminal named for the scenario, the exit code in the journal,
 * the Recovery view and the code lens; the confirmation of a destructive step; Restricted Mode.
 */
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { JournalEntry, StartEntry, StepEntry } from '../../server/src/journal/format';
import { readJournal } from '../../server/src/journal/reader';
import { LAB } from '../helpers';
import { startEndpoint, type Endpoint } from '../sql/endpoint';
import { extensionOutput, startCodeServer, type CodeServer } from './codeServer';
import { ensureTools } from './tools';
import { stepsWithArtifacts } from './steps';
import { Workbench } from './workbench';

const FRONT = LAB.slice(0, LAB.indexOf('\n# ') + 1).replace(
  'sql: { authentication: sql, user: smdr-reader }',
  'sql: { authentication: sql, user: smdr, encrypt: false }',
);
const DRILL = `${FRONT}
# Lab drill

## LABSM01 fails {scenario=management-server failed=LABSM01 strategy=replace}

### Same computer name {step=same-name-computer}
\`\`\`sh
echo "checking the name of" \${failed.name}
\`\`\`

### Restore the key {step=restore-key}
\`\`\`sh
echo restoring \${failed.keyBackup}
\`\`\`

### Reinstall {step=install-management-server}
\`\`\`sh
echo "setup failed"; exit 3
\`\`\`

## LABSQL01 fails {scenario=database failed=LABSQL01}

### Restore ServiceManager {step=restore-databases}

### Enable CLR {step=enable-clr}
\`\`\`sh
echo "enabling CLR"; sleep 600
\`\`\`
`;

/** Waits until `read` returns a value (polled every 100 ms: the journal folder may not exist yet to be watched), or fails after `ms`. */
async function waitFor<T>(what: string, read: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The journal as the product reads it: the entries of runs that ended ('step'), or of runs started. */
function entries(server: CodeServer): JournalEntry[] {
  return readJournal(join(server.workspace, '.smdr', 'journal.jsonl')).entries;
}
function journal(server: CodeServer): StepEntry[] {
  return entries(server).filter((e) => e.type === 'step');
}
function starts(server: CodeServer): StartEntry[] {
  return entries(server).filter((e) => e.type === 'start');
}

async function runStep(
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

describe('running recovery steps in VS Code', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;
  let sqlServer: Endpoint;

  before(async () => {
    ensureTools();
    sqlServer = await startEndpoint({
      machineName: 'LABSQL01',
      instanceName: null,
      user: 'smdr',
      password: 'S3cret!',
      batches: [
        {
          match: /RESTORE DATABASE \[ServiceManager\]/,
          messages: [
            '10 percent processed.',
            '100 percent processed.',
            'RESTORE DATABASE successfully processed 4242 pages.',
          ],
        },
      ],
    });
    server = await startCodeServer({
      files: { 'lab.runbook.md': DRILL },
      settings: { 'smdr.sql.endpoints': { LABSQL01: `127.0.0.1:${sqlServer.port}` } },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await sqlServer?.close();
  });

  const step = stepsWithArtifacts('running', () => ({ workbench, server }));

  step(
    'runs a step from the palette in the terminal named for its scenario, and journals its exit code',
    async () => {
      await workbench.openFile('lab.runbook.md');
      // The code lenses show the plan has arrived, as they do to a person before the first run.
      await workbench.page.locator('.codelens-decoration', { hasText: 'Mark done' }).first().waitFor();
      await runStep(workbench, 'Same computer name');
      await workbench.page
        .locator('.terminal-tab, .single-terminal-tab, .tabs-container .tab', {
          hasText: 'SMDR: LABSM01 fails',
        })
        .first()
        .waitFor();
      const entry = await waitFor('the journal entry', () =>
        journal(server).find((e) => e.stepKind === 'same-name-computer'),
      );
      assert.equal(entry.outcome, 'succeeded');
      assert.equal(entry.exitCode, 0);
      assert.match(entry.command ?? '', /echo "checking the name of" 'LABSM01'/);
      await workbench.screenshot('running-terminal');
    },
  );

  step('shows the outcome in the Recovery view and the code lens', async () => {
    await workbench.runCommand('Focus on Recovery View');
    await workbench.page
      .locator('.monaco-list-row', { hasText: 'same-name-computer · LABSM01 · succeeded' })
      .first()
      .waitFor();
    await workbench.page.locator('.monaco-list-row', { hasText: '1/3 done' }).first().waitFor();
    await workbench.goTo(DRILL.split('\n').findIndex((l) => l.includes('{step=restore-key}')) + 1, 1);
    await workbench.page
      .locator('.codelens-decoration', { hasText: 'last: succeeded (exit 0)' })
      .first()
      .waitFor();
    await workbench.screenshot('running-recovery-view');
  });

  step('asks before a destructive step, naming its target computer', async () => {
    await runStep(workbench, 'Restore the key');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /acts on LABSM01/);
    await workbench.screenshot('running-confirmation');
    await dialog.getByRole('button', { name: 'Run' }).click();
    const entry = await waitFor('the restore-key entry', () =>
      journal(server).find((e) => e.stepKind === 'restore-key'),
    );
    assert.equal(entry.outcome, 'succeeded');
  });

  step('records a failing step with its exit code', async () => {
    await runStep(workbench, 'Reinstall');
    const entry = await waitFor('the failing entry', () =>
      journal(server).find((e) => e.stepKind === 'install-management-server'),
    );
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.exitCode, 3);
    await workbench.page
      .locator('.monaco-list-row', { hasText: 'install-management-server · LABSM01 · failed' })
      .first()
      .waitFor();
  });

  step('runs a T-SQL step through smdr sql, asking again for a password SQL Server refused', async () => {
    const restore = async (password: string) => {
      await runStep(workbench, 'Restore ServiceManager', 'LABSQL01 fails');
      const dialog = workbench.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /LABSQL01, database ServiceManager/);
      await dialog.getByRole('button', { name: 'Run' }).click();
      const input = workbench.page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor();
      await input.fill(password);
      await workbench.page.keyboard.press('Enter');
    };
    const restores = () => journal(server).filter((e) => e.stepKind === 'restore-databases');
    // Mistyped: the login is refused (exit 3), the password forgotten and the terminal closed.
    await restore('S3cret?');
    const refused = await waitFor('the refused restore', () => restores()[0]);
    assert.equal(refused.outcome, 'failed');
    assert.equal(refused.exitCode, 3);
    await workbench.notification('refused the login smdr');
    // Run again: asked again, and the new password reaches a new terminal.
    await restore('S3cret!');
    const entry = await waitFor('the restore entry', () => restores()[1]);
    assert.equal(entry.outcome, 'succeeded');
    assert.equal(entry.exitCode, 0);
    assert.doesNotMatch(JSON.stringify(journal(server)), /S3cret/);
    assert.ok(sqlServer.statements.some((s) => s.text.includes('RESTORE DATABASE [ServiceManager]')));
    await workbench.screenshot('running-tsql');
  });

  step('records a step whose terminal is closed before it ends, and lets it run again', async () => {
    const running = workbench.page.locator('.monaco-list-row', {
      hasText: 'enable-clr · LABSQL01 · running',
    });
    const interrupted = () => journal(server).filter((e) => e.stepKind === 'enable-clr');
    for (const time of [1, 2]) {
      await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
      await running.first().waitFor();
      // On record before the command ends: a crash of VS Code now would leave the run unfinished, not forgotten.
      assert.equal(starts(server).filter((e) => e.stepKind === 'enable-clr').length, time);
      await workbench.runCommand('Terminal: Kill the Active Terminal Instance');
      const entries = await waitFor(`the entry of interrupted run ${time}`, () =>
        interrupted().length === time ? interrupted() : undefined,
      );
      assert.equal(entries.at(-1)!.outcome, 'sent');
      assert.equal(entries.at(-1)!.exitCode, null);
      await running.first().waitFor({ state: 'detached' });
    }
    await workbench.notification('terminal closed before it ended');
  });

  step(
    'shows a step that was running when the window reloaded as unfinished, and asks before running it again',
    async () => {
      await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
      await workbench.page
        .locator('.monaco-list-row', { hasText: 'enable-clr · LABSQL01 · running' })
        .first()
        .waitFor();
      // The window goes away mid-step, as when VS Code crashes: no end is written, the start stays.
      await workbench.page.reload();
      await workbench.page.locator('.monaco-workbench').waitFor();
      await workbench.runCommand('Focus on Recovery View');
      await workbench.page
        .locator('.monaco-list-row', { hasText: 'enable-clr · LABSQL01 · unfinished' })
        .first()
        .waitFor();
      await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
      const dialog = workbench.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /its end was never recorded/);
      await workbench.screenshot('running-unfinished');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(
        journal(server).filter((e) => e.stepKind === 'enable-clr').length,
        2,
        'no end was invented',
      );
    },
  );

  step('refuses to run a step whose run cannot be recorded, and says why', async () => {
    const file = join(server.workspace, '.smdr', 'journal.jsonl');
    renameSync(file, `${file}.saved`);
    // A folder where the journal belongs: nothing can be appended to it.
    mkdirSync(file);
    try {
      await runStep(workbench, 'Same computer name');
      await workbench.notification('its start could not be written to the run journal');
      await workbench.notification('The journal could not be read (EISDIR');
    } finally {
      rmdirSync(file);
      renameSync(`${file}.saved`, file);
    }
  });

  step('writes nothing at error level to its output', async () => {
    assert.doesNotMatch(extensionOutput(server), /\[error\]|\[Error/);
  });
});

describe('running in Restricted Mode', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    ensureTools();
    server = await startCodeServer({ files: { 'lab.runbook.md': DRILL }, trust: false });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  const step = stepsWithArtifacts('running-restricted', () => ({ workbench, server }));

  step('refuses to run, and says why', async () => {
    await workbench.openFile('lab.runbook.md');
    await runStep(workbench, 'Same computer name');
    await workbench.notification('needs a trusted workspace');
    assert.deepEqual(journal(server), []);
  });
});
