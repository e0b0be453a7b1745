/** The extension's settings, typed, read when needed (so changes apply at once). */
import * as os from 'node:os';
import * as vscode from 'vscode';

export interface RunSettings {
  dryRun: boolean;
  remoting: boolean;
  localComputer: string;
}

export function runSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('smdr.run');
  return {
    dryRun: config.get<boolean>('dryRun', false),
    remoting: config.get<boolean>('remoting', true),
    localComputer: config.get<string>('localComputer', '') || os.hostname().split('.')[0]!,
  };
}

/** smdr.sql.endpoints: instance → `host:port` (a restricted setting: a workspace cannot set it untrusted). */
export function sqlEndpoints(): Record<string, string> {
  return vscode.workspace.getConfiguration('smdr.sql').get<Record<string, string>>('endpoints', {});
}
