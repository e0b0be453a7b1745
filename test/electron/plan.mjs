// What test/electron/run.mjs does, as data: which .vsix it needs, how the desktop CLI installs it, and the
// options of @vscode/test-electron's runTests. Pure (no I/O but the `exists` it is given), so that
// test/unit/electronRunner.test.ts checks it on machines without a desktop VS Code.
import { join } from 'node:path';

/** The extension the suite tests: the one installed from the package, never the source folder. */
export const EXTENSION_ID = 'smdr.smdr';

/** Names, for the suite inside VS Code, the extensions folder the package was installed into. */
export const EXTENSIONS_DIR_ENV = 'SMDR_ELECTRON_EXTENSIONS_DIR';

/** dist/smdr.vsix, the file `npm run package` writes and the code-server suites install. */
export function vsixPath(root) {
  return join(root, 'dist', 'smdr.vsix');
}

/** The message when the package is missing, or undefined when it is there. */
export function missingVsix(root, exists) {
  const vsix = vsixPath(root);
  if (exists(vsix)) return undefined;
  return (
    `test:electron: ${vsix} does not exist. Run npm run package first: this suite installs that file ` +
    'into a temporary extensions folder and tests the installed extension.'
  );
}

/** The folders of one run, under a fresh temporary folder. */
export function runFolders(temp) {
  return { extensionsDir: join(temp, 'extensions'), userDataDir: join(temp, 'user-data') };
}

const profileArg = (arg) =>
  arg === '--extensions-dir' ||
  arg === '--user-data-dir' ||
  arg.startsWith('--extensions-dir=') ||
  arg.startsWith('--user-data-dir=');

/**
 * The desktop CLI call that installs the package. `cliArgs` is what
 * resolveCliArgsFromVSCodeExecutablePath(executable) returned: the CLI beside the executable, then
 * profile folders under .vscode-test unless called with reuseMachineInstall. Those are dropped for this
 * run's own folders. A `code` found on PATH is itself the CLI (the one resolved beside it does not exist).
 */
export function installCommand({ executable, cliArgs, vsix, extensionsDir, userDataDir, exists }) {
  const [resolved, ...rest] = cliArgs;
  return {
    command: resolved && exists(resolved) ? resolved : executable,
    args: [
      ...rest.filter((arg) => !profileArg(arg)),
      '--install-extension',
      vsix,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
    ],
  };
}

/**
 * runTests' options: the extension under development is the empty harness (test/electron/harness), so
 * the only smdr.smdr is the one installed in `extensionsDir`; no --disable-extensions, which would
 * disable it too.
 */
export function testOptions({ root, executable, extensionsDir, userDataDir }) {
  return {
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: join(root, 'test', 'electron', 'harness'),
    extensionTestsPath: join(root, 'test', 'electron', 'suite.cjs'),
    extensionTestsEnv: { [EXTENSIONS_DIR_ENV]: extensionsDir },
    launchArgs: [
      join(root, 'examples'),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--disable-workspace-trust',
    ],
  };
}
