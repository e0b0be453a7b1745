/**
 * The injection grammar, tokenized by vscode-textmate (VS Code's own engine) over a small stand-in
 * for the Markdown grammar: headings and fenced code, the two places the injection must reach.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from '../helpers';

const MARKDOWN = {
  scopeName: 'text.html.markdown',
  patterns: [
    {
      match: '^(#{1,6})\\s+(.*)$',
      name: 'markup.heading.markdown',
      captures: {
        1: { name: 'punctuation.definition.heading.markdown' },
        2: { name: 'entity.name.section.markdown', patterns: [{ include: '$self' }] },
      },
    },
    {
      begin: '^```\\s*(\\w*)',
      end: '^```',
      name: 'markup.fenced_code.block.markdown',
      contentName: 'meta.embedded.block',
    },
  ],
};

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope === 'text.html.markdown')
        return textmate.parseRawGrammar(JSON.stringify(MARKDOWN), 'markdown.json');
      if (scope === 'smdr.runbook.injection') {
        const path = join(ROOT, 'syntaxes', 'runbook.injection.tmLanguage.json');
        return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
      }
      return null;
    },
    getInjections: (scope) => (scope === 'text.html.markdown' ? ['smdr.runbook.injection'] : undefined),
  });
  grammar = (await registry.loadGrammar('text.html.markdown'))!;
});

function tokens(lines: string[]): { text: string; scopes: string[] }[] {
  let stack = textmate.INITIAL;
  const all: { text: string; scopes: string[] }[] = [];
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) all.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = result.ruleStack;
  }
  return all;
}

function scopeOf(lines: string[], text: string): string[] {
  const token = tokens(lines).find((t) => t.text === text);
  assert.ok(token, `no token ${JSON.stringify(text)}: ${JSON.stringify(tokens(lines).map((t) => t.text))}`);
  return token.scopes;
}

describe('injection grammar', () => {
  const heading = ['## SM01 fails {scenario=management-server failed=SM01 strategy=promote target="SM 02"}'];
  const step = ['### Restore the key {step=restore-key server=DW01}'];

  it('highlights scenario attributes in headings, keeping the heading scope', () => {
    assert.ok(scopeOf(heading, 'scenario').includes('entity.other.attribute-name.smdr'));
    assert.ok(scopeOf(heading, 'management-server').includes('support.constant.scenario.smdr'));
    assert.ok(scopeOf(heading, 'promote').includes('support.constant.strategy.smdr'));
    assert.ok(scopeOf(heading, '"SM 02"').includes('string.quoted.double.smdr'));
    assert.ok(scopeOf(heading, 'SM01').includes('string.unquoted.smdr'));
    assert.ok(scopeOf(heading, 'scenario').includes('markup.heading.markdown'));
  });

  it('highlights known step kinds, not unknown ones', () => {
    assert.ok(scopeOf(step, 'restore-key').includes('support.constant.step-kind.smdr'));
    const unknown = ['### X {step=restore-kee}'];
    assert.ok(!scopeOf(unknown, 'restore-kee').includes('support.constant.step-kind.smdr'));
  });

  it('highlights placeholders inside code blocks', () => {
    const code = ['```powershell', 'Restore ${servers.DW01.keyBackup}', '```'];
    assert.ok(scopeOf(code, 'servers.DW01.keyBackup').includes('variable.other.placeholder.smdr'));
    assert.ok(scopeOf(code, 'servers.DW01.keyBackup').includes('markup.fenced_code.block.markdown'));
  });

  it('leaves ordinary Markdown alone', () => {
    for (const line of [
      '# Title {#custom-id}',
      'Some {prose=with braces} here',
      '## Heading without attributes',
    ]) {
      assert.ok(
        tokens([line]).every((t) => t.scopes.every((s) => !s.endsWith('.smdr'))),
        line,
      );
    }
  });
});
