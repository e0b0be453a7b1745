/** The Servers and Backups views: one root per runbook (named by its management group, and its file where two share one), the estate under it. */
import * as vscode from 'vscode';
import { rootTitles, type EstateNode, type Verdict } from '../../../server/src/api';
import type { LiveStore, RunbookEstate } from '../live';
import type { PlanStore } from '../plans';

type Node =
  | { kind: 'runbook'; estate: RunbookEstate; title: string }
  | { kind: 'node'; uri: vscode.Uri; node: EstateNode };

const VERDICT_ICONS: Record<Verdict, [string, string]> = {
  ok: ['pass', 'testing.iconPassed'],
  stale: ['warning', 'list.warningForeground'],
  missing: ['error', 'list.errorForeground'],
  unknown: ['question', 'disabledForeground'],
  error: ['error', 'list.errorForeground'],
};

export class EstateView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly which: 'servers' | 'backups',
    private readonly plans: PlanStore,
    private readonly live: LiveStore,
  ) {
    this.subscriptions = [
      live.onDidChange(() => this.changed.fire(undefined)),
      plans.onDidChange(() => this.changed.fire(undefined)),
      this.changed,
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  async getChildren(parent?: Node): Promise<Node[]> {
    if (!parent) {
      const estates = await Promise.all((await this.plans.runbooks()).map((uri) => this.live.load(uri)));
      const shown = estates.filter((e): e is RunbookEstate => !!e);
      const titles = rootTitles(
        shown.map((e) => ({
          managementGroup: e.title ?? undefined,
          file: vscode.workspace.asRelativePath(e.uri),
        })),
      );
      return shown.map((estate, i) => ({ kind: 'runbook', estate, title: titles[i]! }));
    }
    const nodes = parent.kind === 'runbook' ? parent.estate[this.which] : (parent.node.children ?? []);
    const uri = parent.kind === 'runbook' ? parent.estate.uri : parent.uri;
    return nodes.map((node) => ({ kind: 'node', uri, node }));
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (element.kind === 'runbook') {
      const { estate, title } = element;
      const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${this.which}:${estate.uri.toString()}`;
      item.description =
        estate.problem ??
        (estate.checkedAt
          ? `checked ${new Date(estate.checkedAt).toLocaleTimeString()}`
          : 'not read yet: Refresh');
      item.tooltip = vscode.workspace.asRelativePath(estate.uri);
      item.iconPath = new vscode.ThemeIcon(estate.problem ? 'error' : 'book');
      item.contextValue = 'estate-runbook';
      return item;
    }
    const { node, uri } = element;
    const item = new vscode.TreeItem(
      node.label,
      node.children?.length
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${this.which}:${uri.toString()}:${node.id}`;
    // An error node offers its retry here: the node's own text is shared with `smdr status`, where no click exists.
    item.description = node.retry ? 'Retry' : node.description;
    item.tooltip = node.tooltip;
    const [icon, color] = node.verdict ? VERDICT_ICONS[node.verdict] : [node.icon ?? 'circle-outline'];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    if (node.retry) {
      item.contextValue = 'estate-error';
      item.command = { title: 'Retry', command: 'smdr.refreshLive', arguments: [uri] };
    } else if (node.range) {
      const { start, end } = node.range;
      item.command = {
        title: 'Reveal in Runbook',
        command: 'vscode.open',
        arguments: [
          uri,
          {
            selection: new vscode.Range(start.line, start.character, end.line, end.character),
            preserveFocus: true,
          },
        ],
      };
    }
    return item;
  }
}
