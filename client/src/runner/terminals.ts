/**
 * One named integrated terminal per scenario. Exit codes come from the shell-integration API: a step
 * waits for the terminal's shell integration however long the shell takes to start (a loaded machine,
 * PowerShell behind an antivirus), showing that it waits, with Cancel. A shell that never gets
 * integration is the operator's call: send the step without its exit code (and record the outcome),
 * or do not run it.
 */
import * as vscode from 'vscode';
import type { RunEnd } from '../../../server/src/api';
import { confirm } from './confirm';

/** How a step is sent once its terminal is ready: through shell integration, or only as text. */
export type Delivery = vscode.TerminalShellIntegration | 'text';

export class Terminals implements vscode.Disposable {
  private readonly byScenario = new Map<string, vscode.Terminal>();
  private readonly subscription = vscode.window.onDidCloseTerminal((closed) => {
    for (const [key, terminal] of this.byScenario) if (terminal === closed) this.byScenario.delete(key);
  });

  dispose(): void {
    this.subscription.dispose();
  }

  /**
   * The scenario's terminal, with `shellPath` (absolute) as its shell rather than the default profile,
   * in `cwd`. Nothing secret goes into its environment. A terminal of the scenario whose shell is another
   * (its shell was found elsewhere since) is not reused.
   */
  terminalFor(key: string, name: string, where: { cwd: string; shellPath: string }): vscode.Terminal {
    let terminal = this.byScenario.get(key);
    const options = terminal?.creationOptions as vscode.TerminalOptions | undefined;
    if (!terminal || terminal.exitStatus || options?.shellPath !== where.shellPath) {
      // The extension host's executable runs dist/cli.js as Node.
      terminal = vscode.window.createTerminal({
        name,
        cwd: where.cwd,
        shellPath: where.shellPath,
        env: { ELECTRON_RUN_AS_NODE: '1' },
      });
      this.byScenario.set(key, terminal);
    }
    return terminal;
  }

  /**
   * How to send a step to `terminal`: its shell integration once it has started (no time limit), or
   * as text when the operator cancelled the wait and chose so; undefined when the step must not run
   * (cancelled, or the terminal closed meanwhile).
   */
  async ready(terminal: vscode.Terminal, stepTitle: string): Promise<Delivery | undefined> {
    terminal.show(true);
    if (terminal.shellIntegration) return terminal.shellIntegration;
    const started = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('"{0}": waiting for the shell of "{1}" to start', stepTitle, terminal.name),
        cancellable: true,
      },
      (_progress, cancel) => shellStarted(terminal, cancel),
    );
    if (started !== 'cancelled') return started;
    const send = await confirm(
      vscode.l10n.t(
        'The shell of "{0}" has not reported that it is ready (no shell integration). Send "{1}" anyway? Its exit code cannot be read: you then record its outcome.',
        terminal.name,
        stepTitle,
      ),
      vscode.l10n.t('Send Without Exit Code'),
    );
    return send && !terminal.exitStatus ? 'text' : undefined;
  }

  /** Runs `commandLine`; with shell integration, until its end (or the terminal's close). */
  async run(terminal: vscode.Terminal, delivery: Delivery, commandLine: string): Promise<RunEnd> {
    if (delivery === 'text') {
      terminal.sendText(commandLine, true);
      return { kind: 'sent' };
    }
    const execution = delivery.executeCommand(commandLine);
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
      // A window closing or reloading (Shutdown) is no end: the step stays on record as unfinished.
      const closed = vscode.window.onDidCloseTerminal((event) => {
        if (event === terminal && event.exitStatus?.reason !== vscode.TerminalExitReason.Shutdown)
          settle({ kind: 'closed' });
      });
    });
  }
}

/** The terminal's shell integration when it starts; undefined when the terminal closes first; 'cancelled'. */
function shellStarted(
  terminal: vscode.Terminal,
  cancel: vscode.CancellationToken,
): Promise<vscode.TerminalShellIntegration | undefined | 'cancelled'> {
  return new Promise((resolve) => {
    const listeners: vscode.Disposable[] = [];
    const settle = (result: vscode.TerminalShellIntegration | undefined | 'cancelled') => {
      listeners.forEach((l) => l.dispose());
      resolve(result);
    };
    listeners.push(
      vscode.window.onDidChangeTerminalShellIntegration((event) => {
        if (event.terminal === terminal) settle(event.shellIntegration);
      }),
      vscode.window.onDidCloseTerminal((closed) => closed === terminal && settle(undefined)),
      cancel.onCancellationRequested(() => settle('cancelled')),
    );
    // Integration that arrived before the listeners were in place.
    if (terminal.shellIntegration) settle(terminal.shellIntegration);
  });
}
