/**
 * A step's terminal starts programs by absolute path, found only in absolute folders of PATH (red team
 * M6): a relative entry would let a file planted in the working folder stand in for bash or pwsh.
 */
import { fake, fakeVscode } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findExecutable, toolsFor, type Environment } from '../../client/src/runner/executables';
import { Terminals } from '../../client/src/runner/terminals';

const linux = (PATH: string): Environment => ({
  platform: 'linux',
  PATH,
  PATHEXT: undefined,
  SystemRoot: undefined,
});

describe('the programs a terminal starts', () => {
  it('are found in absolute folders of PATH only, never in a relative one (property)', () => {
    const relative = fc.constantFrom('', '.', './bin', 'bin', '..', 'node_modules/.bin', '~/bin');
    fc.assert(
      fc.property(
        fc.array(relative, { maxLength: 4 }),
        fc.array(relative, { maxLength: 4 }),
        (before, after) => {
          // Every folder "has" bash: only the absolute one may answer.
          const PATH = [...before, '/usr/bin', ...after].join(':');
          assert.equal(
            findExecutable('bash', linux(PATH), () => true),
            '/usr/bin/bash',
          );
          assert.equal(
            findExecutable('bash', linux([...before, ...after].join(':')), () => true),
            null,
          );
        },
      ),
    );
  });

  it('on Linux: bash is the shell, pwsh the PowerShell, cat prints a dry run', () => {
    const present = new Set(['/usr/local/bin/pwsh', '/bin/bash', '/usr/bin/bash', '/usr/bin/cat']);
    const tools = toolsFor(linux('.:/usr/local/bin:/bin:/usr/bin'), (file) => present.has(file));
    assert.deepEqual(tools, {
      shell: '/bin/bash',
      powershell: '/usr/local/bin/pwsh',
      bash: '/bin/bash',
      cat: '/usr/bin/cat',
    });
    assert.equal(toolsFor(linux('/usr/bin'), () => false).shell, null);
  });

  it('on Windows: Windows PowerShell from SystemRoot, whatever PATH or the default profile says; PATHEXT for bash', () => {
    const env: Environment = {
      platform: 'win32',
      PATH: '.;C:\\repo;"C:\\Program Files\\Git\\bin"',
      PATHEXT: '.COM;.EXE;.BAT;.CMD',
      SystemRoot: 'C:\\Windows',
    };
    const present = new Set([
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'C:\\repo\\bash.exe.CMD',
      'C:\\Program Files\\Git\\bin\\bash.exe',
    ]);
    const tools = toolsFor(env, (file) => present.has(file));
    assert.equal(tools.shell, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    assert.equal(tools.powershell, tools.shell);
    assert.equal(tools.bash, 'C:\\Program Files\\Git\\bin\\bash.exe');
    assert.equal(
      findExecutable('bash', env, (f) => f === 'C:\\repo\\bash.CMD'),
      'C:\\repo\\bash.CMD',
    );
    assert.equal(
      findExecutable('bash', { ...env, PATH: '.;repo' }, () => true),
      null,
    );
    // A relative SystemRoot is not trusted: PATH's absolute folders are searched instead.
    assert.equal(toolsFor({ ...env, SystemRoot: 'Windows' }, (file) => present.has(file)).shell, null);
  });

  it("create the scenario's terminal with that shell and working folder, not the default profile", () => {
    fake.reset();
    const created: Record<string, unknown>[] = [];
    Object.assign(fakeVscode.window, {
      createTerminal: (options: Record<string, unknown>) => {
        const terminal = { name: options.name, creationOptions: options, exitStatus: undefined };
        created.push(options);
        return terminal;
      },
    });
    const terminals = new Terminals();
    const where = { cwd: '/home/o/.vscode/storage/scripts', shellPath: '/usr/bin/bash' };
    const first = terminals.terminalFor('k', 'SMDR: S', where);
    assert.equal(terminals.terminalFor('k', 'SMDR: S', where), first);
    assert.deepEqual(created, [
      { name: 'SMDR: S', cwd: where.cwd, shellPath: '/usr/bin/bash', env: { ELECTRON_RUN_AS_NODE: '1' } },
    ]);
    // Another shell found since: a new terminal, not a line typed into the old one's shell.
    terminals.terminalFor('k', 'SMDR: S', { ...where, shellPath: '/bin/bash' });
    assert.equal(created.length, 2);
    terminals.dispose();
  });
});
