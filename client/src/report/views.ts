/**
 * The drill report and the journal of a runbook inside VS Code: one webview panel each per runbook,
 * without scripts (pages from page.ts, whose policy allows none), redrawn when the runbook or its
 * journal changes. Times are local to the extension host, with the zone named.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  buildReport,
  escapeHtml,
  journalRuns,
  journalSections,
  reportSections,
  zonedTime,
  type TimeFormat,
} from '../../../server/src/api';
import type { PlanStore } from '../plans';
import { webviewPage } from './page';

type Kind = 'report' | 'journal';

interface Page {
  title: string;
  body: string;
}

export class DrillViews implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; uri: vscode.Uri; kind: Kind }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly plans: PlanStore) {
    this.subscriptions = [plans.onDidChange(() => this.redrawAll())];
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }

  showReport(uri: vscode.Uri): Promise<void> {
    return this.show(uri, 'report');
  }

  showJournal(uri: vscode.Uri): Promise<void> {
    return this.show(uri, 'journal');
  }

  private async show(uri: vscode.Uri, kind: Kind): Promise<void> {
    const key = `${kind}#${uri.toString()}`;
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      return this.redraw(open.panel, uri, kind);
    }
    const panel = vscode.window.createWebviewPanel(
      `smdr.${kind}`,
      kind === 'report'
        ? vscode.l10n.t('Drill report: {0}', path.basename(uri.fsPath))
        : vscode.l10n.t('Journal: {0}', path.basename(uri.fsPath)),
      vscode.ViewColumn.Beside,
      { enableScripts: false, enableCommandUris: false, localResourceRoots: [] },
    );
    this.panels.set(key, { panel, uri, kind });
    panel.onDidDispose(() => this.panels.delete(key));
    await this.redraw(panel, uri, kind);
  }

  private redrawAll(): void {
    for (const { panel, uri, kind } of this.panels.values()) void this.redraw(panel, uri, kind);
  }

  private async redraw(panel: vscode.WebviewPanel, uri: vscode.Uri, kind: Kind): Promise<void> {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const time = zonedTime(zone);
    let page: Page;
    try {
      page = kind === 'report' ? await this.report(uri, time) : this.journal(uri, time);
    } catch (error) {
      // The language server down or restarting: the view says so, and redraws with the next change.
      const reason = error instanceof Error ? error.message : String(error);
      page = { title: path.basename(uri.fsPath), body: `<p>${escapeHtml(reason)}</p>` };
    }
    const subtitle = vscode.l10n.t(
      'Times in {0}, the time zone of the computer the extension runs on. {1}',
      zone,
      vscode.workspace.asRelativePath(uri),
    );
    // Closed while the report was being built: a disposed webview takes no page.
    if (![...this.panels.values()].some((open) => open.panel === panel)) return;
    panel.webview.html = webviewPage(page.title, subtitle, page.body, randomBytes(18).toString('base64'));
  }

  private async report(uri: vscode.Uri, time: TimeFormat): Promise<Page> {
    const plan = await this.plans.plan(uri);
    const name = path.basename(uri.fsPath);
    if (!plan)
      return {
        title: vscode.l10n.t('Recovery drill: {0}', name),
        body: `<p>${escapeHtml(vscode.l10n.t('The runbook could not be planned: the SMDR log says why.'))}</p>`,
      };
    const report = buildReport(
      name,
      plan.managementGroup ?? name,
      plan.rto ?? undefined,
      plan.scenarios,
      this.plans.journals.entries(uri),
    );
    return {
      title: vscode.l10n.t('Recovery drill: {0}', report.managementGroup),
      body: reportSections(report, time),
    };
  }

  private journal(uri: vscode.Uri, time: TimeFormat): Page {
    const name = path.basename(uri.fsPath);
    const entries = this.plans.journals.entries(uri).filter((e) => e.runbook === name);
    return { title: vscode.l10n.t('Journal: {0}', name), body: journalSections(journalRuns(entries), time) };
  }
}
