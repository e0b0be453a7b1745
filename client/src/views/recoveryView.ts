/** The Recovery view: runbooks, their scenarios with progress, and each step with its last outcome. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeStatus, stepKey, type PlannedScenario, type StepState } from '../../../server/src/api';
import type { PlanStore, RunbookPlan } from '../plans';
import { blockedBy } from '../runner/blocked';
import type { Runner, StepRef } from '../runner/runner';

export type RecoveryNode =
  | { type: 'runbook'; plan: RunbookPlan }
  | { type: 'scenario'; plan: RunbookPlan; scenario: PlannedScenario }
  | ({ type: 'step' } & StepRef)
  | { type: 'error'; uri: vscode.Uri; message: string };

const OUTCOME_ICONS: Record<StepState, [string, string?]> = {
  succeeded: ['pass', 'testing.iconPassed'],
  done: ['pass', 'testing.iconPassed'],
  skipped: ['debug-step-over'],
  failed: ['error', 'testing.iconFailed'],
  sent: ['send'],
  'dry-run': ['eye'],
  unfinished: ['question', 'list.warningForeground'],
};

export class RecoveryView implements vscode.TreeDataProvider<RecoveryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RecoveryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly plans: PlanStore,
    private readonly runner: Runner,
  ) {
    this.disposables = [this.changed, plans.onDidChange(() => this.changed.fire(undefined))];
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  async getChildren(node?: RecoveryNode): Promise<RecoveryNode[]> {
    if (!node) {
      const uris = await this.plans.runbooks();
      return Promise.all(
        uris.map(async (uri): Promise<RecoveryNode> => {
          try {
            const plan = await this.plans.plan(uri);
            return plan
              ? { type: 'runbook', plan }
              : { type: 'error', uri, message: vscode.l10n.t('The language server has no plan for it.') };
          } catch (error) {
            return { type: 'error', uri, message: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
    }
    if (node.type === 'runbook')
      return node.plan.scenarios.map((scenario) => ({ type: 'scenario', plan: node.plan, scenario }));
    if (node.type === 'scenario')
      return node.scenario.steps.map((step) => ({
        type: 'step',
        plan: node.plan,
        scenario: node.scenario,
        step,
      }));
    return [];
  }

  getTreeItem(node: RecoveryNode): vscode.TreeItem {
    switch (node.type) {
      case 'runbook': {
        const item = new vscode.TreeItem(
          path.basename(node.plan.uri.fsPath),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = node.plan.uri.toString();
        item.resourceUri = node.plan.uri;
        item.contextValue = 'runbook';
        item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [node.plan.uri] };
        return item;
      }
      case 'scenario': {
        const progress = this.plans.progress(node.plan.uri, node.scenario);
        const item = new vscode.TreeItem(node.scenario.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.plan.uri.toString()}#${node.scenario.title}`;
        item.description = vscode.l10n.t('{0}/{1} done', progress.done, progress.total);
        item.tooltip = [
          node.scenario.scenario,
          node.scenario.strategy && `(${node.scenario.strategy})`,
          node.scenario.failed && vscode.l10n.t('{0} failed', node.scenario.failed),
        ]
          .filter(Boolean)
          .join(' ');
        item.iconPath = new vscode.ThemeIcon(
          progress.done === progress.total && progress.total > 0 ? 'pass-filled' : 'checklist',
        );
        item.contextValue = 'scenario';
        return item;
      }
      case 'step': {
        const status = this.plans
          .progress(node.plan.uri, node.scenario)
          .statuses.get(stepKey(node.scenario.title, node.step.kind, node.step.title));
        const running = this.runner.isRunning(node);
        const blocked = blockedBy(node.step);
        const item = new vscode.TreeItem(node.step.title, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.plan.uri.toString()}#${node.scenario.title}#${node.step.kind}#${node.step.title}`;
        item.description = [
          node.step.kind,
          node.step.server,
          running ? vscode.l10n.t('running') : status?.outcome,
          blocked ? vscode.l10n.t('blocked') : undefined,
        ]
          .filter(Boolean)
          .join(' · ');
        const [icon, color] = running
          ? ['sync~spin']
          : blocked
            ? ['circle-slash', 'errorForeground']
            : status
              ? OUTCOME_ICONS[status.outcome]
              : ['circle-large-outline'];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        // The runbook's words are text, never Markdown: appendText escapes them.
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown('**').appendText(node.step.title).appendMarkdown('** (');
        tooltip.appendText(node.step.kind).appendMarkdown(')\n\n');
        if (node.step.destructive)
          tooltip
            .appendText(vscode.l10n.t('Destructive: acts on {0}.', node.step.target ?? ''))
            .appendMarkdown('\n\n');
        if (blocked)
          tooltip
            .appendText(vscode.l10n.t('Cannot run until its problems are fixed: {0}', blocked))
            .appendMarkdown('\n\n');
        tooltip.appendText(
          status
            ? vscode.l10n.t(
                'Last: {0}.',
                describeStatus(status, (iso) => new Date(iso).toLocaleString()),
              )
            : vscode.l10n.t('Not run yet.'),
        );
        item.tooltip = tooltip;
        item.contextValue = blocked ? 'step-blocked' : node.step.command ? 'step-runnable' : 'step-manual';
        item.command = {
          title: vscode.l10n.t('Reveal'),
          command: 'vscode.open',
          arguments: [
            node.plan.uri,
            { selection: new vscode.Range(node.step.line - 1, 0, node.step.line - 1, 0) },
          ],
        };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(
          path.basename(node.uri.fsPath),
          vscode.TreeItemCollapsibleState.None,
        );
        item.description = node.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        return item;
      }
    }
  }
}
