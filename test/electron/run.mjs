// Runs the integration suite in a desktop VS Code through @vscode/test-electron, when one is available,
// against the packaged extension: dist/smdr.vsix (npm run package) is installed with the desktop CLI into a
// fresh, temporary extensions folder, and VS Code is started on that folder with an empty harness as the
// extension under development, so that what runs is what users install, not the source folder.
// @vscode/test-electron would download VS Code; this script never lets it: it uses the executable named by
// VSCODE_EXECUTABLE (or `code` on PATH) and says plainly when there is none. The suite that must pass
// on machines without a desktop VS Code is the code-server one (npm run test:e2e).
// What it installs and starts is built by plan.mjs (test/unit/electronRunner.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCommand, missingVsix, runFolders, testOptions, vsixPath } from './plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTALL_TIMEOUT_MS = 120_000;

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
const missing = missingVsix(root, existsSync);
if (missing) {
  console.error(missing);
  process.exit(1);
}
const vsix = vsixPath(root);

const { resolveCliArgsFromVSCodeExecutablePath, runTests } = await import('@vscode/test-electron');
const temp = realpathSync(mkdtempSync(join(tmpdir(), 'smdr-electron-')));
const { extensionsDir, userDataDir } = runFolders(temp);
let code = 1;
try {
  mkdirSync(extensionsDir);
  mkdirSync(userDataDir);
  const install = installCommand({
    executable,
    cliArgs: resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true }),
    vsix,
    extensionsDir,
    userDataDir,
    exists: existsSync,
  });
  // As test-electron documents it: through a shell on Windows, where the CLI is a .cmd (CVE-2024-27980).
  const shell = process.platform === 'win32';
  const quote = (arg) => (shell ? `"${arg}"` : arg);
  const installed = spawnSync(quote(install.command), install.args.map(quote), {
    encoding: 'utf8',
    shell,
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (installed.status !== 0) {
    const why = installed.error
      ? installed.error.message
      : installed.signal
        ? `signal ${installed.signal}`
        : `exit code ${installed.status}`;
    console.error(
      `test:electron: installing ${vsix} failed (${why}): ${install.command} ${install.args.join(' ')}\n` +
        `${installed.stdout ?? ''}${installed.stderr ?? ''}`,
    );
  } else {
    console.log(`test:electron: installed ${vsix} into ${extensionsDir}`);
    code = await runTests(testOptions({ root, executable, extensionsDir, userDataDir }));
  }
} catch (error) {
  // runTests rejects with a TestRunFailedError (its `code`) when VS Code exits with another code than 0.
  console.error(`test:electron: ${error instanceof Error ? error.message : String(error)}`);
  code = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
} finally {
  rmSync(temp, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(code);
