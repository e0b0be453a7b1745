/**
 * Which scenario and step a palette command acts on (the ones around the cursor), the state the step
 * picker shows, and the step it offers first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { JournalEntry } from '../../server/src/journal/format';
import { scenarioProgress } from '../../server/src/journal/progress';
import { parseRunbook } from '../../server/src/runbook/parse';
import { planRunbook, type PlannedScenario, type PlannedStep } from '../../server/src/stepScripts/plan';
import { pickState, scenarioAt, stepAt, suggestedStep } from '../../client/src/stepAt';
import { CONTOSO } from '../helpers';
import { HOSTILE_PIECES } from '../hostile';
import { sampleStart, sampleStep } from './journalSamples';
import { plannedStep } from './plannedSamples';

const PLAN = planRunbook(parseRunbook(CONTOSO));
const LINES = CONTOSO.split('\n').length;
const SQL01 = PLAN.find((s) => s.title === 'SQL01 fails')!;

const step = (line: number, title = `step ${line}`) => plannedStep({ line, title });

const scenario = (line: number, steps: PlannedStep[], title = `scenario ${line}`): PlannedScenario => ({
  scenario: 'database',
  failed: null,
  strategy: null,
  target: null,
  title,
  line,
  steps,
});

/** What the cursor is in, by definition: the last heading at or above it. */
function lastAtOrAbove<T extends { line: number }>(items: readonly T[], line: number): T | undefined {
  const above = items.filter((i) => i.line <= line);
  return above.find((i) => i.line === Math.max(...above.map((a) => a.line)));
}

describe('the scenario and step under the cursor', () => {
  it('in the example: every line of a step section names that step; a heading line its own section', () => {
    for (const s of PLAN) {
      assert.equal(scenarioAt(PLAN, s.line), s);
      assert.equal(stepAt(s, s.line), undefined, `${s.title}: on its heading, no step yet`);
      s.steps.forEach((st, i) => {
        const end = (s.steps[i + 1]?.line ?? PLAN[PLAN.indexOf(s) + 1]?.line ?? LINES + 1) - 1;
        for (const line of [st.line, Math.floor((st.line + end) / 2), end]) {
          assert.equal(scenarioAt(PLAN, line), s, `${st.title}: line ${line}`);
          assert.equal(stepAt(s, line), st, `${st.title}: line ${line}`);
        }
      });
    }
  });

  it('above the first section (the front matter) there is no scenario', () => {
    for (const line of [-1, 0, 1, PLAN[0]!.line - 1]) assert.equal(scenarioAt(PLAN, line), undefined);
    assert.equal(scenarioAt([], 10), undefined);
  });

  it('any plan and cursor, hostile titles, unsorted and repeated lines: the last heading at or above', () => {
    const line = fc.integer({ min: -5, max: 400 });
    const title = fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 4 }).map((p) => p.join(''));
    const plan = fc.array(
      fc.tuple(line, title, fc.array(fc.tuple(line, title), { maxLength: 8 })).map(([at, t, steps]) =>
        scenario(
          at,
          steps.map(([l, st]) => step(l, st)),
          t,
        ),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(plan, line, (scenarios, cursor) => {
        const found = scenarioAt(scenarios, cursor);
        assert.equal(found?.line, lastAtOrAbove(scenarios, cursor)?.line);
        if (found) assert.equal(stepAt(found, cursor)?.line, lastAtOrAbove(found.steps, cursor)?.line);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the step picker', () => {
  const entry = (stepIndex: number, outcome: 'start' | 'succeeded' | 'sent' | 'failed'): JournalEntry => {
    const st = SQL01.steps[stepIndex]!;
    const where = {
      scenarioTitle: SQL01.title,
      scenarioLine: SQL01.line,
      stepKind: st.kind,
      stepTitle: st.title,
      stepLine: st.line,
    };
    if (outcome === 'start') return { ...sampleStart, ...where };
    const fields = { ...sampleStep, ...where };
    return { ...fields, outcome };
  };
  const progressOf = (...entries: JournalEntry[]) => scenarioProgress(entries, sampleStep.runbook, SQL01);

  it('shows running before blocked before what the journal says, and "not run" for the rest', () => {
    const progress = progressOf(entry(0, 'succeeded'), entry(1, 'sent'), entry(2, 'start'));
    assert.equal(pickState(SQL01, SQL01.steps[0]!, progress, false), 'succeeded');
    assert.equal(pickState(SQL01, SQL01.steps[1]!, progress, false), 'sent');
    assert.equal(pickState(SQL01, SQL01.steps[2]!, progress, false), 'unfinished');
    assert.equal(pickState(SQL01, SQL01.steps[3]!, progress, false), 'not run');
    assert.equal(pickState(SQL01, SQL01.steps[2]!, progress, true), 'running');
    const blocked = { ...SQL01.steps[0]!, error: 'SMDR317: no command' };
    assert.equal(pickState(SQL01, blocked, progress, false), 'blocked');
    assert.equal(pickState(SQL01, blocked, progress, true), 'running');
  });

  it('offers first the next step not done, and for an outcome the step that waits for one', () => {
    assert.equal(suggestedStep(SQL01, progressOf(), 'run'), SQL01.steps[0]);
    const progress = progressOf(entry(0, 'succeeded'), entry(1, 'failed'), entry(2, 'sent'));
    assert.equal(suggestedStep(SQL01, progress, 'run'), SQL01.steps[1]);
    assert.equal(suggestedStep(SQL01, progress, 'done'), SQL01.steps[1]);
    assert.equal(suggestedStep(SQL01, progress, 'outcome'), SQL01.steps[2]);
    const started = progressOf(entry(0, 'succeeded'), entry(3, 'start'));
    assert.equal(suggestedStep(SQL01, started, 'outcome'), SQL01.steps[3]);
    const all = progressOf(...SQL01.steps.map((_, i) => entry(i, 'succeeded')));
    assert.equal(suggestedStep(SQL01, all, 'run'), undefined);
    assert.equal(suggestedStep(SQL01, all, 'outcome'), undefined);
  });
});
