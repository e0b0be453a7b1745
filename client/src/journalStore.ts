/**
 * The run journals of the workspace's runbooks (`.smdr/journal.jsonl` beside each), parsed once per
 * change: the Recovery view, the code lenses, the status bar and the runner ask for progress on every
 * cursor move and every tree refresh. The reader already reads only appended bytes; this store keeps
 * the entries and each scenario's progress while the file's identity, size and time are the same, so
 * asking again costs one lstat (no file event is trusted to arrive first: this window's own appends
 * and another process's both change the file). A damaged journal is told in one notification per
 * read that finds something new ("N lines skipped, the first: …"), each warning in the log; what was
 * told is kept per journal file, as at most the reader's few warnings.
 */
import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  journalPath,
  readJournal,
  scenarioProgress,
  type JournalEntry,
  type PlannedScenario,
  type ScenarioProgress,
} from '../../server/src/api';

interface Cached {
  /** The file's device, inode, size and modification time when it was read. */
  stamp: string;
  entries: JournalEntry[];
  /** By scenario (the plan's object: a new plan is a new key). */
  progress: WeakMap<PlannedScenario, ScenarioProgress>;
}

export class JournalStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A journal changed (appended, replaced or deleted). */
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, Cached>();
  /** By journal file: the warnings already told (the reader names at most a few). */
  private readonly warned = new Map<string, Set<string>>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.smdr/journal.jsonl');
    const changed = () => this.changed.fire();
    this.disposables.push(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.cache.clear();
  }

  /** The journal file of a runbook. */
  file(runbook: vscode.Uri): string {
    return journalPath(runbook.fsPath);
  }

  entries(runbook: vscode.Uri): JournalEntry[] {
    return this.read(runbook).entries;
  }

  progress(runbook: vscode.Uri, scenario: PlannedScenario): ScenarioProgress {
    const cached = this.read(runbook);
    let progress = cached.progress.get(scenario);
    if (!progress) {
      progress = scenarioProgress(cached.entries, path.basename(runbook.fsPath), scenario);
      cached.progress.set(scenario, progress);
    }
    return progress;
  }

  private read(runbook: vscode.Uri): Cached {
    const file = this.file(runbook);
    const stamp = stampOf(file);
    const known = this.cache.get(file);
    if (known?.stamp === stamp) return known;
    // No folder between the workspace folder and the journal may be a link out of it.
    const { entries, warnings, skipped } = readJournal(
      file,
      vscode.workspace.getWorkspaceFolder(runbook)?.uri.fsPath,
    );
    this.tell(file, warnings, skipped);
    const cached: Cached = { stamp, entries, progress: new WeakMap() };
    this.cache.set(file, cached);
    return cached;
  }

  /** Logs the warnings not told yet, and shows them in one notification. */
  private tell(file: string, warnings: readonly string[], skipped: number): void {
    const told = this.warned.get(file) ?? new Set();
    const fresh = warnings.filter((warning) => !told.has(warning));
    this.warned.set(file, new Set(warnings));
    if (fresh.length === 0) return;
    for (const warning of fresh) this.log.warn(`${file}: ${warning}`);
    // Visibly, and once: progress read from a damaged journal can mislead on the day it matters.
    const where = vscode.workspace.asRelativePath(file);
    void vscode.window.showWarningMessage(
      skipped > 1
        ? `${where}: ${skipped} journal lines were skipped; the first: ${warnings[0]} Each is named in the SMDR log.`
        : `${where}: ${fresh[0]}`,
    );
  }
}

function stampOf(file: string): string {
  try {
    const stat = lstatSync(file);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    // Absent or unreadable: the reader says which, and is asked again next time.
    return `none:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}
