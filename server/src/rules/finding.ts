/** What a rule reports: the pure core's diagnostic, turned into an LSP Diagnostic or CLI output at the edges. */
import type { Range } from '../runbook/source';
import type { Rule, Severity } from './catalog';

/** Edits a quick fix can make, described as data so that the code-action feature builds them. */
export type Fix =
  | { kind: 'replace'; title: string; range: Range; text: string }
  | { kind: 'insert'; title: string; line: number; text: string }
  | { kind: 'move'; title: string; fromLine: number; toLineExclusive: number; beforeLine: number };

export interface Finding {
  rule: Rule;
  message: string;
  range: Range;
  /** Overrides the rule's severity (SMDR302 is a warning for an expected, not required, step). */
  severity?: Severity;
  fixes?: Fix[];
}

export function severityOf(finding: Finding): Severity {
  return finding.severity ?? finding.rule.severity;
}
