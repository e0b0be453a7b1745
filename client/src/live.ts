/**
 * Live state of the workspace's runbooks: refreshed on demand (with progress) or on a timer, read in
 * the language server process. Passwords come from secret storage, each bound to where it was given;
 * an explicit refresh asks for a missing one (or one the runbook now sends elsewhere), an automatic
 * refresh never does (the instance then shows why it was not read). In Restricted Mode nothing is
 * read: no SQL Server login with stored passwords, no file probe of the runbook's paths.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { EstateNode } from '../../server/src/live/estate';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import type { Credentials } from './credentials';
import type { PlanStore } from './plans';
import { runbookText } from './runbookText';
import { sqlEndpoints } from './settings';
import type { SqlTargets } from './sqlTargets';

/** By instance, each password with the target it was given for (the language server checks it again). */
type Passwords = Record<string, { password: string; target: SqlTarget }>;

export interface RunbookEstate {
  uri: vscode.Uri;
  title: string;
  servers: EstateNode[];
  backups: EstateNode[];
  checkedAt: string | null;
  problem: string | null;
}

interface LiveResponse {
  title: string | undefined;
  servers: EstateNode[];
  backups: EstateNode[];
  diagnostics: Diagnostic[];
  checkedAt: string | null;
  /** Instances that refused the login in this read. */
  loginRefused: string[];
  problem: string | null;
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
    private readonly targets: SqlTargets,
  ) {
    this.disposables = [
      this.changed,
      this.diagnostics,
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('smdr.live') && this.schedule(),
      ),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
      // An edited inventory is shown at once, with the last live state the server kept.
      plans.onDidChange(() => {
        this.estates.clear();
        this.changed.fire();
      }),
    ];
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    const minutes = vscode.workspace.getConfiguration('smdr.live').get<number>('autoRefreshMinutes', 0);
    this.timer =
      minutes > 0 && vscode.workspace.isTrusted
        ? setInterval(() => void this.refresh(false), minutes * 60_000)
        : undefined;
  }

  estate(uri: vscode.Uri): RunbookEstate | undefined {
    return this.estates.get(uri.toString());
  }

  /** The views before any refresh: the runbook's estate without live state. */
  async load(uri: vscode.Uri): Promise<RunbookEstate | undefined> {
    const known = this.estate(uri);
    if (known) return known;
    const response = await this.request(uri, false, {});
    if (!response) return undefined;
    const estate = this.store(uri, response);
    return estate;
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
          // Passwords are asked one at a time (two input boxes at once would cancel each other), then every runbook is read at once.
          const passwords: Passwords[] = [];
          for (const uri of uris) passwords.push(await this.passwordsFor(uri, interactive));
          await Promise.all(uris.map((uri, i) => this.probe(uri, passwords[i]!)));
        },
      );
      this.refreshing = Promise.resolve(run).finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async passwordsFor(uri: vscode.Uri, interactive: boolean): Promise<Passwords> {
    const passwords: Passwords = {};
    for (const target of await this.targets.databaseLogins(uri)) {
      const password = interactive
        ? await this.credentials.password(target)
        : await this.credentials.stored(target);
      if (password !== undefined) passwords[target.instance] = { password, target };
    }
    return passwords;
  }

  private async probe(uri: vscode.Uri, passwords: Passwords): Promise<void> {
    const response = await this.request(uri, true, passwords);
    if (!response) return;
    this.store(uri, response);
    await this.forgetRefused(response.loginRefused, passwords);
  }

  /** A password SQL Server refused (mistyped, or changed since) is forgotten, so the next Refresh asks again. */
  private async forgetRefused(instances: string[], passwords: Passwords): Promise<void> {
    for (const instance of instances) {
      const target = passwords[instance]?.target;
      if (!target) continue;
      await this.credentials.forget(target);
      void vscode.window.showWarningMessage(
        `${instance} refused the login ${target.user ?? ''}: the stored password was forgotten, and Refresh asks for it again.`,
      );
    }
  }

  private async request(uri: vscode.Uri, probe: boolean, passwords: Passwords): Promise<LiveResponse | null> {
    const config = vscode.workspace.getConfiguration('smdr');
    try {
      return await this.client.sendRequest<LiveResponse | null>('smdr/liveState', {
        uri: uri.toString(),
        text: await runbookText(uri),
        probe,
        passwords,
        endpoints: sqlEndpoints(),
        connectTimeoutMs: config.get<number>('live.connectTimeout', 15) * 1000,
        requestTimeoutMs: config.get<number>('live.requestTimeout', 30) * 1000,
      });
    } catch (error) {
      return {
        title: undefined,
        servers: [],
        backups: [],
        diagnostics: [],
        checkedAt: null,
        loginRefused: [],
        problem: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private store(uri: vscode.Uri, response: LiveResponse): RunbookEstate {
    const estate: RunbookEstate = {
      uri,
      title: response.title ?? vscode.workspace.asRelativePath(uri),
      servers: response.servers,
      backups: response.backups,
      checkedAt: response.checkedAt,
      problem: response.problem,
    };
    this.estates.set(uri.toString(), estate);
    this.diagnostics.set(
      uri,
      response.diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
          ),
          d.message,
          (d.severity ?? 1) - 1,
        );
        diagnostic.source = 'smdr (live)';
        diagnostic.code = d.codeDescription
          ? { value: String(d.code), target: vscode.Uri.parse(d.codeDescription.href) }
          : String(d.code);
        return diagnostic;
      }),
    );
    this.changed.fire();
    return estate;
  }
}

async function refusedUntrusted(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    'Reading the servers needs a trusted workspace: in Restricted Mode no stored password is sent and no path of the runbook is probed.',
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
