/**
 * Every `smdr.*` setting, typed, read when asked (so a change applies at once). This is the only module
 * that reads the `smdr` configuration: adding a setting means its manifest entry, a getter here, and
 * its use. `smdr.trace.server` has no getter: the language client reads it itself (client id `smdr`).
 */
import * as os from 'node:os';
import * as vscode from 'vscode';

export type RuleLevel = 'error' | 'warning' | 'info' | 'hint' | 'off';

/** What the language server reads from the `smdr` section (`server/src/lsp/settings.ts`), sent at start. */
export interface ServerSettings {
  validate: { enable: boolean };
  rules: Record<string, RuleLevel>;
  powershell: { path: string };
}

const section = () => vscode.workspace.getConfiguration('smdr');

export const config = {
  /** smdr.validate.enable */
  get validate(): boolean {
    return section().get<boolean>('validate.enable', true);
  },
  /** smdr.rules: a level per rule code (the server drops malformed entries). */
  get rules(): Record<string, RuleLevel> {
    return section().get<Record<string, RuleLevel>>('rules', {});
  },
  /** smdr.run.dryRun: print step commands instead of running them. */
  get dryRun(): boolean {
    return section().get<boolean>('run.dryRun', false);
  },
  /** smdr.run.remoting: wrap PowerShell for another computer in Invoke-Command. */
  get remoting(): boolean {
    return section().get<boolean>('run.remoting', true);
  },
  /** smdr.run.localComputer, else this computer's short name. */
  get localComputer(): string {
    return section().get<string>('run.localComputer', '') || os.hostname().split('.')[0]!;
  },
  /** smdr.sql.endpoints: instance → `host:port` (restricted: an untrusted workspace cannot set it). */
  get sqlEndpoints(): Record<string, string> {
    return section().get<Record<string, string>>('sql.endpoints', {});
  },
  /** smdr.live.autoRefreshMinutes (0: only on Refresh). */
  get autoRefreshMinutes(): number {
    return section().get<number>('live.autoRefreshMinutes', 0);
  },
  /** smdr.live.connectTimeout, in milliseconds. */
  get connectTimeoutMs(): number {
    return section().get<number>('live.connectTimeout', 15) * 1000;
  },
  /** smdr.live.requestTimeout, in milliseconds. */
  get requestTimeoutMs(): number {
    return section().get<number>('live.requestTimeout', 30) * 1000;
  },
  /** smdr.powershell.path (machine scope): the PowerShell that parses blocks for SMDR318. */
  get powershellPath(): string {
    return section().get<string>('powershell.path', '');
  },
  /** The settings the language server reads, in the shape of the `smdr` section. */
  get server(): ServerSettings {
    return {
      validate: { enable: this.validate },
      rules: this.rules,
      powershell: { path: this.powershellPath },
    };
  },
};
