/**
 * One named integrated terminal per scenario. Exit codes come from the shell-integration API when
 * the terminal's shell has it; otherwise the command is only sent and the operator records the outcome.
 */
import * as vscode from 'vscode';
import type { RunEnd } from '../../../server/src/journal/runEnd';

export class Terminals implements vscode.Disposable {
  private readonly byScenario = new Map<string, vscode.Terminal>();
  private readonly subscription = vscode.window.onDidCloseTerminal((closed) => {
    for (const [key, terminal] of this.byScenario) if (terminal === closed) this.byScenario.delete(key);
  });

  dispose(): void {
    this.subscription.dispose();
  }

  has(key: string): boolean {
    const terminal = this.byScenario.get(key);
    return !!terminal && !terminal.exitStatus;
  }

  /** Closes the scenario's terminal: the next step gets a new one (with the environment given then). */
  close(key: string): void {
    this.byScenario.get(key)?.dispose();
    this.byScenario.delete(key);
  }

  /** The scenario's terminal; `env` (a SQL password) is given to this terminal only, when it is created. */
  terminalFor(key: string, name: string, cwd: string, env: Record<string, string> = {}): vscode.Terminal {
    let terminal = this.byScenario.get(key);
    if (!terminal || terminal.exitStatus) {
      terminal = vscode.window.createTerminal({ name, cwd, env: { ELECTRON_RUN_AS_NODE: '1', ...env } });
      this.byScenario.set(key, terminal);
    }
    return terminal;
  }

  /** Runs `commandLine`, waiting for shell integration up to `timeoutMs` (an event, not a sleep, ends the wait). */
  async run(terminal: vscode.Terminal, commandLine: string, timeoutMs: number): Promise<RunEnd> {
    terminal.show(true);
    const integration = terminal.shellIntegration ?? (await shellIntegrationOf(terminal, timeoutMs));
    if (!integration) {
      terminal.sendText(commandLine, true);
      return { kind: 'sent' };
    }
    const execution = integration.executeCommand(commandLine);
    return new Promise((resolve) => {
      const settle = (result: RunEnd) => {
        ended.dispose();
        closed.dispose();
        resolve(result);
      };
      const ended = vscode.window.onDidEndTerminalShellExecution((event) => {
        if (event.execution === execution) settle({ kind: 'finished', exitCode: event.exitCode });
      });
      // Closing the terminal ends no shell execution: without this the step would stay running for good.
      const closed = vscode.window.onDidCloseTerminal((event) => {
        if (event === terminal) settle({ kind: 'closed' });
      });
    });
  }
}

function shellIntegrationOf(
  terminal: vscode.Terminal,
  timeoutMs: number,
): Promise<vscode.TerminalShellIntegration | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(undefined);
    }, timeoutMs);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(event.shellIntegration);
    });
  });
}
