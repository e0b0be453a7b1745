/**
 * Suppression comments, as linter users expect them:
 *   <!-- smdr-disable SMDR207 -->  ...  <!-- smdr-enable SMDR207 -->
 *   <!-- smdr-disable-next-line SMDR116 -->
 * Codes or slugs, separated by spaces or commas; none means every rule. In the front matter the same
 * words work as full-line YAML comments (`# smdr-disable-next-line SMDR116`). A `smdr-disable` that
 * stands before the first heading (front matter included) covers the whole file from its first line,
 * since the front matter itself cannot be preceded by a comment.
 */
import type { Runbook } from '../runbook/model';
import { ruleByCode, ALL_RULES } from './catalog';
import type { Finding } from './finding';

interface Directive {
  verb: 'disable' | 'enable' | 'disable-next-line';
  line: number;
  /** Codes; empty means all. */
  codes: string[];
}

const DIRECTIVE = /^smdr-(disable-next-line|disable|enable)\b(.*)$/;
const YAML_DIRECTIVE = /^\s*#\s*(smdr-(?:disable-next-line|disable|enable)\b.*)$/;

function directive(text: string, line: number): Directive | undefined {
  const match = DIRECTIVE.exec(text.trim());
  if (!match) return undefined;
  const codes = match[2]!
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(
      (word) =>
        ruleByCode(word)?.code ??
        ALL_RULES.find((r) => r.slug === word.toLowerCase())?.code ??
        word.toUpperCase(),
    );
  return { verb: match[1] as Directive['verb'], line, codes };
}

function directives(runbook: Runbook): Directive[] {
  const found: Directive[] = [];
  const closeLine = runbook.frontMatter?.closeLine;
  if (closeLine !== undefined) {
    for (let line = 1; line < closeLine; line++) {
      const yaml = YAML_DIRECTIVE.exec(runbook.source.lineText(line));
      const d = yaml && directive(yaml[1]!, line);
      if (d) found.push(d);
    }
  }
  for (const comment of runbook.comments) {
    const d = directive(comment.text, comment.line);
    if (d) found.push(d);
  }
  return found.sort((a, b) => a.line - b.line);
}

export function applySuppressions(runbook: Runbook, findings: Finding[]): Finding[] {
  const all = directives(runbook);
  if (all.length === 0) return findings;
  const firstHeading = runbook.headings[0]?.line ?? Number.MAX_SAFE_INTEGER;
  const source = runbook.source;
  const nextLine = (line: number): number => {
    let next = line + 1;
    while (next < source.lineCount - 1 && source.lineText(next).trim() === '') next++;
    return next;
  };
  const suppressed = (code: string, line: number): boolean => {
    let off = false;
    for (const d of all) {
      const applies = d.codes.length === 0 || d.codes.includes(code);
      if (!applies) continue;
      if (d.verb === 'disable-next-line') {
        if (nextLine(d.line) === line) return true;
        continue;
      }
      const from = d.verb === 'disable' && d.line < firstHeading ? 0 : d.line;
      if (from > line) break;
      off = d.verb === 'disable';
    }
    return off;
  };
  return findings.filter((f) => !suppressed(f.rule.code, f.range.start.line));
}
