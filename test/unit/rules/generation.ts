/**
 * SMDR317: a step whose command cannot be generated from the inventory; SMDR319: a T-SQL step while
 * the runbook names no SQL login (rules/generation.ts).
 */
import type { NearMiss, RuleCase } from './case';
import { runbook } from './estate';

const DW01 = [
  '## DW01 fails {scenario=data-warehouse failed=DW01 strategy=replace}',
  '### Same computer name {step=same-name-computer}',
  "### Restore DW01's key {step=restore-key}",
];
const SQL01 = ['## SQL01 fails {scenario=database failed=SQL01}'];
const PROMOTE = [
  '## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=SM02}',
  '### Prepare SM02 {step=prepare-secondary}',
];
/** The estate (which has no `sql:`) with `sql` set to `value`, at the end of its front matter. */
const withSql = (value: string, ...body: string[]) =>
  runbook(...body).replace('\n---\n\n', `\nsql: ${value}\n---\n\n`);

export const cases: RuleCase[] = [
  {
    name: 'a generated command missing what it needs from the inventory',
    code: 'SMDR317',
    doc: runbook(...DW01, '### Reinstall {⟦step=install-data-warehouse-server⟧}').replace(
      "    reportServer: 'http://ssrs01.lab.local/ReportServer'\n",
      '',
    ),
  },
  {
    name: 'a sql code block, and no sql: at all',
    code: 'SMDR319',
    severity: 'warning',
    doc: runbook(...SQL01, '### Check {⟦step=custom⟧}', '```sql', 'SELECT @@SERVERNAME;', '```'),
  },
  {
    name: 'generated T-SQL steps (restore, CLR, promotion) with a sql: that names no user',
    code: 'SMDR319',
    doc: withSql(
      '{ authentication: sql, encrypt: true }',
      ...SQL01,
      '### Same computer and instance name {step=same-name-computer}',
      '### Restore {⟦step=restore-databases⟧}',
      '### CLR {⟦step=enable-clr⟧}',
      ...PROMOTE,
      '### Promote {⟦step=promote-workflow-server⟧}',
    ),
  },
  ...["{ authentication: sql, user: '  ' }", '{ authentication: sql, user: 42 }'].map((sql) => ({
    name: `a user that is blank or no text: ${sql}`,
    code: 'SMDR319',
    doc: withSql(sql, ...SQL01, '### Check {⟦step=custom⟧}', '```tsql', 'SELECT 1;', '```'),
  })),
  {
    name: 'a sql block whose placeholder names nothing (SMDR307 stands beside it)',
    code: 'SMDR319',
    doc: runbook(...SQL01, '### Check {⟦step=custom⟧}', '```sql', 'SELECT ${failed.nope};', '```'),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'the same step with a report server in the inventory',
    code: 'SMDR317',
    doc: runbook(...DW01, '### Reinstall {step=install-data-warehouse-server}'),
  },
  {
    name: 'T-SQL steps with a login',
    code: 'SMDR319',
    doc: withSql(
      '{ authentication: sql, user: smdr-reader }',
      ...SQL01,
      '### Restore {step=restore-databases}',
      '### Check {step=custom}',
      '```sql',
      'SELECT 1;',
      '```',
    ),
  },
  {
    name: 'PowerShell and sh steps, generated or written, without a login',
    code: 'SMDR319',
    doc: runbook(
      ...SQL01,
      '### Same computer and instance name {step=same-name-computer}',
      '### Permissions {step=restore-permissions}',
      '### Check {step=custom}',
      '```sh',
      "echo 'sql'",
      '```',
    ),
  },
  {
    // It cannot be built (SMDR317 says why): there is no T-SQL to refuse.
    name: 'a generated T-SQL step that cannot be built',
    code: 'SMDR319',
    doc: runbook(...PROMOTE, '### Promote {step=promote-workflow-server}').replace(
      '    fqdn: sm02.lab.local\n',
      '',
    ),
  },
];
