/**
 * npm run test:electron tests the packaged extension (dist/smdr.vsix installed into a temporary
 * extensions folder), not the source folder. There is no desktop VS Code here: the plan (plan.mjs) is
 * checked as data, and run.mjs itself runs end to end against a stand-in VS Code that records how it was
 * called (the CLI install, then the test launch exactly as @vscode/test-electron's runTests spawns it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCliArgsFromVSCodeExecutablePath as resolveCliArgs } from '@vscode/test-electron';
import { ROOT } from '../helpers';

// plan.mjs is an ES module (run.mjs runs it with plain node); this test file is CommonJS.
const loadPlan = () => import('../electron/plan.mjs');
let plan: Awaited<ReturnType<typeof loadPlan>>;
before(async () => {
  plan = await loadPlan();
});

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { vscode: string };
};
const FOLDERS = { extensionsDir: '/tmp/run/extensions', userDataDir: '/tmp/run/user-data' };
const values = (args: readonly string[], flag: string) =>
  args.flatMap((a, i) =>
    a === flag ? [args[i + 1]] : a.startsWith(`${flag}=`) ? [a.slice(flag.length + 1)] : [],
  );

describe('the test:electron plan', () => {
  it('needs dist/smdr.vsix, and says to run npm run package when it is missing', () => {
    assert.equal(plan.vsixPath(ROOT), join(ROOT, 'dist', 'smdr.vsix'));
    const message = plan.missingVsix(ROOT, () => false);
    assert.ok(message?.includes(join(ROOT, 'dist', 'smdr.vsix')), message);
    assert.match(message!, /Run npm run package first/);
    assert.equal(
      plan.missingVsix(ROOT, (p) => p === join(ROOT, 'dist', 'smdr.vsix')),
      undefined,
    );
  });

  it('installs the .vsix with the CLI into the run’s own folders, never .vscode-test', () => {
    const executable = '/opt/VSCode-linux-x64/code';
    const exists = () => true;
    const platform = 'linux-x64';
    // With or without reuseMachineInstall, test-electron's profile folders are replaced by the run's.
    for (const cliArgs of [
      resolveCliArgs(executable, { platform }),
      resolveCliArgs(executable, { platform, reuseMachineInstall: true }),
    ]) {
      const { command, args } = plan.installCommand({
        executable,
        cliArgs,
        vsix: plan.vsixPath(ROOT),
        exists,
        ...FOLDERS,
      });
      assert.equal(command, '/opt/VSCode-linux-x64/bin/code');
      assert.deepEqual(args, [
        '--install-extension',
        join(ROOT, 'dist', 'smdr.vsix'),
        '--extensions-dir',
        FOLDERS.extensionsDir,
        '--user-data-dir',
        FOLDERS.userDataDir,
      ]);
    }
    // A `code` found on PATH is the CLI itself: nothing is beside it.
    const onPath = plan.installCommand({
      executable: '/usr/bin/code',
      cliArgs: resolveCliArgs('/usr/bin/code', { platform: 'linux-x64', reuseMachineInstall: true }),
      vsix: plan.vsixPath(ROOT),
      exists: () => false,
      ...FOLDERS,
    });
    assert.equal(onPath.command, '/usr/bin/code');
  });

  it('runs the suite with the empty harness as the extension under development, on the same folders', () => {
    const options = plan.testOptions({ root: ROOT, executable: '/opt/code', ...FOLDERS });
    assert.notEqual(options.extensionDevelopmentPath, ROOT);
    assert.equal(options.extensionDevelopmentPath, join(ROOT, 'test', 'electron', 'harness'));
    assert.equal(options.extensionTestsPath, join(ROOT, 'test', 'electron', 'suite.cjs'));
    assert.equal(options.launchArgs[0], join(ROOT, 'examples'));
    assert.deepEqual(values(options.launchArgs, '--extensions-dir'), [FOLDERS.extensionsDir]);
    assert.deepEqual(values(options.launchArgs, '--user-data-dir'), [FOLDERS.userDataDir]);
    assert.ok(!options.launchArgs.includes('--disable-extensions'));
    assert.ok(options.launchArgs.includes('--disable-workspace-trust'));
    assert.deepEqual(options.extensionTestsEnv, { [plan.EXTENSIONS_DIR_ENV]: FOLDERS.extensionsDir });
    // The suite reads the folder from that variable.
    const suite = readFileSync(join(ROOT, 'test', 'electron', 'suite.cjs'), 'utf8');
    assert.ok(suite.includes(`process.env.${plan.EXTENSIONS_DIR_ENV}`));
    assert.ok(suite.includes(`getExtension('${plan.EXTENSION_ID}')`));
  });

  it('has a harness with no code, activation or contributions, for the manifest’s VS Code', () => {
    const harness = JSON.parse(
      readFileSync(join(ROOT, 'test', 'electron', 'harness', 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(harness['engines'], { vscode: manifest.engines.vscode });
    for (const key of ['main', 'browser', 'activationEvents', 'contributes', 'extensionDependencies'])
      assert.ok(!(key in harness), key);
    assert.notEqual(`${harness['publisher']}.${harness['name']}`, 'smdr.smdr');
    assert.deepEqual(readdirSync(join(ROOT, 'test', 'electron', 'harness')), ['package.json']);
  });
});

/** One call of the stand-in VS Code, as it recorded it. */
interface Call {
  program: string;
  argv: string[];
  extensionsDirEnv: string | null;
  extensionsDirExists: boolean;
  vsixExists: boolean;
}

describe('run.mjs against a stand-in VS Code', () => {
  // A copy of the repository's test/electron in a temporary root (so that its dist/smdr.vsix is this
  // test's), with the repository's node_modules: the very script, with no VS Code to find but the stand-in.
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'smdr-electron-runner-')));
  const root = join(work, 'root');
  const vscode = join(work, 'VSCode-linux-x64');
  const executable = join(vscode, 'code');
  // The CLI where run.mjs will look for it on this platform (bin/code beside the executable on Linux).
  const cli = resolveCliArgs(executable, { reuseMachineInstall: true })[0]!;
  const onPath = join(work, 'path');
  const runTemp = join(work, 'tmp');
  const log = join(work, 'calls.jsonl');
  const vsix = join(root, 'dist', 'smdr.vsix');

  before(() => {
    mkdirSync(join(root, 'test'), { recursive: true });
    cpSync(join(ROOT, 'test', 'electron'), join(root, 'test', 'electron'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    mkdirSync(join(root, 'examples'));
    mkdirSync(join(root, 'dist'));
    // The stand-in: records its program, arguments and what it could see, and exits 0 (or as told).
    const recorder = [
      `#!${process.execPath}`,
      "const fs = require('node:fs');",
      'const argv = process.argv.slice(2);',
      "const dir = argv[argv.indexOf('--extensions-dir') + 1];",
      'fs.appendFileSync(process.env.SMDR_FAKE_LOG, JSON.stringify({',
      '  program: process.argv[1], argv,',
      '  extensionsDirEnv: process.env.SMDR_ELECTRON_EXTENSIONS_DIR ?? null,',
      '  extensionsDirExists: !!dir && fs.existsSync(dir),',
      `  vsixExists: fs.existsSync(${JSON.stringify(vsix)}),`,
      "}) + '\\n');",
      "if (process.env.SMDR_FAKE_FAIL && argv.includes('--install-extension')) {",
      "  console.error('stand-in CLI: cannot install'); process.exit(3);",
      '}',
      "if (process.env.SMDR_FAKE_SUITE_FAILS && !argv.includes('--install-extension')) process.exit(4);",
    ].join('\n');
    for (const program of [executable, cli, join(onPath, 'code')]) {
      mkdirSync(join(program, '..'), { recursive: true });
      writeFileSync(program, recorder);
      chmodSync(program, 0o755);
    }
    // run.mjs looks for `code` with sh: the PATH of the runs holds sh and, where said, the stand-in only.
    mkdirSync(join(work, 'bin'));
    symlinkSync(
      spawnSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).stdout.trim(),
      join(work, 'bin', 'sh'),
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  function run(env: Record<string, string>) {
    rmSync(log, { force: true });
    rmSync(runTemp, { recursive: true, force: true });
    mkdirSync(runTemp);
    const result = spawnSync(process.execPath, [join(root, 'test', 'electron', 'run.mjs')], {
      encoding: 'utf8',
      timeout: 8_000,
      env: { PATH: join(work, 'bin'), TMPDIR: runTemp, SMDR_FAKE_LOG: log, ...env },
    });
    assert.equal(result.error, undefined, `run.mjs did not finish: ${result.error?.message}`);
    const calls = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Call)
      : [];
    return { ...result, calls, leftOver: readdirSync(runTemp) };
  }

  it('installs dist/smdr.vsix into a fresh extensions folder, then starts the suite on that folder', () => {
    writeFileSync(vsix, 'stand-in package');
    const { status, stdout, stderr, calls, leftOver } = run({ VSCODE_EXECUTABLE: executable });
    assert.equal(status, 0, stdout + stderr);
    assert.equal(calls.length, 2, JSON.stringify(calls));
    const [install, launch] = calls as [Call, Call];

    // The CLI beside the executable, as resolveCliArgsFromVSCodeExecutablePath finds it.
    assert.equal(install.program, cli);
    const [, extensionsDir, , userDataDir] = install.argv.slice(2);
    assert.deepEqual(install.argv, [
      '--install-extension',
      vsix,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
    ]);
    assert.ok(extensionsDir!.startsWith(runTemp) && userDataDir!.startsWith(runTemp), extensionsDir);
    assert.ok(install.extensionsDirExists && install.vsixExists);

    // The launch, as runTests spawns it: the launch arguments first, then its own.
    assert.equal(launch.program, executable);
    assert.equal(launch.argv[0], join(root, 'examples'));
    assert.deepEqual(values(launch.argv, '--extensions-dir'), [extensionsDir]);
    assert.deepEqual(values(launch.argv, '--user-data-dir'), [userDataDir]);
    assert.deepEqual(values(launch.argv, '--extensionDevelopmentPath'), [
      join(root, 'test', 'electron', 'harness'),
    ]);
    assert.deepEqual(values(launch.argv, '--extensionTestsPath'), [
      join(root, 'test', 'electron', 'suite.cjs'),
    ]);
    assert.ok(!launch.argv.includes('--disable-extensions'), launch.argv.join(' '));
    assert.ok(launch.argv.includes('--disable-workspace-trust'));
    assert.equal(launch.extensionsDirEnv, extensionsDir);
    assert.ok(launch.extensionsDirExists, 'the extensions folder is still there while the suite runs');
    assert.ok(!launch.argv.some((a) => a.includes('.vscode-test')), launch.argv.join(' '));

    // Nothing downloaded, nothing left behind.
    assert.ok(!existsSync(join(root, '.vscode-test')));
    assert.deepEqual(leftOver, []);
    assert.match(stdout, /installed .*smdr\.vsix into /);
  });

  it('uses a `code` found on PATH as the CLI too', () => {
    writeFileSync(vsix, 'stand-in package');
    const { status, stdout, stderr, calls } = run({ PATH: `${onPath}:${join(work, 'bin')}` });
    assert.equal(status, 0, stdout + stderr);
    assert.deepEqual(
      calls.map((c) => [c.program, c.argv.includes('--install-extension')]),
      [
        [join(onPath, 'code'), true],
        [join(onPath, 'code'), false],
      ],
    );
  });

  it('stops with the CLI’s output when the install fails, and starts nothing', () => {
    writeFileSync(vsix, 'stand-in package');
    const { status, stderr, calls, leftOver } = run({
      VSCODE_EXECUTABLE: executable,
      SMDR_FAKE_FAIL: '1',
    });
    assert.equal(status, 1);
    assert.match(stderr, /installing .*smdr\.vsix failed \(exit code 3\)/);
    assert.match(stderr, /stand-in CLI: cannot install/);
    assert.equal(calls.length, 1);
    assert.deepEqual(leftOver, []);
  });

  it('exits with VS Code’s exit code when the suite fails, and still removes its folders', () => {
    writeFileSync(vsix, 'stand-in package');
    const { status, stderr, calls, leftOver } = run({
      VSCODE_EXECUTABLE: executable,
      SMDR_FAKE_SUITE_FAILS: '1',
    });
    assert.equal(status, 4, stderr);
    assert.match(stderr, /test:electron: Test run failed with code 4/);
    assert.equal(calls.length, 2);
    assert.deepEqual(leftOver, []);
  });

  it('fails with the npm run package message when dist/smdr.vsix is missing, before starting anything', () => {
    rmSync(vsix, { force: true });
    const { status, stderr, calls, leftOver } = run({ VSCODE_EXECUTABLE: executable });
    assert.equal(status, 1);
    assert.match(stderr, /dist\/smdr\.vsix does not exist\. Run npm run package first/);
    assert.deepEqual(calls, []);
    assert.deepEqual(leftOver, []);
  });

  it('says it is skipped, and succeeds, with no VS Code (whether or not there is a .vsix)', () => {
    rmSync(vsix, { force: true });
    const { status, stdout, calls } = run({});
    assert.equal(status, 0);
    assert.match(stdout, /^test:electron SKIPPED: no desktop VS Code here/);
    assert.deepEqual(calls, []);
  });
});
