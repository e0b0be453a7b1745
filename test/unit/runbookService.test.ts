/**
 * The runbook service on in-memory documents, without a connection: what each LSP handler of the
 * server answers, and the live-state request with a stand-in reader of the servers.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ResponseError } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent, Position, TextDocumentEdit } from 'vscode-languageserver-types';
import { loadCodeParsers } from '../../server/src/code/load';
import { contentHash } from '../../server/src/journal/hash';
import {
  createRunbookService,
  type ExternalChecker,
  type LiveReader,
  type RunbookService,
} from '../../server/src/languageService';
import type { LiveState } from '../../server/src/live/facts';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { RULES } from '../../server/src/rules/catalog';
import { applyEdits } from '../helpers';
import { HOSTILE_PIECES } from '../hostile';

const joinLines = (...lines: string[]) => lines.join('\n');

const URI = 'file:///dr/lab.runbook.md';

/** A database server with a SQL login, and the one scenario of its failure. */
const RUNBOOK = joinLines(
  '---',
  'smdr: 1',
  'scsm: 2022',
  'managementGroup: LAB',
  'objectives: { rpo: 7d }',
  "permissionScripts: '\\\\nas01\\lab\\sql-permissions'",
  "managementPacks: '\\\\nas01\\lab\\mp'",
  'sql: { authentication: sql, user: smdr-reader }',
  'servers:',
  '  LABSQL01:',
  '    role: database',
  '    fqdn: labsql01.lab.local',
  '    databases:',
  "      ServiceManager: '\\\\nas01\\lab\\sql\\ServiceManager.bak'",
  '---',
  '',
  '# Lab recovery',
  '',
  '## LABSQL01 fails {scenario=database failed=LABSQL01}',
  '',
  '### Same computer name {step=same-name-computer}',
  '',
  '### Restore ServiceManager {step=restore-databases}',
  '',
  '### Enable CLR {step=enable-clr}',
  '',
  '### Restore logins and permissions {step=restore-permissions}',
  '',
);

/** The position of the `nth` occurrence of `needle`, `offset` characters in. */
function at(text: string, needle: string, nth = 0, offset = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} #${nth} not in the text`);
  const lines = text.slice(0, index + offset).split('\n');
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

interface Harness {
  service: RunbookService;
  open(text: string, uri?: string): TextDocument;
  change(text: string, uri?: string): TextDocument;
  logged: string[];
  reads: { passwords: ReadonlyMap<string, string> }[];
}

function harness(reader?: LiveReader, external?: ExternalChecker): Harness {
  const documents = new Map<string, TextDocument>();
  const logged: string[] = [];
  const reads: Harness['reads'] = [];
  const service = createRunbookService({
    documents,
    docsBase: 'file:///ext/docs/rules.md',
    contentHash,
    readLiveState:
      reader ??
      (async (_runbook, options) => {
        reads.push(options);
        return { checkedAt: new Date().toISOString(), instances: [], files: [] };
      }),
    external,
    log: (message) => logged.push(message),
  });
  const open = (text: string, uri = URI) => {
    const document = TextDocument.create(uri, 'markdown', 1, text);
    documents.set(uri, document);
    return document;
  };
  const change = (text: string, uri = URI) => {
    const previous = documents.get(uri)!;
    const document = TextDocument.create(uri, 'markdown', previous.version + 1, text);
    documents.set(uri, document);
    return document;
  };
  return { service, open, change, logged, reads };
}

const codes = (h: Harness, uri = URI) =>
  h.service.diagnostics(uri, () => undefined)!.diagnostics.map((d) => d.code);

describe('the runbook service', () => {
  before(loadCodeParsers);

  describe('diagnostics', () => {
    it('answers an open runbook at its version, and the new version after a change', () => {
      const h = harness();
      h.open(RUNBOOK);
      assert.deepEqual(
        h.service.diagnostics(URI, () => undefined),
        { version: 1, diagnostics: [] },
      );
      h.change(RUNBOOK.replace('### Enable CLR {step=enable-clr}\n\n', ''));
      const published = h.service.diagnostics(URI, () => undefined)!;
      assert.equal(published.version, 2);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.source, d.severity, d.codeDescription?.href]),
        [['SMDR302', 'smdr', 1, 'file:///ext/docs/rules.md#smdr302']],
      );
    });

    it('answers nothing for a document that is not open or not a runbook', () => {
      const h = harness();
      h.open('# notes', 'file:///dr/README.md');
      assert.equal(
        h.service.diagnostics('file:///dr/README.md', () => undefined),
        undefined,
      );
      assert.equal(
        h.service.diagnostics(URI, () => undefined),
        undefined,
      );
    });

    it('applies new settings to a document already analysed', () => {
      const h = harness();
      h.open(RUNBOOK.replace('### Enable CLR {step=enable-clr}\n\n', ''));
      assert.deepEqual(codes(h), ['SMDR302']);
      h.service.configure({ validate: true, rules: { SMDR302: 'off' } });
      assert.deepEqual(codes(h), []);
      h.service.configure({ validate: false, rules: {} });
      assert.deepEqual(
        h.service.diagnostics(URI, () => undefined),
        { version: 1, diagnostics: [] },
      );
    });

    it('publishes what the external checker learns later, through a new analysis', () => {
      const learned: (() => void)[] = [];
      let known = false;
      const h = harness(undefined, {
        findings: (runbook) =>
          known
            ? [
                {
                  rule: RULES.powershellSyntax,
                  range: runbook.frontMatter!.openRange,
                  message: 'a parse error',
                },
              ]
            : [],
        check: (_runbook, done) => learned.push(done),
      });
      h.open(RUNBOOK);
      let told = 0;
      assert.deepEqual(
        h.service.diagnostics(URI, () => told++),
        { version: 1, diagnostics: [] },
      );
      known = true;
      // Until the checker says it learned something, the analysis of this version stands.
      assert.deepEqual(codes(h), []);
      learned[0]!();
      assert.equal(told, 1);
      assert.deepEqual(codes(h), [RULES.powershellSyntax.code]);
    });
  });

  describe('editor features', () => {
    it('completes, hovers, goes to definition, finds references and renames a server', () => {
      const h = harness();
      h.open(RUNBOOK);
      const position = at(RUNBOOK, 'failed=LABSQL01', 0, 'failed='.length);
      assert.match((h.service.hover(URI, position)?.contents as MarkupContent).value, /LABSQL01/);
      assert.deepEqual(h.service.definition(URI, position), {
        uri: URI,
        range: { start: at(RUNBOOK, 'LABSQL01'), end: at(RUNBOOK, 'LABSQL01', 0, 8) },
      });
      // The declaration and the scenario's attribute; the heading's text is prose, not a reference.
      assert.deepEqual(
        h.service.references(URI, position, true).map((l) => l.range.start),
        [at(RUNBOOK, 'LABSQL01'), position],
      );
      assert.deepEqual(h.service.prepareRename(URI, position)?.placeholder, 'LABSQL01');
      const edit = h.service.rename(URI, position, 'LABSQL02')!;
      // The references are renamed outright; the fqdn's first label and the heading that names the
      // server are offered (annotated).
      const edits = (edit.documentChanges![0] as TextDocumentEdit).edits;
      const outright = edits.filter((e) => !('annotationId' in e));
      assert.equal(
        applyEdits(
          RUNBOOK,
          outright.map((e) => ({ range: e.range, text: e.newText })),
        ),
        RUNBOOK.replace('  LABSQL01:', '  LABSQL02:').replace('failed=LABSQL01', 'failed=LABSQL02'),
      );
      assert.deepEqual(
        edits.filter((e) => 'annotationId' in e).map((e) => e.range.start),
        [at(RUNBOOK, 'labsql01.lab.local'), at(RUNBOOK, 'LABSQL01 fails')],
      );
      const typing = RUNBOOK.replace('{step=enable-clr}', '{step=');
      h.change(typing);
      const items = h.service.completion(URI, at(typing, '{step=', 3, '{step='.length));
      assert.ok(items.some((i) => i.label === 'enable-clr'));
    });

    it('refuses a rename with its reason, as an error the editor shows', () => {
      const h = harness();
      h.open(RUNBOOK);
      assert.throws(
        () => h.service.rename(URI, at(RUNBOOK, 'failed=LABSQL01', 0, 'failed='.length), 'bad name'),
        (error) => error instanceof ResponseError && /not a valid computer name/.test(error.message),
      );
    });

    it('offers a quick fix whose edit clears the problem, and lists the outline', () => {
      const h = harness();
      const broken = RUNBOOK.replace('### Enable CLR {step=enable-clr}\n\n', '');
      h.open(broken);
      const [problem] = h.service.diagnostics(URI, () => undefined)!.diagnostics;
      const actions = h.service.codeActions(URI, problem!.range);
      const fix = actions.find((a) => a.isPreferred) ?? actions[0]!;
      assert.equal(fix.diagnostics![0]!.code, 'SMDR302');
      const fixed = applyEdits(
        broken,
        fix.edit!.changes![URI]!.map((e) => ({ range: e.range, text: e.newText })),
      );
      h.change(fixed);
      assert.deepEqual(codes(h), []);
      assert.ok(h.service.documentSymbols(URI).length > 0);
    });
  });

  describe('custom requests', () => {
    it('plans the text the request carries, ahead of the synced document, and nothing without one', () => {
      const h = harness();
      assert.equal(h.service.plan({ uri: URI }), null);
      const fromText = h.service.plan({ uri: URI, text: RUNBOOK, remoting: false })!;
      assert.deepEqual(
        fromText.scenarios.flatMap((s) => s.steps.map((step) => step.title)),
        ['Same computer name', 'Restore ServiceManager', 'Enable CLR', 'Restore logins and permissions'],
      );
      h.open(RUNBOOK);
      assert.equal(h.service.plan({ uri: URI })!.hash, fromText.hash);
      const ahead = RUNBOOK.replace('### Enable CLR', '### Turn CLR on');
      assert.notEqual(h.service.plan({ uri: URI, text: ahead })!.hash, fromText.hash);
      assert.equal(h.service.plan({ uri: 'file:///dr/notes.md', text: RUNBOOK }), null);
    });

    it('answers where each login goes, with the endpoints the client uses', () => {
      const h = harness();
      const answer = h.service.sqlTargets({
        uri: URI,
        text: RUNBOOK,
        endpoints: { LABSQL01: '127.0.0.1:14330' },
      })!;
      assert.deepEqual(answer.databaseServers, ['LABSQL01']);
      assert.deepEqual(
        [answer.targets.LABSQL01!.host, answer.targets.LABSQL01!.port, answer.targets.LABSQL01!.user],
        ['127.0.0.1', 14330, 'smdr-reader'],
      );
    });
  });

  describe('live state', () => {
    const live = (refused: boolean): LiveState => ({
      checkedAt: new Date().toISOString(),
      instances: [
        {
          server: 'LABSQL01',
          address: 'LABSQL01',
          error: refused ? 'Login failed for user smdr-reader' : undefined,
          loginRefused: refused,
          machineName: undefined,
          instanceName: undefined,
          clrEnabled: undefined,
          clrStrictSecurity: undefined,
          databases: [],
        } as unknown as LiveState['instances'][number],
      ],
      files: [],
    });

    it('answers the views and the logins to ask for without reading the servers', async () => {
      const h = harness();
      const answer = (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: false }))!;
      assert.equal(h.reads.length, 0);
      assert.equal(answer.title, 'LAB');
      assert.equal(answer.problem, null);
      assert.ok(answer.servers.length > 0);
      assert.deepEqual(
        answer.logins.map((t) => [t.instance, t.user, t.host]),
        [['LABSQL01', 'smdr-reader', 'labsql01.lab.local']],
      );
    });

    it('reads with the passwords given for the very target the runbook names, and no other', async () => {
      const h = harness();
      const [login] = (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: false }))!.logins;
      const elsewhere: SqlTarget = { ...login!, host: 'attacker.example' };
      await h.service.liveState({
        uri: URI,
        text: RUNBOOK,
        probe: true,
        passwords: { LABSQL01: { password: 'secret', target: login! } },
      });
      await h.service.liveState({
        uri: URI,
        text: RUNBOOK,
        probe: true,
        passwords: { LABSQL01: { password: 'secret', target: elsewhere } },
      });
      assert.deepEqual(
        h.reads.map((r) => [...r.passwords]),
        [[['LABSQL01', 'secret']], []],
      );
    });

    it('reports a refused login only from the read it happened in, and keeps that state for the views', async () => {
      let next = live(true);
      const h = harness(async () => next);
      const probed = (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: true }))!;
      assert.deepEqual(probed.loginRefused, ['LABSQL01']);
      const kept = (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: false }))!;
      assert.deepEqual(kept.loginRefused, []);
      assert.equal(kept.checkedAt, probed.checkedAt);
      next = live(false);
      assert.deepEqual(
        (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: true }))!.loginRefused,
        [],
      );
    });

    it('says why nothing was read: an inventory with errors, a reader that fails, an endpoint that is not one', async () => {
      const h = harness(async () => {
        throw new Error('the network is down');
      });
      const broken = RUNBOOK.replace('user: smdr-reader }', 'user: smdr-reader');
      assert.match(
        (await h.service.liveState({ uri: URI, text: broken, probe: true }))!.problem!,
        /inventory has errors/,
      );
      const failed = (await h.service.liveState({ uri: URI, text: RUNBOOK, probe: true }))!;
      assert.equal(failed.problem, 'the network is down');
      assert.equal(failed.logins.length, 1);
      assert.match(
        h.logged.join('\n'),
        /live state failed on file:\/\/\/dr\/lab\.runbook\.md: the network is down/,
      );
      const badEndpoint = await h.service.liveState({
        uri: URI,
        text: RUNBOOK,
        probe: false,
        endpoints: { LABSQL01: 'no port here' },
      });
      assert.ok(badEndpoint!.problem);
    });
  });

  describe('hostile input', () => {
    it('never throws on any URI, text or position, and answers empty where there is nothing', async () => {
      const piece = fc.constantFrom(...HOSTILE_PIECES);
      const text = fc.oneof(
        fc.string(),
        fc.array(piece, { maxLength: 6 }).map((pieces) => RUNBOOK.replace('LABSQL01', pieces.join(''))),
      );
      const uri = fc.oneof(
        fc.constant(URI),
        fc.string().map((s) => `file:///dr/${s}.runbook.md`),
        fc.constantFrom('file:///dr/%E0%A4%A.runbook.md', '%', 'file:///dr/README.md'),
      );
      const position = fc.record({
        line: fc.integer({ min: -1, max: 40 }),
        character: fc.integer({ min: -1, max: 200 }),
      });
      await fc.assert(
        fc.asyncProperty(uri, text, position, async (u, t, p) => {
          const h = harness();
          h.open(t, u);
          h.service.diagnostics(u, () => undefined);
          h.service.completion(u, p);
          h.service.hover(u, p);
          h.service.definition(u, p);
          h.service.references(u, p, true);
          h.service.prepareRename(u, p);
          try {
            h.service.rename(u, p, 'NEW01');
          } catch (error) {
            assert.ok(error instanceof ResponseError);
          }
          h.service.codeActions(u, { start: p, end: p });
          h.service.documentSymbols(u);
          h.service.plan({ uri: u, text: t });
          h.service.sqlTargets({ uri: u, text: t });
          await h.service.liveState({ uri: u, text: t, probe: true });
          assert.deepEqual(h.logged, []);
        }),
        { numRuns: 60 },
      );
    });

    it('logs a failing feature and answers empty instead of failing the request', () => {
      const h = harness(undefined, {
        findings: () => {
          throw new Error('the checker broke');
        },
        check: () => undefined,
      });
      h.open(RUNBOOK);
      assert.equal(
        h.service.diagnostics(URI, () => undefined),
        undefined,
      );
      assert.deepEqual(h.service.completion(URI, { line: 0, character: 0 }), []);
      assert.equal(h.service.plan({ uri: URI }), null);
      assert.match(
        h.logged[0]!,
        /^smdr: validation failed on file:\/\/\/dr\/lab\.runbook\.md: the checker broke$/,
      );
      h.service.configure(DEFAULT_SETTINGS);
    });
  });
});
