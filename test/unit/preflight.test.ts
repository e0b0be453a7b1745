import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { nextStep, preflight } from '../../server/src/journal/preflight';
import { scenarioProgress } from '../../server/src/journal/progress';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, edit } from '../helpers';
import { sampleStart, sampleStep } from './journalSamples';

const plan = planRunbook(parseRunbook(CONTOSO));
const sql01 = plan.find((s) => s.title === 'SQL01 fails')!;
const stepOf = (kind: string) => sql01.steps.find((s) => s.kind === kind)!;
const done = (kind: string, title: string) => ({ ...sampleStep, stepKind: kind, stepTitle: title });

describe('preflight', () => {
  it('asks about earlier steps that are not done', () => {
    const progress = scenarioProgress(
      [done('same-name-computer', 'Same computer and instance name')],
      'contoso.runbook.md',
      sql01,
    );
    const check = preflight(sql01, stepOf('enable-clr'), progress, 'abc');
    assert.deepEqual(
      check.notDone.map((s) => s.kind),
      ['restore-databases'],
    );
    assert.equal(check.blocked, undefined);
    assert.equal(preflight(sql01, stepOf('same-name-computer'), progress, 'abc').notDone.length, 0);
  });

  it('asks for confirmation of a destructive step, naming computer and databases', () => {
    const progress = scenarioProgress([], 'contoso.runbook.md', sql01);
    assert.equal(
      preflight(sql01, stepOf('restore-databases'), progress, 'abc').confirmation,
      '"Restore ServiceManager" (restore-databases) acts on SQL01\\SCSM, database ServiceManager and cannot simply be undone. Run it?',
    );
    assert.equal(preflight(sql01, stepOf('enable-clr'), progress, 'abc').confirmation, undefined);
  });

  it('says when the runbook changed since the run started', () => {
    const progress = scenarioProgress(
      [done('same-name-computer', 'Same computer and instance name')],
      'contoso.runbook.md',
      sql01,
    );
    assert.equal(preflight(sql01, stepOf('enable-clr'), progress, 'abc').runbookChanged, false);
    assert.equal(preflight(sql01, stepOf('enable-clr'), progress, 'changed').runbookChanged, true);
  });

  it('asks before running again a step that was started and whose end was never recorded', () => {
    const enableClr = stepOf('enable-clr');
    const started = { ...sampleStart, stepKind: enableClr.kind, stepTitle: enableClr.title };
    const unfinished = scenarioProgress([started], 'contoso.runbook.md', sql01);
    assert.equal(
      preflight(sql01, enableClr, unfinished, 'abc').unfinished,
      `"Enable CLR" was started at 2026-11-24 10:00:00 UTC and its end was never recorded (VS Code may have closed while it ran): it may still be running in a terminal. Run it again?`,
    );
    assert.equal(nextStep(sql01, unfinished)?.kind, 'same-name-computer');
    const ended = scenarioProgress(
      [started, done(enableClr.kind, enableClr.title)],
      'contoso.runbook.md',
      sql01,
    );
    assert.equal(preflight(sql01, enableClr, ended, 'abc').unfinished, undefined);
  });

  it('blocks manual steps and steps without a command', () => {
    const progress = scenarioProgress([], 'contoso.runbook.md', sql01);
    assert.match(preflight(sql01, stepOf('manual'), progress, 'abc').blocked!, /done by hand/);
    const broken = planRunbook(parseRunbook(edit(CONTOSO, '    fqdn: sm02.contoso.local\n', ''))).find(
      (s) => s.strategy === 'promote',
    )!;
    assert.match(
      preflight(broken, broken.steps[1]!, scenarioProgress([], 'x', broken), 'abc').blocked!,
      /cannot run: SM02 has no `fqdn`/,
    );
  });

  it('finds the next step to run', () => {
    assert.equal(
      nextStep(sql01, scenarioProgress([], 'contoso.runbook.md', sql01))?.kind,
      'same-name-computer',
    );
    const progress = scenarioProgress(
      [done('same-name-computer', 'Same computer and instance name')],
      'contoso.runbook.md',
      sql01,
    );
    assert.equal(nextStep(sql01, progress)?.kind, 'restore-databases');
  });
});
