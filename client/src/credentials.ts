/**
 * SQL Server passwords, kept only in VS Code's secret storage, each bound to the target it was given
 * for: host, port, instance, login and protection. One password is asked per login, not per instance,
 * and stored bound to each instance it was given for; an instance that refuses it is forgotten alone
 * and asked for alone. A runbook or endpoint setting that sends the same login elsewhere, or less
 * protected, does not get the stored password: the operator is asked again, told what changed.
 * Passwords reach `smdr sql` through a one-time handoff, never a terminal's environment, a command
 * line, a file or the journal.
 */
import * as vscode from 'vscode';
import { bindPassword, boundPassword, byLogin, passwordQuestion, type SqlTarget } from '../../server/src/api';

export class Credentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(target: SqlTarget): string {
    return `smdr.sql.password:${target.instance.toUpperCase()}|${target.user ?? ''}`;
  }

  /**
   * The password of each target, in their order: the stored one when it was given for that very
   * target, and when `interactive`, one asked per login for all the others (an automatic refresh never
   * asks). A target whose question was cancelled has none.
   */
  async passwords(targets: readonly SqlTarget[], interactive: boolean): Promise<(string | undefined)[]> {
    // The same target twice (two runbooks naming one instance) is asked for once.
    const id = (target: SqlTarget) => JSON.stringify(target);
    const found = new Map<string, string>();
    const missing = new Map<string, SqlTarget>();
    const notSent = new Map<string, string>();
    for (const target of targets) {
      if (found.has(id(target)) || missing.has(id(target))) continue;
      const stored = await this.secrets.get(this.key(target));
      const bound = boundPassword(stored, target);
      if ('password' in bound) found.set(id(target), bound.password);
      else {
        missing.set(id(target), target);
        if (stored !== undefined) notSent.set(target.instance, bound.reason);
      }
    }
    // One question at a time: two input boxes at once would cancel each other.
    for (const login of interactive ? byLogin([...missing.values()]) : []) {
      const entered = await this.askLogin(login, notSent);
      if (entered !== undefined) for (const target of login) found.set(id(target), entered);
    }
    return targets.map((target) => found.get(id(target)));
  }

  /** The stored password given for this target, or one asked for (and stored, bound to it); undefined when cancelled. */
  async password(target: SqlTarget): Promise<string | undefined> {
    return (await this.passwords([target], true))[0];
  }

  async ask(target: SqlTarget, why?: string): Promise<string | undefined> {
    return this.askLogin([target], why === undefined ? undefined : new Map([[target.instance, why]]));
  }

  /** One password for `targets`, which share a login, stored bound to each of them; undefined when cancelled. */
  async askLogin(
    targets: readonly SqlTarget[],
    notSent?: ReadonlyMap<string, string>,
  ): Promise<string | undefined> {
    const { title, prompt } = passwordQuestion(targets, notSent);
    const entered = await vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
    if (entered)
      for (const target of targets) await this.secrets.store(this.key(target), bindPassword(entered, target));
    return entered;
  }

  async forget(target: SqlTarget): Promise<void> {
    await this.secrets.delete(this.key(target));
  }
}
