import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { planRunbook } from '../../server/src/stepScripts/plan';
import type { StepEntry } from '../../server/src/journal/format';
import {
  buildReport,
  durationMs,
  markdownLiteral,
  reportHtml,
  reportMarkdown,
  zonedTime,
} from '../../server/src/report/report';
import { scenarioProgress } from '../../server/src/journal/progress';
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

  it('writes times in a time zone, with the zone, and keeps them as written by default (the CLI)', () => {
    assert.equal(zonedTime('Europe/Paris')('2026-11-24T10:00:00.000Z'), '2026-11-24 11:00:00 CET');
    assert.equal(zonedTime('Europe/Paris')('2026-07-01T10:00:00Z'), '2026-07-01 12:00:00 CEST');
    assert.equal(zonedTime('UTC')('2026-11-24T23:59:59.999Z'), '2026-11-24 23:59:59 UTC');
    assert.equal(zonedTime('Not/AZone')('2026-11-24T10:00:00Z'), '2026-11-24 10:00:00 UTC');
    const report = buildReport('contoso.runbook.md', 'CONTOSO', '4h', plan, entries);
    assert.match(
      reportMarkdown(report, zonedTime('Asia/Kolkata')),
      /Started 2026-11-24 15:30:00 GMT\+5:30, last step ended 2026-11-24 20:20:00 GMT\+5:30\./,
    );
    assert.match(reportMarkdown(report), /Started 2026-11-24T10:00:00\.000Z/);
    assert.match(reportHtml(report, zonedTime('Europe/Paris')), /Started 2026-11-24 11:00:00 CET/);
  });

  it("measures a step's duration from its start line, not from when its outcome was recorded", () => {
    const kind = 'restore-permissions';
    const title = 'Restore logins and permissions';
    const start = { ...sampleStart, stepKind: kind, stepTitle: title, startedAt: at(300) };
    const sent = entry(kind, title, 300, 300, 'sent', null);
    // An outcome recorded by hand 30 minutes later, as an older runner wrote it (started when recorded).
    const recorded = entry(kind, title, 330, 330, 'succeeded', null);
    const [scenario] = buildReport('contoso.runbook.md', 'CONTOSO', '8h', plan, [
      ...entries,
      start,
      sent,
      recorded,
    ]).scenarios;
    assert.equal(scenario!.steps.find((s) => s.kind === kind)!.durationMs, 30 * 60_000);
    const status = scenarioProgress(
      [...entries, start, sent, recorded],
      'contoso.runbook.md',
      plan.find((s) => s.title === 'SQL01 fails')!,
    );
    assert.equal(status.statuses.get(`SQL01 fails\u0000${kind}\u0000${title}`)!.startedAt, at(300));
    // A run again later counts from its own start.
    const again = { ...start, startedAt: at(400) };
    const failed = entry(kind, title, 400, 405, 'failed', 1);
    const [later] = buildReport('contoso.runbook.md', 'CONTOSO', '8h', plan, [
      ...entries,
      start,
      sent,
      recorded,
      again,
      failed,
    ]).scenarios;
    assert.equal(later!.steps.find((s) => s.kind === kind)!.durationMs, 5 * 60_000);
  });

  it('escapes what the runbook wrote', () => {
    const hostile = buildReport('contoso.runbook.md', '<script>alert(1)</script>', undefined, plan, [
      entry('manual', 'Tell the service desk', 0, 1, 'done', null),
    ]);
    assert.doesNotMatch(reportHtml(hostile), /<script>/);
    assert.match(reportMarkdown(hostile), /no RTO set/);
  });

  it('prints every hostile text literally in the Markdown and HTML reports (property)', () => {
    const markdown = new MarkdownIt({ html: true, linkify: false });
    const html = (text: string) =>
      text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
    // What Markdown shows of a text: control characters and line breaks as spaces, spaces squashed, trimmed.
    const shown = (text: string) =>
      text
        // eslint-disable-next-line no-control-regex -- the control characters the report replaces
        .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
        .replace(/ +/g, ' ')
        .trim();
    const hostile = fc.string({
      unit: fc.constantFrom(
        ...'<>&"\'`*_[]()!#|\\-+.=:/~{} \n\r\tab1',
        '<script>',
        '<img src=x onerror=alert(1)>',
        '&amp;',
        '\u001b[31m',
        '\u2028',
        '1. ',
        '- ',
        '> ',
        '](javascript:alert(1))',
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(hostile, hostile, (title, group) => {
        fc.pre(shown(title) !== '' && shown(group) !== '');
        const report = buildReport('contoso.runbook.md', group, '4h', plan, [
          { ...entries[2]!, stepTitle: 'Enable CLR', scenarioTitle: 'SQL01 fails' },
        ]);
        report.scenarios[0]!.title = title;
        report.scenarios[0]!.steps[0]!.title = title;
        report.scenarios[0]!.problems.push(title);
        const rendered = markdown.render(reportMarkdown(report)).replace(/ +/g, ' ');
        assert.ok(rendered.includes(`<h1>Recovery drill: ${html(shown(group))}</h1>`), rendered);
        assert.ok(rendered.includes(`<h2>${html(shown(title))}</h2>`), rendered);
        assert.ok(rendered.includes(`<td>${html(shown(title))}</td>`), rendered);
        assert.ok(rendered.includes(`<li>${html(shown(title))}</li>`), rendered);
        const tags = new Set([...rendered.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
        for (const tag of tags)
          assert.ok(
            ['h1', 'h2', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'strong'].includes(
              tag!,
            ),
            tag,
          );
        const printable = reportHtml(report);
        const numeric = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        assert.ok(printable.includes(`<h2>${numeric(title)}</h2>`), printable);
        assert.doesNotMatch(printable, /<(script|img)/);
      }),
      { numRuns: 1000 },
    );
    assert.equal(markdownLiteral('a | b'), 'a \\| b');
  });
});
