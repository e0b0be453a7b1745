/**
 * PowerShell steps outside Windows: each scenario's terminal is bash (by absolute path, never the default
 * profile), and a PowerShell step is typed into it as pwsh 7.6.9 by the absolute path found in PATH's
 * absolute folders. A passing and a failing PowerShell step with their exit codes (bash's shell
 * integration reports pwsh's own), an sh step through bash and a T-SQL step through `smdr sql --job`
 * from the same terminal, and their journal lines. The demo's steps are running.test.ts.
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
// Each PowerShell step first checks that it runs in pwsh 7.6.9 started from the scenario's bash terminal
// (the .NET tool's pwsh is a launcher that starts dotnet: the first ancestor past them is the shell).
const IN_PWSH = [
  `if ($PSVersionTable.PSVersion.ToString() -ne '7.6.9') { exit 7 }`,
  `$shell = (Get-Process -Id $PID).Parent`,
  `while ($shell -and $shell.ProcessName -in 'pwsh', 'dotnet') { $shell = $shell.Parent }`,
  `if ($shell.ProcessName -ne 'bash') { exit 7 }`,
].join('\n');
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

describe('running PowerShell steps through pwsh from the scenario terminal', { timeout: 300_000 }, () => {
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
      },
      // The extension finds pwsh in PATH's absolute folders, as an operator's installed pwsh is.
      env: { PATH: `${dirname(pwsh)}:${process.env.PATH ?? ''}` },
    });
    workbench = await Workbench.open(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await sqlServer?.close();
  });

  const step = stepsWithArtifacts(
    'running-pwsh',
    () => ({ workbench, server }),
    () => fresh(workbench),
  );

  step(
    'runs a PowerShell step through pwsh typed into the bash terminal and journals exit code 0',
    async () => {
      await workbench.page.locator('.codelens-decoration', { hasText: 'Mark done' }).first().waitFor();
      await runStep(workbench, 'Same computer name');
      const entry = await waitFor('the journal entry', () =>
        journal(server).find((e) => e.stepKind === 'same-name-computer'),
      );
      assert.equal(entry.exitCode, 0, 'exit 7: not pwsh 7.6.9 started from the bash terminal');
      assert.equal(entry.outcome, 'succeeded');
      assert.match(entry.command ?? '', /-f 'LABSM01'\)/);
      await workbench.screenshot('running-pwsh-terminal');
    },
  );

  step('runs an sh step through bash from the same terminal', async () => {
    await runStep(workbench, 'Restore the key');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    const entry = await waitFor('the restore-key entry', () =>
      journal(server).find((e) => e.stepKind === 'restore-key'),
    );
    assert.equal(entry.outcome, 'succeeded');
    assert.equal(entry.exitCode, 0);
  });

  // bash's shell integration reports the code pwsh exits with (a pwsh terminal's would say 1: `[int]!$?`).
  step('records a failing PowerShell step as failed, with the exit code of its script (3)', async () => {
    await runStep(workbench, 'Reinstall');
    const entry = await waitFor('the failing entry', () =>
      journal(server).find((e) => e.stepKind === 'install-management-server'),
    );
    assert.equal(entry.outcome, 'failed');
    assert.equal(entry.exitCode, 3);
    await workbench.runCommand('Focus on Recovery View');
    await workbench.page
      .locator('.monaco-list-row', { hasText: 'install-management-server · LABSM01 · failed' })
      .first()
      .waitFor();
  });

  // The restore is interactive (it asks for a point in time) and needs backup headers: enable-clr is
  // the T-SQL step here, confirmed (destructive=true) and run before the restore, with its question.
  step('runs a T-SQL step through smdr sql --job typed into the same terminal', async () => {
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
