/**
 * One case per rule: a fixture that triggers it and the exact range it must report. The examples
 * validate clean (see examples.test.ts), which is each rule's "does not trigger" case; where a rule
 * has a near miss worth pinning down, it has its own negative case below.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import { ALL_RULES } from '../../server/src/rules/catalog';
import { CONTOSO, describeFindings, edit, findings, LAB, rangeOf } from '../helpers';

interface Case {
  name: string;
  code: string;
  text: string;
  /** Expected range (every listed range must be reported with the code). */
  at: Range | Range[];
  severity?: string;
}

const DW_SECTION = '## DW01 fails {scenario=data-warehouse failed=DW01 strategy=replace}';
const SQL01_SECTION = '## SQL01 fails {scenario=database failed=SQL01}';
const SM02_SECTION = '## SM02 fails {scenario=management-server failed=SM02 strategy=replace}';

function mutated(from: string, to: string, nth = 0): string {
  return edit(CONTOSO, from, to, nth);
}

const longName = 'D'.repeat(129);

const cases: Case[] = [
  {
    name: 'no front matter',
    code: 'SMDR001',
    text: '# Just a title\n',
    at: { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } },
  },
  {
    name: 'front matter never closed',
    code: 'SMDR001',
    text: '---\nsmdr: 1\n# heading\n',
    at: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
  },
  (() => {
    const text = mutated('managementGroup: CONTOSO', 'managementGroup: [CONTOSO');
    // The yaml library reports the unclosed flow sequence where it notices it: the next line's first character.
    const next = rangeOf(text, 'objectives').start;
    return {
      name: 'YAML that does not parse',
      code: 'SMDR001',
      text,
      at: { start: next, end: { ...next, character: 1 } },
    };
  })(),
  (() => {
    const text = mutated(
      "keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'",
      "keyBakup: '\\\\vault01\\dr\\keys\\SM02.bin'",
    );
    return { name: 'unknown key with a near miss', code: 'SMDR002', text, at: rangeOf(text, 'keyBakup') };
  })(),
  (() => {
    const text = mutated(
      '{scenario=database failed=SQL02}',
      '{scenario=database failed=SQL02 strateg=replace}',
    );
    return { name: 'unknown heading attribute', code: 'SMDR002', text, at: rangeOf(text, 'strateg=replace') };
  })(),
  (() => {
    const text = mutated('role: data-warehouse', 'role: datawarehouse');
    return { name: 'role outside the vocabulary', code: 'SMDR003', text, at: rangeOf(text, 'datawarehouse') };
  })(),
  (() => {
    const text = mutated('rpo: 24h', 'rpo: 24hours');
    return { name: 'duration in the wrong form', code: 'SMDR003', text, at: rangeOf(text, '24hours') };
  })(),
  (() => {
    const text = mutated("reportServer: 'http://ssrs01.contoso.local/ReportServer'", 'reportServer: ssrs01');
    return {
      name: 'report server that is not a URL',
      code: 'SMDR003',
      text,
      at: rangeOf(text, 'ssrs01', 0, 'reportServer'),
    };
  })(),
  (() => {
    const text = mutated('managementGroup: CONTOSO\n', '');
    return { name: 'required key missing', code: 'SMDR003', text, at: rangeOf(text, '---') };
  })(),
  (() => {
    const text = mutated('sql: {', 'media: x\nsql: {');
    return {
      name: 'a key written twice',
      code: 'SMDR003',
      text,
      at: rangeOf(text, 'media', 0, 'DWDataMart.bak'),
    };
  })(),
  (() => {
    const text = mutated('smdr: 1', 'smdr: 2');
    return { name: 'unsupported version', code: 'SMDR004', text, at: rangeOf(text, '2', 0, 'smdr:') };
  })(),
  (() => {
    const text = mutated('smdr: 1\n', '');
    return { name: 'version missing', code: 'SMDR004', text, at: rangeOf(text, '---') };
  })(),
  (() => {
    const text = mutated('  SM02:\n', '  SM_02:\n');
    return { name: 'computer name with an underscore', code: 'SMDR101', text, at: rangeOf(text, 'SM_02') };
  })(),
  (() => {
    const text = mutated('  SM02:\n', '  1234:\n');
    return { name: 'computer name all digits', code: 'SMDR101', text, at: rangeOf(text, '1234') };
  })(),
  (() => {
    const text = mutated('fqdn: sm02.contoso.local', 'fqdn: sm2.contoso.local');
    return {
      name: 'fqdn naming another computer',
      code: 'SMDR102',
      text,
      at: rangeOf(text, 'sm2.contoso.local'),
    };
  })(),
  (() => {
    const text = mutated('fqdn: sm02.contoso.local', 'fqdn: sm02');
    return { name: 'fqdn not qualified', code: 'SMDR102', text, at: rangeOf(text, 'sm02', 0, 'fqdn: sm02') };
  })(),
  (() => {
    const text = mutated('instance: SCSM', 'instance: 1SCSM');
    return { name: 'instance starting with a digit', code: 'SMDR103', text, at: rangeOf(text, '1SCSM') };
  })(),
  (() => {
    const text = mutated(
      "      ServiceManager: '",
      `      ${longName}: '\\\\vault01\\x.bak'\n      ServiceManager: '`,
    );
    return { name: 'database name too long', code: 'SMDR104', text, at: rangeOf(text, longName) };
  })(),
  (() => {
    const text = mutated('    primary: true\n', '');
    return { name: 'no primary', code: 'SMDR110', text, at: rangeOf(text, 'SM01', 0, 'servers:') };
  })(),
  (() => {
    const text = mutated(
      '  SM02:\n    role: management\n',
      '  SM02:\n    role: management\n    primary: true\n',
    );
    return {
      name: 'two primaries',
      code: 'SMDR110',
      text,
      at: [rangeOf(text, 'true', 0), rangeOf(text, 'true', 1)],
    };
  })(),
  (() => {
    const text = mutated("    keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'\n", '');
    return {
      name: 'management server without key backup',
      code: 'SMDR111',
      text,
      at: rangeOf(text, 'SM02', 0, 'servers:'),
    };
  })(),
  (() => {
    const text = mutated('keys\\SM02.bin', 'keys\\SM01.bin');
    return {
      name: 'two servers share a key file',
      code: 'SMDR112',
      text,
      at: [
        rangeOf(text, "'\\\\vault01\\dr\\keys\\SM01.bin'", 0),
        rangeOf(text, "'\\\\vault01\\dr\\keys\\SM01.bin'", 1),
      ],
    };
  })(),
  (() => {
    const text = mutated("'\\\\vault01\\dr\\keys\\SM02.bin'", "'\\\\sm02.contoso.local\\c$\\SM02.bin'");
    return {
      name: 'key file on the server it protects',
      code: 'SMDR113',
      text,
      at: rangeOf(text, "'\\\\sm02.contoso.local\\c$\\SM02.bin'"),
    };
  })(),
  (() => {
    const text = mutated("keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'", "keyBackup: 'C:\\keys\\SM02.bin'");
    return {
      name: 'key file on a local path',
      code: 'SMDR113',
      text,
      at: rangeOf(text, "'C:\\keys\\SM02.bin'"),
    };
  })(),
  (() => {
    const text = mutated(
      '    role: database\n    fqdn: sql01',
      '    role: [database, management]\n    keyBackup: x\n    fqdn: sql01',
    );
    return {
      name: 'management server hosting ServiceManager, backed up: a best practice',
      code: 'SMDR114',
      text,
      at: rangeOf(text, 'ServiceManager', 0, 'SQL01:'),
      severity: 'warning',
    };
  })(),
  (() => {
    const text = mutated(
      "    role: database\n    fqdn: sql01.contoso.local\n    instance: SCSM\n    databases:\n      ServiceManager: '\\\\vault01\\dr\\sql\\ServiceManager.bak'",
      '    role: [database, management]\n    keyBackup: x\n    fqdn: sql01.contoso.local\n    instance: SCSM\n    databases:\n      SM_Prod:',
    ).replace('smdr: 1\n', 'smdr: 1\ndatabaseNames: { ServiceManager: SM_Prod }\n');
    return {
      name: 'management server hosting its (renamed) database with no backup: unrecoverable',
      code: 'SMDR114',
      text,
      at: rangeOf(text, 'SM_Prod', 0, 'SQL01:'),
      severity: 'error',
    };
  })(),
  (() => {
    const text = mutated(
      "      ServiceManager: '\\\\vault01\\dr\\sql\\ServiceManager.bak'\n",
      "      ReportServer: '\\\\vault01\\r.bak'\n",
    );
    return { name: 'ServiceManager hosted nowhere', code: 'SMDR115', text, at: rangeOf(text, 'servers') };
  })(),
  (() => {
    const text = mutated(
      "      DWDataMart: '",
      "      ServiceManager: '\\\\vault01\\sm2.bak'\n      DWDataMart: '",
    );
    return {
      name: 'ServiceManager hosted twice',
      code: 'SMDR115',
      text,
      at: [rangeOf(text, 'ServiceManager', 0, 'SQL01:'), rangeOf(text, 'ServiceManager', 0, 'SQL02:')],
    };
  })(),
  (() => {
    const text = mutated("ServiceManager: '\\\\vault01\\dr\\sql\\ServiceManager.bak'", 'ServiceManager:');
    return {
      name: 'database without a backup',
      code: 'SMDR116',
      text,
      at: rangeOf(text, 'ServiceManager', 0, 'SQL01:'),
    };
  })(),
  (() => {
    const text = mutated("managementPacks: '\\\\vault01\\dr\\mp'\n", '');
    return { name: 'no management pack folder', code: 'SMDR117', text, at: rangeOf(text, '---') };
  })(),
  (() => {
    const text = mutated("permissionScripts: '\\\\vault01\\dr\\sql-permissions'\n", '');
    return { name: 'no permission scripts folder', code: 'SMDR118', text, at: rangeOf(text, '---') };
  })(),
  (() => {
    const text = mutated('  SM02:\n', '  sm01:\n');
    return {
      name: 'the same computer twice',
      code: 'SMDR119',
      text,
      at: rangeOf(text, 'sm01:') && rangeOf(text, 'sm01', 0, 'SM01.bin'),
    };
  })(),
  (() => {
    const text = mutated('    primary: true\n', '    primary: true\n    instance: SCSM\n');
    return {
      name: 'instance on a management server',
      code: 'SMDR120',
      text,
      at: rangeOf(text, 'instance', 0),
    };
  })(),
  (() => {
    const text = mutated('{scenario=database failed=SQL01}', '{scenario=databse failed=SQL01}');
    return { name: 'unknown scenario', code: 'SMDR201', text, at: rangeOf(text, 'databse') };
  })(),
  (() => {
    const text = mutated('{scenario=database failed=SQL02}', '{scenario=database failed=SQL03}');
    return { name: 'failed server not in the inventory', code: 'SMDR202', text, at: rangeOf(text, 'SQL03') };
  })(),
  (() => {
    const text = mutated('{scenario=database failed=SQL02}', '{scenario=database}');
    return { name: 'failed missing', code: 'SMDR202', text, at: rangeOf(text, '{scenario=database}') };
  })(),
  (() => {
    const text = mutated('{scenario=database failed=SQL02}', '{scenario=database failed=DW01}');
    return {
      name: 'failed server of another role',
      code: 'SMDR203',
      text,
      at: rangeOf(text, 'DW01', 0, '{scenario=database failed='),
    };
  })(),
  (() => {
    const text = mutated(DW_SECTION, DW_SECTION.replace('replace', 'promote'));
    return {
      name: 'promoting a data warehouse server',
      code: 'SMDR204',
      text,
      at: rangeOf(text, 'promote', 0, '## DW01'),
    };
  })(),
  (() => {
    const text = mutated(SM02_SECTION, '## SM02 fails {scenario=management-server failed=SM02}');
    return {
      name: 'management server without a strategy',
      code: 'SMDR204',
      text,
      at: rangeOf(text, '{scenario=management-server failed=SM02}'),
    };
  })(),
  (() => {
    const text = mutated('strategy=promote target=SM02}', 'strategy=promote target=SM01}');
    return {
      name: 'promoting the failed server',
      code: 'SMDR205',
      text,
      at: rangeOf(text, 'SM01', 0, 'target='),
    };
  })(),
  (() => {
    const text = mutated('strategy=promote target=SM02}', 'strategy=promote}');
    return {
      name: 'promotion without target',
      code: 'SMDR205',
      text,
      at: rangeOf(text, '{scenario=management-server failed=SM01 strategy=promote}'),
    };
  })(),
  (() => {
    const text = mutated('strategy=promote target=SM02}', 'strategy=promote target=SQL01}');
    return {
      name: 'promoting a database server',
      code: 'SMDR205',
      text,
      at: rangeOf(text, 'SQL01', 0, 'target='),
    };
  })(),
  (() => {
    const text = mutated(SM02_SECTION, `${SM02_SECTION.slice(0, -1)} target=SM03}`);
    return { name: 'replacement with another name', code: 'SMDR206', text, at: rangeOf(text, 'target=SM03') };
  })(),
  (() => {
    const text = mutated(
      'sql: {',
      "  SQL03:\n    role: database\n    databases:\n      ReportServer: '\\\\vault01\\r.bak'\nsql: {",
    );
    return { name: 'server without a recovery section', code: 'SMDR207', text, at: rangeOf(text, 'SQL03') };
  })(),
  (() => {
    const text = mutated(SM02_SECTION, `${SM02_SECTION}\n\n${SM02_SECTION}`);
    return {
      name: 'two sections for one failure',
      code: 'SMDR208',
      text,
      at: rangeOf(text, 'SM02 fails', 1),
    };
  })(),
  (() => {
    const text = mutated('{step=enable-clr}', '{step=restore-key}');
    return {
      name: 'step of another scenario',
      code: 'SMDR301',
      text,
      at: rangeOf(text, 'restore-key', 0, SQL01_SECTION),
    };
  })(),
  (() => {
    const text = mutated('{step=enable-clr}', '{step=enable-clrr}');
    return { name: 'step kind that does not exist', code: 'SMDR301', text, at: rangeOf(text, 'enable-clrr') };
  })(),
  (() => {
    const text = mutated('### Enable CLR {step=enable-clr}\n\n', '');
    return {
      name: 'required step missing',
      code: 'SMDR302',
      text,
      at: rangeOf(text, 'SQL01 fails'),
      severity: 'error',
    };
  })(),
  (() => {
    const text = mutated(
      '### Add a new additional management server {step=install-additional-server}\n\n',
      '',
    );
    return {
      name: 'expected step missing',
      code: 'SMDR302',
      text,
      at: rangeOf(text, 'SM01 fails: promote SM02'),
      severity: 'warning',
    };
  })(),
  (() => {
    const text = mutated(
      "### Restore SM02's key {step=restore-key}\n\n### Reinstall the management server {step=install-management-server}",
      "### Reinstall the management server {step=install-management-server}\n\n### Restore SM02's key {step=restore-key}",
    );
    return {
      name: 'install before restore-key',
      code: 'SMDR303',
      text,
      at: rangeOf(text, 'install-management-server', 0, SM02_SECTION),
    };
  })(),
  (() => {
    const text = mutated(
      '## Before anything fails',
      '### A stray step {step=manual}\n\n## Before anything fails',
    );
    return { name: 'step outside any scenario', code: 'SMDR304', text, at: rangeOf(text, 'step=manual') };
  })(),
  (() => {
    const text = mutated(
      '### Enable CLR {step=enable-clr}\n',
      '### Enable CLR {step=enable-clr}\n\n### Again {step=enable-clr}\n',
    );
    return {
      name: 'the same step twice',
      code: 'SMDR305',
      text,
      at: rangeOf(text, 'enable-clr', 0, '### Again'),
    };
  })(),
  (() => {
    const text = mutated(
      '### Tell the service desk {step=manual}',
      '### Check the console {step=custom}\n\n### Tell the service desk {step=manual}',
    );
    return {
      name: 'custom step without a command',
      code: 'SMDR306',
      text,
      at: rangeOf(text, 'Check the console'),
    };
  })(),
  (() => {
    const text = mutated('${failed.keyBackup}', '${servers.DW01.keyBackupp}');
    return {
      name: 'placeholder naming nothing',
      code: 'SMDR307',
      text,
      at: rangeOf(text, 'servers.DW01.keyBackupp'),
    };
  })(),
  (() => {
    const text = mutated('${failed.keyBackup}', '${servers.DW01} ${target.fqdn}');
    return {
      name: 'target placeholder in a section without target',
      code: 'SMDR307',
      text,
      at: rangeOf(text, 'target.fqdn'),
    };
  })(),
  (() => {
    const text = mutated('```powershell', '```python');
    return { name: 'language that cannot run', code: 'SMDR308', text, at: rangeOf(text, 'python') };
  })(),
  (() => {
    const text = mutated('${failed.keyBackup}', '${servers.SM01.keyBackup}');
    return {
      name: "restoring another server's key",
      code: 'SMDR309',
      text,
      at: rangeOf(text, '${servers.SM01.keyBackup}'),
    };
  })(),
  (() => {
    const text = mutated('${failed.keyBackup}', "'\\\\vault01\\dr\\keys\\SM02.bin'");
    return {
      name: "another server's key path written out",
      code: 'SMDR309',
      text,
      at: rangeOf(text, '\\\\vault01\\dr\\keys\\SM02.bin', 0, "Restore '"),
    };
  })(),
  (() => {
    const text = mutated(
      '### Reinstall the data warehouse management server {step=install-data-warehouse-server}\n',
      '### Reinstall the data warehouse management server {step=install-data-warehouse-server}\n```powershell\n.\\Setup.exe /Install:Datawarehouse /CreateNewDatabase /Silent\n```\n',
    );
    return {
      name: 'install creating a new database',
      code: 'SMDR310',
      text,
      at: rangeOf(text, '/CreateNewDatabase'),
    };
  })(),
  (() => {
    const text = mutated(
      '### Enable CLR {step=enable-clr}\n',
      "### Enable CLR {step=enable-clr}\n```sql\n-- on SQL01\\DW\nEXEC sp_configure 'clr enabled', 1;\n```\n",
    );
    return {
      name: 'database scenario addressing another instance',
      code: 'SMDR311',
      text,
      at: rangeOf(text, 'SQL01\\DW'),
    };
  })(),
  (() => {
    const text = mutated(
      '### Enable CLR {step=enable-clr}\n',
      '### Enable CLR {step=enable-clr}\n```powershell\nInvoke-Sqlcmd -ServerInstance ${servers.SQL02.instance}\n```\n',
    );
    return {
      name: 'placeholder naming another database server',
      code: 'SMDR311',
      text,
      at: rangeOf(text, '${servers.SQL02.instance}'),
    };
  })(),
  (() => {
    const text = mutated(
      '### Restore ServiceManager {step=restore-databases}\n',
      "### Restore ServiceManager {step=restore-databases}\n```sql\nRESTORE DATABASE [DWDataMart] FROM DISK = N'x' WITH RECOVERY;\n```\n",
    );
    return {
      name: 'restore of the wrong databases',
      code: 'SMDR312',
      text,
      at: [rangeOf(text, 'RESTORE DATABASE [DWDataMart]'), rangeOf(text, '```sql')],
    };
  })(),
  (() => {
    const text = mutated(
      '```\n\n### Reinstall the data',
      "```\n```powershell\nWrite-Output 'second'\n```\n\n### Reinstall the data",
    );
    return {
      name: 'two code blocks in one step',
      code: 'SMDR313',
      text,
      at: rangeOf(text, '```powershell', 1),
    };
  })(),
  (() => {
    const text = mutated('{step=backup-key server=SM01}', '{step=backup-key server=SQL01}');
    return {
      name: 'backing up the key of a database server',
      code: 'SMDR314',
      text,
      at: rangeOf(text, 'SQL01', 0, 'backup-key server='),
    };
  })(),
  (() => {
    const text = mutated('{step=backup-key server=SM01}', '{step=backup-key}');
    return {
      name: 'key backup naming no server',
      code: 'SMDR314',
      text,
      at: rangeOf(text, '{step=backup-key}'),
    };
  })(),
  (() => {
    const text = mutated("& (Join-Path ${media} 'Tools", '& "${media}\\Tools');
    return {
      name: 'placeholder inside a double-quoted string',
      code: 'SMDR316',
      text,
      at: rangeOf(text, '${media}'),
    };
  })(),
  (() => {
    const text = mutated("    reportServer: 'http://ssrs01.contoso.local/ReportServer'\n", '');
    return {
      name: 'a generated command missing what it needs from the inventory',
      code: 'SMDR317',
      text,
      at: rangeOf(text, 'step=install-data-warehouse-server'),
    };
  })(),
  (() => {
    const text = `${CONTOSO}\n### More {step=manual}\n\`\`\`sh\necho never closed\n`;
    return { name: 'code block never closed', code: 'SMDR315', text, at: rangeOf(text, '```sh') };
  })(),
  (() => {
    const text = mutated('scsm: 2016\n', '');
    return {
      name: 'no scsm version',
      code: 'SMDR005',
      text,
      at: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    };
  })(),
  (() => {
    const text = mutated('scsm: 2016', 'scsm: 2018');
    return { name: 'scsm version that does not exist', code: 'SMDR003', text, at: rangeOf(text, '2018') };
  })(),
  (() => {
    const text = mutated('smdr: 1\n', `smdr: 1\ndatabaseNames:\n  DWDataMart: ${longName}\n`);
    return { name: 'a mapped database name too long', code: 'SMDR104', text, at: rangeOf(text, longName) };
  })(),
  (() => {
    const text = mutated('smdr: 1\n', 'smdr: 1\ndatabaseNames: { ServiceManager: SM_Prod }\n');
    return {
      name: 'ServiceManager mapped to a name no server hosts',
      code: 'SMDR115',
      text,
      at: rangeOf(text, 'servers'),
    };
  })(),
  (() => {
    const text = mutated("      DWRepository: '\\\\vault01\\dr\\sql\\DWRepository.bak'\n", '').replace(
      "      ServiceManager: '",
      "      DWRepository: '\\\\vault01\\dr\\sql\\DWRepository.bak'\n      ServiceManager: '",
    );
    return {
      name: 'staging and repository on different instances',
      code: 'SMDR121',
      text,
      at: [rangeOf(text, 'DWStagingAndConfig', 0, 'SQL02:'), rangeOf(text, 'DWRepository', 0, 'SQL01:')],
    };
  })(),
  (() => {
    const text = mutated(
      'failed=SM01 strategy=promote target=SM02',
      'failed=SM02 strategy=promote target=SM01',
    );
    return {
      name: 'promotion after an additional server failed',
      code: 'SMDR209',
      text,
      at: rangeOf(text, 'SM02', 0, 'failed=SM02 strategy=promote'),
    };
  })(),
  (() => {
    const text = mutated('    fqdn: sm02.contoso.local\n', '');
    return {
      name: 'promotion target without an fqdn',
      code: 'SMDR210',
      text,
      at: rangeOf(text, 'SM02', 0, 'strategy=promote target='),
    };
  })(),
  (() => {
    const text = mutated('    fqdn: sm02.contoso.local\n', '    fqdn: sm02\n');
    return {
      name: 'promotion target with a short name for fqdn',
      code: 'SMDR210',
      text,
      at: rangeOf(text, 'SM02', 0, 'strategy=promote target='),
    };
  })(),
  (() => {
    const text = mutated(
      "### Restore SM02's key {step=restore-key}\n",
      "### Import the packs {step=import-management-packs}\n\n### Restore SM02's key {step=restore-key}\n",
    );
    return {
      name: 'management packs imported before the server is installed',
      code: 'SMDR303',
      text,
      at: rangeOf(text, 'import-management-packs'),
    };
  })(),
];

describe('rules', () => {
  for (const c of cases) {
    it(`${c.code} ${c.name}`, () => {
      const reported = findings(c.text, c.code);
      const expected = Array.isArray(c.at) ? c.at : [c.at];
      for (const range of expected) {
        const match = reported.find((f) => JSON.stringify(f.range) === JSON.stringify(range));
        assert.ok(
          match,
          `expected ${c.code} at ${JSON.stringify(range)}; got:\n${describeFindings(findings(c.text))}`,
        );
        if (c.severity) assert.equal(match.severity ?? match.rule.severity, c.severity);
        assert.ok(match.message.length > 10, 'the message says something');
      }
    });
  }

  it('every rule of the catalogue has a triggering case', () => {
    // Live findings (SMDR4xx) come from reading servers: test/unit/live.test.ts and test/sql/probe.test.ts.
    const covered = new Set([
      ...cases.map((c) => c.code),
      ...ALL_RULES.filter((r) => r.code.startsWith('SMDR4')).map((r) => r.code),
      // SMDR318 needs a PowerShell: test/powershell/syntax.test.ts, test/lsp/powershell.test.ts.
      'SMDR318',
    ]);
    assert.deepEqual(
      ALL_RULES.map((r) => r.code).filter((code) => !covered.has(code)),
      [],
    );
  });

  it('near misses do not trigger', () => {
    // A promotion target that is an additional management server.
    assert.equal(findings(CONTOSO, 'SMDR205').length, 0);
    // replace with target equal to failed (any case).
    assert.equal(
      findings(edit(CONTOSO, SM02_SECTION, `${SM02_SECTION.slice(0, -1)} target=sm02}`), 'SMDR206').length,
      0,
    );
    // Two key backups of different servers in one preparation section are not duplicates.
    assert.equal(findings(CONTOSO, 'SMDR305').length, 0);
    // A data warehouse section without strategy uses its only strategy.
    assert.equal(findings(edit(CONTOSO, ' strategy=replace}', '}', 2), 'SMDR204').length, 0);
    // The lab's restore names exactly the failed server's databases.
    assert.equal(findings(LAB, 'SMDR312').length, 0);
    // Placeholders into the failed server resolve.
    assert.equal(findings(LAB, 'SMDR307').length, 0);
    // A database renamed at Setup, mapped and hosted under that name, is placed (and quoted as a string).
    const renamed = edit(CONTOSO, "      ServiceManager: '", "      sm_prod: '").replace(
      'smdr: 1\n',
      "smdr: 1\ndatabaseNames: { ServiceManager: 'SM_Prod', DWStagingAndConfig: DW_Staging }\n",
    );
    assert.equal(
      findings(renamed.replace("      DWStagingAndConfig: '", "      DW_Staging: '"), 'SMDR115').length,
      0,
    );
    // Renamed staging next to the repository on the same instance is not split.
    assert.equal(
      findings(renamed.replace("      DWStagingAndConfig: '", "      DW_Staging: '"), 'SMDR121').length,
      0,
    );
    // scsm written as text, and every version, is known.
    for (const v of ["'2019'", '2022', '2025'])
      assert.equal(findings(edit(CONTOSO, 'scsm: 2016', `scsm: ${v}`), 'SMDR003').length, 0, v);
    // The promoted additional server has a qualified FQDN; the failed one is the primary.
    assert.equal(findings(CONTOSO, 'SMDR209').length + findings(CONTOSO, 'SMDR210').length, 0);
    // import-management-packs is optional: leaving it out is no SMDR302.
    assert.equal(findings(LAB, 'SMDR302').length, 0);
  });

  it('a broken front matter does not cascade into inventory rules', () => {
    const text = edit(CONTOSO, 'managementGroup: CONTOSO', 'managementGroup: [CONTOSO');
    const codes = new Set(findings(text).map((f) => f.rule.code));
    assert.deepEqual([...codes], ['SMDR001']);
  });

  it('YAML alias bombs are bounded and reported', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const text = `---\nsmdr: 1\n${bomb.join('\n')}\nservers:\n  SM01: *j\n---\n`;
    const started = performance.now();
    const reported = findings(text, 'SMDR001');
    assert.ok(performance.now() - started < 2000, 'bounded');
    assert.ok(
      reported.some((f) => /aliases/.test(f.message)),
      describeFindings(reported),
    );
  });
});
