/**
 * Activation: the context (language client, log, disposables), the stores, the runner, the views and
 * the command table. Parsing and rules run in the server process; activation does not wait for it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandTable, registerCommands } from './commandTable';
import { createCtx, messageOf, PRODUCT, RUNBOOK_SELECTOR, type Ctx } from './ctx';
import { Credentials } from './credentials';
import { JournalStore } from './journalStore';
import { LiveStore } from './live';
import { PlanStore } from './plans';
import { DrillViews } from './report/views';
import { CommandPreview } from './runner/commandPreview';
import { PasswordHandoff } from './runner/handoff';
import { Runner } from './runner/runner';
import { Terminals } from './runner/terminals';
import { SqlTargets } from './sqlTargets';
import { registerCheckTasks } from './tasks';
import { StepCodeLenses } from './views/codeLens';
import { EstateView } from './views/estateView';
import { RecoveryView } from './views/recoveryView';
import { ProgressStatus } from './views/statusBar';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  let made: Ctx | undefined;
  try {
    made = createCtx(context);
    context.subscriptions.push(made);
    wire(made);
  } catch (error) {
    const message = vscode.l10n.t('{0} did not activate: {1}', PRODUCT, messageOf(error));
    // Without a context (the language client could not be made) there is no log to open.
    if (made) made.fail(message);
    else void vscode.window.showErrorMessage(message);
    return;
  }
  ctx = made;
  // Views and commands are ready at once, and fill in when the server answers.
  void ctx.start();
}

/** Every disposable is owned by the context as soon as it is made, so a failure halfway leaks nothing. */
function wire(ctx: Ctx): void {
  const { client, extension } = ctx;
  const own = ctx.own.bind(ctx);
  const journals = own(new JournalStore(ctx.log));
  const plans = own(new PlanStore(client, journals));
  own(ctx.onServerUp(() => plans.refresh()));
  const terminals = own(new Terminals());
  const credentials = new Credentials(extension.secrets);
  const targets = new SqlTargets(client);
  const handoff = own(new PasswordHandoff());
  const live = own(new LiveStore(client, plans, credentials));
  const cli = { node: process.execPath, script: extension.asAbsolutePath(path.join('dist', 'cli.js')) };
  const runner = new Runner(plans, {
    terminals,
    credentials,
    targets,
    handoff,
    cli,
    scripts: path.join(extension.globalStorageUri.fsPath, 'run'),
  });
  const preview = own(new CommandPreview(plans, targets, cli));
  const drill = own(new DrillViews(plans));
  const recovery = own(new RecoveryView(plans, runner));
  const lenses = own(new StepCodeLenses(plans));
  own(vscode.window.registerTreeDataProvider('smdr.servers', own(new EstateView('servers', plans, live))));
  own(vscode.window.registerTreeDataProvider('smdr.backups', own(new EstateView('backups', plans, live))));
  own(vscode.window.registerTreeDataProvider('smdr.recovery', recovery));
  own(vscode.languages.registerCodeLensProvider(RUNBOOK_SELECTOR, lenses));
  own(new ProgressStatus(plans));
  own(registerCheckTasks((relative) => extension.asAbsolutePath(relative)));
  registerCommands(ctx, commandTable({ ctx, plans, runner, live, credentials, targets, preview, drill }));
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
}
