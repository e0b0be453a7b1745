/**
 * The editing features of issue 11 through the built language server over stdio (run `npm run build`
 * first): each new quick fix as a code action whose edit clears its problem, the disable comment, rename
 * with its annotated companions, and the skeleton in an empty runbook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, CONTOSO, edit, rangeOf } from '../helpers';
import { TestClient } from './client';

const URI = 'file:///work/features.runbook.md';

/** CONTOSO without SQL02's section, without `managementPacks`, restoring SM01's key onto DW01. */
const BROKEN = edit(
  edit(CONTOSO.slice(0, CONTOSO.indexOf('## SQL02 fails')), "managementPacks: '\\\\vault01\\dr\\mp'\n", ''),
  'Restore ${failed.keyBackup}',
  'Restore ${servers.SM01.keyBackup}',
);

const textEdits = (edit: WorkspaceEdit): TextEdit[] =>
  edit.changes?.[URI] ?? (edit.documentChanges?.[0] as TextDocumentEdit).edits;

describe('editing features over stdio', () => {
  let client: TestClient;
  let version = 1;

  before(async () => {
    client = new TestClient();
    await client.initialize();
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    assert.doesNotMatch(client.stderr, /Error|at .*\.js/);
  });

  async function actionsFor(
    text: string,
    code: string,
  ): Promise<{ diagnostics: Diagnostic[]; actions: CodeAction[] }> {
    const diagnostics = await client.change(URI, ++version, text);
    const diagnostic = diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic, `${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return { diagnostics, actions: actions.filter((a) => a.diagnostics?.[0]?.code === code) };
  }

  it('applies each new quick fix, and its problem is gone', async () => {
    await client.open(URI, BROKEN, version);
    for (const [code, title] of [
      ['SMDR207', /SQL02 fails, replace it/],
      ['SMDR117', /managementPacks/],
      ['SMDR309', /own key/],
    ] as const) {
      const { diagnostics, actions } = await actionsFor(BROKEN, code);
      const action = actions.find((a) => title.test(a.title));
      assert.ok(action, `${code}: ${JSON.stringify(actions.map((a) => a.title))}`);
      const fixed = applyEdits(
        BROKEN,
        textEdits(action.edit!).map((e) => ({ range: e.range, text: e.newText })),
      );
      const after = await client.change(URI, ++version, fixed);
      assert.ok(!after.some((d) => d.code === code), `${code} is fixed`);
      assert.ok(after.length < diagnostics.length, `${code}: fewer problems after the fix`);
    }
  });

  it('offers to disable the rule for the line, and the comment silences it', async () => {
    const { diagnostics, actions } = await actionsFor(BROKEN, 'SMDR309');
    const disable = actions.find((a) => a.title === 'Disable SMDR309 for this code block');
    assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(!disable.isPreferred);
    const fixed = applyEdits(
      BROKEN,
      textEdits(disable.edit!).map((e) => ({ range: e.range, text: e.newText })),
    );
    const after = await client.change(URI, ++version, fixed);
    assert.deepEqual(
      after.map((d) => d.code),
      diagnostics.map((d) => d.code).filter((c) => c !== 'SMDR309'),
    );
  });

  it('renames a server with its FQDN and headings offered under annotations that need confirmation', async () => {
    await client.change(URI, ++version, CONTOSO);
    const result = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: URI },
      position: rangeOf(CONTOSO, 'DW01', 0, 'servers:').start,
      newName: 'DW02',
    });
    assert.deepEqual(Object.keys(result.changeAnnotations ?? {}).sort(), ['fqdn', 'headings']);
    const renamed = applyEdits(
      CONTOSO,
      textEdits(result).map((e) => ({ range: e.range, text: e.newText })),
    );
    assert.match(renamed, /fqdn: dw02\.contoso\.local/);
    assert.match(renamed, /## DW02 fails \{scenario=data-warehouse failed=DW02/);
    assert.deepEqual(await client.change(URI, ++version, renamed), []);
  });

  it('completes an empty runbook with the skeleton snippet', async () => {
    const empty = 'file:///work/empty.runbook.md';
    await client.open(empty, '');
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: empty },
      position: { line: 0, character: 0 },
    });
    assert.equal(items.length, 1);
    assert.equal(items[0]!.insertTextFormat, 2);
    assert.match((items[0]!.textEdit as TextEdit).newText, /^---\nsmdr: 1\n[\s\S]*scenario=database/);
  });
});
