/** Findings and features in LSP's shapes. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
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
    message: finding.message,
    data: { slug: finding.rule.slug },
  };
}
