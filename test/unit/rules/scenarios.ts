/** SMDR201–210: the recovery sections, their failed server, strategy and target (rules/scenarios.ts). */
import type { NearMiss, RuleCase } from './case';
import { runbook } from './estate';

export const cases: RuleCase[] = [
  {
    name: 'unknown scenario',
    code: 'SMDR201',
    doc: runbook('## SQL01 fails {scenario=⟦databse⟧ failed=SQL01}'),
  },
  {
    name: 'failed server not in the inventory',
    code: 'SMDR202',
    doc: runbook('## SQL03 fails {scenario=database failed=⟦SQL03⟧}'),
  },
  { name: 'failed missing', code: 'SMDR202', doc: runbook('## SQL01 fails ⟦{scenario=database}⟧') },
  {
    name: 'failed server of another role',
    code: 'SMDR203',
    doc: runbook('## DW01 fails {scenario=database failed=⟦DW01⟧}'),
  },
  {
    name: 'promoting a data warehouse server',
    code: 'SMDR204',
    doc: runbook('## DW01 fails {scenario=data-warehouse failed=DW01 strategy=⟦promote⟧}'),
  },
  {
    name: 'management server without a strategy',
    code: 'SMDR204',
    doc: runbook('## SM02 fails ⟦{scenario=management-server failed=SM02}⟧'),
  },
  {
    name: 'promoting the failed server',
    code: 'SMDR205',
    doc: runbook('## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=⟦SM01⟧}'),
  },
  {
    name: 'promotion without target',
    code: 'SMDR205',
    doc: runbook('## SM01 fails ⟦{scenario=management-server failed=SM01 strategy=promote}⟧'),
  },
  {
    name: 'promoting a database server',
    code: 'SMDR205',
    doc: runbook('## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=⟦SQL01⟧}'),
  },
  {
    name: 'replacement with another name',
    code: 'SMDR206',
    doc: runbook('## SM02 fails {scenario=management-server failed=SM02 strategy=replace ⟦target=SM03⟧}'),
  },
  {
    name: 'server without a recovery section',
    code: 'SMDR207',
    doc: runbook('## SM01 fails {scenario=management-server failed=SM01 strategy=replace}').replace(
      '  SQL02:',
      '  ⟦SQL02⟧:',
    ),
  },
  {
    name: 'two sections for one failure',
    code: 'SMDR208',
    doc: runbook(
      '## SM02 fails {scenario=management-server failed=SM02 strategy=replace}',
      '',
      '## ⟦SM02 fails again⟧ {scenario=management-server failed=SM02 strategy=replace}',
    ),
  },
  {
    name: 'promotion after an additional server failed',
    code: 'SMDR209',
    doc: runbook('## SM02 fails {scenario=management-server failed=⟦SM02⟧ strategy=promote target=SM01}'),
  },
  {
    name: 'promotion target without an fqdn',
    code: 'SMDR210',
    doc: runbook(
      '## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=⟦SM02⟧}',
    ).replace('    fqdn: sm02.lab.local\n', ''),
  },
  {
    name: 'promotion target with a short name for fqdn',
    code: 'SMDR210',
    doc: runbook(
      '## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=⟦SM02⟧}',
    ).replace('fqdn: sm02.lab.local', 'fqdn: sm02'),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'promoting an additional management server with a qualified FQDN',
    code: 'SMDR205',
    doc: runbook('## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=SM02}'),
  },
  {
    name: 'a replacement whose target is the failed server in another case',
    code: 'SMDR206',
    doc: runbook('## SM02 fails {scenario=management-server failed=SM02 strategy=replace target=sm02}'),
  },
  {
    name: 'a data warehouse section without strategy uses its only strategy',
    code: 'SMDR204',
    doc: runbook('## DW01 fails {scenario=data-warehouse failed=DW01}'),
  },
  ...['SMDR209', 'SMDR210'].map((code) => ({
    name: 'the failed server is the primary; the target has a qualified FQDN',
    code,
    doc: runbook('## SM01 fails {scenario=management-server failed=SM01 strategy=promote target=SM02}'),
  })),
];
