/**
 * SQL Server passwords, kept only in VS Code's secret storage, each bound to the target it was given
 * for: host, port, instance, login and protection. One password is asked per login, not per instance,
 * and stored bound to each instance it was given for; an instance that refuses it is forgotten alone
 * and asked for alone. A runbook or endpoint setting that sends the same login elsewhere, or less
 * protected, does not get the stored password: the operator is asked again, told what changed.
 * Passwords reach `smdr sql` through a one-time handoff, never a terminal's environment, a command
 * line, a file or the journal.
 *
 * Each password is stored under a hash of its whole target, so two runbooks naming one instance at two
 * hosts never share, overwrite or forget each other's password. Beside it, by instance and login, is
 * the list of targets a password is stored for (targets only, never a password): it says why a stored
 * password was not sent where the runbook now sends the login.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import {
  bindPassword,
  boundPassword,
  byLogin,
  isTarget,
  passwordQuestion,
  targetChange,
  targetKey,
  type SqlTarget,
} from '../../server/src/api';

/** How many targets of one instance and login the list keeps (the oldest is left out of it first). */
const GIVEN_KEPT = 16;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

export class Credentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(target: SqlTarget): string {
    return `smdr.sql.password:${hash(targetKey(target))}`;
  }

  private givenKey(target: SqlTarget): string {
    return `smdr.sql.given:${hash(JSON.stringify([target.instance, target.user ?? '']))}`;
  }

  /** The targets of this instance and login a password is stored for, latest last. */
  private async given(target: SqlTarget): Promise<SqlTarget[]> {
    let parsed: unknown;
    try {
      parsed = JSON.parse((await this.secrets.get(this.givenKey(target))) ?? '[]');
    } catch {
      parsed = [];
    }
    return Array.isArray(parsed) ? parsed.filter(isTarget) : [];
  }

  private async setGiven(target: SqlTarget, stored: boolean): Promise<void> {
    const others = (await this.given(target)).filter((t) => targetKey(t) !== targetKey(target));
    const list = stored ? [...others, target].slice(-GIVEN_KEPT) : others;
    await this.secrets.store(this.givenKey(target), JSON.stringify(list));
  }

  /** Why no password is sent to `target`: where the last password of its instance and login was given for. */
  private async notSentReason(target: SqlTarget): Promise<string | undefined> {
    const last = (await this.given(target)).at(-1);
    return last ? (targetChange(last, target) ?? undefined) : undefined;
  }

  /**
   * The password of each target, in their order: the stored one when it was given for that very
   * target, and when `interactive`, one asked per login for all the others (an automatic refresh never
   * asks). A target whose question was cancelled has none.
   */
  async passwords(targets: readonly SqlTarget[], interactive: boolean): Promise<(string | undefined)[]> {
    // The same place twice (two runbooks naming one instance, its host written in any case) is asked for once.
    const id = targetKey;
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
        const reason = stored === undefined ? await this.notSentReason(target) : bound.reason;
        if (reason !== undefined) notSent.set(targetKey(target), reason);
      }
    }
    // One question at a time: two input boxes at once would cancel each other.
    // Every place this refresh names, so a question warns of its instance named at another place too.
    const named = [...new Map(targets.map((t) => [id(t), t])).values()];
    for (const login of interactive ? byLogin([...missing.values()]) : []) {
      const entered = await this.askLogin(login, notSent, named);
      if (entered !== undefined) for (const target of login) found.set(id(target), entered);
    }
    return targets.map((target) => found.get(id(target)));
  }

  /** The stored password given for this target, or one asked for (and stored, bound to it); undefined when cancelled. */
  async password(target: SqlTarget): Promise<string | undefined> {
    return (await this.passwords([target], true))[0];
  }

  async ask(target: SqlTarget, why?: string): Promise<string | undefined> {
    return this.askLogin([target], why === undefined ? undefined : new Map([[targetKey(target), why]]));
  }

  /**
   * One password for `targets`, which share a login, stored bound to each of them; undefined when
   * cancelled. `notSent` and `asked` are as {@link passwordQuestion} takes them.
   */
  async askLogin(
    targets: readonly SqlTarget[],
    notSent?: ReadonlyMap<string, string>,
    asked?: readonly SqlTarget[],
  ): Promise<string | undefined> {
    const { title, prompt } = passwordQuestion(targets, notSent, asked);
    const entered = await vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
    if (entered)
      for (const target of targets) {
        await this.secrets.store(this.key(target), bindPassword(entered, target));
        await this.setGiven(target, true);
        // Earlier versions kept one password per instance and login under this key: never read now.
        await this.secrets.delete(`smdr.sql.password:${target.instance.toUpperCase()}|${target.user ?? ''}`);
      }
    return entered;
  }

  /** Forgets the password of this very target; another place of the same instance and login keeps its own. */
  async forget(target: SqlTarget): Promise<void> {
    await this.secrets.delete(this.key(target));
    await this.setGiven(target, false);
  }
}
