/** Findings and features in LSP's shapes. */
import {
  DiagnosticSeverity,
  TextEdit,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { showHidden } from '../runbook/hiddenCharacters';
import type { Range } from '../runbook/source';
import type { Severity } from '../rules/catalog';
import type { Finding } from '../rules/finding';
import { severityOf } from '../rules/finding';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `docsBase` is where docs/rules.md is; each rule has an anchor named by its code in lower case. */
export function toDiagnostic(finding: Finding, docsBase: string): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[severityOf(finding)],
    code: finding.rule.code,
    codeDescription: { href: `${docsBase}#${finding.rule.code.toLowerCase()}` },
    source: 'smdr',
    // A message quotes runbook text: what hides in it is shown by code point, as the CLI shows it.
    message: showHidden(finding.message),
    data: { slug: finding.rule.slug },
  };
}

/** The core's edits of one document (a quick fix, a rename) as LSP's workspace edit. */
export function toWorkspaceEdit(
  uri: string,
  edits: readonly { range: Range; text: string }[],
): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => TextEdit.replace(e.range, e.text)) } };
}
