/** `smdr report`: the drill report of a runbook's journal, as Markdown and printable HTML. */
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { planRunbook } from '../stepScripts/plan';
import { readJournal } from '../journal/reader';
import { journalFolder, journalPath, writeOwnFile } from '../journal/writer';
import { buildReport, reportHtml, reportMarkdown } from '../report/report';
import { parseRunbook } from '../runbook/parse';
import type { Output } from './check';
import { describeIoError, readRunbookFile } from './files';
import { terminalSafe } from './terminalText';
import { oneRunbook, UsageError } from './usage';

export function report(args: string[], out: Output): number {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  const file = oneRunbook(positionals, 'report [--out FOLDER] RUNBOOK');
  const runbook = parseRunbook(readRunbookFile(file));
  const journal = readJournal(journalPath(file));
  // A report of a journal that could not be read would say that nothing ran.
  if (journal.unreadable) throw new UsageError(`cannot read the journal: ${journal.unreadable}`);
  for (const warning of journal.warnings) out.stderr(`smdr: ${terminalSafe(warning)}`);
  const rto = runbook.settings.objectives.rto?.value;
  const model = buildReport(
    basename(file),
    runbook.settings.managementGroup?.value ?? basename(file),
    rto,
    planRunbook(runbook),
    journal.entries,
  );
  const folder = values.out ?? join(dirname(file), '.smdr');
  try {
    journalFolder(folder);
  } catch (error) {
    throw new UsageError(`cannot write the report: ${describeIoError(error)}`);
  }
  const name = basename(file).replace(/\.runbook\.md$/i, '');
  const markdown = join(folder, `${name}.report.md`);
  const html = join(folder, `${name}.report.html`);
  try {
    writeOwnFile(markdown, reportMarkdown(model));
    writeOwnFile(html, reportHtml(model));
  } catch (error) {
    throw new UsageError(`cannot write the report: ${describeIoError(error)}`);
  }
  out.stdout(`${terminalSafe(markdown)}\n${terminalSafe(html)}`);
  return 0;
}
