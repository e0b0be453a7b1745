/**
 * The runbook's snippets: offered by completion only where a section or step can start, only in
 * runbooks (the manifest contributes none to Markdown), and each one valid once inserted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { procedureFor } from '../../server/src/domain/procedures';
import { complete } from '../../server/src/features/completion';
import { RUNBOOK_SNIPPETS } from '../../server/src/features/snippets';
import type { Finding } from '../../server/src/rules/finding';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, edit, findings, ROOT } from '../helpers';

const severity = (f: Finding) => f.severity ?? f.rule.severity;

/** A snippet's text as inserted with every default taken: `${1:x}` is x, `${1|a,b|}` is a, `$0` nothing. */
function expand(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|}]*)(?:,[^,|}]*)*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\(.)/g, '$1');
}

/** What completion offers with the cursor at the end of the line that holds `needle`'s first line. */
function snippetsAt(text: string, needle: string): CompletionItem[] {
  const line = text.slice(0, text.indexOf(needle)).split('\n').length - 1;
  const character = text.split('\n')[line]!.length;
  return complete(parseRunbook(text), { line, character }).filter((i) => i.label.startsWith('smdr-'));
}

const prefixes = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const SECTIONS = RUNBOOK_SNIPPETS.filter((s) => s.place === 'section').map((s) => s.prefix);
const STEPS = RUNBOOK_SNIPPETS.filter((s) => s.place === 'step').map((s) => s.prefix);

describe('snippets', () => {
  it('are a section of each scenario kind and strategy, and steps', () => {
    assert.deepEqual([...SECTIONS].sort(), [
      'smdr-scenario-data-warehouse',
      'smdr-scenario-database',
      'smdr-scenario-management-promote',
      'smdr-scenario-management-replace',
      'smdr-scenario-preparation',
    ]);
    assert.deepEqual([...STEPS].sort(), ['smdr-step', 'smdr-step-custom', 'smdr-step-manual']);
  });

  it('are offered at the start of a line: sections anywhere in the body, steps inside a scenario', () => {
    const beforeSections = edit(CONTOSO, 'This runbook is checked', 'smdr\n\nThis runbook is checked');
    assert.deepEqual(prefixes(snippetsAt(beforeSections, 'smdr\n\nThis')), [...SECTIONS].sort());
    const inSection = edit(CONTOSO, '### Tell the service desk', 'smdr-st\n\n### Tell the service desk');
    assert.deepEqual(prefixes(snippetsAt(inSection, 'smdr-st\n')), [...SECTIONS, ...STEPS].sort());
    // What was typed is replaced, from the start of the line.
    const item = snippetsAt(inSection, 'smdr-st\n').find((i) => i.label === 'smdr-step')!;
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    assert.ok(item.textEdit && 'range' in item.textEdit);
    assert.equal(item.textEdit.range.start.character, 0);
    assert.equal(item.textEdit.range.end.character, 'smdr-st'.length);
  });

  it('smdr-step offers only the step kinds its section allows', () => {
    const text = edit(CONTOSO, '### Tell the service desk', '\n\n### Tell the service desk');
    const item = snippetsAt(text, '\n\n### Tell the service desk').find((i) => i.label === 'smdr-step');
    const choice = /\{step=\$\{2\|([^|]+)\|\}\}/.exec(item!.textEdit!.newText)![1]!.split(',');
    assert.deepEqual(choice, procedureFor('database', 'replace')!.allowed);
    assert.ok(!choice.includes('restore-key'));
  });

  it('are not offered in the front matter, a code block, heading attributes, or amid text', () => {
    const places: [string, string, string][] = [
      ['front matter', 'sql: {', 'smdr\nsql: {'],
      ['code block', '### Tell the service desk', '### Tell the service desk\n```sh\nsmdr\n```'],
      ['attributes', '{step=manual}', '{step=manual smdr}'],
      ['after text', 'Send the all-clear', 'Send smdr the all-clear'],
    ];
    for (const [where, from, to] of places) {
      const text = edit(CONTOSO, from, to);
      const needle = to.slice(0, to.indexOf('smdr') + 4);
      assert.deepEqual(prefixes(snippetsAt(text, needle)), [], where);
    }
  });

  it('each scenario section, added to a runbook, is complete: no error and no step problem', () => {
    const runbook = edit(CONTOSO, '\n# ', '\n<!-- smdr-disable SMDR208 -->\n\n# ');
    for (const snippet of RUNBOOK_SNIPPETS.filter((s) => s.place === 'section')) {
      const all = findings(`${runbook.trimEnd()}\n\n${expand(snippet.body([]).join('\n'))}\n`);
      const bad = all.filter((f) => severity(f) === 'error' || /^SMDR3/.test(f.rule.code));
      assert.deepEqual(
        bad.map((f) => `${f.rule.code} ${f.message}`),
        [],
        snippet.prefix,
      );
    }
  });

  it('a custom step with its code block runs as written', () => {
    const custom = RUNBOOK_SNIPPETS.find((s) => s.prefix === 'smdr-step-custom')!;
    const runbook = `${CONTOSO.trimEnd()}\n\n${expand(custom.body([]).join('\n'))}\n`;
    assert.deepEqual(
      findings(runbook).map((f) => f.rule.code),
      [],
    );
  });

  it('are not contributed to Markdown by the manifest: other Markdown files never see them', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.contributes.snippets, undefined);
  });
});
