/**
 * The text of a runbook as the editor sees it: the open document (unsaved edits included) or the
 * file. Requests to the language server carry it, so an answer never depends on whether the server
 * has received the document's didOpen yet (a command run right after opening a file raced it).
 */
import * as vscode from 'vscode';

export async function runbookText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
