/**
 * The extension's context: the language client's lifecycle (start, stop, restart, whether it is up),
 * the one log of the client and the language client, and every disposable the extension owns. Commands
 * that need the server ask `needServer()` first, so a server that is down is a message with what to do,
 * never an exception from a request.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { config } from './config';
import { redactingChannel } from './redactingChannel';

/** The product's one name in the UI: the output channel, the language client, every message. */
export const PRODUCT = 'SMDR';

export const RUNBOOK_SELECTOR = [{ language: 'markdown', pattern: '**/*.runbook.md' }];

export class Ctx implements vscode.Disposable {
  /** Disposed, last pushed first, when the extension deactivates: views and their subscriptions belong here. */
  readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly extension: Pick<vscode.ExtensionContext, 'asAbsolutePath' | 'secrets' | 'globalStorageUri'>,
    readonly client: LanguageClient,
    readonly log: vscode.LogOutputChannel,
  ) {}

  /** Makes `disposable` the context's: disposed, last owned first, when the extension deactivates. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.subscriptions.push(disposable);
    return disposable;
  }

  /** Whether requests can reach the server (a starting server queues them). */
  get serverUp(): boolean {
    return this.client.state !== State.Stopped;
  }

  /** Calls `listener` whenever the server is up: its first start, a Restart, or back after a crash. */
  onServerUp(listener: () => void): vscode.Disposable {
    return this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) listener();
    });
  }

  /** Starts the server; a failure is logged and shown with Open Logs (activation itself never waits for it). */
  start(): Promise<boolean> {
    return this.attempt(
      () => this.client.start(),
      (reason) => vscode.l10n.t('The {0} language server did not start: {1}', PRODUCT, reason),
    );
  }

  async stop(): Promise<void> {
    if (this.client.state !== State.Stopped) await this.client.stop();
  }

  restart(): Promise<boolean> {
    if (this.client.state === State.Stopped) return this.start();
    return this.attempt(
      () => this.client.restart(),
      (reason) => vscode.l10n.t('The {0} language server did not restart: {1}', PRODUCT, reason),
    );
  }

  private async attempt(action: () => Promise<void>, failure: (reason: string) => string): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.fail(failure(messageOf(error)));
      return false;
    }
  }

  /** True when the server can answer; otherwise says so, offering Restart and Open Logs, and returns false. */
  async needServer(): Promise<boolean> {
    if (this.serverUp) return true;
    const restart = vscode.l10n.t('Restart Server');
    const logs = vscode.l10n.t('Open Logs');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The {0} language server is not running: this command needs it to read the runbook.',
        PRODUCT,
      ),
      restart,
      logs,
    );
    if (answer === restart) await this.restart();
    if (answer === logs) this.log.show();
    return false;
  }

  /** An error the operator must see: logged, and shown with a button to the log. */
  fail(message: string): void {
    this.log.error(message);
    const logs = vscode.l10n.t('Open Logs');
    void vscode.window.showErrorMessage(message, logs).then((answer) => answer === logs && this.log.show());
  }

  dispose(): void {
    for (const disposable of this.subscriptions.splice(0).reverse()) disposable.dispose();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The context of the running extension: the language server over IPC, and the log both sides write to. */
export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const log = vscode.window.createOutputChannel(PRODUCT, { log: true });
  const module = extension.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: RUNBOOK_SELECTOR,
    synchronize: { configurationSection: 'smdr' },
    initializationOptions: { settings: config.server },
    outputChannel: log,
    // A verbose trace writes each request's params, a refresh's SQL passwords among them.
    traceOutputChannel: redactingChannel(log),
  };
  let client: LanguageClient;
  try {
    client = new LanguageClient('smdr', PRODUCT, serverOptions, clientOptions);
  } catch (error) {
    log.dispose();
    throw error;
  }
  const ctx = new Ctx(extension, client, log);
  // The log outlives the client's last words: pushed first, disposed last.
  ctx.subscriptions.push(log, { dispose: () => void client.dispose() });
  return ctx;
}
