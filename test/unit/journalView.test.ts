import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { webviewPage } from '../../client/src/report/page';
import { journalRuns, journalSections, ROWS_SHOWN } from '../../server/src/report/journal';
import { zonedTime } from '../../server/src/report/report';
import { sampleReset, sampleStart, sampleStep } from './journalSamples';

const paris = zonedTime('Europe/Paris');
const NONCE = 'c2VjcmV0LW5vbmNlLTEyMzQ1Njc4';

describe('the journal view', () => {
  it('groups lines by run, newest run first, each row with time, scenario, step, outcome and operator', () => {
    const runs = journalRuns([sampleStart, sampleStep, sampleReset]);
    assert.deepEqual(
      runs.map((r) => [r.run, r.rows.map((row) => row.event)]),
      [
        ['run-2', ['new run (progress reset)']],
        ['run-1', ['started', 'succeeded (exit 0)']],
      ],
    );
    const html = journalSections(runs, paris);
    assert.match(
      html,
      /<tr class="succeeded"><td>2026-11-24 11:00:05 CET<\/td><td>SQL01 fails<\/td><td>Enable CLR<\/td><td>succeeded \(exit 0\)<\/td><td>alice on ADMIN01<\/td><td><details><summary>command<\/summary><pre>EXEC sp_configure N&#39;clr enabled&#39;, 1;<\/pre><\/details><\/td><\/tr>/,
    );
    assert.ok(html.indexOf('run-2') < html.indexOf('run-1'));
    assert.equal(journalSections([], paris), '<p>No step has been run yet.</p>');
  });

  it('keeps hostile journal values text in a page with no script and a strict policy (property)', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(
        '<',
        '>',
        '&',
        '"',
        "'",
        '<script>',
        '</td>',
        '<img src=x onerror=alert(1)>',
        'a',
        ' ',
        '\n',
        '&#60;',
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (scenario, step, operator, command) => {
        const entry = { ...sampleStep, scenarioTitle: scenario, stepTitle: step, operator, command };
        const page = webviewPage(
          `Journal: ${scenario}`,
          'Times in Europe/Paris',
          journalSections(journalRuns([entry]), paris),
          NONCE,
        );
        assert.doesNotMatch(page, /<script|<img/i);
        const tags = new Set([...page.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
        for (const tag of tags)
          assert.ok(
            [
              'html',
              'head',
              'meta',
              'title',
              'style',
              'body',
              'h1',
              'h2',
              'p',
              'section',
              'table',
              'thead',
              'tbody',
              'tr',
              'th',
              'td',
              'details',
              'summary',
              'pre',
            ].includes(tag!),
            tag,
          );
        assert.equal(page.match(/<td>/g)!.length, 6, 'one row of six cells, none opened by a value');
      }),
      { numRuns: 500 },
    );
  });

  it('allows nothing but its own style: no script, no load, no form, no frame', () => {
    const page = webviewPage('Drill report', 'Times in UTC', '<p>x</p>', NONCE);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    assert.equal(
      csp,
      `default-src 'none'; style-src 'nonce-${NONCE}'; img-src 'none'; script-src 'none'; form-action 'none'; frame-src 'none'`,
    );
    assert.match(page, new RegExp(`<style nonce="${NONCE}">`));
    assert.throws(() => webviewPage('x', 'y', '', '"><script>'), /nonce/);
  });

  it('draws at most a bounded number of rows, newest runs first, and says what it left out', () => {
    const run = (id: string, steps: number) =>
      Array.from({ length: steps }, (_, i) => ({ ...sampleStep, run: id, stepTitle: `step ${id}.${i}` }));
    const runs = journalRuns([...run('old', 4), ...run('mid', 3), ...run('new', 2)]);
    const html = journalSections(runs, paris, 4);
    assert.equal(html.match(/<tr class=/g)?.length, 4);
    assert.ok(html.includes('step new.1') && html.includes('step mid.1') && !html.includes('step mid.2'));
    assert.match(html, /1 later row of this run not shown/);
    assert.match(
      html,
      /1 older run \(4 rows\) not shown: this view draws at most 4 rows; the journal file holds them all\./,
    );
    assert.ok(!html.includes('step old.'));
    // A journal of any size makes a page of bounded rows.
    const many = journalRuns(run('huge', ROWS_SHOWN + 500));
    assert.equal(journalSections(many, paris).match(/<tr class=/g)?.length, ROWS_SHOWN);
    assert.match(journalSections(many, paris), /500 later rows of this run not shown/);
    assert.doesNotMatch(journalSections(runs, paris), /not shown/);
  });
});
