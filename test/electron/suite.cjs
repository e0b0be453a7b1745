// Runs inside VS Code's extension host (test-electron's extensionTestsPath): the diagnostics of a broken runbook.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function diagnosticsFor(uri, predicate) {
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri);
    if (predicate(found)) return found;
    await new Promise((resolve) => {
      const subscription = vscode.languages.onDidChangeDiagnostics(() => {
        subscription.dispose();
        resolve();
      });
    });
  }
}

exports.run = async function run() {
  const file = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'contoso.runbook.md');
  const document = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => {
    const text = document.getText();
    const start = text.indexOf('### Enable CLR {step=enable-clr}');
    edit.delete(
      new vscode.Range(
        document.positionAt(start),
        document.positionAt(start + '### Enable CLR {step=enable-clr}\n\n'.length),
      ),
    );
  });
  const diagnostics = await diagnosticsFor(document.uri, (d) =>
    d.some((x) => x.code && String(x.code.value ?? x.code) === 'SMDR302'),
  );
  assert.equal(diagnostics[0].source, 'smdr');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  console.log('test:electron: 1 passed, 0 failed');
};
