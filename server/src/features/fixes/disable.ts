/**
 * "Disable SMDRxxx for this line", as ESLint and markdownlint offer it, in the suppression syntax of
 * rules/suppression.ts: a `# smdr-disable-next-line` YAML comment in the front matter, an HTML comment
 * in the Markdown, a disable/enable pair around a code block (a comment inside one would be code), and a
 * file-wide `# smdr-disable` for a finding on the opening `---`, before which nothing can stand.
 */
import { insertFix, type Finding, type Fix } from '../../rules/finding';
import type { Runbook } from '../../runbook/model';

export function disableFix(runbook: Runbook, finding: Finding): Fix | undefined {
  const code = finding.rule.code;
  const line = finding.range.start.line;
  const source = runbook.source;
  const closeLine = runbook.frontMatter?.closeLine;
  const insertBefore = (at: number, text: string) => insertFix('', source, at, `${text}\n`).edits[0]!;
  // An unclosed front matter is no YAML to hold a comment, and swallows the Markdown after it.
  if (runbook.frontMatter && closeLine === undefined) return undefined;
  if (closeLine !== undefined && line === 0) {
    return { title: `Disable ${code} for this file`, edits: [insertBefore(1, `# smdr-disable ${code}`)] };
  }
  const indent = /^[ \t]*/.exec(source.lineText(line))![0];
  if (closeLine !== undefined && line <= closeLine) {
    return {
      title: `Disable ${code} for this line`,
      edits: [insertBefore(line, `${indent}# smdr-disable-next-line ${code}`)],
    };
  }
  const fence = runbook.fences.find((f) => f.startLine < line && line <= f.endLine);
  if (fence) {
    // A `smdr-disable` before the first heading would cover the whole file; an unclosed block has no end.
    const firstHeading = runbook.headings[0]?.line ?? Number.MAX_SAFE_INTEGER;
    if (!fence.closed || fence.startLine < firstHeading) return undefined;
    return {
      title: `Disable ${code} for this code block`,
      edits: [
        insertBefore(fence.startLine, `<!-- smdr-disable ${code} -->`),
        insertBefore(fence.endLine + 1, `<!-- smdr-enable ${code} -->`),
      ],
    };
  }
  return {
    title: `Disable ${code} for this line`,
    edits: [insertBefore(line, `${indent}<!-- smdr-disable-next-line ${code} -->`)],
  };
}
