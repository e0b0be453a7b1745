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
  ctx = createCtx(context);
  context.subscriptions.push(ctx);
  try {
    wire(ctx);
  } catch (error) {
    ctx.fail(vscode.l10n.t('{0} did not activate: {1}', PRODUCT, messageOf(error)));
    return;
  }
  // Views and commands are ready at once, and fill in when the server answers.
  void ctx.start();
}

function wire(ctx: Ctx): void {
  const { client, extension, subscriptions } = ctx;
  const journals = new JournalStore(ctx.log);
  const plans = new PlanStore(client, journals);
  const terminals = new Terminals();
  const credentials = new Credentials(extension.secrets);
  const targets = new SqlTargets(client);
  const handoff = new PasswordHandoff();
  const live = new LiveStore(client, plans, credentials);
  const cli = { node: process.execPath, script: extension.asAbsolutePath(path.join('dist', 'cli.js')) };
  const runner = new Runner(plans, {
    terminals,
    credentials,
    targets,
    handoff,
    cli,
    scripts: path.join(extension.globalStorageUri.fsPath, 'run'),
  });
  const preview = new CommandPreview(plans, targets, cli);
  const drill = new DrillViews(plans);
  const recovery = new RecoveryView(plans, runner);
  const lenses = new StepCodeLenses(plans);
  subscriptions.push(
    ctx.onServerUp(() => plans.refresh()),
    journals,
    plans,
    terminals,
    handoff,
    live,
    vscode.window.registerTreeDataProvider('smdr.servers', new EstateView('servers', plans, live)),
    vscode.window.registerTreeDataProvider('smdr.backups', new EstateView('backups', plans, live)),
    preview,
    drill,
    recovery,
    lenses,
    vscode.window.registerTreeDataProvider('smdr.recovery', recovery),
    vscode.languages.registerCodeLensProvider(RUNBOOK_SELECTOR, lenses),
    new ProgressStatus(plans),
    registerCheckTasks((relative) => extension.asAbsolutePath(relative)),
  );
  registerCommands(ctx, commandTable({ ctx, plans, runner, live, credentials, targets, preview, drill }));
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
}
