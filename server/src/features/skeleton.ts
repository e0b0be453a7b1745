/**
 * The runbook skeleton that completion offers in an empty `*.runbook.md`: the front matter and the
 * three recovery scenarios, as a snippet whose tab stops are the values to fill. The steps come from the
 * procedures themselves; the `<fill: ...>` values follow the New Runbook template's convention.
 */
import { procedureFor } from '../domain/procedures';
import { SCSM_VERSIONS } from '../domain/versions';
import type { ScenarioKind } from '../domain/vocabulary';

const MANAGEMENT = '${3:SM01}';
const DATA_WAREHOUSE = '${6:DW01}';
const DATABASE = '${9:SQL01}';

function section(name: string, scenario: ScenarioKind): string[] {
  const steps = procedureFor(scenario, 'replace')!.steps.filter((s) => s.missingSeverity !== 'optional');
  return [
    `## ${name} fails {scenario=${scenario} failed=${name} strategy=replace}`,
    '',
    ...steps.flatMap((s) => [`### ${s.title} {step=${s.kind}}`, '']),
  ];
}

export function runbookSkeleton(): string {
  const versions = [...SCSM_VERSIONS].reverse().join(',');
  return (
    [
      '---',
      'smdr: 1',
      `scsm: \${1|${versions}|}`,
      "title: '${2:CONTOSO} Service Manager disaster recovery'",
      "managementGroup: '${2:CONTOSO}'",
      'objectives: { rpo: 24h, rto: 4h }',
      "media: '${12:<fill: folder of the installation media>}'",
      "managementPacks: '${13:<fill: folder of the exported unsealed management packs>}'",
      "permissionScripts: '${14:<fill: folder of the saved SQL logins and permissions scripts>}'",
      "sql: { authentication: sql, user: '${16:<fill: SQL login that reads the backups and runs the T-SQL steps>}' }",
      'servers:',
      `  ${MANAGEMENT}:`,
      '    role: management',
      '    primary: true',
      "    fqdn: '${4:<fill: FQDN>}'",
      "    keyBackup: '${5:<fill: encryption key backup, on another computer>}'",
      `  ${DATA_WAREHOUSE}:`,
      '    role: data-warehouse',
      "    fqdn: '${7:<fill: FQDN>}'",
      "    keyBackup: '${8:<fill: encryption key backup, on another computer>}'",
      "    reportServer: '${15:<fill: report server URL>}'",
      `  ${DATABASE}:`,
      '    role: database',
      "    fqdn: '${10:<fill: FQDN>}'",
      '    databases:',
      "      ServiceManager: '${11:<fill: backup file or folder>}'",
      "      DWStagingAndConfig: '<fill: backup file or folder>'",
      "      DWRepository: '<fill: backup file or folder>'",
      "      DWDataMart: '<fill: backup file or folder>'",
      '---',
      '',
      '# ${2:CONTOSO} Service Manager disaster recovery',
      '',
      ...section(MANAGEMENT, 'management-server'),
      ...section(DATA_WAREHOUSE, 'data-warehouse'),
      ...section(DATABASE, 'database'),
    ].join('\n') + '$0'
  );
}
