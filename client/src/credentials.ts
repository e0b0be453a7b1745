/**
 * SQL Server passwords, kept only in VS Code's secret storage, each bound to the target it was given
 * for: host, port, instance, login and protection. A runbook or endpoint setting that sends the same
 * login elsewhere, or less protected, does not get the stored password: the operator is asked again,
 * told what changed. Passwords reach `smdr sql` through a one-time handoff, never a terminal's
 * environment, a command line, a file or the journal.
 */
import * as vscode from 'vscode';
import {
  bindPassword,
  boundPassword,
  describeProtection,
  type SqlTarget,
} from '../../server/src/live/sqlTarget';

export class Credentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(target: SqlTarget): string {
    return `smdr.sql.password:${target.instance.toUpperCase()}|${target.user ?? ''}`;
  }

  /** The stored password when it was given for this very target; never asks (automatic refresh). */
  async stored(target: SqlTarget): Promise<string | undefined> {
    const bound = boundPassword(await this.secrets.get(this.key(target)), target);
    return 'password' in bound ? bound.password : undefined;
  }

  /** The stored password given for this target, or one asked for (and stored, bound to it); undefined when cancelled. */
  async password(target: SqlTarget): Promise<string | undefined> {
    const stored = await this.secrets.get(this.key(target));
    const bound = boundPassword(stored, target);
    if ('password' in bound) return bound.password;
    return this.ask(target, stored === undefined ? undefined : bound.reason);
  }

  async ask(target: SqlTarget, why?: string): Promise<string | undefined> {
    const where = `${target.host}${target.port !== null ? `:${target.port}` : ''}`;
    const entered = await vscode.window.showInputBox({
      title: `SQL Server password of ${target.user ?? 'the login'} on ${target.instance}`,
      prompt: `${why ? `The stored password is not sent: ${why}. ` : ''}Sent to ${where}, ${describeProtection(target)}. Kept in VS Code secret storage for this server only.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (entered) await this.secrets.store(this.key(target), bindPassword(entered, target));
    return entered;
  }

  async forget(target: SqlTarget): Promise<void> {
    await this.secrets.delete(this.key(target));
  }
}
