/** The extension's settings, typed, read when needed (so changes apply at once). */
import * as os from 'node:os';
import * as vscode from 'vscode';

export interface RunSettings {
  dryRun: boolean;
  remoting: boolean;
  localComputer: string;
  shellIntegrationTimeoutMs: number;
}

export function runSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('smdr.run');
  return {
    dryRun: config.get<boolean>('dryRun', false),
    remoting: config.get<boolean>('remoting', true),
    localComputer: config.get<string>('localComputer', '') || os.hostname().split('.')[0]!,
    shellIntegrationTimeoutMs: config.get<number>('shellIntegrationTimeout', 5000),
  };
}

/** smdr.sql.endpoints as the SMDR_SQL_ENDPOINTS value `smdr sql` reads. */
export function sqlEndpointsEnvironment(): string {
  const endpoints = vscode.workspace
    .getConfiguration('smdr.sql')
    .get<Record<string, string>>('endpoints', {});
  return Object.entries(endpoints)
    .map(([instance, address]) => `${instance}=${address}`)
    .join(';');
}
