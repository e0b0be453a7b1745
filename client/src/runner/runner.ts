/**
 * Runs a step, safely: trusted workspace only; one run of a step at a time; questions before going
 * on when earlier steps are not done, when the runbook changed since the run began, and (a modal
 * naming computer and databases) before a destructive step; then the terminal, then the journal.
 * The journal entry is on disk before the UI shows the outcome.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXIT } from '../../../server/src/cli/exitCodes';
import type { PlannedScenario, PlannedStep } from '../../../server/src/commands/plan';
import {
  readableTime,
  type Outcome,
  type StartEntry,
  type StepEntry,
} from '../../../server/src/journal/format';
import { preflight } from '../../../server/src/journal/preflight';
import { endNotice, exitCodeOf, outcomeOf } from '../../../server/src/journal/runEnd';
import { appendEntry } from '../../../server/src/journal/writer';
import type { PlanStore, RunbookPlan } from '../plans';
import { runSettings, sqlEndpointsEnvironment } from '../settings';
import type { Credentials } from '../credentials';
import { commandLineFor, type Cli } from './commandLine';
import type { Terminals } from './terminals';

export interface StepRef {
  plan: RunbookPlan;
  scenario: PlannedScenario;
  step: PlannedStep;
}

export class Runner {
  private readonly running = new Set<string>();

  constructor(
    private readonly plans: PlanStore,
    private readonly terminals: Terminals,
    private readonly credentials: Credentials,
    private readonly cli: Cli,
  ) {}

  isRunning(ref: StepRef): boolean {
    return this.running.has(this.key(ref));
  }

  private key({ plan, scenario, step }: StepRef): string {
    return `${plan.uri.toString()}#${scenario.line}#${step.line}`;
  }

  async run(ref: StepRef): Promise<void> {
    const { plan, scenario, step } = ref;
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const answer = await vscode.window.showErrorMessage(
        'Running recovery steps needs a trusted workspace. In Restricted Mode the runbook is still validated, but nothing runs.',
        manage,
      );
      if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (this.isRunning(ref)) {
      void vscode.window.showWarningMessage(`"${step.title}" is already running.`);
      return;
    }
    const progress = this.plans.progress(plan.uri, scenario);
    const check = preflight(scenario, step, progress, plan.hash);
    if (check.blocked) {
      void vscode.window.showWarningMessage(check.blocked);
      return;
    }
    if (
      check.runbookChanged &&
      !(await ask(
        `The runbook changed since this scenario's run started (${progress.startedAt ? readableTime(progress.startedAt) : 'earlier'}). Continue with the runbook as it is now?`,
        'Continue',
      ))
    )
      return;
    if (check.unfinished && !(await ask(check.unfinished, 'Run Again'))) return;
    if (
      check.notDone.length &&
      !(await ask(
        `Not done yet in "${scenario.title}": ${check.notDone.map((s) => s.title).join(', ')}. Run "${step.title}" anyway?`,
        'Run Anyway',
      ))
    )
      return;
    if (check.confirmation && !(await ask(check.confirmation, 'Run'))) return;

    const settings = runSettings();
    let commandLine;
    try {
      commandLine = commandLineFor(plan.uri.fsPath, scenario.line, step, settings.dryRun, this.cli);
    } catch (error) {
      void vscode.window.showErrorMessage(`"${step.title}" was not run: ${reason(error)}`);
      return;
    }
    const terminalKey = `${plan.uri.toString()}#${scenario.line}`;
    let env: Record<string, string> = {};
    if (!this.terminals.has(terminalKey) && scenario.steps.some((s) => s.language === 'tsql')) {
      const login = await this.plans.sqlLogin(plan.uri, scenario);
      if (login) {
        const password = await this.credentials.password(login.instance, login.user);
        if (password === undefined) return;
        env = { SMDR_SQL_PASSWORD: password, SMDR_SQL_ENDPOINTS: sqlEndpointsEnvironment() };
      }
    }
    const startedAt = new Date().toISOString();
    if (!settings.dryRun) {
      try {
        this.recordStart(ref, startedAt, step.command);
      } catch (error) {
        void vscode.window.showErrorMessage(
          `"${step.title}" was not run: its start could not be written to the run journal (${reason(error)}). A step runs only when its run can be recorded.`,
        );
        return;
      }
    }
    const key = this.key(ref);
    this.running.add(key);
    this.plans.refresh();
    try {
      const terminal = this.terminals.terminalFor(
        terminalKey,
        `SMDR: ${scenario.title}`,
        path.dirname(plan.uri.fsPath),
        env,
      );
      const execution = await this.terminals.run(
        terminal,
        commandLine.line,
        settings.shellIntegrationTimeoutMs,
      );
      const outcome = outcomeOf(execution, settings.dryRun);
      if (!this.record(ref, outcome, exitCodeOf(execution), startedAt, step.command)) return;
      if (exitCodeOf(execution) === EXIT.loginRefused && step.language === 'tsql')
        return void (await this.loginRefused(ref, terminalKey));
      const notice = endNotice(step.title, execution, outcome);
      const shown =
        notice.level === 'error'
          ? vscode.window.showErrorMessage(notice.text)
          : notice.level === 'warning'
            ? vscode.window.showWarningMessage(notice.text, ...(notice.askOutcome ? [RECORD] : []))
            : vscode.window.showInformationMessage(notice.text);
      void shown.then(async (answer) => {
        if (answer === RECORD) await this.recordOutcome(ref);
      });
    } finally {
      this.running.delete(key);
      this.plans.refresh();
    }
  }

  /**
   * Appends a step's outcome to the journal (flushed to disk) and refreshes what shows progress.
   * False, after telling the operator, when the journal cannot be written.
   */
  record(
    ref: StepRef,
    outcome: Outcome,
    exitCode: number | null,
    startedAt: string,
    command: string | null,
  ): boolean {
    try {
      this.append(ref, {
        ...this.stepFields(ref, startedAt, command),
        type: 'step',
        endedAt: new Date().toISOString(),
        outcome,
        exitCode,
      });
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `"${ref.step.title}" ${outcome}${exitCode !== null ? ` (exit code ${exitCode})` : ''}, but the run journal could not be written (${reason(error)}): note the outcome elsewhere.`,
      );
      return false;
    }
  }

  /**
   * SQL Server refused the password this scenario's terminal carries: it is forgotten, and the
   * terminal closed, so the next run asks for it and passes it to a new terminal.
   */
  private async loginRefused(ref: StepRef, terminalKey: string): Promise<void> {
    const login = await this.plans.sqlLogin(ref.plan.uri, ref.scenario);
    if (login) await this.credentials.forget(login.instance, login.user);
    this.terminals.close(terminalKey);
    void vscode.window.showErrorMessage(
      `"${ref.step.title}" failed: ${login ? `${login.instance} refused the login ${login.user}` : 'SQL Server refused the login'}. The stored password was forgotten; run the step again to enter it.`,
    );
  }

  /** Before the command is sent: VS Code closing mid-step then leaves the run on record, unfinished. */
  private recordStart(ref: StepRef, startedAt: string, command: string | null): void {
    this.append(ref, { ...this.stepFields(ref, startedAt, command), type: 'start' });
  }

  private stepFields({ plan, scenario, step }: StepRef, startedAt: string, command: string | null) {
    const previous = this.plans.progress(plan.uri, scenario);
    return {
      ...entryBase(plan, scenario, previous.run ?? randomUUID()),
      stepKind: step.kind,
      stepTitle: step.title,
      stepLine: step.line,
      server: step.server,
      command,
      startedAt,
    };
  }

  private append({ plan }: StepRef, entry: StepEntry | StartEntry): void {
    appendEntry(this.plans.journalFile(plan.uri), entry);
    this.plans.refresh();
  }

  async recordOutcome(ref: StepRef): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Succeeded', outcome: 'succeeded' as const },
        { label: 'Failed', outcome: 'failed' as const },
        { label: 'Skipped', outcome: 'skipped' as const },
      ],
      { title: `Outcome of "${ref.step.title}"` },
    );
    if (picked) this.record(ref, picked.outcome, null, new Date().toISOString(), null);
  }

  markDone(ref: StepRef): void {
    const now = new Date().toISOString();
    this.record(ref, 'done', null, now, null);
  }

  async reset(plan: RunbookPlan, scenario: PlannedScenario): Promise<void> {
    if (
      !(await ask(
        `Start a new run of "${scenario.title}"? Its progress starts again; the journal keeps the earlier lines.`,
        'Reset',
      ))
    )
      return;
    try {
      appendEntry(this.plans.journalFile(plan.uri), {
        ...entryBase(plan, scenario, randomUUID()),
        type: 'reset',
        at: new Date().toISOString(),
      });
    } catch (error) {
      void vscode.window.showErrorMessage(
        `"${scenario.title}" was not reset: the run journal could not be written (${reason(error)}).`,
      );
    }
    this.plans.refresh();
  }
}

/** What every journal line of a scenario says about its run, runbook and operator. */
function entryBase(plan: RunbookPlan, scenario: PlannedScenario, run: string) {
  return {
    v: 1 as const,
    run,
    runbook: path.basename(plan.uri.fsPath),
    runbookHash: plan.hash,
    scenarioTitle: scenario.title,
    scenarioLine: scenario.line,
    operator: os.userInfo().username,
    computer: os.hostname(),
  };
}

const RECORD = 'Record Outcome';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function ask(message: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
}
