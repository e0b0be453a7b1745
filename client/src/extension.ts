/**
 * Activation: start the language server for `*.runbook.md` documents. The extension host only holds
 * the language client; parsing and rules run in the server process.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export const RUNBOOK_SELECTOR = [{ language: 'markdown', pattern: '**/*.runbook.md' }];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: RUNBOOK_SELECTOR,
    synchronize: { configurationSection: 'smdr' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('smdr') },
  };
  client = new LanguageClient('smdr', 'Service Manager Runbooks', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('smdr.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('smdr.showRules', async () => {
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md'))),
      );
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
