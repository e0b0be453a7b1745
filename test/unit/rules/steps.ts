/** SMDR301–306, 313–315: the steps of each section, their kinds, order and blocks (rules/steps.ts). */
import type { NearMiss, RuleCase } from './case';
import { runbook } from './estate';

const SQL01 = '## SQL01 fails {scenario=database failed=SQL01}';
const SQL01_STEPS = [
  '### Same computer and instance name {step=same-name-computer}',
  '### Restore ServiceManager {step=restore-databases}',
  '### Enable CLR {step=enable-clr}',
  '### Restore logins and permissions {step=restore-permissions}',
];
const SM02 = '## SM02 fails {scenario=management-server failed=SM02 strategy=replace}';

export const cases: RuleCase[] = [
  {
    name: 'step of another scenario',
    code: 'SMDR301',
    doc: runbook(SQL01, ...SQL01_STEPS, '### Restore the key {step=⟦restore-key⟧}'),
  },
  {
    name: 'step kind that does not exist',
    code: 'SMDR301',
    doc: runbook(SQL01, ...SQL01_STEPS, '### Enable it {step=⟦enable-clrr⟧}'),
  },
  {
    name: 'required step missing',
    code: 'SMDR302',
    severity: 'error',
    doc: runbook(
      '## ⟦SQL01 fails⟧ {scenario=database failed=SQL01}',
      ...SQL01_STEPS.filter((s) => !s.includes('enable-clr')),
    ),
  },
  {
    name: 'expected step missing',
    code: 'SMDR302',
    severity: 'warning',
    doc: runbook(
      '## ⟦SM01 fails: promote SM02⟧ {scenario=management-server failed=SM01 strategy=promote target=SM02}',
      '### Prepare SM02 {step=prepare-secondary}',
      '### Make SM02 the workflow server {step=promote-workflow-server}',
      '### Start the services on SM02 {step=restart-services}',
    ),
  },
  {
    name: 'install before restore-key',
    code: 'SMDR303',
    doc: runbook(
      SM02,
      '### Same computer name {step=same-name-computer}',
      '### Reinstall the management server {step=⟦install-management-server⟧}',
      "### Restore SM02's key {step=restore-key}",
    ),
  },
  {
    name: 'management packs imported before the server is installed',
    code: 'SMDR303',
    doc: runbook(
      SM02,
      '### Same computer name {step=same-name-computer}',
      '### Import the packs {step=⟦import-management-packs⟧}',
      "### Restore SM02's key {step=restore-key}",
      '### Reinstall the management server {step=install-management-server}',
    ),
  },
  {
    name: 'step outside any scenario',
    code: 'SMDR304',
    doc: runbook('# Recovery', '', '### A stray step {⟦step=manual⟧}', '', SQL01, ...SQL01_STEPS),
  },
  {
    name: 'the same step twice',
    code: 'SMDR305',
    doc: runbook(SQL01, ...SQL01_STEPS, '### Again {step=⟦enable-clr⟧}'),
  },
  {
    name: 'custom step without a command',
    code: 'SMDR306',
    doc: runbook(SQL01, ...SQL01_STEPS, '### ⟦Check the console⟧ {step=custom}'),
  },
  {
    name: 'two code blocks in one step',
    code: 'SMDR313',
    doc: runbook(
      SQL01,
      ...SQL01_STEPS,
      '### Tell the desk {step=custom}',
      '```powershell',
      "Write-Output 'first'",
      '```',
      '⟦```powershell⟧',
      "Write-Output 'second'",
      '```',
    ),
  },
  {
    name: 'backing up the key of a database server',
    code: 'SMDR314',
    doc: runbook(
      '## Before anything fails {scenario=preparation}',
      '### Back up a key {step=backup-key server=⟦SQL01⟧}',
    ),
  },
  {
    name: 'key backup naming no server',
    code: 'SMDR314',
    doc: runbook('## Before anything fails {scenario=preparation}', '### Back up a key ⟦{step=backup-key}⟧'),
  },
  {
    name: 'code block never closed',
    code: 'SMDR315',
    doc: runbook(SQL01, ...SQL01_STEPS, '### More {step=manual}', '⟦```sh⟧', 'echo never closed'),
  },
];

export const nearMisses: NearMiss[] = [
  {
    name: 'key backups of two servers in one preparation section',
    code: 'SMDR305',
    doc: runbook(
      '## Before anything fails {scenario=preparation}',
      '### Back up SM01 {step=backup-key server=SM01}',
      '### Back up SM02 {step=backup-key server=SM02}',
    ),
  },
  {
    name: 'import-management-packs is optional',
    code: 'SMDR302',
    doc: runbook(SQL01, ...SQL01_STEPS),
  },
];
