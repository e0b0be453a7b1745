/**
 * Plans of the workspace's runbooks, kept fresh: the Recovery view, the code lenses, the status bar and
 * the runner read from here. Plans come from the language server (`smdr/plan`); progress comes from
 * the journal store, which this forwards so that a view listens to one event.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PlanRequest, type PlannedScenario, type ScenarioProgress } from '../../server/src/api';
import { config } from './config';
import type { JournalStore } from './journalStore';
import { runbookText } from './runbookText';

/** The server's plan of one runbook, with the runbook it is of. */
export type RunbookPlan = PlanRequest.Result & { uri: vscode.Uri };

/** What the store asks of the language client. */
export type PlanClient = Pick<LanguageClient, 'sendRequest'>;

export class PlanStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A runbook, a journal or a setting the plans depend on changed: views read again. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Plans of open runbooks by document version: the status bar asks on every cursor move. */
  private readonly cache = new Map<string, { version: number; plan: RunbookPlan }>();

  constructor(
    private readonly client: PlanClient,
    readonly journals: JournalStore,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.runbook.md');
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
      journals.onDidChange(fire),
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

  async plan(uri: vscode.Uri): Promise<RunbookPlan | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const cached = open && this.cache.get(uri.toString());
    if (cached && cached.version === open.version) return cached.plan;
    const plan = await this.fetchPlan(uri);
    if (open && plan) this.cache.set(uri.toString(), { version: open.version, plan });
    return plan;
  }

  private async fetchPlan(uri: vscode.Uri): Promise<RunbookPlan | undefined> {
    const result = await this.client.sendRequest(PlanRequest.type, {
      uri: uri.toString(),
      text: await runbookText(uri),
      remoting: config.remoting,
      localComputer: config.localComputer,
    });
    return result ? { uri, ...result } : undefined;
  }

  /** The journal file of a runbook (`.smdr/journal.jsonl` beside it). */
  journalFile(uri: vscode.Uri): string {
    return this.journals.file(uri);
  }

  /** Where a scenario's current run stands, from the journal store. */
  progress(uri: vscode.Uri, scenario: PlannedScenario): ScenarioProgress {
    return this.journals.progress(uri, scenario);
  }
}
