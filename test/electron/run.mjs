// Runs the integration suite in a desktop VS Code through @vscode/test-electron, when one is available.
// @vscode/test-electron would download VS Code; this script never lets it: it uses the executable named by
// VSCODE_EXECUTABLE (or `code` on PATH) and says plainly when there is none. The suite that must pass
// on machines without a desktop VS Code is the code-server one (npm run test:e2e).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function findVSCode() {
  if (process.env.VSCODE_EXECUTABLE && existsSync(process.env.VSCODE_EXECUTABLE))
    return process.env.VSCODE_EXECUTABLE;
  try {
    const path = execFileSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).trim();
    return path || undefined;
  } catch {
    return undefined;
  }
}

const executable = findVSCode();
if (!executable) {
  console.log(
    'test:electron SKIPPED: no desktop VS Code here (set VSCODE_EXECUTABLE to run it). The code-server suite is npm run test:e2e.',
  );
  process.exit(0);
}
const { runTests } = await import('@vscode/test-electron');
const code = await runTests({
  vscodeExecutablePath: executable,
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'test', 'electron', 'suite.cjs'),
  launchArgs: [join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
});
process.exit(code);
