/**
 * Everyday use 2: running recovery steps from the command palette in a real VS Code, with a POSIX
 * shell in the integrated terminal: the terminal named for the scenario, the exit code in the journal,
 * the Recovery view and the code lens; the confirmation of a destructive step; a T-SQL step run as
 * planned from unsaved text, its password handed over once and never in the terminal's environment,
 * nor sent where it was not given; a step whose text has errors refused; Restricted Mode.
 * restore-databases builds its chain from the endpoint's backup file and asks in the terminal for a
 * point in time, answered there. Each test starts from a known screen (no dialog, picker, notification
 * or terminal; the runbook open and saved), so one failure does not cascade into the next.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { LAB } from '../helpers';
import { startEndpoint, type BackupFileScenario, type Endpoint } from '../sql/endpoint';
import { extensionOutput, startCodeServer, type CodeServer } from './codeServer';
import {
  answerInTerminal,
  confirmWithPassword,
  entries,
  fresh,
  journal,
  lineOf,
  runStep,
  starts,
  waitFor,
} from './run';
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

### Same SQL computer name {step=same-name-computer}
\`\`\`sh
echo "checking the name of" \${failed.name}
\`\`\`

### Restore ServiceManager {step=restore-databases}

### Check the environment {step=custom}
\`\`\`sh
env | grep -q '^SMDR_SQL' && exit 9; exit 0
\`\`\`

### Enable CLR {step=enable-clr}
\`\`\`sh
echo "enabling CLR"; sleep 600
\`\`\`

### Permissions {step=restore-permissions}

## Preparation {scenario=preparation}

### Broken {step=custom}
\`\`\`sh
echo \${servers.NOPE.fqdn}
\`\`\`
`;

/** The backup file the lab runbook names for ServiceManager, with one full backup set in it. */
const BACKUP = String.raw`\\nas01\lab\sql\ServiceManager.bak`;
const BACKUP_FILES: Record<string, BackupFileScenario> = {
  [BACKUP]: {
    sets: [
      {
        database: 'ServiceManager',
        backupType: 1,
        finishedAt: '2026-11-24T06:00:00.000',
        firstLsn: '37000000010000100',
        lastLsn: '37000000010000200',
      },
    ],
    files: [
      {
        logicalName: 'ServiceManager',
        physicalName: String.raw`D:\MSSQL\Data\ServiceManager.mdf`,
        type: 'D',
      },
      {
        logicalName: 'ServiceManager_log',
        physicalName: String.raw`L:\MSSQL\Log\ServiceManager_log.ldf`,
        type: 'L',
      },
    ],
  },
};
/** What `smdr sql` asks in the terminal before a restore chain (server/src/cli/sql.ts). */
const POINT_IN_TIME =
  "Restore to a point in time? YYYY-MM-DD HH:MM[:SS] on the SQL Server's clock, or Enter for the newest point:";

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
      // restore-databases reads the headers of the runbook's backup file, and restores into the original folders.
      backupFiles: BACKUP_FILES,
      existingFolders: [String.raw`D:\MSSQL\Data`, String.raw`L:\MSSQL\Log`],
      now: '2026-11-24T12:00:00.000',
    });
    server = await startCodeServer({
      files: { 'lab.runbook.md': DRILL },
      settings: {
        'smdr.sql.endpoints': { LABSQL01: `127.0.0.1:${sqlServer.port}` },
        // Unsaved text stays unsaved: a T-SQL step runs as planned from the editor, not from the file.
        'files.autoSave': 'off',
        // The DOM renderer: the terminal's text is in the page, where a test reads a question asked there.
        'terminal.integrated.gpuAcceleration': 'off',
      },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await sqlServer?.close();
  });

  const step = stepsWithArtifacts(
    'running',
    () => ({ workbench, server }),
    () => fresh(workbench),
  );

  step(
    'runs a step from the palette in the terminal named for its scenario, and journals its exit code',
    async () => {
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
    await workbench.goTo(lineOf(DRILL, '{step=restore-key}'), 1);
    await workbench.page
      .locator('.codelens-decoration', { hasText: 'last: succeeded (exit 0)' })
      .first()
      .waitFor();
    await workbench.screenshot('running-recovery-view');
  });

  step('offers each step with its state in the step picker', async () => {
    await workbench.goTo(1, 1);
    await workbench.runCommand('SMDR: Run Recovery Step...');
    await workbench.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'LABSM01 fails' })
      .first()
      .click();
    const row = (title: string) =>
      workbench.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row('Same computer name').filter({ hasText: 'succeeded' }).waitFor();
    await row('Restore the key').filter({ hasText: 'destructive' }).waitFor();
    await workbench.screenshot('running-step-picker');
    await workbench.page.keyboard.press('Escape');
  });

  step('runs the step under the cursor from the palette without asking which', async () => {
    const runs = () => journal(server).filter((e) => e.stepKind === 'same-name-computer').length;
    const before = runs();
    await workbench.goTo(lineOf(DRILL, '{step=same-name-computer}') + 1, 1);
    await workbench.runCommand('SMDR: Run Recovery Step...');
    // No picker answered: the step ran because the cursor is in it (a picker would wait forever).
    await waitFor('the second run of Same computer name', () => (runs() > before ? true : undefined));
  });

  step('runs nothing when Enter answers the destructive question', async () => {
    const keyStarts = () => starts(server).filter((e) => e.stepKind === 'restore-key').length;
    const before = keyStarts();
    await runStep(workbench, 'Restore the key');
    const dialog = workbench.page.locator('.monaco-dialog-box', { hasText: 'cannot simply be undone' });
    await dialog.waitFor();
    await workbench.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // The next step of the same scenario runs to its end: had Enter run the key's restore, its start
    // would be on record before this one's (one step at a time in the scenario's terminal).
    const names = () => journal(server).filter((e) => e.stepKind === 'same-name-computer').length;
    const ran = names();
    await runStep(workbench, 'Same computer name');
    await waitFor('the next step run after the answer', () => (names() > ran ? true : undefined));
    assert.equal(keyStarts(), before, 'Enter started the destructive step');
    assert.ok(!journal(server).some((e) => e.stepKind === 'restore-key'), 'Enter ran the destructive step');
  });

  step('asks before a destructive step, naming where it runs, with Cancel as the default', async () => {
    await runStep(workbench, 'Restore the key');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    // The step's own sh block runs in this terminal: the question says so, and names LABSM01 it is not on.
    const question = await dialog.innerText();
    assert.match(question, /cannot simply be undone/);
    assert.match(question, /not on LABSM01/);
    // Cancel is the default: the focused button, so Enter cannot run it by accident.
    assert.equal(await dialog.locator('.monaco-button:focus').innerText(), 'Cancel');
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

  step('shows the command of the step under the cursor, with the line typed into the terminal', async () => {
    await workbench.goTo(lineOf(DRILL, '{step=restore-key}') + 1, 1);
    await workbench.runCommand('SMDR: Show Command of Recovery Step');
    const preview = workbench.page
      .locator('.monaco-editor .view-lines', { hasText: 'Typed into the terminal' })
      .first();
    await preview.waitFor();
    // The editor draws spaces as no-break spaces.
    const text = (await preview.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /echo restoring '\\\\nas01\\lab\\keys\\LABSM01\.bin'/);
    await workbench.screenshot('show-command');
  });

  step('shows the drill report of the runs so far in a webview', async () => {
    await workbench.runCommand('SMDR: Show Drill Report');
    await workbench.page.locator('.tab', { hasText: 'Drill report: lab.runbook.md' }).waitFor();
    await workbench.page
      .frameLocator('iframe.webview.ready')
      .last()
      .frameLocator('#active-frame')
      .getByText('Times in', { exact: false })
      .first()
      .waitFor();
    await workbench.screenshot('drill-report');
  });

  step('shows the run journal in a webview, a row per line of each run', async () => {
    await workbench.runCommand('SMDR: Show Run Journal');
    await workbench.page.locator('.tab', { hasText: 'Journal: lab.runbook.md' }).waitFor();
    const view = workbench.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    const row = (step: string, event: string) =>
      view.locator('tbody tr', { hasText: step }).filter({ hasText: event }).first();
    await row('Same computer name', 'succeeded (exit 0)').waitFor();
    await row('Restore the key', 'succeeded (exit 0)').waitFor();
    await row('Reinstall', 'failed (exit 3)').waitFor();
    await row('Reinstall', 'started').waitFor();
    // The command a step ran is folded under its row, as the journal has it.
    assert.match(
      (await row('Reinstall', 'failed (exit 3)').locator('pre').textContent()) ?? '',
      /echo "setup failed"; exit 3/,
    );
    // The page's policy lets no script run, yet VS Code's own default style (scroll bars, links) applies.
    const defaults = await view
      .locator('body')
      .evaluate("document.getElementById('_defaultStyles')?.sheet != null");
    assert.ok(defaults, "the page's Content Security Policy refused VS Code's default style");
    await workbench.screenshot('journal-view');
  });

  step(
    'runs a T-SQL step as planned from unsaved text, asking again for a password SQL Server refused',
    async () => {
      // An unsaved line above the step: the file on disk has the step one line higher. What runs is
      // what was planned and confirmed from the editor, not what the file on disk has on that line.
      await workbench.goTo(DRILL.split('\n').findIndex((l) => l.startsWith('## LABSQL01 fails')) + 1, 1);
      await workbench.page.keyboard.press('Home');
      await workbench.page.keyboard.type('Unsaved note.\n\n');
      await workbench.page.locator('.tab.dirty', { hasText: 'lab.runbook.md' }).waitFor();
      try {
        await runStep(workbench, 'Same SQL computer name', 'LABSQL01 fails');
        await waitFor('the same-name check of LABSQL01', () =>
          journal(server).find((e) => e.stepTitle === 'Same SQL computer name'),
        );
        const received = sqlServer.statements.length;
        // The chain is built from the backup headers at run time, after the question in the terminal:
        // Enter, as an operator restoring to the newest point answers it.
        const restore = async (password: string) => {
          await runStep(workbench, 'Restore ServiceManager', 'LABSQL01 fails');
          await confirmWithPassword(workbench, /LABSQL01, database ServiceManager/, password);
          await answerInTerminal(workbench, POINT_IN_TIME, '');
        };
        const restores = () => journal(server).filter((e) => e.stepKind === 'restore-databases');
        const before = restores().length;
        // Mistyped: the login is refused (exit 3), the password forgotten.
        await restore('S3cret?');
        const refused = await waitFor('the refused restore', () => restores()[before]);
        assert.equal(refused.outcome, 'failed');
        assert.equal(refused.exitCode, 3);
        await workbench.notification('refused the login smdr');
        // Run again: asked again, and the new password reaches the run.
        await restore('S3cret!');
        const entry = await waitFor('the restore entry', () => restores()[before + 1]);
        assert.equal(entry.outcome, 'succeeded');
        assert.equal(entry.exitCode, 0);
        assert.doesNotMatch(JSON.stringify(journal(server)), /S3cret/);
        // SQL Server received the chain read from the backup file's header: the full backup, then RECOVERY.
        assert.deepEqual(
          sqlServer.statements
            .slice(received)
            .map((s) => s.text)
            .filter((text) => /^RESTORE (?:DATABASE|LOG) /.test(text)),
          [
            `RESTORE DATABASE [ServiceManager] FROM DISK = N'${BACKUP}' WITH FILE = 1, NORECOVERY, STATS = 10;`,
            'RESTORE DATABASE [ServiceManager] WITH RECOVERY;',
          ],
        );
        // The journal records the command as confirmed, with the inputs the chain was built from.
        assert.ok(entry.command?.includes(`N'${BACKUP}'`), entry.command ?? 'no command');
        await workbench.screenshot('running-tsql');
      } finally {
        // Saved whatever happened: the next tests start from the text the scenario's run was planned on.
        await fresh(workbench);
        await workbench.page.keyboard.press('Control+S');
        await workbench.page
          .locator('.tab.dirty', { hasText: 'lab.runbook.md' })
          .waitFor({ state: 'detached' });
      }
    },
  );

  step("keeps the SQL password out of the scenario terminal's environment", async () => {
    await runStep(workbench, 'Check the environment', 'LABSQL01 fails');
    const entry = await waitFor('the environment check', () =>
      journal(server).find((e) => e.stepTitle === 'Check the environment'),
    );
    assert.equal(entry.exitCode, 0, 'SMDR_SQL_* is in the terminal environment');
  });

  step('does not send a stored password to a login protected otherwise, asking instead', async () => {
    // A password given for the login as the runbook protects it now: in clear text (encrypt: false).
    // One login on one instance: the question names it, with no instance to pick first.
    await workbench.runCommand('SMDR: Set SQL Server Password...');
    await workbench.page.locator('.quick-input-widget', { hasText: 'smdr on LABSQL01' }).waitFor();
    const given = workbench.page.locator('.quick-input-widget input[type="password"]');
    await given.fill('S3cret!');
    await workbench.page.keyboard.press('Enter');
    await given.waitFor({ state: 'hidden' });
    // The runbook now asks for an encrypted login to any certificate: the password was given for another protection.
    const file = join(server.workspace, 'lab.runbook.md');
    const saved = readFileSync(file, 'utf8');
    await workbench.goTo(DRILL.split('\n').findIndex((l) => l.startsWith('sql:')) + 1, 1);
    writeFileSync(file, saved.replace('encrypt: false }', 'encrypt: true, trustServerCertificate: true }'));
    try {
      await workbench.page.locator('.view-lines', { hasText: 'trustServerCertificate' }).first().waitFor();
      const ended = journal(server).length;
      const received = sqlServer.statements.length;
      await runStep(workbench, 'Restore ServiceManager', 'LABSQL01 fails');
      const dialog = workbench.page.locator('.monaco-dialog-box');
      // The runbook changed since the scenario's run began, then the destructive step's confirmation.
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.getByRole('button', { name: 'Run' }).click();
      const input = workbench.page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor();
      assert.match(
        await workbench.page.locator('.quick-input-widget').innerText(),
        /not sent: it was given for in clear text \(encrypt: false\), and would now be sent encrypted to any certificate/,
      );
      await workbench.page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
      assert.equal(sqlServer.statements.length, received, 'nothing reached SQL Server');
      assert.equal(journal(server).length, ended, 'nothing ran');
    } finally {
      writeFileSync(file, saved);
      await workbench.page
        .locator('.view-lines', { hasText: 'trustServerCertificate' })
        .first()
        .waitFor({ state: 'detached' });
    }
  });

  step('refuses a step whose text has errors, saying which, with Open Problems', async () => {
    await workbench.goTo(
      DRILL.split('\n').findIndex((l) => l.includes('{step=custom}') && l.includes('Broken')) + 1,
      1,
    );
    await workbench.page.locator('.codelens-decoration', { hasText: 'Blocked' }).first().waitFor();
    await runStep(workbench, 'Broken', 'Preparation');
    await workbench.notification('cannot run until its problems are fixed');
    await workbench.notification('SMDR307');
    await workbench.page
      .locator('.notifications-toasts')
      .getByRole('button', { name: 'Open Problems' })
      .click();
    await workbench.problemRows().filter({ hasText: 'SMDR307' }).first().waitFor();
    assert.ok(!starts(server).some((e) => e.stepTitle === 'Broken'));
  });

  step(
    'shows why a blocked step cannot run in its command preview, each problem with its code and line',
    async () => {
      // Read from the file: an earlier test saved two lines above the LABSQL01 section.
      const text = readFileSync(join(server.workspace, 'lab.runbook.md'), 'utf8');
      await workbench.goTo(lineOf(text, 'Broken {step=custom}') + 1, 1);
      await workbench.runCommand('SMDR: Show Command of Recovery Step');
      const preview = workbench.page
        .locator('.monaco-editor .view-lines', { hasText: 'cannot run until its problems are fixed' })
        .first();
      await preview.waitFor();
      // The editor draws spaces as no-break spaces.
      const shown = (await preview.innerText()).replace(/\s+/g, ' ');
      assert.match(shown, new RegExp(`- SMDR307 on line ${lineOf(text, 'servers.NOPE.fqdn')}: `));
      assert.match(shown, /NOPE/);
      await workbench.screenshot('show-command-blocked');
    },
  );

  step('records a step whose terminal is closed before it ends, and lets it run again', async () => {
    const running = workbench.page.locator('.monaco-list-row', {
      hasText: 'enable-clr · LABSQL01 · running',
    });
    const interrupted = () => journal(server).filter((e) => e.stepKind === 'enable-clr');
    const clrStarts = () => starts(server).filter((e) => e.stepKind === 'enable-clr').length;
    const [started, ended] = [clrStarts(), interrupted().length];
    for (const time of [1, 2]) {
      await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
      await running.first().waitFor();
      // On record before the command ends: a crash of VS Code now would leave the run unfinished, not forgotten.
      await waitFor(`start ${time} on record`, () => (clrStarts() === started + time ? true : undefined));
      await workbench.runCommand('Terminal: Kill the Active Terminal Instance');
      const entries = await waitFor(`the entry of interrupted run ${time}`, () =>
        interrupted().length === ended + time ? interrupted() : undefined,
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
      const started = starts(server).filter((e) => e.stepKind === 'enable-clr').length;
      const ended = journal(server).filter((e) => e.stepKind === 'enable-clr').length;
      await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
      await workbench.page
        .locator('.monaco-list-row', { hasText: 'enable-clr · LABSQL01 · running' })
        .first()
        .waitFor();
      // Sent once its shell is ready: the start is on record before the command goes.
      await waitFor('the start on record', () =>
        starts(server).filter((e) => e.stepKind === 'enable-clr').length > started ? true : undefined,
      );
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
        ended,
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
      await workbench.notification('is not a regular file');
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

  step('offers no running, journal or server command in the palette', async () => {
    await workbench.openFile('lab.runbook.md');
    for (const title of [
      'SMDR: Run Recovery Step...',
      'SMDR: Run Next Recovery Step',
      'SMDR: Mark Recovery Step Done',
      'SMDR: Record Recovery Step Outcome...',
      'SMDR: Refresh Live State',
    ])
      assert.equal(await workbench.paletteOffers(title), false, title);
    // What reads only the runbook stays.
    assert.equal(await workbench.paletteOffers('SMDR: Show Runbook Rules'), true);
  });

  step('refuses to run from the code lens, says why, and writes no journal', async () => {
    const run = workbench.page.locator('.codelens-decoration a', { hasText: /Run/ }).first();
    await run.waitFor();
    await run.click();
    await workbench.notification('needs a trusted workspace');
    assert.deepEqual(entries(server), []);
  });
});
