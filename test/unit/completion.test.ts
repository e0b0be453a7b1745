/** Completion offers only what fits where it is asked (issue 11). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InsertTextFormat, type Position } from 'vscode-languageserver-types';
import { complete } from '../../server/src/features/completion';
import { parseRunbook } from '../../server/src/runbook/parse';
import { analyze } from '../../server/src/service';
import { HOSTILE_PIECES } from '../hostile';
import { CONTOSO, edit, rangeOf, ROOT } from '../helpers';

const labels = (text: string, position: Position) =>
  complete(parseRunbook(text), position).map((i) => i.label);
const after = (text: string, needle: string, anchor?: string) => rangeOf(text, needle, 0, anchor).end;

/** The text a snippet inserts with every tab stop left at its default (the first choice of a choice). */
function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|}]*)(?:,[^,|}]*)*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('completion: step attributes', () => {
  it('server= on backup-key offers only the servers that have a key', () => {
    const text = edit(CONTOSO, '{step=backup-key server=SM01}', '{step=backup-key server=');
    assert.deepEqual(labels(text, after(text, '{step=backup-key server=')), ['SM01', 'SM02', 'DW01']);
  });

  it('server= on a database step offers the database servers, on a free step every server', () => {
    const text = edit(CONTOSO, '{step=backup-databases}', '{step=backup-databases server=');
    assert.deepEqual(labels(text, after(text, 'backup-databases server=')), ['SQL01', 'SQL02']);
    const manual = edit(CONTOSO, '{step=manual}', '{step=manual server=');
    assert.equal(labels(manual, after(manual, '{step=manual server=')).length, 5);
  });

  it('offers destructive= and its two values', () => {
    const text = edit(CONTOSO, '{step=enable-clr}', '{step=enable-clr server=SQL01 d');
    assert.deepEqual(labels(text, after(text, 'server=SQL01 d')), ['destructive']);
    const value = edit(CONTOSO, '{step=enable-clr}', '{step=enable-clr destructive=');
    assert.deepEqual(labels(value, after(value, 'destructive=')), ['true', 'false']);
  });
});

describe('completion: front-matter values from the schema and the inventory', () => {
  it('offers 1 for smdr and durations for the objectives', () => {
    const smdr = edit(CONTOSO, 'smdr: 1', 'smdr: ');
    assert.deepEqual(labels(smdr, after(smdr, 'smdr: ')), ['1']);
    const rpo = edit(CONTOSO, 'objectives: { rpo: 24h, rto: 4h }', 'objectives:\n  rpo: ');
    assert.deepEqual(labels(rpo, after(rpo, 'rpo: ')), ['30m', '4h', '24h', '7d']);
  });

  it("offers an FQDN in the other servers' domain and a key file beside the other key files", () => {
    const text = edit(CONTOSO, '    fqdn: sm02.contoso.local\n', '    fqdn: \n');
    assert.deepEqual(labels(text, after(text, '    fqdn: ', 'SM02:')), ['sm02.contoso.local']);
    const key = edit(CONTOSO, "    keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'", '    keyBackup: ');
    assert.deepEqual(labels(key, after(key, '    keyBackup: ', 'SM02:')), [
      '\\\\vault01\\dr\\keys\\SM02.bin',
    ]);
  });

  it('offers a database its default name under databaseNames', () => {
    const text = edit(CONTOSO, 'servers:\n', 'databaseNames:\n  ServiceManager: \nservers:\n');
    assert.deepEqual(labels(text, after(text, '  ServiceManager: ')), ['ServiceManager']);
  });

  it('offers no value built from a neighbour that is not one plain YAML word', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 6 }), (pieces) => {
        const domain = `contoso${pieces.join('')}.local`;
        const text = edit(
          edit(CONTOSO, '    fqdn: sm02.contoso.local\n', '    fqdn: \n'),
          'fqdn: sm01.contoso.local',
          `fqdn: ${JSON.stringify(`sm01.${domain}`)}`,
        );
        for (const value of labels(text, after(text, '    fqdn: ', 'SM02:'))) {
          const filled = edit(text, '    fqdn: \n', `    fqdn: ${value}\n`);
          const parsed = parseRunbook(filled).inventory.servers.find((s) => s.name === 'SM02');
          assert.equal(parsed?.fqdn?.value, value);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('completion: an empty runbook', () => {
  it('offers the skeleton as a snippet, replacing a word typed', () => {
    for (const [text, position] of [
      ['', { line: 0, character: 0 }],
      ['\n\n', { line: 1, character: 0 }],
      ['smd', { line: 0, character: 3 }],
    ] as const) {
      const items = complete(parseRunbook(text), position);
      assert.equal(items.length, 1, JSON.stringify(text));
      assert.equal(items[0]!.insertTextFormat, InsertTextFormat.Snippet);
      assert.ok(items[0]!.preselect);
      const textEdit = items[0]!.textEdit as { range: { end: Position } };
      assert.deepEqual(textEdit.range.end, {
        line: position.line,
        character: text.split('\n')[position.line]!.length,
      });
    }
    assert.ok(
      !complete(parseRunbook('Some prose'), { line: 0, character: 4 }).length,
      'not in a runbook with text',
    );
  });

  it('holds the front matter and the three scenarios, which parse with their steps', () => {
    const item = complete(parseRunbook(''), { line: 0, character: 0 })[0]!;
    const text = expand((item.textEdit as { newText: string }).newText);
    const { runbook, findings } = analyze(text);
    assert.deepEqual(
      runbook.sections.map((s) => `${s.scenario?.value} ${s.failed?.value}`),
      ['management-server SM01', 'data-warehouse DW01', 'database SQL01'],
    );
    assert.deepEqual(
      runbook.inventory.servers.map((s) => s.name),
      ['SM01', 'DW01', 'SQL01'],
    );
    const codes = new Set(findings.map((f) => f.rule.code));
    for (const code of ['SMDR001', 'SMDR002', 'SMDR004', 'SMDR207', 'SMDR301', 'SMDR302'])
      assert.ok(!codes.has(code), `${code} in the skeleton`);
    assert.ok(codes.has('SMDR102'), 'the FQDNs are left to fill, and reported until they are');
    // A login is named, left to fill: its T-SQL steps are not said to lack one (SMDR319).
    assert.ok(!codes.has('SMDR319'), 'the T-SQL steps have a login to fill');
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR122' && f.message.includes('sql.user')),
      'the login is reported until it is filled',
    );
  });
});

describe("completion: nothing but the runbook's own in heading attributes", () => {
  it("turns VS Code's word list off in Markdown, where the runbook's completion answers", () => {
    // VS Code asks the word-based provider only when the providers of the document answer nothing:
    // without this, Ctrl+Space in a heading attribute lists the document's words. (The front matter
    // is embedded YAML to VS Code, so `[yaml]` settings rule there: this does not reach it.)
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configurationDefaults?: Record<string, Record<string, unknown>> };
    };
    assert.equal(
      manifest.contributes.configurationDefaults?.['[markdown]']?.['editor.wordBasedSuggestions'],
      'off',
    );
  });
});
