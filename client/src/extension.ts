/**
 * Activation: the language server for `*.runbook.md` documents, and the recovery runner around it
 * (Recovery view, code lenses, status bar, commands). Parsing and rules run in the server process.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerCredentialCommands, registerRecoveryCommands } from './commands';
import { Credentials } from './credentials';
import { LiveStore } from './live';
import { SqlTargets } from './sqlTargets';
import { EstateView } from './views/estateView';
import { PlanStore } from './plans';
import { PasswordHandoff } from './runner/handoff';
import { Runner } from './runner/runner';
import { Terminals } from './runner/terminals';
import { StepCodeLenses } from './views/codeLens';
import { RecoveryView } from './views/recoveryView';
import { ProgressStatus } from './views/statusBar';

let client: LanguageClient | undefined;

export const RUNBOOK_SELECTOR = [{ language: 'markdown', pattern: '**/*.runbook.md' }];

export function activate(context: vscode.ExtensionContext): void {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Service Manager Runbooks');
  const clientOptions: LanguageClientOptions = {
    documentSelector: RUNBOOK_SELECTOR,
    synchronize: { configurationSection: 'smdr' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('smdr') },
    outputChannel: output,
  };
  client = new LanguageClient('smdr', 'Service Manager Runbooks', serverOptions, clientOptions);
  const plans = new PlanStore(client, output);
  const terminals = new Terminals();
  const credentials = new Credentials(context.secrets);
  const targets = new SqlTargets(client);
  const handoff = new PasswordHandoff();
  const live = new LiveStore(client, plans, credentials, targets);
  const runner = new Runner(plans, {
    terminals,
    credentials,
    targets,
    handoff,
    cli: { node: process.execPath, script: context.asAbsolutePath(path.join('dist', 'cli.js')) },
    scripts: path.join(context.globalStorageUri.fsPath, 'run'),
  });
  context.subscriptions.push(
    output,
    plans,
    terminals,
    handoff,
    live,
    vscode.window.registerTreeDataProvider('smdr.servers', new EstateView('servers', plans, live)),
    vscode.window.registerTreeDataProvider('smdr.backups', new EstateView('backups', plans, live)),
    vscode.window.registerTreeDataProvider('smdr.recovery', new RecoveryView(plans, runner)),
    vscode.commands.registerCommand('smdr.refreshLive', (uri?: vscode.Uri) =>
      live.refresh(true, uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.languages.registerCodeLensProvider(RUNBOOK_SELECTOR, new StepCodeLenses(plans)),
    new ProgressStatus(plans),
    ...registerRecoveryCommands(plans, runner),
    ...registerCredentialCommands(plans, credentials, targets),
    vscode.commands.registerCommand('smdr.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('smdr.showRules', async () => {
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md'))),
      );
    }),
    vscode.commands.registerCommand('smdr.newRunbook', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder)
        return void vscode.window.showErrorMessage('Open a folder first: the runbook is created in it.');
      const target = vscode.Uri.joinPath(folder.uri, 'recovery.runbook.md');
      try {
        await vscode.workspace.fs.stat(target);
        return void vscode.window.showTextDocument(target);
      } catch {
        await vscode.workspace.fs.copy(
          vscode.Uri.file(context.asAbsolutePath(path.join('examples', 'lab.runbook.md'))),
          target,
        );
        await vscode.window.showTextDocument(target);
      }
    }),
  );
  // Activation does not wait for the server: views and commands are ready at once, and fill in when it answers.
  client.start().then(
    () => plans.refresh(),
    (error: unknown) =>
      output.appendLine(
        `[error] The runbook language server did not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
