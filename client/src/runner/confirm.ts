/** Asks a safety question in a modal whose default button is Cancel (see dialogs.ts). */
import * as vscode from 'vscode';
import { safetyDialog } from './dialogs';

/** Whether the operator chose `action`; Enter, Escape, Cancel, Close and × all answer no. */
export async function confirm(message: string, action: string, detail?: string): Promise<boolean> {
  const dialog = safetyDialog(
    message,
    action,
    { cancel: vscode.l10n.t('Cancel'), close: vscode.l10n.t('Close') },
    detail,
  );
  const answer = await vscode.window.showWarningMessage(
    dialog.message,
    { modal: true, detail: dialog.detail },
    ...dialog.items,
  );
  return answer?.confirms === true;
}
