/** Quick fixes: every fix a finding carries, for the findings that touch the requested range. */
import type { Finding } from '../rules/finding';
import type { Range } from '../runbook/source';

export interface QuickFix {
  title: string;
  finding: Finding;
  edits: { range: Range; text: string }[];
  isPreferred: boolean;
}

function overlaps(a: Range, b: Range): boolean {
  const startsAfter =
    a.start.line > b.end.line || (a.start.line === b.end.line && a.start.character > b.end.character);
  const endsBefore =
    a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character);
  return !startsAfter && !endsBefore;
}

export function quickFixes(findings: readonly Finding[], range: Range): QuickFix[] {
  return findings
    .filter((finding) => finding.fixes?.length && overlaps(finding.range, range))
    .flatMap((finding) =>
      finding.fixes!.map((fix, index) => ({
        title: fix.title,
        finding,
        edits: fix.edits,
        isPreferred: index === 0 && finding.fixes!.length === 1,
      })),
    );
}
