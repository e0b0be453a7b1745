import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRunbook } from '../../server/src/commands/plan';
import type { StepEntry } from '../../server/src/journal/format';
import { buildReport, durationMs, reportHtml, reportMarkdown } from '../../server/src/report/report';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO } from '../helpers';
import { sampleStart, sampleStep } from './journalSamples';

const plan = planRunbook(parseRunbook(CONTOSO));
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 10, minutes)).toISOString();
const entry = (
  stepKind: string,
  stepTitle: string,
  start: number,
  end: number,
  outcome: StepEntry['outcome'],
  exitCode: number | null,
): StepEntry => ({
  ...sampleStep,
  stepKind,
  stepTitle,
  startedAt: at(start),
  endedAt: at(end),
  outcome,
  exitCode,
});

const entries = [
  entry('same-name-computer', 'Same computer and instance name', 0, 5, 'succeeded', 0),
  entry('restore-databases', 'Restore ServiceManager', 5, 200, 'succeeded', 0),
  entry('enable-clr', 'Enable CLR', 200, 201, 'failed', 1),
  entry('manual', 'Tell the service desk', 201, 290, 'done', null),
];

describe('drill report', () => {
  it('reads durations', () => {
    assert.equal(durationMs('4h'), 4 * 3_600_000);
    assert.equal(durationMs('30m'), 1_800_000);
    assert.equal(durationMs('soon'), undefined);
  });

  it('gives each step its outcome and duration, the total against the RTO, and what failed or was skipped', () => {
    const report = buildReport('contoso.runbook.md', 'CONTOSO', '4h', plan, entries);
    assert.equal(report.scenarios.length, 1);
    const [scenario] = report.scenarios;
    assert.equal(scenario!.title, 'SQL01 fails');
    assert.equal(scenario!.totalMs, 290 * 60_000);
    assert.deepEqual(scenario!.problems, [
      'Took 4 h 50 min, over the RTO of 4h.',
      'Enable CLR (enable-clr): failed',
      'Restore logins and permissions (restore-permissions): not run',
    ]);
    const markdown = reportMarkdown(report);
    assert.match(
      markdown,
      /\| Restore ServiceManager \| restore-databases \| SQL01 \| succeeded \(exit 0\) \| 3 h 15 min \|/,
    );
    assert.match(markdown, /Total: 4 h 50 min of an RTO of 4h: OVER\./);
    const html = reportHtml(report);
    assert.match(html, /<tr class="failed"><td>Enable CLR<\/td>/);
    assert.match(html, /@media print/);
  });

  it('reports a step started and never ended as such, and counts its start in the run', () => {
    const start = {
      ...sampleStart,
      stepKind: 'restore-permissions',
      stepTitle: 'Restore logins and permissions',
      startedAt: at(300),
    };
    const [scenario] = buildReport('contoso.runbook.md', 'CONTOSO', '8h', plan, [
      ...entries,
      start,
    ]).scenarios;
    const step = scenario!.steps.find((s) => s.kind === 'restore-permissions')!;
    assert.equal(step.outcome, 'unfinished');
    assert.equal(step.durationMs, null);
    assert.deepEqual(scenario!.problems, [
      'Enable CLR (enable-clr): failed',
      'Restore logins and permissions (restore-permissions): started, no outcome recorded',
    ]);
    const only = buildReport('contoso.runbook.md', 'CONTOSO', '8h', plan, [start]).scenarios;
    assert.equal(only.length, 1, 'a run with only a start is still reported');
    assert.equal(only[0]!.startedAt, at(300));
  });

  it('escapes what the runbook wrote', () => {
    const hostile = buildReport('contoso.runbook.md', '<script>alert(1)</script>', undefined, plan, [
      entry('manual', 'Tell the service desk', 0, 1, 'done', null),
    ]);
    assert.doesNotMatch(reportHtml(hostile), /<script>/);
    assert.match(reportMarkdown(hostile), /no RTO set/);
  });
});
