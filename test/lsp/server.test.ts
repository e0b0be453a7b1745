/** The built language server as a real process over stdio. Run `npm run build` first (npm test does). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, CONTOSO, edit, LAB, rangeOf } from '../helpers';
import { LiveStateRequest, PlanRequest } from '../../server/src/protocol';
import { TestClient } from './client';

const URI = 'file:///work/contoso.runbook.md';
const BROKEN = edit(CONTOSO, '### Enable CLR {step=enable-clr}\n\n', '');

describe('language server over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.completionProvider);
    assert.ok(init.capabilities.renameProvider);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    assert.doesNotMatch(client.stderr, /Error|at .*\.js/);
  });

  it('publishes diagnostics on open, and updates them on change', async () => {
    assert.deepEqual(await client.open(URI, CONTOSO), []);
    const diagnostics = await client.change(URI, 2, BROKEN);
    assert.equal(diagnostics.length, 1);
    const [missing] = diagnostics as [Diagnostic];
    assert.equal(missing.code, 'SMDR302');
    assert.equal(missing.source, 'smdr');
    assert.equal(missing.severity, 1);
    assert.deepEqual(missing.range, rangeOf(BROKEN, 'SQL01 fails'));
    assert.match(missing.codeDescription!.href, /^file:\/\/.*docs\/rules\.md#smdr302$/);
  });

  it('offers the quick fix, and its edit clears the problem', async () => {
    const diagnostics = await client.change(URI, 3, BROKEN);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    // The fix itself is preferred (a comment that disables the rule may be offered after it).
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const changes = (fix.edit as WorkspaceEdit).changes![URI]!;
    const fixed = applyEdits(
      BROKEN,
      changes.map((c) => ({ range: c.range, text: c.newText })),
    );
    assert.deepEqual(await client.change(URI, 4, fixed), []);
  });

  it('completes step kinds in a step heading', async () => {
    const text = edit(CONTOSO, '### Enable CLR {step=enable-clr}', '### Enable CLR {step=');
    await client.change(URI, 5, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: URI },
      position: rangeOf(text, '### Enable CLR {step=').end,
    });
    assert.ok(items.some((i) => i.label === 'enable-clr'));
    assert.ok(!items.some((i) => i.label === 'restore-key'));
  });

  it('hovers, goes to definition, finds references and renames', async () => {
    await client.change(URI, 6, CONTOSO);
    const position = rangeOf(CONTOSO, 'SM02', 0, 'target=').start;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position });
    assert.match((hover.contents as { value: string }).value, /SM02/);
    const definition = await client.request<Location>('textDocument/definition', {
      textDocument: { uri: URI },
      position,
    });
    assert.deepEqual(definition.range, rangeOf(CONTOSO, 'SM02', 0, 'servers:'));
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: URI },
      position,
      context: { includeDeclaration: true },
    });
    assert.equal(refs.length, 4);
    const rename = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: URI },
      position,
      newName: 'SM09',
    });
    // The references are renamed outright; the FQDN and the headings naming SM02 are offered (annotated).
    const edits = (rename.documentChanges![0] as TextDocumentEdit).edits;
    assert.equal(edits.filter((e) => !('annotationId' in e)).length, 4);
    assert.ok(rename.changeAnnotations?.fqdn?.needsConfirmation);
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: URI }, position, newName: 'bad name' }),
      /not a valid computer name/,
    );
  });

  it('lists scenarios and steps as symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    assert.equal(symbols.length, 8);
  });

  it('applies rule settings when the configuration changes', async () => {
    const uri = 'file:///work/settings.runbook.md';
    const text = edit(CONTOSO, 'fqdn: sm02.contoso.local', 'fqdn: sm22.contoso.local');
    assert.equal((await client.open(uri, text)).length, 1);
    client.configuration = { rules: { SMDR102: 'off' } };
    const next = client.diagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual((await next).diagnostics, []);
    client.configuration = {};
  });

  it('clears diagnostics when a runbook is closed (or renamed away)', async () => {
    const uri = 'file:///work/closing.runbook.md';
    assert.equal((await client.open(uri, BROKEN)).length, 1);
    const cleared = client.diagnostics(uri);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('does no work for Markdown files that are not runbooks', async () => {
    const uri = 'file:///work/README.md';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text: '# hi' },
    });
    const items = await client.request<CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 1 },
    });
    assert.deepEqual(items, []);
    assert.ok(!client.published.some((p) => p.uri === uri));
  });

  it('plans a runbook from the text the request carries, before its didOpen and ahead of its last change', async () => {
    const uri = 'file:///work/plan.runbook.md';
    const plan = (text?: string) => client.send(PlanRequest.type, { uri, text, remoting: false });
    // Not opened yet: the text sent is what is planned; without text there is nothing to plan.
    assert.equal(await plan(), null);
    const before = await plan(CONTOSO);
    assert.equal(
      before!.scenarios.length,
      CONTOSO.split('\n').filter((l) => /^## .*\{scenario=/.test(l)).length,
    );
    // Open with one text, ask with another (an edit the server has not heard of yet): the request wins.
    await client.open(uri, CONTOSO);
    const renamed = edit(CONTOSO, '### Enable CLR {step=enable-clr}', '### Turn CLR on {step=enable-clr}');
    const ahead = await plan(renamed);
    const titles = (p: PlanRequest.Result | null) =>
      p!.scenarios.flatMap((s) => s.steps.map((step) => step.title));
    assert.ok(titles(ahead).includes('Turn CLR on'));
    assert.ok(!titles(before).includes('Turn CLR on'));
    assert.notEqual(ahead!.hash, before!.hash);
    assert.equal((await plan(CONTOSO))!.hash, before!.hash);
    assert.equal(await client.send(PlanRequest.type, { uri: 'file:///work/notes.md', text: CONTOSO }), null);
    // A value with an error: every step is refused, naming the problem, and carries no command.
    const hostile = await plan(
      edit(CONTOSO, '    instance: SCSM\n', '    instance: "SCSM\\nDROP DATABASE x"\n'),
    );
    const steps = hostile!.scenarios.flatMap((s) => s.steps);
    assert.ok(
      steps.every((s) => s.command === null && s.error && s.problems.some((p) => p.code === 'SMDR103')),
    );
  });

  it('answers the estate and the SQL logins of a runbook that is not open, in one request', async () => {
    const uri = 'file:///work/lab.runbook.md';
    const estate = await client.send(LiveStateRequest.type, {
      uri,
      text: LAB,
      probe: false,
    });
    assert.equal(estate!.problem, null);
    assert.ok(estate!.servers.length > 0);
    // The answer that shows the views names the logins a refresh asks passwords for.
    assert.deepEqual(
      estate!.logins.map((t) => [t.instance, t.user]),
      [['LABSQL01', 'smdr-reader']],
    );
    // The request that answered the logins before a live read is gone.
    await assert.rejects(
      client.request('smdr/sqlLogin', { uri, text: LAB }),
      /Unhandled method smdr\/sqlLogin/,
    );
  });

  it('survives garbage without crashing', async () => {
    const uri = 'file:///work/garbage.runbook.md';
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const diagnostics = await client.open(uri, garbage);
    assert.equal(diagnostics[0]!.code, 'SMDR001');
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 2 },
    });
    assert.equal(hover, null);
  });
});
