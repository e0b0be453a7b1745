/**
 * The snippets of a runbook: a scenario section of each kind and strategy, and a step. Offered by
 * completion where a section or a step can start, and only in runbooks: a `contributes.snippets` file
 * would offer them in every Markdown file, and VS Code would list them inside `{...}` attributes too.
 * Their text is fixed (no runbook value in it), so nothing written in a runbook can become snippet syntax.
 */
import type { StepKind } from '../domain/vocabulary';

export interface RunbookSnippet {
  prefix: string;
  description: string;
  /** Where it may go: anywhere a heading may start, or inside a scenario section only. */
  place: 'section' | 'step';
  /** The snippet's lines; `kinds` are the step kinds allowed where it is inserted. */
  body: (kinds: readonly StepKind[]) => string[];
}

const scenario = (
  prefix: string,
  description: string,
  heading: string,
  steps: readonly string[],
): RunbookSnippet => ({
  prefix,
  description,
  place: 'section',
  body: () => [heading, '', ...steps.flatMap((step, i) => (i ? ['', step] : [step])), '$0'],
});

export const RUNBOOK_SNIPPETS: readonly RunbookSnippet[] = [
  scenario(
    'smdr-scenario-management-replace',
    'A management server rebuilt under its own name: same name, its key restored, Setup again',
    '## ${1:SM01} fails {scenario=management-server failed=${1:SM01} strategy=replace}',
    [
      '### Same computer name {step=same-name-computer}',
      '### Restore the encryption key {step=restore-key}',
      '### Reinstall the management server {step=install-management-server}',
    ],
  ),
  scenario(
    'smdr-scenario-management-promote',
    'The primary management server fails and an additional management server takes over the workflows',
    '## ${1:SM01} fails: promote ${2:SM02} {scenario=management-server failed=${1:SM01} strategy=promote target=${2:SM02}}',
    [
      '### Prepare ${2:SM02} {step=prepare-secondary}',
      '### Make ${2:SM02} the workflow server {step=promote-workflow-server}',
      '### Start the services on ${2:SM02} {step=restart-services}',
      '### Add a new additional management server {step=install-additional-server}',
    ],
  ),
  scenario(
    'smdr-scenario-data-warehouse',
    'The data warehouse management server rebuilt under its own name',
    '## ${1:DW01} fails {scenario=data-warehouse failed=${1:DW01} strategy=replace}',
    [
      '### Same computer name {step=same-name-computer}',
      '### Restore the encryption key {step=restore-key}',
      '### Reinstall the data warehouse management server {step=install-data-warehouse-server}',
    ],
  ),
  scenario(
    'smdr-scenario-database',
    'A database server rebuilt with the same computer and instance name, its databases restored',
    '## ${1:SQL01} fails {scenario=database failed=${1:SQL01}}',
    [
      '### Same computer and instance name {step=same-name-computer}',
      '### Restore the databases {step=restore-databases}',
      '### Enable CLR {step=enable-clr}',
      '### Restore logins and permissions {step=restore-permissions}',
    ],
  ),
  scenario(
    'smdr-scenario-preparation',
    'What to do before a failure: key backups, database backups, management packs, permissions',
    '## Before a failure {scenario=preparation}',
    [
      '### Back up the key of ${1:SM01} {step=backup-key server=${1:SM01}}',
      '### Back up the databases {step=backup-databases}',
      '### Export the unsealed management packs {step=export-management-packs}',
      '### Script the SQL logins and permissions {step=script-permissions}',
    ],
  ),
  {
    prefix: 'smdr-step',
    description: 'A recovery step of a kind this section allows: its kind decides the command SMDR generates',
    place: 'step',
    body: (kinds) => [`### \${1:Title} {step=\${2|${kinds.join(',')}|}}`, '$0'],
  },
  {
    prefix: 'smdr-step-custom',
    description:
      'A custom step: its code block is what runs (placeholders such as ${media} become quoted literals)',
    place: 'step',
    body: () => [
      '### ${1:Title} {step=custom}',
      '${2:What this step does and why.}',
      '```${3|powershell,sql,sh|}',
      '${0:Get-Service -Name HealthService}',
      '```',
    ],
  },
  {
    prefix: 'smdr-step-manual',
    description: 'A checklist item the operator marks done',
    place: 'step',
    body: () => ['### ${1:Title} {step=manual}', '${0:What to do, and how to tell it is done.}'],
  },
];
