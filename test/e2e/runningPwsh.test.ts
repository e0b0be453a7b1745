/**
 * Issue 9: running recovery steps in an integrated terminal whose shell is pwsh 7.6.9 (the default
 * terminal profile, as on an operator's Windows machine), with VS Code's shell integration for
 * PowerShell giving the exit code: a passing and a failing PowerShell step, an sh step and a T-SQL
 * step through `smdr sql --job`, each line typed into pwsh, and their journal lines. The bash
 * terminal is running.test.ts.
 */
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, describe } from 'node:test';
import { LAB } from '../helpers';
import { startEndpoint, type Endpoint } from '../sql/endpoint';
import { pwshPath } from '../tools/dotnetTools';
import { startCodeServer, type CodeServer } from './codeServer';
import { confirmWithPassword, fresh, journal, runStep, waitFor } from './run';
import { stepsWithArtifacts } from './steps';
import { ensureTools } from './tools';
import { Workbench } from './workbench';

const FRONT = LAB.slice(0, LAB.indexOf('\n# ') + 1).replace(
  'sql: { authentication: sql, user: smdr-reader }',
  'sql: { authentication: sql, user: smdr, encrypt: false }',
);
// Each PowerShell step first checks that its line was typed into pwsh: its parent is the terminal's shell.
const IN_PWSH = `if ((Get-Process -Id $PID).Parent.ProcessName -ne 'pwsh') { exit 7 }`;
const DRILL = `${FRONT}
# Lab drill in PowerShell

## LABSM01 fails {scenario=management-server failed=LABSM01 strategy=replace}

### Same computer name {step=same-name-computer}
\`\`\`powershell
${IN_PWSH}
Write-Output ('checking the name of {0}' -f \${failed.name})
\`\`\`

### Restore the key {step=restore-key}
\`\`\`sh
echo restoring \${failed.keyBackup}
\`\`\`

### Reinstall {step=install-management-server}
\`\`\`powershell
${IN_PWSH}
Write-Output 'setup failed'
exit 3
\`\`\`

## LABSQL01 fails {scenario=database failed=LABSQL01}

### Same SQL computer name {step=same-name-computer}
\`\`\`powershell
${IN_PWSH}
Write-Output \${failed.name}
\`\`\`

### Restore ServiceManager {step=restore-databases}

### Enable CLR {step=enable-clr destructive=true}

### Permissions {step=restore-permissions}
`;

describe('running recovery steps in a pwsh terminal', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;
  let sqlServer: Endpoint;

  before(async () => {
    ensureTools();
    const pwsh = pwshPath();
    sqlServer = await startEndpoint({
      machineName: 'LABSQL01',
      instanceName: null,
      user: 'smdr',
      password: 'S3cret!',
      batches: [
        {
          match: /sp_configure N'clr enabled', 1/,
          messages: ["Configuration option 'clr enabled' changed from 0 to 1."],
        },
      ],
    });
    server = await startCodeServer({
      files: { 'lab.runbook.md': DRILL },
      settings: {
        'smdr.sql.endpoints': { LABSQL01: `127.0.0.1:${sqlServer.port}` },
        'terminal.integrated.profiles.linux': { pwsh: { path: pwsh } },
        'terminal.integrated.defaultProfile.linux': 'pwsh',
      },
      // PowerShell steps run as `pwsh -NoProfile -File ...`: pwsh is on the PATH, as on Windows.
      env: { PATH: `${dirname(pwsh)}:${process.env.PATH ?? ''}` },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await sqlServer?.close();
  });

  const steps = stepsWithArtifacts('running-pwsh', () => ({ workbench, server }));
  const step = (name: string, body: () => Promise<void>) =>
    steps(name, async () => {
      await fresh(workbench);
      await body();
    });

  step('runs a passing PowerShell step in pwsh and journals exit code 0', async () => {
    await workbench.page.locator('.codelens-decoration', { hasText: 'Mark done' }).first().waitFor();
    await runStep(workbench, 'Same computer name');
    const entry = await waitFor('the journal entry', () =>
      journal(server).find((e) => e.stepKind === 'same-name-computer'),
    );
    assert.equal(entry.exitCode, 0, 'exit 7: the line did not run in a pwsh terminal');
    assert.equal(entry.outcome, 'succeeded');
    assert.match(entry.command ?? '', /-f 'LABSM01'\)/);
    await workbench.screenshot('running-pwsh-terminal');
  });

  step('runs an sh step from the pwsh terminal through bash', async () => {
    await runStep(workbench, 'Restore the key');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Run' }).click();
    const entry = await waitFor('the restore-key entry', () =>
      journal(server).find((e) => e.stepKind === 'restore-key'),
    );
    assert.equal(entry.outcome, 'succeeded');
    assert.equal(entry.exitCode, 0);
  });

  // VS Code's shell integration for PowerShell reports `[int]!$?` as the exit code, so a command that
  // exits 3 is recorded as exit 1 in a pwsh terminal (bash reports the code itself: running.test.ts).
  step('records a failing PowerShell step as failed, with the exit code pwsh reports (1)', async () => {
    await runStep(workbench, 'Reinstall');
    const entry = await waitFor('the failing entry', () =>
      journal(server).find((e) => e.stepKind === 'install-management-server'),
    );
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.exitCode, 1);
    await workbench.runCommand('Focus on Recovery View');
    await workbench.page
      .locator('.monaco-list-row', { hasText: 'install-management-server · LABSM01 · failed' })
      .first()
      .waitFor();
  });

  // The restore is interactive (it asks for a point in time) and needs backup headers: enable-clr is
  // the T-SQL step here, confirmed (destructive=true) and run before the restore, with its question.
  step('runs a T-SQL step through smdr sql --job typed into pwsh', async () => {
    await runStep(workbench, 'Same SQL computer name', 'LABSQL01 fails');
    const check = await waitFor('the same-name check of LABSQL01', () =>
      journal(server).find((e) => e.stepTitle === 'Same SQL computer name'),
    );
    assert.equal(check.exitCode, 0);
    await runStep(workbench, 'Enable CLR', 'LABSQL01 fails');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Run Anyway' }).click();
    await confirmWithPassword(workbench, /acts on LABSQL01/, 'S3cret!');
    const entry = await waitFor('the enable-clr entry', () =>
      journal(server).find((e) => e.stepKind === 'enable-clr'),
    );
    assert.equal(entry.exitCode, 0);
    assert.equal(entry.outcome, 'succeeded');
    assert.ok(sqlServer.statements.some((s) => s.text === entry.command));
    assert.match(entry.command ?? '', /EXEC sp_configure N'clr enabled', 1;/);
    assert.doesNotMatch(JSON.stringify(journal(server)), /S3cret/);
    await workbench.screenshot('running-pwsh-tsql');
  });
});
