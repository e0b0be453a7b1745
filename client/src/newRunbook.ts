/**
 * *New Runbook from Template*: asks for the Service Manager version and the management group, then
 * writes `media/template.runbook.md` filled with them as a new file of the runbook's workspace folder
 * (never over an existing file) and opens it. The template's `<fill...>` values are left for the
 * operator: SMDR reports them until they are replaced.
 */
import * as vscode from 'vscode';
import {
  fillTemplate,
  managementGroupProblem,
  runbookFileNames,
  SCSM_VERSIONS,
  type ScsmVersion,
} from './runbookTemplate';

/** At most this many `<group>-N.runbook.md` names are tried before giving up with a message. */
const MAX_NAMES = 100;

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The folder to create the runbook in: the active editor's workspace folder, else the first one. */
function targetFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** Runs the command; `templatePath` is the template file shipped in the extension. */
export async function newRunbook(templatePath: string): Promise<vscode.Uri | undefined> {
  const folder = targetFolder();
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the runbook is created in it.'));
    return undefined;
  }
  const version = await vscode.window.showQuickPick(
    SCSM_VERSIONS.map((v) => ({
      label: v,
      description: vscode.l10n.t('System Center Service Manager {0}', v),
    })),
    {
      title: vscode.l10n.t('New Runbook (1/2)'),
      placeHolder: vscode.l10n.t('Service Manager version'),
      ignoreFocusOut: true,
    },
  );
  if (!version) return undefined;
  const managementGroup = await vscode.window.showInputBox({
    title: vscode.l10n.t('New Runbook (2/2)'),
    prompt: vscode.l10n.t('Management group name, as chosen at Setup'),
    validateInput: managementGroupProblem,
    ignoreFocusOut: true,
  });
  if (managementGroup === undefined) return undefined;
  const template = new TextDecoder().decode(
    await vscode.workspace.fs.readFile(vscode.Uri.file(templatePath)),
  );
  const text = fillTemplate(template, managementGroup, version.label as ScsmVersion);
  let target: vscode.Uri | undefined;
  let tried = 0;
  for (const name of runbookFileNames(managementGroup)) {
    const candidate = vscode.Uri.joinPath(folder.uri, name);
    if (!(await exists(candidate))) {
      target = candidate;
      break;
    }
    if (++tried === MAX_NAMES) break;
  }
  if (!target) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        '{0} runbooks of this management group exist already: rename one and try again.',
        MAX_NAMES,
      ),
    );
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target);
  return target;
}
