/**
 * Every VS Code command of the extension, in one table (id → handler), registered in one place. A
 * command that reads the runbook through the language server says so while the server is down
 * instead of failing on a request; a handler that throws is an error message with Open Logs, never an
 * unhandled rejection. `package.json` contributes exactly these ids (test/unit/artifacts.test.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as run from './commands';
import { PRODUCT, messageOf, type Ctx } from './ctx';
import { newRunbook } from './newRunbook';

export interface Command {
  /** Needs the language server: while it is down the command says so and does nothing. */
  server: boolean;
  run(...args: unknown[]): unknown;
}

export function commandTable(deps: run.CommandDeps): Record<string, Command> {
  const arg = (args: unknown[]) => args[0] as run.Argument;
  return {
    'smdr.runStep': { server: true, run: (...a) => run.runStep(deps, arg(a)) },
    'smdr.runNextStep': { server: true, run: (...a) => run.runNextStep(deps, arg(a)) },
    'smdr.markStepDone': { server: true, run: (...a) => run.markStepDone(deps, arg(a)) },
    'smdr.recordOutcome': { server: true, run: (...a) => run.recordOutcome(deps, arg(a)) },
    'smdr.resetScenario': { server: true, run: (...a) => run.resetScenario(deps, arg(a)) },
    'smdr.openJournal': { server: false, run: (...a) => run.openJournal(deps, arg(a)) },
    'smdr.showCommand': { server: true, run: (...a) => run.showCommand(deps, arg(a)) },
    'smdr.showReport': { server: true, run: (...a) => run.showReport(deps, arg(a)) },
    'smdr.showJournal': { server: false, run: (...a) => run.showJournal(deps, arg(a)) },
    'smdr.refreshRecovery': { server: true, run: () => deps.plans.refresh() },
    'smdr.refreshLive': { server: true, run: (uri) => run.refreshLive(deps, uri) },
    'smdr.setSqlPassword': { server: true, run: () => run.setSqlPassword(deps) },
    'smdr.forgetSqlPassword': { server: true, run: () => run.forgetSqlPassword(deps) },
    'smdr.restartServer': { server: false, run: () => deps.ctx.restart() },
    'smdr.showRules': { server: false, run: () => run.showDoc(deps, 'rules.md') },
    'smdr.showFormat': { server: false, run: () => run.showDoc(deps, 'runbook-format.md') },
    'smdr.newRunbook': {
      server: false,
      run: () => newRunbook(deps.ctx.extension.asAbsolutePath(path.join('media', 'template.runbook.md'))),
    },
  };
}

export function registerCommands(ctx: Ctx, table: Record<string, Command>): void {
  for (const [id, command] of Object.entries(table))
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (command.server && !(await ctx.needServer())) return;
        try {
          await command.run(...args);
        } catch (error) {
          ctx.fail(vscode.l10n.t('{0}: {1} failed: {2}', PRODUCT, id, messageOf(error)));
        }
      }),
    );
}
