/**
 * SQL Server passwords, kept only in VS Code's secret storage, keyed by instance and login. They reach
 * `smdr sql` through the environment of one terminal, never a command line, a file or the journal.
 */
import * as vscode from 'vscode';

export class Credentials {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(instance: string, user: string): string {
    return `smdr.sql.password:${instance.toUpperCase()}|${user}`;
  }

  stored(instance: string, user: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(instance, user));
  }

  /** The stored password, or one asked for once (and stored); undefined when the operator cancels. */
  async password(instance: string, user: string): Promise<string | undefined> {
    const stored = await this.secrets.get(this.key(instance, user));
    return stored ?? this.ask(instance, user);
  }

  async ask(instance: string, user: string): Promise<string | undefined> {
    const entered = await vscode.window.showInputBox({
      title: `SQL Server password of ${user} on ${instance}`,
      prompt: 'Kept in VS Code secret storage; never written to settings, the runbook, logs or the journal.',
      password: true,
      ignoreFocusOut: true,
    });
    if (entered) await this.secrets.store(this.key(instance, user), entered);
    return entered;
  }

  async forget(instance: string, user: string): Promise<void> {
    await this.secrets.delete(this.key(instance, user));
  }
}
