/** The progress of the scenario under the cursor, in the status bar. */
import * as vscode from 'vscode';
import type { PlanStore } from '../plans';

export class ProgressStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'smdr.progress',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly plans: PlanStore) {
    this.item.name = vscode.l10n.t('SMDR recovery progress');
    this.item.command = 'smdr.recovery.focus';
    const update = () => void this.update();
    this.disposables = [
      this.item,
      plans.onDidChange(update),
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.window.onDidChangeTextEditorSelection(update),
    ];
    update();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !editor.document.fileName.endsWith('.runbook.md')) return this.item.hide();
    const plan = await this.plans.plan(editor.document.uri);
    const line = editor.selection.active.line + 1;
    const scenario = plan?.scenarios.filter((s) => s.line <= line).pop();
    if (!plan || !scenario) return this.item.hide();
    const progress = this.plans.progress(plan.uri, scenario);
    this.item.text = `$(checklist) ${scenario.title}: ${progress.done}/${progress.total}`;
    this.item.tooltip = vscode.l10n.t('Steps done in the current run of "{0}"', scenario.title);
    this.item.show();
  }
}
