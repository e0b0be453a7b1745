/** A minimal LSP client over stdio for the tests and the benchmark: starts dist/server.js as a real process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type RequestType,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export class TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  private readonly waiters = new Map<
    string,
    { version?: number; resolve: (d: PublishDiagnosticsParams) => void }[]
  >();
  readonly published: PublishDiagnosticsParams[] = [];
  stderr = '';
  configuration: unknown = {};

  constructor(command = process.execPath, args: string[] = [SERVER, '--stdio']) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      const waiting = this.waiters.get(params.uri) ?? [];
      const ready = waiting.filter(
        (w) => w.version === undefined || params.version === undefined || params.version >= w.version,
      );
      this.waiters.set(
        params.uri,
        waiting.filter((w) => !ready.includes(w)),
      );
      ready.forEach((w) => w.resolve(params));
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => this.configuration),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(capabilities: object = { workspace: { configuration: true } }): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /**
   * Resolves with the next diagnostics for `uri` (at `version` or later); rejects, naming what it waited
   * for, when none come within `timeoutMs`.
   */
  diagnostics(uri: string, version?: number, timeoutMs = 30_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const waiter = {
        version,
        resolve: (params: PublishDiagnosticsParams) => {
          clearTimeout(timer);
          resolve(params);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.set(
          uri,
          (this.waiters.get(uri) ?? []).filter((w) => w !== waiter),
        );
        reject(
          new Error(
            `no diagnostics for ${uri}${version === undefined ? '' : ` at version ${version}`} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const list = this.waiters.get(uri) ?? [];
      list.push(waiter);
      this.waiters.set(uri, list);
    });
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const published = this.diagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version, text },
    });
    return (await published).diagnostics;
  }

  async change(uri: string, version: number, text: string): Promise<Diagnostic[]> {
    const published = this.diagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return (await published).diagnostics;
  }

  request<R>(method: string, params: object): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** A custom request of server/src/protocol.ts (`PlanRequest.type`...), its params and result typed. */
  send<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return this.connection.sendRequest(type, params);
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) =>
      this.process.once('exit', (code) => resolve(code)),
    );
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
