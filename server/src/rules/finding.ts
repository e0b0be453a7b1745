/** What a rule reports: the pure core's diagnostic, turned into an LSP Diagnostic or CLI output at the edges. */
import type { Range, SourceText } from '../runbook/source';
import type { Rule, Severity } from './catalog';

/** A quick fix as data: the code-action feature turns it into a workspace edit. */
export interface Fix {
  title: string;
  edits: { range: Range; text: string }[];
}

export function replaceFix(title: string, range: Range, text: string): Fix {
  return { title, edits: [{ range, text }] };
}

/** Inserts whole lines before `line`; past the end of the text, they are appended on lines of their own. */
export function insertFix(title: string, source: SourceText, line: number, text: string): Fix {
  const at = source.startOfLine(line);
  const newline = line >= source.lineCount && at.character > 0 ? '\n' : '';
  return { title, edits: [{ range: { start: at, end: at }, text: newline + text }] };
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
