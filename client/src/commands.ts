/**
 * What each VS Code command does (`commandTable.ts` registers them). From the Recovery view and the
 * code lenses a command gets its step; from the palette it acts on the runbook in the editor and the
 * scenario and step around the cursor, and asks only for what is still missing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nextStep, type PlannedScenario, type SqlTarget } from '../../server/src/api';
import type { Credentials } from './credentials';
import { PRODUCT, type Ctx } from './ctx';
import type { LiveStore } from './live';
import type { DrillViews } from './report/views';
import type { PlanStore, RunbookPlan } from './plans';
import { blockedBy } from './runner/blocked';
import type { CommandPreview } from './runner/commandPreview';
import type { Runner, StepRef } from './runner/runner';
import type { SqlTargets } from './sqlTargets';
import { pickState, scenarioAt, stepAt, suggestedStep, type PickState, type Purpose } from './stepAt';
import type { RecoveryNode } from './views/recoveryView';

/** What the commands act through. */
export interface CommandDeps {
  ctx: Ctx;
  plans: PlanStore;
  runner: Runner;
  live: LiveStore;
  credentials: Credentials;
  targets: SqlTargets;
  preview: CommandPreview;
  drill: DrillViews;
}

/** How code lenses and tests name a step: the runbook and the one-based lines of its scenario and step. */
export interface StepAddress {
  uri: string;
  scenarioLine: number;
  stepLine?: number;
}

export type Argument = StepAddress | RecoveryNode | undefined;

const isRunbook = (uri: vscode.Uri) => uri.path.endsWith('.runbook.md');

export async function runStep(deps: CommandDeps, arg: Argument): Promise<void> {
  const ref = await resolveStep(deps, arg, 'run');
  if (ref) await deps.runner.run(ref);
}

export async function markStepDone(deps: CommandDeps, arg: Argument): Promise<void> {
  const ref = await resolveStep(deps, arg, 'done');
  if (ref) await deps.runner.markDone(ref);
}

export async function recordOutcome(deps: CommandDeps, arg: Argument): Promise<void> {
  const ref = await resolveStep(deps, arg, 'outcome');
  if (ref) await deps.runner.recordOutcome(ref);
}

export async function runNextStep(deps: CommandDeps, arg: Argument): Promise<void> {
  const picked = await resolveScenario(deps, arg);
  if (!picked) return;
  const next = nextStep(picked.scenario, deps.plans.progress(picked.plan.uri, picked.scenario));
  if (!next)
    return void vscode.window.showInformationMessage(
      vscode.l10n.t('Every step of "{0}" is done.', picked.scenario.title),
    );
  if (!next.command && !blockedBy(next))
    return void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Next in "{0}": "{1}", done by hand. Mark it done when it is.',
        picked.scenario.title,
        next.title,
      ),
    );
  await deps.runner.run({ ...picked, step: next });
}

export async function resetScenario(deps: CommandDeps, arg: Argument): Promise<void> {
  const picked = await resolveScenario(deps, arg);
  if (picked) await deps.runner.reset(picked.plan, picked.scenario);
}

/** The runbook a command names (code lens, Recovery view), else the one in the editor. */
async function runbookOf(deps: CommandDeps, arg: Argument): Promise<vscode.Uri | undefined> {
  return arg && 'uri' in arg
    ? vscode.Uri.parse(String(arg.uri))
    : arg && 'plan' in arg
      ? arg.plan.uri
      : await currentRunbook(deps.plans);
}

export async function showCommand(deps: CommandDeps, arg: Argument): Promise<void> {
  const ref = await resolveStep(deps, arg, 'run');
  if (ref) await deps.preview.show(ref);
}

export async function showReport(deps: CommandDeps, arg: Argument): Promise<void> {
  const uri = await runbookOf(deps, arg);
  if (uri) await deps.drill.showReport(uri);
}

export async function showJournal(deps: CommandDeps, arg: Argument): Promise<void> {
  const uri = await runbookOf(deps, arg);
  if (uri) await deps.drill.showJournal(uri);
}

export async function openJournal(deps: CommandDeps, arg: Argument): Promise<void> {
  const uri = await runbookOf(deps, arg);
  if (!uri) return;
  const file = vscode.Uri.file(deps.plans.journalFile(uri));
  try {
    await vscode.window.showTextDocument(file, { preview: false });
  } catch {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No step has been run yet: {0} does not exist.',
        path.relative(path.dirname(uri.fsPath), file.fsPath),
      ),
    );
  }
}

export async function setSqlPassword(deps: CommandDeps): Promise<void> {
  const target = await pickLogin(deps);
  if (target) await deps.credentials.ask(target);
}

export async function forgetSqlPassword(deps: CommandDeps): Promise<void> {
  const target = await pickLogin(deps);
  if (!target) return;
  await deps.credentials.forget(target);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The password of {0} on {1} is forgotten.',
      target.user ?? vscode.l10n.t('the login'),
      target.instance,
    ),
  );
}

export function refreshLive(deps: CommandDeps, uri: unknown): Promise<void> {
  return deps.live.refresh(true, uri instanceof vscode.Uri ? uri : undefined);
}

/** Opens a document shipped in the extension's `docs/` folder (the rules, the format reference) as a preview. */
export async function showDoc(deps: CommandDeps, name: 'rules.md' | 'runbook-format.md'): Promise<void> {
  await vscode.commands.executeCommand(
    'markdown.showPreview',
    vscode.Uri.file(deps.ctx.extension.asAbsolutePath(path.join('docs', name))),
  );
}

/** The editor showing `uri`: the active one first, else a visible one. */
function editorOf(uri: vscode.Uri): vscode.TextEditor | undefined {
  const same = (editor: vscode.TextEditor) => editor.document.uri.toString() === uri.toString();
  const active = vscode.window.activeTextEditor;
  return active && same(active) ? active : vscode.window.visibleTextEditors.find(same);
}

/** The cursor's one-based line in `uri`'s editor, when one shows it. */
function cursorLine(uri: vscode.Uri): number | undefined {
  const editor = editorOf(uri);
  return editor && editor.selection.active.line + 1;
}

/** The runbook in the active editor, else the only one visible, else the only one in the workspace, else asked. */
async function currentRunbook(plans: PlanStore): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isRunbook(active)) return active;
  const visible = [
    ...new Map(
      vscode.window.visibleTextEditors
        .map((e) => e.document.uri)
        .filter(isRunbook)
        .map((uri) => [uri.toString(), uri]),
    ).values(),
  ];
  if (visible.length === 1) return visible[0];
  const uris = await plans.runbooks();
  if (uris.length === 0)
    return void vscode.window.showInformationMessage(vscode.l10n.t('No *.runbook.md in this workspace.'));
  if (uris.length === 1) return uris[0];
  const items = uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Runbook') }))?.uri;
}

async function planOf(plans: PlanStore, uri: vscode.Uri): Promise<RunbookPlan | undefined> {
  const plan = await plans.plan(uri);
  if (!plan)
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The steps of {0} could not be planned: the {1} log says why.',
        vscode.workspace.asRelativePath(uri),
        PRODUCT,
      ),
    );
  return plan;
}

async function resolveScenario(
  deps: CommandDeps,
  arg: Argument,
): Promise<{ plan: RunbookPlan; scenario: PlannedScenario } | undefined> {
  if (arg && 'type' in arg && (arg.type === 'scenario' || arg.type === 'step'))
    return { plan: arg.plan, scenario: arg.scenario };
  const uri = await runbookOf(deps, arg);
  if (!uri) return undefined;
  const plan = await planOf(deps.plans, uri);
  if (!plan) return undefined;
  if (arg && 'scenarioLine' in arg) {
    const scenario = plan.scenarios.find((s) => s.line === arg.scenarioLine);
    return scenario && { plan, scenario };
  }
  const line = cursorLine(uri);
  const here = line === undefined ? undefined : scenarioAt(plan.scenarios, line);
  if (here?.steps.length) return { plan, scenario: here };
  const withSteps = plan.scenarios.filter((s) => s.steps.length > 0);
  if (withSteps.length === 0)
    return void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} has no recovery steps.', vscode.workspace.asRelativePath(uri)),
    );
  if (withSteps.length === 1) return { plan, scenario: withSteps[0]! };
  const items = withSteps.map((scenario) => {
    const progress = deps.plans.progress(plan.uri, scenario);
    return {
      label: scenario.title,
      description: vscode.l10n.t('{0}/{1} done', progress.done, progress.total),
      scenario,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Scenario') });
  return picked && { plan, scenario: picked.scenario };
}

async function resolveStep(deps: CommandDeps, arg: Argument, purpose: Purpose): Promise<StepRef | undefined> {
  if (arg && 'type' in arg && arg.type === 'step') return arg;
  const picked = await resolveScenario(deps, arg);
  if (!picked) return undefined;
  if (arg && 'stepLine' in arg && arg.stepLine !== undefined) {
    const step = picked.scenario.steps.find((s) => s.line === arg.stepLine);
    return step && { ...picked, step };
  }
  const line = arg ? undefined : cursorLine(picked.plan.uri);
  const here = line === undefined ? undefined : stepAt(picked.scenario, line);
  return here ? { ...picked, step: here } : pickStep(deps, picked, purpose);
}

/** Each step with its state; the step the command most likely means is the active item. */
async function pickStep(
  deps: CommandDeps,
  { plan, scenario }: { plan: RunbookPlan; scenario: PlannedScenario },
  purpose: Purpose,
): Promise<StepRef | undefined> {
  const progress = deps.plans.progress(plan.uri, scenario);
  const suggested = suggestedStep(scenario, progress, purpose);
  // Running offers what can run, or says why not (blocked); a step done by hand is only marked.
  const offered = scenario.steps.filter((s) => purpose !== 'run' || !!s.command || !!blockedBy(s));
  const items = offered.map((step) => {
    const ref: StepRef = { plan, scenario, step };
    const state = pickState(scenario, step, progress, deps.runner.isRunning(ref));
    const where = step.server ? vscode.l10n.t('{0} on {1}', step.kind, step.server) : step.kind;
    return {
      label: step.title,
      description: [STATE_WORDS[state](), where, step.destructive ? vscode.l10n.t('destructive') : '']
        .filter(Boolean)
        .join(' · '),
      detail: state === 'blocked' ? (blockedBy(step) ?? undefined) : undefined,
      ref,
    };
  });
  if (items.length === 0)
    return void vscode.window.showInformationMessage(
      vscode.l10n.t('Every step of "{0}" is done by hand: mark each done when it is.', scenario.title),
    );
  const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
  quickPick.title = vscode.l10n.t('Step of "{0}"', scenario.title);
  quickPick.items = items;
  quickPick.activeItems = items.filter((i) => i.ref.step === suggested);
  return new Promise<StepRef | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.ref);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

/** A step's state in the picker, in the words of the Recovery view. */
const STATE_WORDS: Record<PickState, () => string> = {
  succeeded: () => vscode.l10n.t('succeeded'),
  done: () => vscode.l10n.t('done'),
  skipped: () => vscode.l10n.t('skipped'),
  failed: () => vscode.l10n.t('failed'),
  sent: () => vscode.l10n.t('sent, no outcome yet'),
  'dry-run': () => vscode.l10n.t('dry run'),
  unfinished: () => vscode.l10n.t('unfinished: started, no outcome recorded'),
  blocked: () => vscode.l10n.t('blocked: see Problems'),
  running: () => vscode.l10n.t('running'),
  'not run': () => vscode.l10n.t('not run yet'),
};

/** A database login of the current runbook; asked only when it has more than one. */
async function pickLogin(deps: CommandDeps): Promise<SqlTarget | undefined> {
  const uri = await currentRunbook(deps.plans);
  if (!uri) return undefined;
  const logins = await deps.targets.databaseLogins(uri);
  if (logins.length === 0)
    return void vscode.window.showInformationMessage(
      vscode.l10n.t('This runbook names no SQL login (sql.user).'),
    );
  if (logins.length === 1) return logins[0];
  return (
    await vscode.window.showQuickPick(
      logins.map((target) => ({ label: target.instance, description: target.user ?? '', target })),
      { title: vscode.l10n.t('SQL Server instance') },
    )
  )?.target;
}
