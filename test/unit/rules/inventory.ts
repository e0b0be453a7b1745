/** SMDR101–121: the servers, keys and databases of the inventory (rules/inventory.ts). */
import { joinLines } from '../../markers';
import type { NearMiss, RuleCase } from './case';

const HEAD = ['---', 'smdr: 1', 'scsm: 2016', 'managementGroup: LAB'];
const FOLDERS = ["managementPacks: '\\\\nas01\\mp'", "permissionScripts: '\\\\nas01\\perm'"];
const SM01 = [
  '  SM01:',
  '    role: management',
  '    primary: true',
  "    keyBackup: '\\\\nas01\\keys\\SM01.bin'",
];
const SQL01 = [
  '  SQL01:',
  '    role: database',
  '    databases:',
  "      ServiceManager: '\\\\nas01\\sql\\ServiceManager.bak'",
];

/** A runbook of the head, the folders, and `servers:` followed by the given lines. */
const estate = (...servers: string[]) => joinLines(...HEAD, ...FOLDERS, 'servers:', ...servers, '---', '');
const long = 'D'.repeat(129);

export const cases: RuleCase[] = [
  {
    name: 'computer name with an underscore',
    code: 'SMDR101',
    doc: estate(
      ...SM01,
      '  ⟦SM_02⟧:',
      '    role: management',
      "    keyBackup: '\\\\nas01\\k2.bin'",
      ...SQL01,
    ),
  },
  {
    name: 'computer name all digits',
    code: 'SMDR101',
    doc: estate(...SM01, '  ⟦1234⟧:', '    role: database', ...SQL01.slice(2)),
  },
  {
    name: 'fqdn naming another computer',
    code: 'SMDR102',
    doc: estate(...SM01, '    fqdn: ⟦sm2.lab.local⟧', ...SQL01),
  },
  {
    name: 'fqdn not qualified',
    code: 'SMDR102',
    doc: estate(...SM01, '    fqdn: ⟦sm01⟧', ...SQL01),
  },
  {
    name: 'instance starting with a digit',
    code: 'SMDR103',
    doc: estate(...SM01, ...SQL01.slice(0, 2), '    instance: ⟦1SCSM⟧', ...SQL01.slice(2)),
  },
  {
    name: 'database name too long',
    code: 'SMDR104',
    doc: estate(...SM01, ...SQL01, `      ⟦${long}⟧: '\\\\nas01\\x.bak'`),
  },
  {
    name: 'a mapped database name too long',
    code: 'SMDR104',
    doc: joinLines(
      ...HEAD,
      'databaseNames:',
      `  DWDataMart: ⟦${long}⟧`,
      ...FOLDERS,
      'servers:',
      ...SM01,
      ...SQL01,
      '---',
      '',
    ),
  },
  {
    name: 'no primary',
    code: 'SMDR110',
    doc: estate('  ⟦SM01⟧:', '    role: management', "    keyBackup: '\\\\nas01\\k.bin'", ...SQL01),
  },
  {
    name: 'two primaries',
    code: 'SMDR110',
    doc: estate(
      '  SM01:',
      '    role: management',
      '    primary: ⟦true⟧',
      "    keyBackup: '\\\\nas01\\k1.bin'",
      '  SM02:',
      '    role: management',
      '    primary: ⟦true⟧',
      "    keyBackup: '\\\\nas01\\k2.bin'",
      ...SQL01,
    ),
  },
  {
    name: 'management server without key backup',
    code: 'SMDR111',
    doc: estate(...SM01, '  ⟦SM02⟧:', '    role: management', ...SQL01),
  },
  {
    name: 'two servers share a key file',
    code: 'SMDR112',
    doc: estate(
      '  SM01:',
      '    role: management',
      '    primary: true',
      "    keyBackup: ⟦'\\\\nas01\\keys\\SM01.bin'⟧",
      '  SM02:',
      '    role: management',
      "    keyBackup: ⟦'\\\\nas01\\keys\\SM01.bin'⟧",
      ...SQL01,
    ),
  },
  {
    name: 'key file on the server it protects',
    code: 'SMDR113',
    doc: estate(
      '  SM01:',
      '    role: management',
      '    primary: true',
      '    fqdn: sm01.lab.local',
      "    keyBackup: ⟦'\\\\sm01.lab.local\\c$\\SM01.bin'⟧",
      ...SQL01,
    ),
  },
  {
    name: 'key file on a local path',
    code: 'SMDR113',
    doc: estate(
      '  SM01:',
      '    role: management',
      '    primary: true',
      "    keyBackup: ⟦'C:\\keys\\SM01.bin'⟧",
      ...SQL01,
    ),
  },
  {
    name: 'management server hosting ServiceManager, backed up: a best practice',
    code: 'SMDR114',
    severity: 'warning',
    doc: estate(
      '  SM01:',
      '    role: [management, database]',
      '    primary: true',
      "    keyBackup: '\\\\nas01\\k.bin'",
      '    databases:',
      "      ⟦ServiceManager⟧: '\\\\nas01\\sql\\ServiceManager.bak'",
    ),
  },
  {
    name: 'management server hosting its (renamed) database with no backup: unrecoverable',
    code: 'SMDR114',
    severity: 'error',
    doc: joinLines(
      ...HEAD,
      'databaseNames: { ServiceManager: SM_Prod }',
      ...FOLDERS,
      'servers:',
      '  SM01:',
      '    role: [management, database]',
      '    primary: true',
      "    keyBackup: '\\\\nas01\\k.bin'",
      '    databases:',
      '      ⟦SM_Prod⟧:',
      '---',
      '',
    ),
  },
  {
    name: 'ServiceManager hosted nowhere',
    code: 'SMDR115',
    doc: estate(
      ...SM01,
      '  SQL01:',
      '    role: database',
      '    databases:',
      "      ReportServer: '\\\\nas01\\r.bak'",
    ).replace('servers:', '⟦servers⟧:'),
  },
  {
    name: 'ServiceManager hosted twice',
    code: 'SMDR115',
    doc: estate(
      ...SM01,
      '  SQL01:',
      '    role: database',
      '    databases:',
      "      ⟦ServiceManager⟧: '\\\\nas01\\a.bak'",
      '  SQL02:',
      '    role: database',
      '    databases:',
      "      ⟦ServiceManager⟧: '\\\\nas01\\b.bak'",
    ),
  },
  {
    name: 'ServiceManager mapped to a name no server hosts',
    code: 'SMDR115',
    doc: joinLines(
      ...HEAD,
      'databaseNames: { ServiceManager: SM_Prod }',
      ...FOLDERS,
      '⟦servers⟧:',
      ...SM01,
      ...SQL01,
      '---',
      '',
    ),
  },
  {
    name: 'database without a backup',
    code: 'SMDR116',
    doc: estate(...SM01, '  SQL01:', '    role: database', '    databases:', '      ⟦ServiceManager⟧:'),
  },
  {
    name: 'no management pack folder',
    code: 'SMDR117',
    doc: joinLines(
      '⟦---⟧',
      ...HEAD.slice(1),
      "permissionScripts: '\\\\nas01\\perm'",
      'servers:',
      ...SM01,
      ...SQL01,
      '---',
      '',
    ),
  },
  {
    name: 'no permission scripts folder',
    code: 'SMDR118',
    doc: joinLines(
      '⟦---⟧',
      ...HEAD.slice(1),
      "managementPacks: '\\\\nas01\\mp'",
      'servers:',
      ...SM01,
      ...SQL01,
      '---',
      '',
    ),
  },
  {
    name: 'the same computer twice',
    code: 'SMDR119',
    doc: estate(...SM01, '  ⟦sm01⟧:', '    role: management', "    keyBackup: '\\\\nas01\\k2.bin'", ...SQL01),
  },
  {
    name: 'instance on a management server',
    code: 'SMDR120',
    doc: estate(...SM01, '    ⟦instance⟧: SCSM', ...SQL01),
  },
  {
    name: 'staging and repository on different instances',
    code: 'SMDR121',
    doc: estate(
      ...SM01,
      ...SQL01,
      "      ⟦DWRepository⟧: '\\\\nas01\\sql\\DWRepository.bak'",
      '  SQL02:',
      '    role: database',
      '    databases:',
      "      ⟦DWStagingAndConfig⟧: '\\\\nas01\\sql\\DWStagingAndConfig.bak'",
    ),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'a database renamed at Setup, mapped and hosted under that name, is placed',
    code: 'SMDR115',
    doc: joinLines(
      ...HEAD,
      "databaseNames: { ServiceManager: 'SM_Prod' }",
      ...FOLDERS,
      'servers:',
      ...SM01,
      '  SQL01:',
      '    role: database',
      '    databases:',
      "      sm_prod: '\\\\nas01\\sql\\SM_Prod.bak'",
      '---',
      '',
    ),
  },
  {
    name: 'renamed staging next to the repository on the same instance',
    code: 'SMDR121',
    doc: joinLines(
      ...HEAD,
      'databaseNames: { DWStagingAndConfig: DW_Staging }',
      ...FOLDERS,
      'servers:',
      ...SM01,
      ...SQL01,
      "      DW_Staging: '\\\\nas01\\sql\\DW_Staging.bak'",
      "      DWRepository: '\\\\nas01\\sql\\DWRepository.bak'",
      '---',
      '',
    ),
  },
];
