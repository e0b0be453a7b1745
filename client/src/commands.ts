/** The recovery commands, from the palette (with pickers), the Recovery view and the code lenses. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlannedScenario } from '../../server/src/stepScripts/plan';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { nextStep } from '../../server/src/journal/preflight';
import type { Credentials } from './credentials';
import type { PlanStore, RunbookPlan } from './plans';
import { blockedBy } from './runner/blocked';
import type { Runner, StepRef } from './runner/runner';
import type { SqlTargets } from './sqlTargets';
import type { RecoveryNode } from './views/recoveryView';

/** How code lenses and tests name a step: the runbook and the one-based lines of its scenario and step. */
export interface StepAddress {
  uri: string;
  scenarioLine: number;
  stepLine?: number;
}

type Argument = StepAddress | RecoveryNode | undefined;

export function registerRecoveryCommands(plans: PlanStore, runner: Runner): vscode.Disposable[] {
  const step = (id: string, action: (ref: StepRef) => unknown, filter?: (ref: StepRef) => boolean) =>
    vscode.commands.registerCommand(id, async (arg: Argument) => {
      const ref = await resolveStep(plans, arg, filter);
      if (ref) await action(ref);
    });
  return [
    step(
      'smdr.runStep',
      (ref) => runner.run(ref),
      (ref) => !!ref.step.command || !!blockedBy(ref.step),
    ),
    step('smdr.markStepDone', (ref) => runner.markDone(ref)),
    step('smdr.recordOutcome', (ref) => runner.recordOutcome(ref)),
    vscode.commands.registerCommand('smdr.runNextStep', async (arg: Argument) => {
      const picked = await resolveScenario(plans, arg);
      if (!picked) return;
      const next = nextStep(picked.scenario, plans.progress(picked.plan.uri, picked.scenario));
      if (!next)
        return void vscode.window.showInformationMessage(`Every step of "${picked.scenario.title}" is done.`);
      if (!next.command && !blockedBy(next))
        return void vscode.window.showInformationMessage(
          `Next in "${picked.scenario.title}": "${next.title}", done by hand. Mark it done when it is.`,
        );
      await runner.run({ ...picked, step: next });
    }),
    vscode.commands.registerCommand('smdr.resetScenario', async (arg: Argument) => {
      const picked = await resolveScenario(plans, arg);
      if (picked) await runner.reset(picked.plan, picked.scenario);
    }),
    vscode.commands.registerCommand('smdr.openJournal', async (arg: Argument) => {
      const uri =
        arg && 'uri' in arg
          ? vscode.Uri.parse(String(arg.uri))
          : arg && 'plan' in arg
            ? arg.plan.uri
            : await pickRunbook(plans);
      if (!uri) return;
      const file = vscode.Uri.file(plans.journalFile(uri));
      try {
        await vscode.window.showTextDocument(file, { preview: false });
      } catch {
        void vscode.window.showInformationMessage(
          `No step has been run yet: ${path.relative(path.dirname(uri.fsPath), file.fsPath)} does not exist.`,
        );
      }
    }),
    vscode.commands.registerCommand('smdr.refreshRecovery', () => plans.refresh()),
  ];
}

async function pickRunbook(plans: PlanStore): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const uris = await plans.runbooks();
  if (uris.length === 0)
    return void vscode.window.showInformationMessage('No *.runbook.md in this workspace.');
  if (uris.length === 1) return uris[0];
  const items = uris.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri),
    uri,
    picked: uri.toString() === active?.uri.toString(),
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Runbook' }))?.uri;
}

async function resolveScenario(
  plans: PlanStore,
  arg: Argument,
): Promise<{ plan: RunbookPlan; scenario: PlannedScenario } | undefined> {
  if (arg && 'type' in arg && (arg.type === 'scenario' || arg.type === 'step'))
    return { plan: arg.plan, scenario: arg.scenario };
  const uri = arg && 'uri' in arg ? vscode.Uri.parse(String(arg.uri)) : await pickRunbook(plans);
  if (!uri) return undefined;
  const plan = await plans.plan(uri);
  if (!plan)
    return void vscode.window.showWarningMessage(
      `The steps of ${vscode.workspace.asRelativePath(uri)} could not be planned: the output "Service Manager Runbooks" says why.`,
    );
  if (arg && 'scenarioLine' in arg) {
    const scenario = plan.scenarios.find((s) => s.line === arg.scenarioLine);
    return scenario && { plan, scenario };
  }
  const editor = vscode.window.activeTextEditor;
  const here =
    editor?.document.uri.toString() === plan.uri.toString()
      ? plan.scenarios.filter((s) => s.line <= editor.selection.active.line + 1).pop()
      : undefined;
  const items = plan.scenarios.map((scenario) => {
    const progress = plans.progress(plan.uri, scenario);
    return {
      label: scenario.title,
      description: `${progress.done}/${progress.total} done`,
      scenario,
      picked: scenario === here,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Scenario' });
  return picked && { plan, scenario: picked.scenario };
}

async function resolveStep(
  plans: PlanStore,
  arg: Argument,
  filter?: (ref: StepRef) => boolean,
): Promise<StepRef | undefined> {
  if (arg && 'type' in arg && arg.type === 'step') return arg;
  const picked = await resolveScenario(plans, arg);
  if (!picked) return undefined;
  if (arg && 'stepLine' in arg && arg.stepLine !== undefined) {
    const step = picked.scenario.steps.find((s) => s.line === arg.stepLine);
    return step && { ...picked, step };
  }
  const items = picked.scenario.steps
    .map((step) => ({ ...picked, step }))
    .filter((ref) => !filter || filter(ref))
    .map((ref) => ({
      label: ref.step.title,
      description: `${ref.step.kind}${ref.step.server ? ` on ${ref.step.server}` : ''}${ref.step.destructive ? ' (destructive)' : ''}${blockedBy(ref.step) ? ' (blocked: see Problems)' : ''}`,
      ref,
    }));
  return (await vscode.window.showQuickPick(items, { title: `Step of "${picked.scenario.title}"` }))?.ref;
}

/** Set or forget the SQL password of a runbook's database servers (secret storage only, bound to each server's target). */
export function registerCredentialCommands(
  plans: PlanStore,
  credentials: Credentials,
  targets: SqlTargets,
): vscode.Disposable[] {
  const pickLogin = async (): Promise<SqlTarget | undefined> => {
    const uri = await pickRunbook(plans);
    const logins = uri ? await targets.databaseLogins(uri) : [];
    if (uri && logins.length === 0)
      return void vscode.window.showInformationMessage('This runbook names no SQL login (sql.user).');
    if (logins.length === 0) return undefined;
    return (
      await vscode.window.showQuickPick(
        logins.map((target) => ({ label: target.instance, description: target.user ?? '', target })),
        { title: 'SQL Server instance' },
      )
    )?.target;
  };
  return [
    vscode.commands.registerCommand('smdr.setSqlPassword', async () => {
      const target = await pickLogin();
      if (target) await credentials.ask(target);
    }),
    vscode.commands.registerCommand('smdr.forgetSqlPassword', async () => {
      const target = await pickLogin();
      if (!target) return;
      await credentials.forget(target);
      void vscode.window.showInformationMessage(
        `The password of ${target.user ?? 'the login'} on ${target.instance} is forgotten.`,
      );
    }),
  ];
}
