/** Shared helpers for the tests: fixtures, mutations, ranges by needle, edits. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import type { Finding } from '../server/src/rules/finding';
import { analyze } from '../server/src/service';

export const ROOT = join(__dirname, '..');
export const CONTOSO = readFileSync(join(ROOT, 'examples', 'contoso.runbook.md'), 'utf8');
export const LAB = readFileSync(join(ROOT, 'examples', 'lab.runbook.md'), 'utf8');

/** Replaces the `nth` occurrence of `from` (which must exist) with `to`. */
export function edit(text: string, from: string, to: string, nth = 0): string {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(from, index + 1);
    assert.ok(index >= 0, `fixture does not contain ${JSON.stringify(from)} (occurrence ${nth})`);
  }
  return text.slice(0, index) + to + text.slice(index + from.length);
}

/** The range of the `nth` occurrence of `needle`, optionally searched after `after`. */
export function rangeOf(text: string, needle: string, nth = 0, after?: string): Range {
  let index = after ? text.indexOf(after) : -1;
  assert.ok(!after || index >= 0, `fixture does not contain ${JSON.stringify(after)}`);
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `fixture does not contain ${JSON.stringify(needle)} (occurrence ${nth})`);
  }
  const document = TextDocument.create('test:', 'markdown', 0, text);
  return { start: document.positionAt(index), end: document.positionAt(index + needle.length) };
}

export function findings(text: string, code?: string): Finding[] {
  return analyze(text).findings.filter((f) => !code || f.rule.code === code);
}

export function applyEdits(text: string, edits: { range: Range; text: string }[]): string {
  const document = TextDocument.create('test:', 'markdown', 0, text);
  return TextDocument.applyEdits(
    document,
    edits.map((e) => ({ range: e.range, newText: e.text })),
  );
}

export function describeFindings(list: readonly Finding[]): string {
  return list
    .map((f) => `${f.rule.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`)
    .join('\n');
}
