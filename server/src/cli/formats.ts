/** The three output formats of `smdr check`. Positions are those the language server reports. */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { ALL_RULES, type Severity } from '../rules/catalog';
import { severityOf, type Finding } from '../rules/finding';
import { jsonText, terminalSafe } from './terminalText';

export interface FileReport {
  file: string;
  findings: Finding[];
}

export function formatJson(reports: readonly FileReport[]): string {
  return jsonText(
    reports.map(({ file, findings }) => ({
      file,
      diagnostics: findings.map(diagnosticJson),
    })),
  );
}

export function diagnosticJson(f: Finding) {
  return {
    code: f.rule.code,
    slug: f.rule.slug,
    severity: severityOf(f),
    message: f.message,
    range: f.range,
  };
}

/** Compiler style, one-based, one line each: `file:line:col severity CODE message`. */
export function formatText(reports: readonly FileReport[]): string {
  return reports.flatMap(({ file, findings }) => findings.map((f) => diagnosticLine(file, f))).join('\n');
}

export function diagnosticLine(file: string, f: Finding): string {
  return terminalSafe(
    `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${severityOf(f)} ${f.rule.code} ${f.message}`,
  );
}

const SARIF_LEVEL: Record<Severity, Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function formatSarif(reports: readonly FileReport[], version: string, docsUri: string): string {
  const rules: ReportingDescriptor[] = ALL_RULES.map((rule) => ({
    id: rule.code,
    name: rule.slug,
    shortDescription: { text: rule.title },
    helpUri: `${docsUri}#${rule.code.toLowerCase()}`,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'smdr', version, informationUri: docsUri, rules } },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap(({ file, findings }) =>
          findings.map((f): Result => ({
            ruleId: f.rule.code,
            ruleIndex: ALL_RULES.indexOf(f.rule),
            level: SARIF_LEVEL[severityOf(f)],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.split('\\').join('/') },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return jsonText(log);
}
