/** What a rule reports: the pure core's diagnostic, turned into an LSP Diagnostic or CLI output at the edges. */
import type { Range } from '../runbook/source';
import type { Rule, Severity } from './catalog';

/** A quick fix as data: the code-action feature turns it into a workspace edit. */
export interface Fix {
  title: string;
  edits: { range: Range; text: string }[];
}

export function replaceFix(title: string, range: Range, text: string): Fix {
  return { title, edits: [{ range, text }] };
}

export function insertFix(title: string, line: number, text: string): Fix {
  const at = { line, character: 0 };
  return { title, edits: [{ range: { start: at, end: at }, text }] };
}

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
