/**
 * The language server: the connection's wiring and nothing else. Each handler looks up the runbook
 * service (languageService/index.ts), calls it and returns its answer; the service answers empty
 * rather than fail, so no request takes the server down.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadCodeParsers } from './code/load';
import { createRunbookService } from './languageService';
import { contentHash } from './journal/hash';
import { readLiveState } from './live/refresh';
import { DEFAULT_SETTINGS, readSettings } from './lsp/settings';
import { PowerShellSession } from './powershell/session';
import { LiveStateRequest, PlanRequest, SqlTargetsRequest } from './protocol';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.error(message);
const powershell = new PowerShellSession((message) => connection.console.log(message));
const service = createRunbookService({
  documents,
  docsBase: pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href,
  readLiveState,
  contentHash,
  external: powershell,
  log,
});

// The code parsers (WASM) load while the client finishes starting the server; every answer that
// analyses waits for them, since the rules that use them are synchronous.
const parsers = loadCodeParsers();
parsers.catch((error: Error) => log(`smdr: the code parsers did not load: ${error.message}`));
const ready = <T>(answer: () => T | PromiseLike<T>): Promise<T> => parsers.then(answer);

let pullConfiguration = false;
const pending = new Set<string>();

/** Coalesces bursts of edits: only the newest version of a document is validated. */
function scheduleValidation(uri: string): void {
  if (pending.has(uri)) return;
  pending.add(uri);
  setImmediate(
    () =>
      void ready(() => {
        pending.delete(uri);
        const published = service.diagnostics(uri, () => scheduleValidation(uri));
        if (published) void connection.sendDiagnostics({ uri, ...published });
      }),
  );
}

function applySettings(raw: unknown): void {
  powershell.configure(raw);
  service.configure(readSettings(raw));
}

async function refreshSettings(): Promise<void> {
  if (!pullConfiguration) return;
  try {
    applySettings(await connection.workspace.getConfiguration('smdr'));
  } catch {
    service.configure(DEFAULT_SETTINGS);
  }
}

connection.onInitialize((params) => {
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
  if (!pullConfiguration) return;
  void connection.client.register(DidChangeConfigurationNotification.type, { section: 'smdr' });
  void refreshSettings().then(() => documents.all().forEach((d) => scheduleValidation(d.uri)));
});

connection.onDidChangeConfiguration(async (change) => {
  if (pullConfiguration) await refreshSettings();
  else applySettings((change.settings as { smdr?: unknown } | undefined)?.smdr);
  documents.all().forEach((d) => scheduleValidation(d.uri));
});

documents.onDidChangeContent((change) => scheduleValidation(change.document.uri));
documents.onDidClose(({ document }) => {
  service.close(document.uri);
  // A closed (or renamed-away) runbook leaves no stale problems behind.
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onCompletion(({ textDocument, position }) =>
  ready(() => service.completion(textDocument.uri, position)),
);
connection.onHover(({ textDocument, position }) => ready(() => service.hover(textDocument.uri, position)));
connection.onDefinition(({ textDocument, position }) =>
  ready(() => service.definition(textDocument.uri, position)),
);
connection.onReferences(({ textDocument, position, context }) =>
  ready(() => service.references(textDocument.uri, position, context.includeDeclaration)),
);
connection.onPrepareRename(({ textDocument, position }) =>
  ready(() => service.prepareRename(textDocument.uri, position)),
);
connection.onRenameRequest(({ textDocument, position, newName }) =>
  ready(() => service.rename(textDocument.uri, position, newName)),
);
connection.onCodeAction(({ textDocument, range }) =>
  ready(() => service.codeActions(textDocument.uri, range)),
);
connection.onDocumentSymbol(({ textDocument }) => ready(() => service.documentSymbols(textDocument.uri)));

connection.onRequest(PlanRequest.type, (params) => ready(() => service.plan(params)));
connection.onRequest(SqlTargetsRequest.type, (params) => ready(() => service.sqlTargets(params)));
connection.onRequest(LiveStateRequest.type, (params) => ready(() => service.liveState(params)));

connection.onShutdown(() => powershell.dispose());
process.on('exit', () => powershell.dispose());

process.on('uncaughtException', (error) =>
  connection.console.error(`smdr: unexpected error: ${error.message}`),
);

documents.listen(connection);
connection.listen();
