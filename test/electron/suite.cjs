// Runs inside VS Code's extension host (test-electron's extensionTestsPath). Each test is run and
// counted; the line printed at the end is what was measured, and any failure fails the run.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

// The repository this suite belongs to, and its manifest: the extension under test must be the one
// installed from dist/smdr.vsix (run.mjs), not this folder.
const manifestPath = require.resolve('../../package.json');
const repository = path.dirname(manifestPath);
const manifest = require(manifestPath);

/** Resolves when `predicate` holds for the diagnostics of `uri`, or rejects after `ms`. */
function diagnosticsFor(uri, predicate, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = vscode.languages.getDiagnostics(uri);
      if (!predicate(found)) return false;
      clearTimeout(timer);
      subscription.dispose();
      resolve(found);
      return true;
    };
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for the diagnostics of ${uri.fsPath}`));
    }, ms);
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    check();
  });
}

const workspace = () => vscode.workspace.workspaceFolders[0].uri.fsPath;

const tests = {
  async 'smdr.smdr is the packaged extension, installed in the temporary extensions folder'() {
    const extension = vscode.extensions.getExtension('smdr.smdr');
    assert.ok(extension, 'the extension smdr.smdr is installed');
    const folder = process.env.SMDR_ELECTRON_EXTENSIONS_DIR;
    assert.ok(folder, 'run.mjs names the extensions folder in SMDR_ELECTRON_EXTENSIONS_DIR');
    const installed = fs.realpathSync(extension.extensionPath);
    assert.notEqual(installed, fs.realpathSync(repository), 'not loaded from the repository');
    const inside = path.relative(fs.realpathSync(folder), installed);
    assert.ok(
      inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside),
      `${installed} is inside the extensions folder ${folder}`,
    );
    assert.equal(extension.packageJSON.version, manifest.version);
  },

  async 'a step removed from a section is SMDR302, from source smdr'() {
    const document = await vscode.workspace.openTextDocument(path.join(workspace(), 'contoso.runbook.md'));
    const editor = await vscode.window.showTextDocument(document);
    const heading = '### Enable CLR {step=enable-clr}\n\n';
    const start = document.getText().indexOf(heading);
    assert.ok(start >= 0, 'the example has an enable-clr step');
    await editor.edit((edit) =>
      edit.delete(new vscode.Range(document.positionAt(start), document.positionAt(start + heading.length))),
    );
    const diagnostics = await diagnosticsFor(document.uri, (d) =>
      d.some((x) => x.code && String(x.code.value ?? x.code) === 'SMDR302'),
    );
    assert.ok(diagnostics.every((d) => d.source === 'smdr'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  },

  async 'smdr check is a task of each workspace folder, with the $smdr problem matcher'() {
    const tasks = await vscode.tasks.fetchTasks({ type: 'smdr' });
    assert.equal(tasks.length, vscode.workspace.workspaceFolders.length);
    assert.deepEqual(tasks[0].problemMatchers, ['$smdr']);
  },

  async 'the walkthrough and the commands of the manifest are registered'() {
    const extension = vscode.extensions.getExtension('smdr.smdr');
    assert.ok(extension, 'the extension smdr.smdr is installed');
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of extension.packageJSON.contributes.commands)
      assert.ok(registered.has(command), command);
    assert.equal(extension.packageJSON.contributes.walkthroughs[0].id, 'smdr.firstRun');
  },
};

exports.run = async function run() {
  let passed = 0;
  const failed = [];
  for (const [name, test] of Object.entries(tests)) {
    try {
      await test();
      passed++;
      console.log(`ok - ${name}`);
    } catch (error) {
      failed.push(name);
      console.log(`not ok - ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`test:electron: ${passed} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`test:electron: failed: ${failed.join('; ')}`);
};
