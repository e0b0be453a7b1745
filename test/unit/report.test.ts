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
} from '../../server/src/report/report';
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
