/**
 * Runs a step, safely: trusted workspace only; never a step whose text carries an error (it says which,
 * with Open Problems); one running step per scenario terminal (a second command there would interrupt
 * the first); a T-SQL step only with a login (sql.user), its password only through the handoff, and
 * in clear text only when the operator agrees; questions before going on when earlier steps are not
 * done, when the runbook changed since the run began, and (a modal naming what it acts on and where it
 * really runs) before a destructive step; then the terminal, once its shell is ready, then the journal. What runs
 * is the text that was planned and confirmed, and the journal records that text. The journal entry is
 * on disk before the UI shows the outcome.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  appendEntry,
  endNotice,
  EXIT,
  exitCodeOf,
  outcomeOf,
  preflight,
  readableTime,
  stepKey,
  terminalSafe,
  type Outcome,
  type PlannedScenario,
  type PlannedStep,
  type SqlJob,
  type SqlTarget,
  type StartEntry,
  type StepEntry,
} from '../../../server/src/api';
import type { Credentials } from '../credentials';
import type { PlanStore, RunbookPlan } from '../plans';
import { config } from '../config';
import type { SqlTargets } from '../sqlTargets';
import { blockedBy } from './blocked';
import { commandLineFor, privateFolder, type Cli } from './commandLine';
import { confirm } from './confirm';
import { statementDetail } from './dialogs';
import { runsOn } from './runsOn';
import { localTools } from './executables';
import { sqlJob } from './stepText';
import type { PasswordHandoff } from './handoff';
import type { Terminals } from './terminals';

export interface StepRef {
  plan: RunbookPlan;
  scenario: PlannedScenario;
  step: PlannedStep;
}

/** What the runner needs besides the plans: terminals, passwords and where scripts go. */
export interface RunnerEdges {
  terminals: Terminals;
  credentials: Credentials;
  targets: SqlTargets;
  handoff: PasswordHandoff;
  cli: Cli;
  /** The folder of step scripts, in the extension's own storage. */
  scripts: string;
}

/**
 * A T-SQL step's confirmed job, the target its password was given for, how to withdraw the password,
 * and whether the run said SQL Server refused it.
 */
interface SqlRun {
  job: SqlJob;
  target: SqlTarget;
  revoke: () => void;
  refused: () => boolean;
}

export class Runner {
  private readonly running = new Set<string>();
  /** The title of the step running in each scenario's terminal. */
  private readonly scenarioRuns = new Map<string, string>();
  /**
   * The step last sent to each scenario's terminal without shell integration: its end is not seen, so
   * the terminal counts as busy until its outcome is recorded or the terminal is closed.
   */
  private readonly sent = new Map<string, { step: PlannedStep; terminal: vscode.Terminal }>();

  constructor(
    private readonly plans: PlanStore,
    private readonly edges: RunnerEdges,
  ) {}

  isRunning(ref: StepRef): boolean {
    return this.running.has(this.key(ref));
  }

  private key({ plan, scenario, step }: StepRef): string {
    return `${plan.uri.toString()}#${scenario.line}#${step.line}`;
  }

  /** The scenario's terminal: one step at a time runs in it. */
  private scenarioKey({ plan, scenario }: StepRef): string {
    return `${plan.uri.toString()}#${scenario.line}`;
  }

  /**
   * Why `ref` cannot start now: it runs already, or another step of its scenario runs in the scenario's
   * terminal (sending a second command there would interrupt it: a restore left RESTORING). Undefined
   * when it may.
   */
  private busy(ref: StepRef): string | undefined {
    if (this.isRunning(ref)) return vscode.l10n.t('"{0}" is already running.', ref.step.title);
    const other = this.scenarioRuns.get(this.scenarioKey(ref));
    if (other !== undefined)
      return vscode.l10n.t(
        '"{0}" was not run: "{1}" is still running in the terminal "SMDR: {2}", and a second command there would interrupt it. Run "{0}" when "{1}" has ended.',
        ref.step.title,
        other,
        ref.scenario.title,
      );
    const sent = this.sent.get(this.scenarioKey(ref));
    if (sent && !sent.terminal.exitStatus && this.stillSent(ref, sent.step))
      return vscode.l10n.t(
        '"{0}" was not run: "{1}" was sent to the terminal "SMDR: {2}" without its exit code and may still be running there; a second command would be typed into it. Record the outcome of "{1}" first (or close its terminal).',
        ref.step.title,
        sent.step.title,
        ref.scenario.title,
      );
    return undefined;
  }

  /** Whether `step` of the scenario still has no outcome but "sent" on record. */
  private stillSent({ plan, scenario }: StepRef, step: PlannedStep): boolean {
    const status = this.plans
      .progress(plan.uri, scenario)
      .statuses.get(stepKey(scenario.title, step.kind, step.title));
    return status?.outcome === 'sent';
  }

  async run(ref: StepRef): Promise<void> {
    const { plan, scenario, step } = ref;
    if (!(await trusted(vscode.l10n.t('Running recovery steps')))) return;
    const blocked = blockedBy(step);
    if (blocked) return void (await showBlocked(step.title, blocked));
    const busy = this.busy(ref);
    if (busy) return void vscode.window.showWarningMessage(busy);
    // Read once: what the questions say (a dry run, where it runs) is what runs.
    const dryRun = config.dryRun;
    const sqlTarget = step.language === 'tsql' && !dryRun ? await this.sqlTarget(ref) : null;
    if (sqlTarget === undefined) return;
    const where = runsOn(step, {
      localComputer: config.localComputer,
      remoting: config.remoting,
      dryRun,
      sqlTarget,
    });
    const progress = this.plans.progress(plan.uri, scenario);
    const check = preflight(scenario, step, progress, plan.hash, where);
    if (check.blocked) {
      void vscode.window.showWarningMessage(check.blocked);
      return;
    }
    if (
      check.runbookChanged &&
      !(await confirm(
        vscode.l10n.t(
          "The runbook changed since this scenario's run started ({0}). Continue with the runbook as it is now?",
          progress.startedAt ? readableTime(progress.startedAt) : vscode.l10n.t('earlier'),
        ),
        vscode.l10n.t('Continue'),
      ))
    )
      return;
    if (check.unfinished && !(await confirm(check.unfinished, vscode.l10n.t('Run Again')))) return;
    if (
      check.notDone.length &&
      !(await confirm(
        vscode.l10n.t(
          'Not done yet in "{0}": {1}. Run "{2}" anyway?',
          scenario.title,
          check.notDone.map((s) => s.title).join(', '),
          step.title,
        ),
        vscode.l10n.t('Run Anyway'),
      ))
    )
      return;
    if (
      check.confirmation &&
      !(await confirm(
        check.confirmation,
        vscode.l10n.t('Run'),
        statementDetail(step.target ?? vscode.l10n.t('this computer'), step.command ?? '', {
          target: vscode.l10n.t('Acts on:'),
          statement: vscode.l10n.t('Runs:'),
          more: (lines) => vscode.l10n.t('… and {0} more lines: Show Command shows all of it.', lines),
          cut: (characters) =>
            vscode.l10n.t('… (this line is cut: {0} more characters, which Show Command shows)', characters),
        }),
      ))
    )
      return;
    // Again, after the questions: another step of the scenario may have started meanwhile.
    const late = this.busy(ref);
    if (late) return void vscode.window.showWarningMessage(late);

    const key = this.key(ref);
    const terminalKey = this.scenarioKey(ref);
    this.running.add(key);
    this.scenarioRuns.set(terminalKey, step.title);
    this.plans.refresh();
    try {
      await this.execute(ref, dryRun, sqlTarget);
    } finally {
      this.running.delete(key);
      this.scenarioRuns.delete(terminalKey);
      this.plans.refresh();
    }
  }

  /** After every question: the script, the shell, the start on record, the run, its end on record. */
  private async execute(ref: StepRef, dryRun: boolean, target: SqlTarget | null): Promise<void> {
    const { scenario, step } = ref;
    const sql = target ? await this.sqlRun(ref, target) : undefined;
    if (sql === null) return;
    try {
      let commandLine;
      let folder;
      let shell;
      try {
        folder = privateFolder(this.edges.scripts);
        // The terminal's own shell, by its absolute path, not the default profile: it decides the quoting.
        const tools = localTools();
        shell = tools.shell;
        if (shell === null)
          throw new Error(
            process.platform === 'win32'
              ? 'Windows PowerShell was not found'
              : 'bash was not found in an absolute folder of PATH',
          );
        const terminal = { platform: process.platform, shell, dryRun, tools };
        commandLine = commandLineFor(folder, step, terminal, this.edges.cli, sql?.job);
      } catch (error) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('"{0}" was not run: {1}', step.title, reason(error)),
        );
        return;
      }
      // Its working folder is the extension's own script folder: no file of the repository stands there.
      const terminal = this.edges.terminals.terminalFor(this.scenarioKey(ref), `SMDR: ${scenario.title}`, {
        cwd: folder,
        shellPath: shell,
      });
      const delivery = await this.edges.terminals.ready(terminal, step.title);
      if (!delivery) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            '"{0}" was not run: its terminal\'s shell did not start, or the wait was cancelled.',
            step.title,
          ),
        );
        return;
      }
      const startedAt = new Date().toISOString();
      if (!dryRun) {
        try {
          this.recordStart(ref, startedAt, step.command);
        } catch (error) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t(
              '"{0}" was not run: its start could not be written to the run journal ({1}). A step runs only when its run can be recorded.',
              step.title,
              reason(error),
            ),
          );
          return;
        }
      }
      const execution = await this.edges.terminals.run(terminal, delivery, commandLine.line);
      if (execution.kind === 'sent') this.sent.set(this.scenarioKey(ref), { step, terminal });
      const outcome = outcomeOf(execution, dryRun);
      if (!this.record(ref, outcome, exitCodeOf(execution), startedAt, step.command)) return;
      // A pwsh terminal reports only 0 or 1: the run also says a refusal through the handoff.
      if (sql && (exitCodeOf(execution) === EXIT.loginRefused || sql.refused()))
        return void (await this.loginRefused(ref, sql.target));
      const notice = endNotice(step.title, execution, outcome);
      const record = vscode.l10n.t('Record Outcome');
      const shown =
        notice.level === 'error'
          ? vscode.window.showErrorMessage(notice.text)
          : notice.level === 'warning'
            ? vscode.window.showWarningMessage(notice.text, ...(notice.askOutcome ? [record] : []))
            : vscode.window.showInformationMessage(notice.text);
      void shown.then(async (answer) => {
        if (answer === record) await this.recordOutcome(ref);
      });
    } finally {
      sql?.revoke();
    }
  }

  /**
   * A T-SQL step's target, from the very text that was planned (the step is not run when the runbook
   * changed in between), when it names a login; undefined, after saying why, when the step must not run.
   */
  private async sqlTarget({ plan, step }: StepRef): Promise<SqlTarget | undefined> {
    const found = await this.edges.targets.of(plan.uri);
    if (!found || found.hash !== plan.hash) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          '"{0}" was not run: the runbook changed while it was being read. Run it again to run the runbook as it is now.',
          step.title,
        ),
      );
      return undefined;
    }
    const target = step.server ? found.targets[step.server] : undefined;
    if (!target) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('"{0}" was not run: it names no database server to run on.', step.title),
      );
      return undefined;
    }
    // A login is what a password is asked and bound for: without one, no password goes anywhere.
    if (target.user === null) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          '"{0}" was not run: the runbook\'s sql: names no login (sql.user) to sign in to {1} with. Add sql.user to the front matter.',
          step.title,
          terminalSafe(target.instance),
        ),
      );
      return undefined;
    }
    return target;
  }

  /**
   * A T-SQL step's job: its statement as planned, against `target`, with its password offered once to
   * the run that presents the job's token. Null, after saying why, when the step must not run.
   */
  private async sqlRun({ step }: StepRef, target: SqlTarget): Promise<SqlRun | null> {
    const allowUnencrypted = !target.encrypt && (await this.consentUnencrypted(step, target));
    if (!target.encrypt && !allowUnencrypted) return null;
    const password = await this.edges.credentials.password(target);
    if (password === undefined) return null;
    const offer = await this.edges.handoff.offer(password);
    const job = sqlJob(step, target, { address: offer.address, token: offer.token }, allowUnencrypted);
    return { job, target, revoke: () => offer.revoke(), refused: () => offer.refused() };
  }

  /** Whether the operator agrees to send the login of a target with `encrypt: false` in clear text. */
  private consentUnencrypted(step: PlannedStep, target: SqlTarget): Promise<boolean> {
    return confirm(
      vscode.l10n.t(
        '"{0}" would send the login {1} to {2} unencrypted (encrypt: false in the runbook): anyone on the network path can read the password. Send it unencrypted?',
        terminalSafe(step.title),
        terminalSafe(target.user ?? ''),
        terminalSafe(`${target.host}${target.port !== null ? `:${target.port}` : ''}`),
      ),
      vscode.l10n.t('Send Unencrypted'),
    );
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
        vscode.l10n.t(
          '"{0}" {1}, but the run journal could not be written ({2}): note the outcome elsewhere.',
          ref.step.title,
          exitCode !== null ? vscode.l10n.t('{0} (exit code {1})', outcome, exitCode) : outcome,
          reason(error),
        ),
      );
      return false;
    }
  }

  /** SQL Server refused the password: it is forgotten, so the next run asks for it again. */
  private async loginRefused(ref: StepRef, target: SqlTarget): Promise<void> {
    await this.edges.credentials.forget(target);
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        '"{0}" failed: {1} refused the login {2}. The stored password was forgotten; run the step again to enter it.',
        ref.step.title,
        target.instance,
        target.user ?? '',
      ),
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
    if (!(await trusted(vscode.l10n.t('Recording an outcome')))) return;
    const picked = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Succeeded'), outcome: 'succeeded' as const },
        { label: vscode.l10n.t('Failed'), outcome: 'failed' as const },
        { label: vscode.l10n.t('Skipped'), outcome: 'skipped' as const },
      ],
      { title: vscode.l10n.t('Outcome of "{0}"', ref.step.title) },
    );
    if (picked) this.record(ref, picked.outcome, null, this.attemptStart(ref), null);
  }

  /**
   * When the step's current attempt began: the start of a run whose end nobody saw (sent, or unfinished),
   * so that its duration counts from there, not from when its outcome was recorded; else now.
   */
  private attemptStart({ plan, scenario, step }: StepRef): string {
    const status = this.plans
      .progress(plan.uri, scenario)
      .statuses.get(stepKey(scenario.title, step.kind, step.title));
    return status && (status.outcome === 'sent' || status.outcome === 'unfinished')
      ? status.startedAt
      : new Date().toISOString();
  }

  async markDone(ref: StepRef): Promise<void> {
    if (!(await trusted(vscode.l10n.t('Marking a step done')))) return;
    this.record(ref, 'done', null, this.attemptStart(ref), null);
  }

  async reset(plan: RunbookPlan, scenario: PlannedScenario): Promise<void> {
    if (!(await trusted(vscode.l10n.t('Resetting progress')))) return;
    if (
      !(await confirm(
        vscode.l10n.t(
          'Start a new run of "{0}"? Its progress starts again; the journal keeps the earlier lines.',
          scenario.title,
        ),
        vscode.l10n.t('Reset'),
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
        vscode.l10n.t(
          '"{0}" was not reset: the run journal could not be written ({1}).',
          scenario.title,
          reason(error),
        ),
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

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the workspace is trusted; if not, says that `what` needs it (Restricted Mode validates, but
 * runs nothing and writes no journal).
 */
async function trusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const answer = await vscode.window.showErrorMessage(
    vscode.l10n.t(
      '{0} needs a trusted workspace. In Restricted Mode the runbook is still validated, but nothing runs and the run journal is not written.',
      what,
    ),
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** A step that cannot run says why, and opens the Problems view on request. */
async function showBlocked(title: string, why: string): Promise<void> {
  const open = vscode.l10n.t('Open Problems');
  const answer = await vscode.window.showErrorMessage(
    vscode.l10n.t('"{0}" cannot run until its problems are fixed: {1}', title, why),
    open,
  );
  if (answer === open) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
