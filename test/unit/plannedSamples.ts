import type { PlannedStep } from '../../server/src/stepScripts/plan';

/** A planned step that can run (a custom PowerShell command, no problems), with `fields` over it. */
export function plannedStep(fields: Partial<PlannedStep> = {}): PlannedStep {
  return {
    kind: 'custom',
    title: 'T',
    line: 12,
    server: null,
    language: 'powershell',
    command: 'Write-Output 1',
    database: null,
    generated: false,
    destructive: false,
    declaredNotDestructive: false,
    error: null,
    problems: [],
    target: null,
    ...fields,
  };
}
