/**
 * The generated PowerShell, run by pwsh 7.6.9 under stubs of the Windows-only commands (stubs.ps1):
 * every inventory value reaches the parameter it is meant for byte for byte, and the commands' own
 * checks throw where they must (another computer, a service that stays stopped, the console open,
 * SecureStorageBackup failing, Setup pointed at another database). Invoke-Command runs its block in a
 * runspace of its own, as a remote session would.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DATABASE_REGISTRY_KEYS,
  HEALTH_SERVICE_STATE,
  MANAGEMENT_SERVICES,
  SERVICE_MANAGER_MODULE,
  SETUP_REGISTRY_KEY,
} from '../../server/src/domain/installation';
import { planRunbook } from '../../server/src/stepScripts/plan';
import type { RemotingOptions } from '../../server/src/stepScripts/powershell';
import { parseRunbook } from '../../server/src/runbook/parse';
import { hostile, hostileRunbook, markersIn, SLOT_COUNT, type HostileRunbook } from './inventory';
import { startPwsh, type Call, type Ran, type State } from './pwsh';

const { pwsh, skip } = startPwsh();
const scratch = mkdtempSync(join(tmpdir(), 'smdr-pwsh-'));
/** The install folder Setup recorded (InstallDirectory of its registry key): a real folder here. */
const INSTALLED = mkdtempSync(join(scratch, 'install-'));
after(() => {
  pwsh?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const RUNNING = Object.fromEntries(MANAGEMENT_SERVICES.map((s) => [s, 'Running' as const]));
const STOPPED = Object.fromEntries(MANAGEMENT_SERVICES.map((s) => [s, 'Stopped' as const]));
const REMOTE: RemotingOptions = { remoting: true };
const LOCAL: RemotingOptions = { remoting: false };

/** A fixed inventory with a different attack in each slot. */
const FIXED = hostileRunbook([
  "'",
  '\u2018$(Get-Date)\u2019',
  '`"; rm -rf',
  "'@ @' <# #",
  '\u201A]]--/*',
  "''",
  '${env:PATH}',
  '\u201B',
  '"',
  '$x',
  'a b',
  '[x]',
  '*?',
  "N'--",
  "[db]'*",
  '\\\\srv\\share\\😀',
  'é',
  '\u201C',
  ';',
  '|',
  '&',
]);

/** The command of a step, planned as if the runbook had no errors (hostile values are errors). */
function command(h: HostileRunbook, scenario: string, title: string, options = REMOTE): string {
  const step = planRunbook(parseRunbook(h.text), options, [])
    .find((s) => s.title === scenario)
    ?.steps.find((s) => s.title === title);
  assert.ok(step?.command, `${scenario} / ${title}: ${step?.error ?? 'no such step'}`);
  return step.command;
}

function forms(value: string): string[] {
  return [value, value.replace(/'/g, "''"), value.replace(/\]/g, ']]')];
}

/** Runs `text`; every recorded argument that holds part of an inventory value holds all of it. */
async function run(h: HostileRunbook, text: string, state: State): Promise<Ran> {
  const ran = await pwsh!.run(text, state);
  for (const call of ran.calls) {
    for (const [name, value] of Object.entries(call.parameters)) {
      if (name === 'ScriptBlock') continue; // code, whose literals hold the values quoted
      for (const item of [value].flat()) {
        if (typeof item !== 'string') continue;
        for (const { marker } of markersIn(item)) {
          const whole = h.values.get(marker)!;
          assert.ok(
            forms(whole).some((f) => item.includes(f)),
            `${call.command} -${name} got ${JSON.stringify(item)}, a piece of ${JSON.stringify(whole)}`,
          );
        }
      }
    }
  }
  return ran;
}

function callsOf(ran: Ran, command: string): Call[] {
  return ran.calls.filter((c) => c.command === command);
}

function only(ran: Ran, command: string): Call['parameters'] {
  const calls = callsOf(ran, command);
  assert.equal(calls.length, 1, `${command} called ${calls.length} times: ${JSON.stringify(ran.calls)}`);
  return calls[0]!.parameters;
}

const list = (value: unknown) => [value].flat();

function address(h: HostileRunbook, server: 'SQL01' | 'SQL02'): string {
  return `${server}\\${h.slots[`${server}.instance`]}`;
}

async function checkAll(h: HostileRunbook): Promise<void> {
  const s = h.slots;
  // prepare-secondary: on SM02 through Invoke-Command, the services stopped, Health Service State removed.
  const prepare = command(h, 'SM01 fails: promote SM02', 'Prepare SM02');
  const state = mkdtempSync(join(scratch, 'state-'));
  writeFileSync(join(state, 'cache.edb'), 'x');
  const installed = { InstallDirectory: INSTALLED };
  let ran = await run(h, prepare, {
    computerName: 'OPERATOR',
    services: { ...RUNNING },
    registry: installed,
    paths: { [HEALTH_SERVICE_STATE]: state },
  });
  assert.equal(ran.error, null);
  assert.deepEqual(list(only(ran, 'Invoke-Command').ComputerName), [s['SM02.fqdn']]);
  assert.equal(only(ran, 'Get-ItemProperty').LiteralPath, SETUP_REGISTRY_KEY);
  assert.deepEqual(
    callsOf(ran, 'Join-Path').map((c) => [c.parameters.Path, c.parameters.ChildPath]),
    [[INSTALLED, HEALTH_SERVICE_STATE]],
  );
  assert.deepEqual(list(only(ran, 'Stop-Service').Name), [...MANAGEMENT_SERVICES]);
  assert.deepEqual(list(only(ran, 'Remove-Item').LiteralPath), [state]);
  assert.equal(existsSync(state), false, 'Health Service State removed');
  ran = await run(h, command(h, 'SM01 fails: promote SM02', 'Prepare SM02', LOCAL), {
    computerName: 'SM02',
    services: { ...RUNNING },
    registry: installed,
    paths: { [HEALTH_SERVICE_STATE]: join(scratch, 'absent') },
  });
  assert.match(ran.error ?? '', /No Health Service State folder in .* on SM02/);
  assert.equal(callsOf(ran, 'Invoke-Command').length, 0);
  assert.equal(callsOf(ran, 'Remove-Item').length, 0);
  ran = await run(h, prepare, {
    computerName: 'OPERATOR',
    services: { ...RUNNING },
    registry: { InstallDirectory: join(scratch, 'not-installed') },
  });
  assert.match(ran.error ?? '', /No Service Manager install folder on sm02/i);
  assert.equal(callsOf(ran, 'Stop-Service').length, 0);
  ran = await run(h, prepare, {
    computerName: 'OPERATOR',
    services: { ...RUNNING },
    registry: installed,
    processes: ['Microsoft.EnterpriseManagement.ServiceManager.UI.Console'],
  });
  assert.match(ran.error ?? '', /Close the Service Manager console first/);
  assert.equal(callsOf(ran, 'Stop-Service').length, 0);

  // restart-services: started and checked; one that stays stopped throws, naming it.
  const restart = command(h, 'SM01 fails: promote SM02', 'Start the services on SM02');
  ran = await run(h, restart, { computerName: 'OPERATOR', services: { ...STOPPED } });
  assert.equal(ran.error, null);
  assert.deepEqual(list(only(ran, 'Start-Service').Name), [...MANAGEMENT_SERVICES]);
  ran = await run(h, restart, {
    computerName: 'OPERATOR',
    services: { ...STOPPED },
    failToStart: ['HealthService'],
  });
  assert.match(ran.error ?? '', /Not running on SM02: HealthService/);

  // same-name-computer: the remote block runs on the failed server's FQDN and checks its name.
  const sameName = 'Same computer name';
  ran = await run(h, command(h, 'SM01 fails: rebuild it', sameName), { computerName: 'OPERATOR' });
  assert.equal(ran.error, null);
  assert.deepEqual(list(only(ran, 'Invoke-Command').ComputerName), [s['SM01.fqdn']]);
  ran = await run(h, command(h, 'SM01 fails: rebuild it', sameName, LOCAL), { computerName: 'SM09' });
  assert.match(ran.error ?? '', /This computer is named SM09, not SM01/);
  const sqlName = 'Same computer and instance name';
  const sqlService = `MSSQL$${s['SQL01.instance']}`;
  ran = await run(h, command(h, 'SQL01 fails', sqlName, LOCAL), {
    computerName: 'SQL01',
    services: { [sqlService]: 'Running' },
  });
  assert.equal(ran.error, null);
  assert.deepEqual(list(only(ran, 'Get-Service').Name), [sqlService]);
  ran = await run(h, command(h, 'SQL01 fails', sqlName, LOCAL), { computerName: 'SQL01' });
  assert.match(ran.error ?? '', /No SQL Server instance/);
  assert.ok(ran.error!.includes(s['SQL01.instance']), ran.error!);

  // restore-key: only on SM01 itself; SecureStorageBackup gets Restore and the key file; its failure throws.
  const restoreKey = command(h, 'SM01 fails: rebuild it', "Restore SM01's key");
  ran = await run(h, restoreKey, { computerName: 'SM01' });
  assert.equal(ran.error, null);
  assert.deepEqual(only(ran, 'SecureStorageBackup.exe').args, ['Restore', s['SM01.keyBackup']]);
  assert.equal(only(ran, 'Join-Path').Path, s.media);
  ran = await run(h, restoreKey, { computerName: 'SM01', exitCode: 5 });
  assert.match(ran.error ?? '', /SecureStorageBackup failed \(5\)/);
  ran = await run(h, restoreKey, { computerName: 'SM02' });
  assert.match(ran.error ?? '', /Run this step in a terminal on SM01; this is SM02/);
  assert.equal(callsOf(ran, 'SecureStorageBackup.exe').length, 0);
  // DW01's key is restored by the runbook's own block: its placeholders arrive the same way.
  ran = await run(h, command(h, 'DW01 fails', "Restore DW01's key"), { computerName: 'DW01' });
  assert.equal(ran.error, null);
  assert.deepEqual(only(ran, 'SecureStorageBackup.exe').args, ['Restore', s['DW01.keyBackup']]);
  assert.equal(only(ran, 'Join-Path').Path, s.media);

  // install-management-server: Setup, then the registry must name the ServiceManager database's instance.
  const install = command(h, 'SM01 fails: rebuild it', 'Reinstall the management server');
  const registry = { DatabaseServerName: address(h, 'SQL01'), DatabaseName: 'ServiceManager' };
  const key = DATABASE_REGISTRY_KEYS.at(-1)!; // the key this version of Setup wrote
  ran = await run(h, install, { computerName: 'SM01', services: { ...RUNNING }, registry, existing: [key] });
  assert.equal(ran.error, null);
  assert.equal(only(ran, 'Start-Process').FilePath, 'Setup.exe');
  assert.equal(only(ran, 'Join-Path').Path, s.media);
  assert.equal(only(ran, 'Get-ItemProperty').LiteralPath, key);
  ran = await run(h, install, {
    computerName: 'SM01',
    services: { ...RUNNING },
    registry: { ...registry, DatabaseName: 'ServiceManagerNew' },
    existing: [key],
  });
  assert.match(ran.error ?? '', /SM01 uses .*\/ServiceManagerNew, not /);
  ran = await run(h, install, { computerName: 'SM01', services: { ...STOPPED }, registry, existing: [key] });
  assert.match(ran.error ?? '', /Not running on SM01/);

  // install-data-warehouse-server and install-additional-server: Setup from the media folder.
  ran = await run(h, command(h, 'DW01 fails', 'Reinstall the data warehouse management server'), {
    computerName: 'DW01',
    services: { ...RUNNING },
  });
  assert.equal(ran.error, null);
  assert.equal(only(ran, 'Join-Path').Path, s.media);
  ran = await run(h, command(h, 'SM01 fails: promote SM02', 'Add a new additional management server'), {
    computerName: 'SM03',
  });
  assert.equal(ran.error, null);
  assert.equal(callsOf(ran, 'Setup.exe').length, 1);
  assert.equal(only(ran, 'Join-Path').Path, s.media);

  // restore-permissions: exactly the logins script and the scripts of SQL01's databases, on its instance.
  const extra = s['SQL01.extraDatabase'];
  const scripts = ['logins-SQL01.sql', `${extra}-permissions.sql`, 'ServiceManager-permissions.sql'];
  ran = await run(h, command(h, 'SQL01 fails', 'Restore logins and permissions'), {
    computerName: 'OPERATOR',
    files: [...scripts, 'unrelated.sql', 'DWDataMart-permissions.sql'],
  });
  assert.equal(ran.error, null);
  assert.equal(only(ran, 'Get-ChildItem').LiteralPath, s.permissionScripts);
  const sqlcmd = callsOf(ran, 'Invoke-Sqlcmd');
  assert.deepEqual(
    sqlcmd.map((c) => c.parameters.InputFile).sort(),
    scripts.map((f) => `${s.permissionScripts}\\${f}`).sort(),
  );
  for (const c of sqlcmd) assert.equal(c.parameters.ServerInstance, address(h, 'SQL01'));

  // backup-key on SM02: Backup and its key file.
  ran = await run(h, command(h, 'Before anything fails', "Back up SM02's encryption key"), {
    computerName: 'SM02',
  });
  assert.equal(ran.error, null);
  assert.deepEqual(only(ran, 'SecureStorageBackup.exe').args, ['Backup', s['SM02.keyBackup']]);

  // backup-databases: one Invoke-Sqlcmd per database, on its instance, its backup file in the T-SQL.
  ran = await run(h, command(h, 'Before anything fails', 'Back up the databases'), {
    computerName: 'OPERATOR',
  });
  assert.equal(ran.error, null);
  const backups: [string, 'SQL01' | 'SQL02'][] = [
    [s['SQL01.ServiceManager'], 'SQL01'],
    [s['SQL01.extraBackup'], 'SQL01'],
    [s['SQL02.DWStagingAndConfig'], 'SQL02'],
    [s['SQL02.DWRepository'], 'SQL02'],
    [s['SQL02.DWDataMart'], 'SQL02'],
  ];
  const queries = callsOf(ran, 'Invoke-Sqlcmd');
  assert.equal(queries.length, backups.length);
  for (const [file, server] of backups) {
    const call = queries.find((c) => String(c.parameters.Query).includes(`N'${file.replace(/'/g, "''")}'`));
    assert.ok(call, `no backup to ${JSON.stringify(file)}`);
    assert.equal(call.parameters.ServerInstance, address(h, server));
  }

  // export-management-packs: on the primary server, the unsealed packs only, to the inventory's folder.
  ran = await run(h, command(h, 'Before anything fails', 'Export the unsealed management packs'), {
    computerName: 'OPERATOR',
    managementPacks: { Unsealed: false, Sealed: true },
    registry: { InstallDirectory: INSTALLED },
  });
  assert.equal(ran.error, null);
  assert.deepEqual(list(only(ran, 'Invoke-Command').ComputerName), [s['SM01.fqdn']]);
  assert.equal(only(ran, 'Import-Module').Name, `${INSTALLED}\\${SERVICE_MANAGER_MODULE}`);
  assert.deepEqual(only(ran, 'Export-SCSMManagementPack'), {
    ManagementPack: 'Unsealed',
    Path: s.managementPacks,
  });

  // script-permissions: each instance's logins and each database's users, into the inventory's folder.
  ran = await run(h, command(h, 'Before anything fails', 'Script logins and permissions'), {
    computerName: 'OPERATOR',
  });
  assert.equal(ran.error, null);
  assert.deepEqual(
    callsOf(ran, 'Export-DbaLogin').map((c) => c.parameters.SqlInstance),
    [address(h, 'SQL01'), address(h, 'SQL02')],
  );
  const users = callsOf(ran, 'Export-DbaUser');
  assert.ok(
    users.some((c) => c.parameters.Database === extra && c.parameters.SqlInstance === address(h, 'SQL01')),
  );
  assert.ok(
    callsOf(ran, 'Join-Path').some((c) => c.parameters.Path === s.permissionScripts),
    'scripts go to permissionScripts',
  );

  // A custom block: each placeholder one argument, as the inventory holds it.
  ran = await run(h, command(h, 'Custom steps', 'Custom PowerShell'), { computerName: 'SQL01' });
  assert.equal(ran.error, null);
  assert.deepEqual(only(ran, 'SecureStorageBackup.exe').args, [
    'Restore',
    s['SM01.keyBackup'],
    s['SQL01.fqdn'],
    s.managementGroup,
  ]);
}

describe('generated PowerShell run by PowerShell 7.6.9 under stubs', { skip }, () => {
  it('delivers every value of a hostile inventory and throws where the checks must', async () => {
    await checkAll(FIXED);
  });

  it('delivers every value byte for byte, for generated hostile inventories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: SLOT_COUNT, maxLength: SLOT_COUNT }), async (attacks) =>
        checkAll(hostileRunbook(attacks)),
      ),
      { numRuns: 6 },
    );
  });
});
