/**
 * SMDR318 in `smdr check`, the built CLI as a process: with pwsh 7.6.9 on PATH, a PowerShell syntax
 * error is an error on its line and column (every block of the run parsed by one pwsh); with no
 * PowerShell, stderr says it was not checked and the rest of the check is unchanged. Run
 * `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CONTOSO, rangeOf, ROOT } from '../helpers';
import { pwshTool } from '../tools/dotnetTools';

const CLI = join(ROOT, 'dist', 'cli.js');
const tool = pwshTool();
const folder = mkdtempSync(join(tmpdir(), 'smdr-cli-ps-'));

const BROKEN = `${CONTOSO}
## Checks {scenario=preparation}

### A custom check {step=custom server=SM01}
\`\`\`ps1
Write-Host \${servers.SM01.fqdn} "unterminated
\`\`\`
`;
const file = join(folder, 'broken.runbook.md');
writeFileSync(file, BROKEN);

function smdr(path: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: path },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('smdr check: SMDR318', () => {
  it(
    'reports a PowerShell syntax error on its line and column, with pwsh 7.6.9 on PATH',
    { skip: tool.skip },
    () => {
      const result = smdr(`${dirname(tool.path!)}:/usr/bin:/bin`, 'check', file, 'examples');
      assert.equal(result.code, 1, result.stderr);
      const at = rangeOf(BROKEN, '"unterminated').start;
      const lines = result.stdout.split('\n').filter((l) => l.includes('SMDR318'));
      assert.equal(lines.length, 1, result.stdout);
      assert.match(
        lines[0]!,
        new RegExp(`broken\\.runbook\\.md:${at.line + 1}:${at.character + 1} error SMDR318 `),
      );
      assert.match(lines[0]!, /string is missing the terminator/);
      assert.doesNotMatch(result.stderr, /not checked/);
      assert.match(result.stderr, /4 runbook\(s\) checked: /);
    },
  );

  it('says on stderr that it could not check, when no PowerShell is found', () => {
    const result = smdr('/nonexistent', 'check', file);
    assert.doesNotMatch(result.stdout, /SMDR318/);
    assert.match(
      result.stderr,
      /^smdr: no PowerShell found .*: PowerShell syntax errors \(SMDR318\) were not checked$/m,
    );
    assert.match(result.stderr, /1 runbook\(s\) checked: /);
  });
});
