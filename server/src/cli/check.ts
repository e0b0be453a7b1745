/** `smdr check`: the language server's diagnostics for files on disk. */
import { parseArgs } from 'node:util';
import { analyze } from '../service';
import { cliSyntaxCheck } from '../powershell/cli';
import { severityOf } from '../rules/finding';
import { readRunbookFile, runbookFiles } from './files';
import { formatJson, formatSarif, formatText, type FileReport } from './formats';
import { terminalSafe } from './terminalText';
import { UsageError } from './usage';

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export function check(args: string[], out: Output, version: string, docsUri: string): number {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' } },
    allowPositionals: true,
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format '${values.format}': use text, json or sarif`);
  if (positionals.length === 0)
    throw new UsageError('check needs a runbook file or a folder: smdr check PATH...');
  const files = runbookFiles(positionals, (skipped) => out.stderr(`smdr: ${terminalSafe(skipped)}`));
  const texts = files.map((file) => readRunbookFile(file));
  // One PowerShell parses every PowerShell block of the run (SMDR318); stderr says when there is none.
  const powershell = cliSyntaxCheck(texts, out.stderr);
  const reports: FileReport[] = files.map((file, i) => ({
    file,
    findings: analyze(texts[i]!, {}, powershell).findings,
  }));
  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => severityOf(f) === 'error').length;
  if (format === 'json') out.stdout(formatJson(reports));
  else if (format === 'sarif') out.stdout(formatSarif(reports, version, docsUri));
  else {
    const text = formatText(reports);
    if (text) out.stdout(text);
    const warnings = all.filter((f) => severityOf(f) === 'warning').length;
    out.stderr(
      `${reports.length} runbook(s) checked: ${errors} error(s), ${warnings} warning(s), ${all.length - errors - warnings} other.`,
    );
  }
  return errors > 0 ? 1 : 0;
}
