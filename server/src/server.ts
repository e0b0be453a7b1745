/**
 * The language server: one handler per LSP request, each a lookup of the document's analysis and a
 * call into the pure features. A handler that fails logs and answers empty; it never takes the
 * server down.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quickFixes } from './features/codeActions';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { definition, prepareRename, references, rename } from './features/navigation';
import { documentSymbols } from './features/symbols';
import { toDiagnostic } from './lsp/convert';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './lsp/settings';
import { loadCodeParsers } from './code/load';
import { planRunbook } from './stepScripts/plan';
import type { Runbook } from './runbook/model';
import { instanceKey, parseEndpoint, sqlSettings, sqlTarget, type Endpoints } from './live/connection';
import { targetChange, type SqlTarget } from './live/sqlTarget';
import { backupsTree, serversTree } from './live/estate';
import { liveFindings } from './live/findings';
import type { Finding } from './rules/finding';
import type { LiveState } from './live/facts';
import { readLiveState } from './live/refresh';
import { contentHash } from './journal/format';
import { analyze, type Analysis } from './service';
import { LiveStateRequest, PlanRequest, SqlLoginRequest, SqlTargetsRequest } from './protocol';
import { PowerShellSession } from './powershell/session';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const docsBase = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href;

let settings: ServerSettings = DEFAULT_SETTINGS;
let pullConfiguration = false;
const cache = new Map<string, { version: number; analysis: Analysis }>();
const pending = new Set<string>();
const powershell = new PowerShellSession((message) => connection.console.log(message));

export function isRunbook(uri: string): boolean {
  return decodeURIComponent(uri).toLowerCase().endsWith('.runbook.md');
}

function analysisOf(document: TextDocument): Analysis {
  const cached = cache.get(document.uri);
  if (cached && cached.version === document.version) return cached.analysis;
  const analysis = analyze(document.getText(), settings.rules, powershell.findings);
  cache.set(document.uri, { version: document.version, analysis });
  return analysis;
}

function safe<P, R>(name: string, fallback: R, handler: (params: P, document: TextDocument) => R) {
  return (params: P & { textDocument: { uri: string } }): R => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isRunbook(document.uri)) return fallback;
    try {
      return handler(params, document);
    } catch (error) {
      connection.console.error(
        `smdr: ${name} failed on ${document.uri}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return fallback;
    }
  };
}

/** Coalesces bursts of edits: only the newest version of a document is validated. */
function scheduleValidation(uri: string): void {
  if (pending.has(uri)) return;
  pending.add(uri);
  setImmediate(() => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document || !isRunbook(uri)) return;
    try {
      const diagnostics = settings.validate
        ? analysisOf(document).findings.map((f) => toDiagnostic(f, docsBase))
        : [];
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      // PowerShell parses the blocks not parsed yet; what it finds is published by a later validation.
      if (settings.validate)
        powershell.check(analysisOf(document).runbook, () => {
          cache.delete(uri);
          scheduleValidation(uri);
        });
    } catch (error) {
      connection.console.error(
        `smdr: validation failed on ${uri}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}

async function refreshSettings(): Promise<void> {
  if (!pullConfiguration) return;
  try {
    applySettings(await connection.workspace.getConfiguration('smdr'));
  } catch {
    settings = DEFAULT_SETTINGS;
  }
}

function applySettings(raw: unknown): void {
  settings = readSettings(raw);
  powershell.configure(raw);
}

// The code parsers (WASM) load before the first analysis: the rules that use them are synchronous.
connection.onInitialize(async (params) => {
  await loadCodeParsers();
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  applySettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['{', '=', ' ', '$', '.', '-'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: { label: 'Runbook' },
    },
    serverInfo: { name: 'smdr', version: process.env.SMDR_VERSION ?? '0' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'smdr' });
    void refreshSettings().then(() => documents.all().forEach((d) => scheduleValidation(d.uri)));
  }
});

connection.onDidChangeConfiguration(async (change) => {
  if (pullConfiguration) await refreshSettings();
  else applySettings((change.settings as { smdr?: unknown } | undefined)?.smdr);
  cache.clear();
  documents.all().forEach((d) => scheduleValidation(d.uri));
});

documents.onDidChangeContent((change) => scheduleValidation(change.document.uri));
documents.onDidClose((event) => {
  cache.delete(event.document.uri);
  // A closed (or renamed-away) runbook leaves no stale problems behind.
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCompletion(
  safe('completion', [], (params, document) => complete(analysisOf(document).runbook, params.position)),
);

connection.onHover(
  safe('hover', null, (params, document) => {
    const result = hover(analysisOf(document).runbook, params.position);
    return result
      ? { contents: { kind: 'markdown' as const, value: result.markdown }, range: result.range }
      : null;
  }),
);

connection.onDefinition(
  safe('definition', null, (params, document) => {
    const range = definition(analysisOf(document).runbook, params.position);
    return range ? { uri: document.uri, range } : null;
  }),
);

connection.onReferences(
  safe('references', [], (params, document) =>
    references(analysisOf(document).runbook, params.position, params.context.includeDeclaration).map(
      (range) => ({
        uri: document.uri,
        range,
      }),
    ),
  ),
);

connection.onPrepareRename(
  safe(
    'prepareRename',
    null,
    (params, document) => prepareRename(analysisOf(document).runbook, params.position) ?? null,
  ),
);

connection.onRenameRequest((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document || !isRunbook(document.uri)) return null;
  const result = rename(analysisOf(document).runbook, params.position, params.newName);
  if (!result.ok) throw new ResponseError(1, result.message);
  return { changes: { [document.uri]: result.edits.map((e) => ({ range: e.range, newText: e.text })) } };
});

connection.onCodeAction(
  safe('codeAction', [], (params, document) =>
    quickFixes(analysisOf(document).findings, params.range).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.isPreferred,
      diagnostics: [toDiagnostic(fix.finding, docsBase)],
      edit: { changes: { [document.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.text })) } },
    })),
  ),
);

connection.onDocumentSymbol(
  safe('documentSymbol', [], (_params, document) => documentSymbols(analysisOf(document).runbook)),
);

/** The runbook a custom request names: the open document's analysis, else the text the client sent. */
/**
 * The runbook a request names. The client sends the text it sees; the synced document's memoized
 * analysis serves when it holds that same text, and the text is parsed otherwise (a file not open,
 * or a request that overtook the document's didOpen or last didChange).
 */
function runbookOf(params: {
  uri: string;
  text?: string;
}): { runbook: Runbook; findings: Finding[]; text: string } | undefined {
  if (!isRunbook(params.uri)) return undefined;
  const document = documents.get(params.uri);
  const synced = document?.getText();
  if (document && synced !== undefined && (params.text === undefined || params.text === synced))
    return { ...analysisOf(document), text: synced };
  if (params.text === undefined) return undefined;
  return { ...analyze(params.text, settings.rules, powershell.findings), text: params.text };
}

/** The resolved plan of an open runbook, for the runner, the Recovery view and the code lenses. */
connection.onRequest(PlanRequest.type, (params) => {
  const found = runbookOf(params);
  if (!found) return null;
  try {
    const { runbook, findings, text } = found;
    return {
      hash: contentHash(text),
      // The published findings (SMDR318 and the operator's severities included) decide what is blocked.
      scenarios: planRunbook(
        runbook,
        { remoting: params.remoting ?? true, localComputer: params.localComputer },
        findings,
      ),
    };
  } catch (error) {
    connection.console.error(
      `smdr: plan failed on ${params.uri}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
});

/** The runbook's SQL login and the instance address of each database server, for the client's password prompt. */
connection.onRequest(SqlLoginRequest.type, (params) => {
  const runbook = runbookOf(params)?.runbook;
  if (!runbook) return null;
  return {
    user: sqlSettings(runbook).user ?? null,
    instances: Object.fromEntries(runbook.inventory.servers.map((s) => [s.name, instanceKey(s)])),
    databaseInstances: runbook.inventory.servers.filter((s) => s.roles.includes('database')).map(instanceKey),
  };
});

/**
 * Where each server's SQL login goes (host, port, instance, login, protection) with the endpoints the
 * client uses, and the hash of the text it was read from: the client binds passwords to these targets,
 * and a T-SQL step runs against the target of the text that was planned and confirmed.
 */
connection.onRequest(SqlTargetsRequest.type, (params) => {
  const found = runbookOf(params);
  if (!found) return null;
  const { runbook, text } = found;
  const settings = sqlSettings(runbook);
  const endpoints = endpointsOf(params.endpoints);
  return {
    hash: contentHash(text),
    targets: Object.fromEntries(
      runbook.inventory.servers.map((s) => [s.name, sqlTarget(s, settings, endpoints)]),
    ),
    databaseServers: runbook.inventory.servers.filter((s) => s.roles.includes('database')).map((s) => s.name),
  };
});

/** The targets of the database servers that have a SQL login: what the client asks a password for. */
function databaseLogins(runbook: Runbook, endpoints: Endpoints): SqlTarget[] {
  const settings = sqlSettings(runbook);
  return runbook.inventory.servers
    .filter((s) => s.roles.includes('database'))
    .map((s) => sqlTarget(s, settings, endpoints))
    .filter((t) => t.user !== null);
}

function endpointsOf(endpoints: Record<string, string> | undefined): Endpoints {
  return new Map(Object.entries(endpoints ?? {}).map(([k, v]) => parseEndpoint(`${k}=${v}`)));
}

/**
 * The passwords of a live read that go where they were given: each came with the target the operator
 * gave it for, and is not used for an instance this runbook now sends elsewhere or protects otherwise.
 */
function boundPasswords(
  runbook: Runbook,
  passwords: Record<string, { password: string; target: SqlTarget }>,
  endpoints: Endpoints,
): Map<string, string> {
  const settings = sqlSettings(runbook);
  const bound = new Map<string, string>();
  for (const server of runbook.inventory.servers) {
    const target = sqlTarget(server, settings, endpoints);
    const given = passwords[target.instance];
    if (given && targetChange(given.target, target) === null) bound.set(target.instance, given.password);
  }
  return bound;
}

/** The last live state read for each runbook: an edit of the inventory is judged against it until the next refresh. */
const lastLive = new Map<string, LiveState>();

/** The Servers and Backups views and the live findings of a runbook, read in this process (mssql never loads in the extension host). */
connection.onRequest(LiveStateRequest.type, async (params): Promise<LiveStateRequest.Result | null> => {
  const runbook = runbookOf(params)?.runbook;
  if (!runbook) return null;
  const title = runbook.settings.managementGroup?.value ?? null;
  const failed = (problem: string, logins: SqlTarget[] = []) => ({
    title,
    servers: [],
    backups: [],
    diagnostics: [],
    checkedAt: null,
    logins,
    loginRefused: [],
    problem,
  });
  if (!runbook.inventory.usable) return failed('The inventory has errors: see the Problems view.');
  const endpoints = endpointsOf(params.endpoints);
  const logins = databaseLogins(runbook, endpoints);
  try {
    const live = !params.probe
      ? lastLive.get(params.uri)
      : await readLiveState(runbook, {
          passwords: boundPasswords(runbook, params.passwords ?? {}, endpoints),
          endpoints,
          timeouts: {
            connectMs: params.connectTimeoutMs ?? 15_000,
            requestMs: params.requestTimeoutMs ?? 30_000,
          },
        });
    if (live) lastLive.set(params.uri, live);
    const now = live ? new Date(live.checkedAt) : new Date();
    return {
      title,
      servers: serversTree(runbook, live, now),
      backups: backupsTree(runbook, live, now),
      diagnostics: live ? liveFindings(runbook, live, now).map((f) => toDiagnostic(f, docsBase)) : [],
      checkedAt: live?.checkedAt ?? null,
      logins,
      // Instances that refused the login in this read (not a cached one): the client forgets their password.
      loginRefused: params.probe
        ? runbook.inventory.servers
            .filter((s) => live?.instances.some((i) => i.server === s.name && i.loginRefused))
            .map(instanceKey)
        : [],
      problem: null,
    };
  } catch (error) {
    connection.console.error(
      `smdr: live state failed on ${params.uri}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return failed(error instanceof Error ? error.message : String(error), logins);
  }
});

connection.onShutdown(() => powershell.dispose());
process.on('exit', () => powershell.dispose());

process.on('uncaughtException', (error) =>
  connection.console.error(`smdr: unexpected error: ${error.message}`),
);

documents.listen(connection);
connection.listen();
