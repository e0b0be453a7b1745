/**
 * Plans and journals of the workspace's runbooks, kept fresh: the Recovery view, the code lenses, the
 * status bar and the runner all read from here. Plans come from the language server (`smdr/plan`).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PlannedScenario } from '../../server/src/stepScripts/plan';
import type { JournalEntry } from '../../server/src/journal/format';
import { scenarioProgress, type ScenarioProgress } from '../../server/src/journal/progress';
import { readJournal } from '../../server/src/journal/reader';
import { journalPath } from '../../server/src/journal/writer';
import { runbookText } from './runbookText';
import { runSettings } from './settings';

export interface RunbookPlan {
  uri: vscode.Uri;
  hash: string;
  scenarios: PlannedScenario[];
}

export class PlanStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly warned = new Set<string>();

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.OutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.runbook.md,.smdr/journal.jsonl}');
    const fire = () => this.changed.fire();
    // Typing fires one change per keystroke: the views re-read once the typing pauses.
    let typing: ReturnType<typeof setTimeout> | undefined;
    const typed = () => {
      clearTimeout(typing);
      typing = setTimeout(fire, 300);
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(fire),
      watcher.onDidCreate(fire),
      watcher.onDidDelete(fire),
      vscode.workspace.onDidChangeTextDocument(
        (e) => e.document.fileName.endsWith('.runbook.md') && e.contentChanges.length > 0 && typed(),
      ),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('smdr.run')) return;
        this.cache.clear();
        fire();
      }),
      { dispose: () => clearTimeout(typing) },
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  refresh(): void {
    this.changed.fire();
  }

  async runbooks(): Promise<vscode.Uri[]> {
    const found = await vscode.workspace.findFiles('**/*.runbook.md', '**/node_modules/**');
    return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  /** Plans of open runbooks by document version: the status bar asks on every cursor move. */
  private readonly cache = new Map<string, { version: number; plan: RunbookPlan }>();

  async plan(uri: vscode.Uri): Promise<RunbookPlan | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const cached = open && this.cache.get(uri.toString());
    if (cached && cached.version === open.version) return cached.plan;
    const plan = await this.fetchPlan(uri);
    if (open && plan) this.cache.set(uri.toString(), { version: open.version, plan });
    return plan;
  }

  private async fetchPlan(uri: vscode.Uri): Promise<RunbookPlan | undefined> {
    const text = await runbookText(uri);
    const settings = runSettings();
    const result = await this.client.sendRequest<{ hash: string; scenarios: PlannedScenario[] } | null>(
      'smdr/plan',
      {
        uri: uri.toString(),
        text,
        remoting: settings.remoting,
        localComputer: settings.localComputer,
      },
    );
    return result ? { uri, ...result } : undefined;
  }

  private async loginInfo(
    uri: vscode.Uri,
  ): Promise<{ user: string | null; instances: Record<string, string>; databaseInstances: string[] } | null> {
    return this.client.sendRequest('smdr/sqlLogin', { uri: uri.toString(), text: await runbookText(uri) });
  }

  /** The SQL login a scenario's T-SQL steps use: the instance of its first T-SQL step, the runbook's `sql.user`. */
  async sqlLogin(
    uri: vscode.Uri,
    scenario: PlannedScenario,
  ): Promise<{ instance: string; user: string } | undefined> {
    const server = scenario.steps.find((s) => s.language === 'tsql')?.server;
    const info = await this.loginInfo(uri);
    if (!server || !info?.user) return undefined;
    return { instance: info.instances[server] ?? server, user: info.user };
  }

  /** Every database server's instance of a runbook, with its SQL login (for the live views). */
  async sqlLogins(uri: vscode.Uri): Promise<{ instance: string; user: string }[]> {
    const info = await this.loginInfo(uri);
    return info?.user ? info.databaseInstances.map((instance) => ({ instance, user: info.user! })) : [];
  }

  journalFile(uri: vscode.Uri): string {
    return journalPath(uri.fsPath);
  }

  journal(uri: vscode.Uri): JournalEntry[] {
    const file = this.journalFile(uri);
    const { entries, warnings } = readJournal(file);
    for (const warning of warnings) {
      if (this.warned.has(warning)) continue;
      this.warned.add(warning);
      this.log.appendLine(`[warning] ${file}: ${warning}`);
      // Once per warning, and visibly: progress read from a damaged journal can mislead on the day it matters.
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(file)}: ${warning}`);
    }
    return entries;
  }

  progress(uri: vscode.Uri, scenario: PlannedScenario): ScenarioProgress {
    return scenarioProgress(this.journal(uri), path.basename(uri.fsPath), scenario);
  }
}
