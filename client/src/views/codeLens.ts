/**
 * Above each scenario heading: its progress and its drill report. Above each step heading: Run (or,
 * for a step whose text carries an error, Blocked, which opens the Problems view), Show Command (what
 * it would run, where, and whether it is destructive; or why it cannot run), Mark done, and the last
 * outcome from the journal (which opens the journal view).
 */
import * as vscode from 'vscode';
import { describeStatus, stepKey } from '../../../server/src/api';
import type { PlanStore } from '../plans';
import { blockedBy } from '../runner/blocked';

export class StepCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly plans: PlanStore) {
    this.disposables = [this.changed, plans.onDidChange(() => this.changed.fire())];
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const plan = await this.plans.plan(document.uri);
    if (!plan) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const scenario of plan.scenarios) {
      const progress = this.plans.progress(document.uri, scenario);
      const heading = new vscode.Range(scenario.line - 1, 0, scenario.line - 1, 0);
      lenses.push(
        new vscode.CodeLens(heading, {
          title: vscode.l10n.t('{0}/{1} done', progress.done, progress.total),
          command: 'smdr.recovery.focus',
        }),
      );
      if (progress.run)
        lenses.push(
          new vscode.CodeLens(heading, {
            title: vscode.l10n.t('$(graph) Drill report'),
            command: 'smdr.showReport',
            arguments: [{ uri: document.uri.toString(), scenarioLine: scenario.line }],
          }),
        );
      for (const step of scenario.steps) {
        const range = new vscode.Range(step.line - 1, 0, step.line - 1, 0);
        const args = [{ uri: document.uri.toString(), scenarioLine: scenario.line, stepLine: step.line }];
        const blocked = blockedBy(step);
        if (blocked)
          lenses.push(
            new vscode.CodeLens(range, {
              title: vscode.l10n.t('$(circle-slash) Blocked: fix its problems to run it'),
              tooltip: blocked,
              command: 'workbench.actions.view.problems',
            }),
          );
        else if (step.command)
          lenses.push(
            new vscode.CodeLens(range, {
              title: step.destructive
                ? vscode.l10n.t('$(play) Run (destructive)')
                : vscode.l10n.t('$(play) Run'),
              command: 'smdr.runStep',
              arguments: args,
            }),
          );
        if (blocked || step.command)
          lenses.push(
            new vscode.CodeLens(range, {
              title: vscode.l10n.t('$(eye) Show Command'),
              tooltip: blocked
                ? vscode.l10n.t('Why this step cannot run')
                : vscode.l10n.t('The exact text it would run, where, and whether it is destructive'),
              command: 'smdr.showCommand',
              arguments: args,
            }),
          );
        lenses.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('$(check) Mark done'),
            command: 'smdr.markStepDone',
            arguments: args,
          }),
        );
        const status = progress.statuses.get(stepKey(scenario.title, step.kind, step.title));
        if (status) {
          lenses.push(
            new vscode.CodeLens(range, {
              title: vscode.l10n.t(
                'last: {0}',
                describeStatus(status, (iso) => new Date(iso).toLocaleTimeString()),
              ),
              command: 'smdr.showJournal',
              arguments: args,
            }),
          );
        }
      }
    }
    return lenses;
  }
}
