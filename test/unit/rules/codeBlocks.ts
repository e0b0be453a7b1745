/** SMDR307–312, 316: what a step's code block says (rules/codeBlocks.ts). */
import type { NearMiss, RuleCase } from './case';
import { runbook } from './estate';

const DW01 = '## DW01 fails {scenario=data-warehouse failed=DW01 strategy=replace}';
const SQL01 = '## SQL01 fails {scenario=database failed=SQL01}';

/** A `restore-key` step of DW01's section running the given PowerShell line. */
const restoreKey = (line: string) =>
  runbook(
    DW01,
    '### Same computer name {step=same-name-computer}',
    "### Restore DW01's key {step=restore-key}",
    '```powershell',
    line,
    '```',
  );

export const cases: RuleCase[] = [
  {
    name: 'placeholder naming nothing',
    code: 'SMDR307',
    doc: restoreKey('Write-Output ${⟦servers.DW01.keyBackupp⟧}'),
  },
  {
    name: 'target placeholder in a section without target',
    code: 'SMDR307',
    doc: restoreKey('Write-Output ${⟦target.fqdn⟧}'),
  },
  {
    name: 'language that cannot run',
    code: 'SMDR308',
    doc: runbook(DW01, '### Check {step=custom}', '```⟦python⟧', "print('x')", '```'),
  },
  {
    name: "restoring another server's key",
    code: 'SMDR309',
    doc: restoreKey(
      "& (Join-Path ${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore ⟦${servers.SM01.keyBackup}⟧",
    ),
  },
  {
    name: "another server's key path written out",
    code: 'SMDR309',
    doc: restoreKey(
      "& (Join-Path ${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore '⟦\\\\nas01\\keys\\SM02.bin⟧'",
    ),
  },
  {
    name: 'install creating a new database',
    code: 'SMDR310',
    doc: runbook(
      DW01,
      '### Reinstall {step=install-data-warehouse-server}',
      '```powershell',
      '.\\Setup.exe /Install:Datawarehouse ⟦/CreateNewDatabase⟧ /Silent',
      '```',
    ),
  },
  {
    name: 'database scenario addressing another instance',
    code: 'SMDR311',
    doc: runbook(
      SQL01,
      '### Enable CLR {step=enable-clr}',
      '```sql',
      '-- on ⟦SQL01\\DW⟧',
      "EXEC sp_configure 'clr enabled', 1;",
      '```',
    ),
  },
  {
    name: 'placeholder naming another database server',
    code: 'SMDR311',
    doc: runbook(
      SQL01,
      '### Enable CLR {step=enable-clr}',
      '```powershell',
      'Invoke-Sqlcmd -ServerInstance ⟦${servers.SQL02.instance}⟧',
      '```',
    ),
  },
  {
    name: 'restore of the wrong databases',
    code: 'SMDR312',
    doc: runbook(
      SQL01,
      '### Restore ServiceManager {step=restore-databases}',
      '⟦```sql⟧',
      "⟦RESTORE DATABASE [DWDataMart]⟧ FROM DISK = N'x' WITH RECOVERY;",
      '```',
    ),
  },
  {
    name: 'placeholder inside a double-quoted string',
    code: 'SMDR316',
    doc: restoreKey(
      '& "⟦${media}⟧\\Tools\\SecureStorageBackup\\SecureStorageBackup.exe" Restore ${failed.keyBackup}',
    ),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'a restore naming exactly the failed server’s databases',
    code: 'SMDR312',
    doc: runbook(
      SQL01,
      '### Restore ServiceManager {step=restore-databases}',
      '```sql',
      'RESTORE DATABASE [ServiceManager] FROM DISK = ${failed.databases.ServiceManager} WITH RECOVERY;',
      '```',
    ),
  },
  {
    name: 'placeholders into the failed server resolve',
    code: 'SMDR307',
    doc: restoreKey(
      "& (Join-Path ${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore ${failed.keyBackup}",
    ),
  },
];
