/** SMDR317: a step whose command cannot be generated from the inventory (rules/generation.ts). */
import type { NearMiss, RuleCase } from './case';
import { runbook } from './estate';

const DW01 = [
  '## DW01 fails {scenario=data-warehouse failed=DW01 strategy=replace}',
  '### Same computer name {step=same-name-computer}',
  "### Restore DW01's key {step=restore-key}",
];

export const cases: RuleCase[] = [
  {
    name: 'a generated command missing what it needs from the inventory',
    code: 'SMDR317',
    doc: runbook(...DW01, '### Reinstall {⟦step=install-data-warehouse-server⟧}').replace(
      "    reportServer: 'http://ssrs01.lab.local/ReportServer'\n",
      '',
    ),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'the same step with a report server in the inventory',
    code: 'SMDR317',
    doc: runbook(...DW01, '### Reinstall {step=install-data-warehouse-server}'),
  },
];
