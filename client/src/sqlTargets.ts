/** Where each server's SQL login of a runbook goes, as the language server reads it from the text the editor sees. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { runbookText } from './runbookText';
import { sqlEndpoints } from './settings';

export interface RunbookTargets {
  /** The hash of the text the targets were read from (the plan's hash when that text was planned). */
  hash: string;
  /** By server name. */
  targets: Record<string, SqlTarget>;
  databaseServers: string[];
}

export class SqlTargets {
  constructor(private readonly client: LanguageClient) {}

  async of(uri: vscode.Uri): Promise<RunbookTargets | null> {
    return this.client.sendRequest<RunbookTargets | null>('smdr/sqlTargets', {
      uri: uri.toString(),
      text: await runbookText(uri),
      endpoints: sqlEndpoints(),
    });
  }

  /** The targets of a runbook's database servers that have a login to ask a password for. */
  async databaseLogins(uri: vscode.Uri): Promise<SqlTarget[]> {
    const found = await this.of(uri);
    return (found?.databaseServers ?? []).map((name) => found!.targets[name]!).filter((t) => t.user !== null);
  }
}
