/** `smdr COMMAND --help`: each command's own help, on stdout with exit 0, running nothing. Run `npm run build` first. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_HELP } from '../../server/src/cli/usage';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

function smdr(...args: string[]) {
  // No password in the environment and no terminal: a command that ran instead of helping would fail.
  const env = { ...process.env, SMDR_SQL_PASSWORD: undefined };
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    stdio: 'pipe',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('smdr COMMAND --help', () => {
  for (const command of Object.keys(COMMAND_HELP)) {
    it(`prints the help of ${command} to stdout and exits 0`, () => {
      for (const flag of ['--help', '-h']) {
        const result = smdr(command, flag);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, '');
        assert.match(result.stdout, new RegExp(`^Usage: smdr ${command} `));
        assert.match(result.stdout, /\nExit 0/, 'it says what each exit code means');
      }
    });
  }

  it('helps rather than runs when --help comes after other arguments, but not after --', () => {
    const result = smdr('sql', 'no-such.runbook.md', '--line', '3', '--help');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: smdr sql RUNBOOK --line N/);
    const status = smdr('status', '--format', 'json', '--help', 'no-such.runbook.md');
    assert.match(status.stdout, /^Usage: smdr status /);
    const literal = smdr('check', '--', '--help');
    assert.equal(literal.code, 2, 'after --, --help is a file name');
    assert.match(literal.stderr, /--help/);
  });

  it('lists each command in smdr --help and points to its own help', () => {
    const result = smdr('--help');
    assert.equal(result.code, 0);
    for (const command of Object.keys(COMMAND_HELP))
      assert.match(result.stdout, new RegExp(`\\n  ${command} `));
    assert.match(result.stdout, /Run smdr <command> --help/);
  });

  it('names only options the command accepts', () => {
    for (const [command, help] of Object.entries(COMMAND_HELP)) {
      const flags = new Set(
        [...help.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]).filter((f) => f !== '--help'),
      );
      assert.ok(flags.size > 0, command);
      for (const flag of flags) {
        // A value after each flag (a boolean flag leaves it as one more argument), and a runbook that is not there.
        const result = smdr(command, flag, 'x', 'no-such.runbook.md');
        assert.doesNotMatch(result.stderr, /Unknown option/, `${command} ${flag}: ${result.stderr}`);
      }
    }
  });
});
