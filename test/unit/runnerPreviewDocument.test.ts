/**
 * The Show Command document through the vscode stand-in: its text for a step address is the preview of
 * that step as planned now (with the settings and the SQL target of the moment), and an address that
 * is not a step, or a step no longer there, says so.
 */
import './clientFakeVscode';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { CommandPreview, type PreviewSettings } from '../../client/src/runner/commandPreview';
import { stepPreview } from '../../client/src/runner/preview';
import type { PlanStore } from '../../client/src/plans';
import type { SqlTargets } from '../../client/src/sqlTargets';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO } from '../helpers';
import { LINUX_TOOLS } from './terminalSamples';

const scenarios = planRunbook(parseRunbook(CONTOSO));
const RUNBOOK = 'file:///work/contoso.runbook.md';
const target: SqlTarget = {
  instance: 'SQL01\\SCSM',
  host: '127.0.0.1',
  port: 14330,
  browserInstance: null,
  authentication: 'sql',
  user: 'smdr-reader',
  domain: null,
  encrypt: true,
  trustServerCertificate: true,
};
const plans = {
  plan: async (uri: vscode.Uri) =>
    uri.toString() === RUNBOOK
      ? { uri, hash: 'h', scenarios, managementGroup: 'CONTOSO', rto: '4h' }
      : undefined,
  onDidChange: () => ({ dispose() {} }),
} as unknown as PlanStore;
const targets = {
  of: async () => ({ hash: 'h', targets: { SQL01: target }, databaseServers: ['SQL01'] }),
} as unknown as SqlTargets;
const cli = { node: '/usr/bin/node', script: '/ext/dist/cli.js' };
let settings: PreviewSettings = {
  dryRun: false,
  remoting: true,
  localComputer: 'ADMIN01',
  tools: LINUX_TOOLS,
};
const preview = new CommandPreview(plans, targets, cli, () => settings);
const documentOf = (address: unknown) => ({ query: JSON.stringify(address) }) as vscode.Uri;

describe('the Show Command document', () => {
  it('is the preview of the step as planned, with the settings and SQL target of the moment', async () => {
    const scenario = scenarios.find((s) => s.title === 'SQL01 fails')!;
    const step = scenario.steps.find((s) => s.kind === 'enable-clr')!;
    const address = { uri: RUNBOOK, scenarioLine: scenario.line, stepLine: step.line };
    const expected = (dryRun: boolean) =>
      stepPreview({
        step,
        scenarioTitle: scenario.title,
        terminal: { platform: process.platform, shell: '/bin/bash', dryRun, tools: LINUX_TOOLS },
        cli,
        remoting: true,
        localComputer: 'ADMIN01',
        sqlTarget: target,
      }).text;
    const text = await preview.provideTextDocumentContent(documentOf(address));
    assert.equal(text, expected(false));
    assert.match(text, /Against SQL Server SQL01\\SCSM at 127\.0\.0\.1:14330/);
    settings = { ...settings, dryRun: true };
    assert.equal(await preview.provideTextDocumentContent(documentOf(address)), expected(true));
  });

  it('says when its address is no step, or the step is no longer there', async () => {
    assert.equal(
      await preview.provideTextDocumentContent({ query: '{"uri": 1' } as vscode.Uri),
      'This is no step of a runbook.',
    );
    assert.equal(
      await preview.provideTextDocumentContent(documentOf({ uri: RUNBOOK, scenarioLine: '1', stepLine: 2 })),
      'This is no step of a runbook.',
    );
    assert.match(
      await preview.provideTextDocumentContent(
        documentOf({ uri: RUNBOOK, scenarioLine: 1, stepLine: 99_999 }),
      ),
      /^This step is no longer on line 99999 of \S*contoso\.runbook\.md: show its command again/,
    );
  });
});
