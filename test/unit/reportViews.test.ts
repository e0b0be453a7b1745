/**
 * The drill report and journal views through the vscode stand-in: a webview without scripts whose page
 * has the runbook's management group, its RTO, the durations from the journal and local times with the
 * zone named, redrawn when the journal changes, and no page for a panel closed meanwhile.
 */
import { fakeVscode, Uri } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { PlanStore } from '../../client/src/plans';
import { DrillViews } from '../../client/src/report/views';
import type { JournalEntry } from '../../server/src/journal/format';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO } from '../helpers';
import { sampleStart, sampleStep } from './journalSamples';

const scenarios = planRunbook(parseRunbook(CONTOSO));
const entries: JournalEntry[] = [sampleStart];
const listeners: (() => void)[] = [];
const plans = {
  plan: async (uri: vscode.Uri) => ({
    uri,
    hash: 'h',
    scenarios,
    managementGroup: 'CONTOSO <MG>',
    rto: '4h',
  }),
  journals: { entries: () => entries },
  onDidChange: (listener: () => void) => {
    listeners.push(listener);
    return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
  },
} as unknown as PlanStore;

interface Panel {
  options: { enableScripts: boolean };
  webview: { html: string };
  closed?: () => void;
}
const panels: Panel[] = [];
(fakeVscode.window as Record<string, unknown>).createWebviewPanel = (
  _type: string,
  _title: string,
  _column: unknown,
  options: Panel['options'],
) => {
  const panel: Panel = { options, webview: { html: '' } };
  panels.push(panel);
  return {
    ...panel,
    webview: panel.webview,
    reveal() {},
    onDidDispose: (listener: () => void) => void (panel.closed = listener),
    dispose: () => panel.closed?.(),
  };
};
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the drill report and journal views', () => {
  it('show the report with the management group, RTO and local times, and the journal, without scripts', async () => {
    const views = new DrillViews(plans);
    const uri = Uri.file('/work/contoso.runbook.md') as unknown as vscode.Uri;
    await views.showReport(uri);
    const report = panels[0]!;
    assert.equal(report.options.enableScripts, false);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    assert.match(report.webview.html, /<h1>Recovery drill: CONTOSO &#60;MG&#62;<\/h1>/);
    assert.match(report.webview.html, new RegExp(`Times in ${zone.replace(/[/+]/g, '\\$&')}`));
    assert.match(
      report.webview.html,
      /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-/,
    );
    assert.match(report.webview.html, /unfinished/);
    assert.doesNotMatch(report.webview.html, /<script/);

    entries.push(sampleStep);
    for (const listener of listeners) listener();
    await settled();
    assert.match(report.webview.html, /<td>succeeded \(exit 0\)<\/td><td>5 s<\/td>/);
    assert.match(report.webview.html, /Total: 5 s of an RTO of 4h: within\./);

    await views.showJournal(uri);
    const journal = panels[1]!;
    assert.match(journal.webview.html, /<td>started<\/td><td>alice on ADMIN01<\/td>/);
    assert.match(journal.webview.html, /<td>succeeded \(exit 0\)<\/td>/);

    journal.closed!();
    journal.webview.html = 'closed';
    for (const listener of listeners) listener();
    await settled();
    assert.equal(journal.webview.html, 'closed', 'a closed panel is not drawn again');
    views.dispose();
    assert.equal(listeners.length, 0, 'the views let go of the plan store');
  });
});
