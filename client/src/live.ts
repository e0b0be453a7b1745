/**
 * Live state of the workspace's runbooks: refreshed on demand (with progress) or on a timer, read in
 * the language server process. Passwords come from secret storage, each bound to where it was given;
 * an explicit refresh asks for a missing one (or one the runbook now sends elsewhere), an automatic
 * refresh never does (the instance then shows why it was not read). In Restricted Mode nothing is
 * read: no SQL Server login with stored passwords, no file probe of the runbook's paths.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LiveStateRequest, terminalSafe, type GivenPassword, type SqlTarget } from '../../server/src/api';
import { config } from './config';
import type { Credentials } from './credentials';
import type { PlanStore } from './plans';
import { runbookText } from './runbookText';

/** What the views show of one runbook: the last answer of the language server for it. */
export interface RunbookEstate extends Omit<LiveStateRequest.Result, 'diagnostics' | 'loginRefused'> {
  uri: vscode.Uri;
}

export class LiveStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly estates = new Map<string, RunbookEstate>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('smdr-live');
  private timer: ReturnType<typeof setInterval> | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly plans: PlanStore,
    private readonly credentials: Credentials,
  ) {
    this.disposables = [
      this.changed,
      this.diagnostics,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('smdr.live')) this.schedule();
        // The logins a refresh asks passwords for go where the endpoints say: read them again.
        if (e.affectsConfiguration('smdr.sql.endpoints')) this.forgetEstates();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
      // An edited inventory is shown at once, with the last live state the server kept.
      plans.onDidChange(() => this.forgetEstates()),
    ];
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    const minutes = config.autoRefreshMinutes;
    this.timer =
      minutes > 0 && vscode.workspace.isTrusted
        ? setInterval(() => void this.refresh(false), minutes * 60_000)
        : undefined;
  }

  private forgetEstates(): void {
    this.estates.clear();
    this.changed.fire();
  }

  estate(uri: vscode.Uri): RunbookEstate | undefined {
    return this.estates.get(uri.toString());
  }

  /** The views before any refresh: the runbook's estate without live state. */
  async load(uri: vscode.Uri): Promise<RunbookEstate | undefined> {
    const known = this.estate(uri);
    if (known) return known;
    const response = await this.request(uri, false, {});
    return response ? await this.store(uri, response) : undefined;
  }

  /** Reads every runbook's servers; one refresh at a time (a second request joins the running one). */
  refresh(interactive: boolean, only?: vscode.Uri): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      if (interactive) void refusedUntrusted();
      return Promise.resolve();
    }
    if (!this.refreshing) {
      const run = vscode.window.withProgress(
        { location: { viewId: 'smdr.servers' }, title: 'Reading the servers' },
        async () => {
          const uris = only ? [only] : await this.plans.runbooks();
          // The logins come with the views' last answer, so each runbook is read in one request.
          const estates = await Promise.all(uris.map((uri) => this.load(uri)));
          const passwords = await this.passwordsFor(
            estates.map((e) => e?.logins ?? []),
            interactive,
          );
          await Promise.all(uris.map((uri, i) => this.probe(uri, passwords[i]!)));
        },
      );
      this.refreshing = Promise.resolve(run).finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  /**
   * The passwords of each runbook's logins, by instance, each with the target it was given for: one
   * question per login across all the runbooks (see Credentials), before any is read.
   */
  private async passwordsFor(
    logins: readonly (readonly SqlTarget[])[],
    interactive: boolean,
  ): Promise<Record<string, GivenPassword>[]> {
    const given = await this.credentials.passwords(logins.flat(), interactive);
    let at = 0;
    return logins.map((targets) =>
      Object.fromEntries(
        targets.flatMap((target) => {
          const password = given[at++];
          return password === undefined ? [] : [[target.instance, { password, target }]];
        }),
      ),
    );
  }

  private async probe(uri: vscode.Uri, passwords: Record<string, GivenPassword>): Promise<void> {
    const response = await this.request(uri, true, passwords);
    if (!response) return;
    await this.store(uri, response);
    await this.forgetRefused(response.loginRefused, passwords);
  }

  /** A password SQL Server refused (mistyped, or changed since) is forgotten, so the next Refresh asks again. */
  private async forgetRefused(instances: string[], passwords: Record<string, GivenPassword>): Promise<void> {
    for (const instance of instances) {
      const target = passwords[instance]?.target;
      if (!target) continue;
      await this.credentials.forget(target);
      void vscode.window.showWarningMessage(refusedNotice(instance, target));
    }
  }

  private async request(
    uri: vscode.Uri,
    probe: boolean,
    passwords: Record<string, GivenPassword>,
  ): Promise<LiveStateRequest.Result | null> {
    try {
      return await this.client.sendRequest(LiveStateRequest.type, {
        uri: uri.toString(),
        text: await runbookText(uri),
        probe,
        passwords,
        endpoints: config.sqlEndpoints,
        connectTimeoutMs: config.connectTimeoutMs,
        requestTimeoutMs: config.requestTimeoutMs,
      });
    } catch (error) {
      return {
        title: null,
        servers: [],
        backups: [],
        diagnostics: [],
        checkedAt: null,
        logins: [],
        loginRefused: [],
        problem: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private async store(uri: vscode.Uri, response: LiveStateRequest.Result): Promise<RunbookEstate> {
    const { title, servers, backups, checkedAt, logins, problem } = response;
    const estate: RunbookEstate = { uri, title, servers, backups, checkedAt, logins, problem };
    this.estates.set(uri.toString(), estate);
    const converted = await this.client.protocol2CodeConverter.asDiagnostics(response.diagnostics);
    for (const diagnostic of converted) diagnostic.source = 'smdr (live)';
    this.diagnostics.set(uri, converted);
    this.changed.fire();
    return estate;
  }
}

/** What the operator is told of a refused password; the runbook's values show their control and bidirectional characters escaped. */
export function refusedNotice(instance: string, target: SqlTarget): string {
  return terminalSafe(
    `${instance} at ${target.host} refused the login ${target.user ?? ''}: the stored password was forgotten, and Refresh asks for it again, for ${instance} alone.`,
  );
}

async function refusedUntrusted(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    'Reading the servers needs a trusted workspace: in Restricted Mode no stored password is sent and no path of the runbook is probed.',
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
