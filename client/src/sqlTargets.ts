/** Where each server's SQL login of a runbook goes, as the language server reads it from the text the editor sees. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SqlTargetsRequest, type SqlTarget } from '../../server/src/api';
import { config } from './config';
import { runbookText } from './runbookText';

export class SqlTargets {
  constructor(private readonly client: LanguageClient) {}

  async of(uri: vscode.Uri): Promise<SqlTargetsRequest.Result | null> {
    return this.client.sendRequest(SqlTargetsRequest.type, {
      uri: uri.toString(),
      text: await runbookText(uri),
      endpoints: config.sqlEndpoints,
    });
  }

  /** The targets of a runbook's database servers that have a login to ask a password for. */
  async databaseLogins(uri: vscode.Uri): Promise<SqlTarget[]> {
    const found = await this.of(uri);
    return (found?.databaseServers ?? []).map((name) => found!.targets[name]!).filter((t) => t.user !== null);
  }
}
