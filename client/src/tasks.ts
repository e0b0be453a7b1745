/**
 * `smdr check` as a VS Code task (type `smdr`): one *check* task per workspace folder, and any task of
 * type `smdr` in tasks.json with its own `paths`. It runs the bundled CLI with the text format, whose
 * lines the `$smdr` problem matcher (package.json) turns into entries of the Problems view.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const TASK_TYPE = 'smdr';

interface CheckTaskDefinition extends vscode.TaskDefinition {
  /** Files or folders to check, relative to the workspace folder (default: the whole folder). */
  paths?: unknown;
}

/** The task definition's `paths` when it is a list of strings, else the whole folder. */
function pathsOf(definition: CheckTaskDefinition): string[] {
  const paths = definition.paths;
  return Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === 'string')
    ? (paths as string[])
    : ['.'];
}

export class CheckTaskProvider implements vscode.TaskProvider {
  /** `cli`: the bundled `dist/cli.js`. */
  constructor(private readonly cli: string) {}

  provideTasks(): vscode.Task[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) =>
      this.task({ type: TASK_TYPE, paths: ['.'] }, folder),
    );
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const folder = task.scope;
    if (task.definition.type !== TASK_TYPE || !folder || typeof folder === 'number') return undefined;
    return this.task(task.definition, folder, task.name);
  }

  private task(definition: CheckTaskDefinition, folder: vscode.WorkspaceFolder, name = 'check'): vscode.Task {
    // `--` ends the options: a path from tasks.json that starts with `-` is a path, never a flag.
    const args = [this.cli, 'check', '--format', 'text', '--', ...pathsOf(definition)];
    const execution = new vscode.ProcessExecution(process.execPath, args, {
      cwd: folder.uri.fsPath,
      // The extension host's executable is Electron in desktop VS Code: this makes it run the CLI as Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, folder, name, TASK_TYPE, execution, ['$smdr']);
    task.group = vscode.TaskGroup.Test;
    task.detail = vscode.l10n.t('smdr check {0}', pathsOf(definition).join(' '));
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  }
}

/** Registers the provider; `asAbsolutePath` finds the bundled CLI in the extension. */
export function registerCheckTasks(asAbsolutePath: (relative: string) => string): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(
    TASK_TYPE,
    new CheckTaskProvider(asAbsolutePath(path.join('dist', 'cli.js'))),
  );
}
