/**
 * Palette commands act on the runbook in the editor and the step under the cursor, and ask only for
 * what is missing: with the cursor in a step, recording its outcome asks nothing before the outcome
 * itself (it took four picks); with the cursor on a scenario heading, one step picker whose items
 * say each step's state, the step that waits for an outcome offered first.
 */
import { fake, fakeVscode, Uri } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import * as commands from '../../client/src/commands';
import type { PlanStore } from '../../client/src/plans';
import type { Runner, StepRef } from '../../client/src/runner/runner';
import { scenarioProgress } from '../../server/src/journal/progress';
import { parseRunbook } from '../../server/src/runbook/parse';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { CONTOSO } from '../helpers';
import { sampleStart } from './journalSamples';

const SCENARIOS = planRunbook(parseRunbook(CONTOSO));
const SQL01 = SCENARIOS.find((s) => s.title === 'SQL01 fails')!;
const RESTORE = SQL01.steps.find((s) => s.title === 'Restore ServiceManager')!;

const uriOf = (path: string) => Uri.file(path) as unknown as vscode.Uri;
const RUNBOOK = uriOf('/work/contoso.runbook.md');

interface QuickPickLike {
  title: string;
  items: { label: string; description: string; ref: StepRef }[];
  activeItems: { ref: StepRef }[];
}

const window = fakeVscode.window as Record<string, unknown>;
let picks: QuickPickLike[] = [];
let listPicks: string[] = [];

function editorAt(uri: vscode.Uri, line: number): void {
  const editor = { document: { uri }, selection: { active: { line: line - 1 } } };
  window.activeTextEditor = editor;
  window.visibleTextEditors = [editor];
}

/** The quick pick accepts its active item as soon as it is shown, and is recorded. */
window.createQuickPick = () => {
  let accept = () => {};
  const pick = {
    title: '',
    items: [],
    activeItems: [] as { ref: StepRef }[],
    selectedItems: [] as { ref: StepRef }[],
    onDidAccept: (listener: () => void) => void (accept = listener),
    onDidHide: () => undefined,
    show: () => {
      picks.push(pick);
      pick.selectedItems = pick.activeItems;
      accept();
    },
    hide: () => undefined,
    dispose: () => undefined,
  };
  return pick;
};
window.showQuickPick = (_items: unknown, options: { title: string }) => {
  listPicks.push(options.title);
  return Promise.resolve(undefined);
};

function deps(journal = [] as Parameters<typeof scenarioProgress>[0], scenarios = SCENARIOS) {
  const called: { method: string; ref: StepRef }[] = [];
  const runner = {
    isRunning: () => false,
    run: async (ref: StepRef) => void called.push({ method: 'run', ref }),
    recordOutcome: async (ref: StepRef) => void called.push({ method: 'recordOutcome', ref }),
    markDone: async (ref: StepRef) => void called.push({ method: 'markDone', ref }),
  } as unknown as Runner;
  const plans = {
    runbooks: async () => [RUNBOOK],
    plan: async (uri: vscode.Uri) => ({ uri, hash: 'h', scenarios }),
    progress: (_: vscode.Uri, scenario: (typeof SCENARIOS)[number]) =>
      scenarioProgress(journal, 'contoso.runbook.md', scenario),
  } as unknown as PlanStore;
  return { deps: { plans, runner } as commands.CommandDeps, called };
}

describe('commands from the palette', () => {
  beforeEach(() => {
    fake.reset();
    picks = [];
    listPicks = [];
  });

  it('with the cursor in a step: records its outcome with no runbook, scenario or step pick', async () => {
    for (const line of [RESTORE.line, RESTORE.line + 1]) {
      editorAt(RUNBOOK, line);
      const { deps: d, called } = deps();
      await commands.recordOutcome(d, undefined);
      assert.deepEqual(
        called.map((c) => [c.method, c.ref.scenario.title, c.ref.step.title]),
        [['recordOutcome', 'SQL01 fails', 'Restore ServiceManager']],
      );
      assert.deepEqual(picks, []);
      assert.deepEqual(listPicks, []);
    }
  });

  it('runs and marks done the step under the cursor', async () => {
    editorAt(RUNBOOK, RESTORE.line);
    const { deps: d, called } = deps();
    await commands.runStep(d, undefined);
    await commands.markStepDone(d, undefined);
    assert.deepEqual(
      called.map((c) => [c.method, c.ref.step.title]),
      [
        ['run', 'Restore ServiceManager'],
        ['markDone', 'Restore ServiceManager'],
      ],
    );
    assert.deepEqual([...picks, ...listPicks], []);
  });

  it('on a scenario heading: one step picker with each state, the step that waits offered first', async () => {
    editorAt(RUNBOOK, SQL01.line);
    const started = {
      ...sampleStart,
      scenarioTitle: SQL01.title,
      stepKind: RESTORE.kind,
      stepTitle: RESTORE.title,
    };
    const { deps: d, called } = deps([started]);
    await commands.recordOutcome(d, undefined);
    assert.equal(picks.length, 1);
    assert.deepEqual(listPicks, []);
    const [pick] = picks;
    assert.equal(pick!.title, 'Step of "SQL01 fails"');
    assert.deepEqual(
      pick!.items.map((i) => i.label),
      SQL01.steps.map((s) => s.title),
    );
    const restore = pick!.items.find((i) => i.label === RESTORE.title)!;
    assert.match(
      restore.description,
      /^unfinished: started, no outcome recorded · restore-databases on SQL01/,
    );
    assert.ok(pick!.items.filter((i) => i !== restore).every((i) => i.description.startsWith('not run yet')));
    assert.equal(pick!.activeItems[0]?.ref.step, RESTORE);
    assert.deepEqual(
      called.map((c) => [c.method, c.ref.step.title]),
      [['recordOutcome', 'Restore ServiceManager']],
    );
  });

  it('with no runbook in the editor and one in the workspace, asks no runbook', async () => {
    editorAt(uriOf('/work/notes.md'), 1);
    const { deps: d, called } = deps();
    await commands.runNextStep(d, undefined);
    // Several scenarios and no cursor in the runbook: the scenario is the one question.
    assert.deepEqual(listPicks, ['Scenario']);
    assert.deepEqual(called, []);
  });

  it('a code lens names its step: nothing is asked', async () => {
    editorAt(uriOf('/work/notes.md'), 1);
    const { deps: d, called } = deps();
    const address = {
      uri: 'file:///work/contoso.runbook.md',
      scenarioLine: SQL01.line,
      stepLine: RESTORE.line,
    };
    await commands.runStep(d, address);
    assert.deepEqual(
      called.map((c) => [c.method, c.ref.step.title]),
      [['run', 'Restore ServiceManager']],
    );
    assert.deepEqual([...picks, ...listPicks], []);
  });

  it('running from a heading whose steps are all done by hand says so instead of an empty picker', async () => {
    const manual = { ...SQL01, steps: [{ ...RESTORE, kind: 'manual', command: null, language: null }] };
    editorAt(RUNBOOK, manual.line);
    const { deps: d, called } = deps([], [manual]);
    await commands.runStep(d, undefined);
    assert.deepEqual([...picks, ...listPicks, ...called], []);
    assert.deepEqual(
      fake.shown.map((m) => m.message),
      ['Every step of "SQL01 fails" is done by hand: mark each done when it is.'],
    );
  });
});
