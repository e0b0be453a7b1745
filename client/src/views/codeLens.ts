/**
 * Above each step heading: Run (or, for a step whose text carries an error, Blocked, which opens the
 * Problems view), Mark done, and the last outcome from the journal.
 */
import * as vscode from 'vscode';
import { stepKey } from '../../../server/src/journal/format';
import { describeStatus } from '../../../server/src/journal/progress';
import type { PlanStore } from '../plans';
import { blockedBy } from '../runner/blocked';

export class StepCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly plans: PlanStore) {
    plans.onDidChange(() => this.changed.fire());
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
          title: `${progress.done}/${progress.total} done`,
          command: 'smdr.recovery.focus',
        }),
      );
      for (const step of scenario.steps) {
        const range = new vscode.Range(step.line - 1, 0, step.line - 1, 0);
        const args = [{ uri: document.uri.toString(), scenarioLine: scenario.line, stepLine: step.line }];
        const blocked = blockedBy(step);
        if (blocked)
          lenses.push(
            new vscode.CodeLens(range, {
              title: '$(circle-slash) Blocked: fix its problems to run it',
              tooltip: blocked,
              command: 'workbench.actions.view.problems',
            }),
          );
        else if (step.command)
          lenses.push(
            new vscode.CodeLens(range, {
              title: step.destructive ? '$(play) Run (destructive)' : '$(play) Run',
              command: 'smdr.runStep',
              arguments: args,
            }),
          );
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(check) Mark done',
            command: 'smdr.markStepDone',
            arguments: args,
          }),
        );
        const status = progress.statuses.get(stepKey(scenario.title, step.kind, step.title));
        if (status) {
          lenses.push(
            new vscode.CodeLens(range, {
              title: `last: ${describeStatus(status, (iso) => new Date(iso).toLocaleTimeString())}`,
              command: 'smdr.openJournal',
              arguments: args,
            }),
          );
        }
      }
    }
    return lenses;
  }
}
