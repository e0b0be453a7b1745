/**
 * The runbook language service: one object that answers every request of the language server, on
 * documents it looks up by URI, so that each LSP handler is "look up, call, return" and the whole
 * service is tested on in-memory documents without a connection (markdown-languageservice's
 * `createLanguageService`). It owns the analysis cache and the last live state of each runbook; what
 * does I/O (reading the servers, PowerShell's parser) is passed in.
 *
 * A method that fails logs and answers empty (a rename refused is the one error the editor shows):
 * no runbook, however hostile, takes the server down.
 */
import { ResponseError } from 'vscode-languageserver-protocol';
import {
  CodeActionKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { quickFixes } from '../features/codeActions';
import { complete } from '../features/completion';
import { hover } from '../features/hover';
import { definition, prepareRename, references, rename } from '../features/navigation';
import { renameWorkspaceEdit } from '../features/renameEdits';
import { documentSymbols } from '../features/symbols';
import type { Endpoints, Timeouts } from '../live/sqlSettings';
import type { LiveState } from '../live/facts';
import { DEFAULT_SETTINGS, type ServerSettings } from '../lsp/settings';
import { toDiagnostic, toWorkspaceEdit } from '../lsp/convert';
import type { LiveStateRequest, PlanRequest, RunbookParams, SqlTargetsRequest } from '../protocol';
import type { Finding } from '../rules/finding';
import type { Runbook } from '../runbook/model';
import { analyze, type Analysis } from '../service';
import { planRunbook } from '../stepScripts/plan';
import { liveAnswer, liveProblem } from './liveAnswer';
import { boundPasswords, databaseLogins, databaseServerNames, endpointsOf, sqlTargets } from './sqlLogins';

/** An open document as the server syncs it (`TextDocument` of vscode-languageserver-textdocument). */
export interface RunbookDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** Findings from outside the pure core (SMDR318, PowerShell's parser) and the slower check that learns them. */
export interface ExternalChecker {
  /** The findings known so far, synchronously. */
  findings(runbook: Runbook): Finding[];
  /** Learns the rest off the typing path; calls `learned` when more findings are known. */
  check(runbook: Runbook, learned: () => void): void;
}

/** Reads an inventory's live state (SQL Server and file probes): `readLiveState` of live/refresh.ts. */
export type LiveReader = (
  runbook: Runbook,
  options: { passwords: ReadonlyMap<string, string>; endpoints: Endpoints; timeouts: Timeouts },
) => Promise<LiveState>;

export interface RunbookServiceOptions {
  /** The open documents by URI (the connection's `TextDocuments`, or a map in tests). */
  documents: { get(uri: string): RunbookDocument | undefined };
  /** Where docs/rules.md is: each diagnostic links to its rule's section there. */
  docsBase: string;
  readLiveState: LiveReader;
  /** The runbook's content hash for the plan (SHA-256 hex: journal/hash.ts at the edge, which has node:crypto). */
  contentHash(text: string): string;
  external?: ExternalChecker;
  log(message: string): void;
}

export interface RunbookService {
  /** New settings: every analysis is made again. */
  configure(settings: ServerSettings): void;
  /** A closed document's analysis is dropped. */
  close(uri: string): void;
  /** The diagnostics of an open runbook at its version; `learned` is called when more are known later (SMDR318). */
  diagnostics(uri: string, learned: () => void): { version: number; diagnostics: Diagnostic[] } | undefined;
  completion(uri: string, position: Position): CompletionItem[];
  hover(uri: string, position: Position): Hover | null;
  definition(uri: string, position: Position): Location | null;
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null;
  /** Throws a `ResponseError` with the reason when the rename is refused (the editor shows it). */
  rename(uri: string, position: Position, newName: string): WorkspaceEdit | null;
  codeActions(uri: string, range: Range): CodeAction[];
  documentSymbols(uri: string): DocumentSymbol[];
  plan(params: PlanRequest.Params): PlanRequest.Result | null;
  sqlTargets(params: SqlTargetsRequest.Params): SqlTargetsRequest.Result | null;
  liveState(params: LiveStateRequest.Params): Promise<LiveStateRequest.Result | null>;
}

function isRunbook(uri: string): boolean {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // A malformed escape: the URI as sent decides.
  }
  return decoded.toLowerCase().endsWith('.runbook.md');
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createRunbookService(options: RunbookServiceOptions): RunbookService {
  const { documents, docsBase, external, log } = options;
  let settings = DEFAULT_SETTINGS;
  const cache = new Map<string, { version: number; analysis: Analysis }>();
  /** The last live state read for each runbook: an edit of the inventory is judged against it until the next refresh. */
  const lastLive = new Map<string, LiveState>();
  const diagnostic = (finding: Finding) => toDiagnostic(finding, docsBase);

  const analyzeText = (text: string) =>
    analyze(text, settings.rules, (runbook) => external?.findings(runbook) ?? []);

  function analysisOf(document: RunbookDocument): Analysis {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = analyzeText(document.getText());
    cache.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  function openRunbook(uri: string): RunbookDocument | undefined {
    const document = documents.get(uri);
    return document && isRunbook(document.uri) ? document : undefined;
  }

  /**
   * The runbook a custom request names. The client sends the text it sees; the synced document's
   * memoized analysis serves when it holds that same text, and the text is parsed otherwise (a file
   * not open, or a request that overtook the document's didOpen or last didChange).
   */
  function requested(params: RunbookParams): (Analysis & { text: string }) | undefined {
    if (!isRunbook(params.uri)) return undefined;
    const document = openRunbook(params.uri);
    const synced = document?.getText();
    if (document && synced !== undefined && (params.text === undefined || params.text === synced))
      return { ...analysisOf(document), text: synced };
    if (typeof params.text !== 'string') return undefined;
    return { ...analyzeText(params.text), text: params.text };
  }

  /** Runs `answer` on the open runbook `uri`; a failure is logged and answered with `fallback`. */
  function withDocument<R>(
    name: string,
    uri: string,
    fallback: R,
    answer: (document: RunbookDocument) => R,
  ): R {
    const document = openRunbook(uri);
    if (!document) return fallback;
    try {
      return answer(document);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log(`smdr: ${name} failed on ${uri}: ${message(error)}`);
      return fallback;
    }
  }

  /** Runs `answer` on the runbook a custom request names; a failure is logged and answered with null. */
  function withRequested<P extends RunbookParams, R>(
    name: string,
    params: P,
    answer: (found: Analysis & { text: string }) => R,
  ): R | null {
    try {
      const found = requested(params);
      return found ? answer(found) : null;
    } catch (error) {
      log(`smdr: ${name} failed on ${params.uri}: ${message(error)}`);
      return null;
    }
  }

  const runbookAt = (document: RunbookDocument) => analysisOf(document).runbook;

  return {
    configure(next) {
      settings = next;
      cache.clear();
    },

    close(uri) {
      cache.delete(uri);
    },

    diagnostics(uri, learned) {
      return withDocument('validation', uri, undefined, (document) => {
        if (!settings.validate) return { version: document.version, diagnostics: [] };
        const analysis = analysisOf(document);
        // PowerShell parses the blocks not parsed yet; what it finds is published by a later validation.
        external?.check(analysis.runbook, () => {
          cache.delete(uri);
          learned();
        });
        return { version: document.version, diagnostics: analysis.findings.map(diagnostic) };
      });
    },

    completion: (uri, position) =>
      withDocument('completion', uri, [], (d) => complete(runbookAt(d), position)),

    hover: (uri, position) =>
      withDocument('hover', uri, null, (d) => {
        const found = hover(runbookAt(d), position);
        return found ? { contents: { kind: 'markdown', value: found.markdown }, range: found.range } : null;
      }),

    definition: (uri, position) =>
      withDocument('definition', uri, null, (d) => {
        const range = definition(runbookAt(d), position);
        return range ? { uri, range } : null;
      }),

    references: (uri, position, includeDeclaration) =>
      withDocument('references', uri, [], (d) =>
        references(runbookAt(d), position, includeDeclaration).map((range) => ({ uri, range })),
      ),

    prepareRename: (uri, position) =>
      withDocument('prepareRename', uri, null, (d) => prepareRename(runbookAt(d), position) ?? null),

    rename: (uri, position, newName) =>
      withDocument('rename', uri, null, (d) => {
        const result = rename(runbookAt(d), position, newName);
        if (!result.ok) throw new ResponseError(1, result.message);
        return renameWorkspaceEdit(uri, result.edits);
      }),

    codeActions: (uri, range) =>
      withDocument('codeAction', uri, [], (d) =>
        quickFixes(analysisOf(d), range).map((fix) => ({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          isPreferred: fix.isPreferred,
          diagnostics: [diagnostic(fix.finding)],
          edit: toWorkspaceEdit(uri, fix.edits),
        })),
      ),

    documentSymbols: (uri) => withDocument('documentSymbol', uri, [], (d) => documentSymbols(runbookAt(d))),

    plan: (params) =>
      withRequested('plan', params, ({ runbook, findings, text }) => ({
        hash: options.contentHash(text),
        managementGroup: runbook.settings.managementGroup?.value ?? null,
        rto: runbook.settings.objectives.rto?.value ?? null,
        // The published findings (SMDR318 and the operator's severities included) decide what is blocked.
        scenarios: planRunbook(
          runbook,
          { remoting: params.remoting ?? true, localComputer: params.localComputer },
          findings,
        ),
      })),

    sqlTargets: (params) =>
      withRequested('sqlTargets', params, ({ runbook, text }) => ({
        hash: options.contentHash(text),
        targets: sqlTargets(runbook, endpointsOf(params.endpoints)),
        databaseServers: databaseServerNames(runbook),
      })),

    async liveState(params) {
      const runbook = withRequested('liveState', params, (found) => found.runbook);
      if (!runbook) return null;
      if (!runbook.inventory.usable)
        return liveProblem(runbook, 'The inventory has errors: see the Problems view.', []);
      let logins: ReturnType<typeof databaseLogins> = [];
      try {
        const endpoints = endpointsOf(params.endpoints);
        logins = databaseLogins(runbook, endpoints);
        const live = params.probe
          ? await options.readLiveState(runbook, {
              passwords: boundPasswords(runbook, params.passwords ?? {}, endpoints),
              endpoints,
              timeouts: {
                connectMs: params.connectTimeoutMs ?? 15_000,
                requestMs: params.requestTimeoutMs ?? 30_000,
              },
            })
          : lastLive.get(params.uri);
        if (live) lastLive.set(params.uri, live);
        return liveAnswer(runbook, live, params.probe, logins, diagnostic);
      } catch (error) {
        log(`smdr: live state failed on ${params.uri}: ${message(error)}`);
        return liveProblem(runbook, message(error), logins);
      }
    },
  };
}
