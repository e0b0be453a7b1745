/**
 * SMDR318: PowerShell's syntax errors in a runbook's PowerShell blocks. The mapping of errors to
 * runbook ranges (pure), and the checker's helper process with the real pwsh: results by content hash,
 * a helper that dies replaced, one that hangs killed at its timeout, an answer that is not a parse
 * result refused, PowerShell looked up only in absolute PATH folders.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findPowerShell, parseAll, PowerShellChecker } from '../../server/src/powershell/checker';
import {
  parsedText,
  powershellFences,
  powershellTexts,
  syntaxFindings,
} from '../../server/src/powershell/syntax';
import { parseRunbook } from '../../server/src/runbook/parse';
import { analyze } from '../../server/src/service';
import { CONTOSO, rangeOf } from '../helpers';
import { pwshTool } from '../tools/dotnetTools';

const tool = pwshTool();
const scratch = mkdtempSync(join(tmpdir(), 'smdr-syntax-'));
const checkers: PowerShellChecker[] = [];
after(() => {
  checkers.forEach((c) => c.dispose());
  rmSync(scratch, { recursive: true, force: true });
});

const BROKEN = `${CONTOSO}
## Broken steps {scenario=preparation}

### Unclosed block {step=custom server=SM01}
\`\`\`powershell
Write-Host \${servers.SM01.fqdn}
if ($true) {
  Write-Host 'never closed'
\`\`\`

### In a list {step=custom server=SM01}
- Run this:
  \`\`\`pwsh
  Get-Service -Name 'HealthService' |
  Where-Object { $_.Status -eq 'Running' } | | Format-Table
  \`\`\`
`;

const emptyAt = (position: { line: number; character: number }) => ({ start: position, end: position });

function checker(executable: string, timeoutMs = 20_000, log: string[] = []): PowerShellChecker {
  const made = new PowerShellChecker(executable, (m) => log.push(m), timeoutMs);
  checkers.push(made);
  return made;
}

function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('SMDR318 mapping (pure)', () => {
  it('masks each placeholder with a braced variable of the same length', () => {
    const fence = powershellFences(parseRunbook(BROKEN)).find((f) => f.content.includes('never closed'))!;
    const text = parsedText(fence);
    assert.equal(text.length, fence.content.length);
    assert.match(text, /^Write-Host \$\{x+\}\n/);
    assert.equal(text.indexOf('${x'), fence.content.indexOf('${servers'));
  });

  it('maps an error to its exact range, in a list item too, and leaves blocks not yet parsed silent', () => {
    const runbook = parseRunbook(BROKEN);
    const [unclosed, listed] = powershellFences(runbook).slice(-2).map(parsedText);
    const known = new Map([
      [
        unclosed!,
        [
          {
            start: unclosed!.indexOf('{\n'),
            end: unclosed!.indexOf('{\n') + 1,
            message: "Missing closing '}'.",
          },
        ],
      ],
      [
        listed!,
        [
          {
            start: listed!.indexOf('| |') + 2,
            end: listed!.indexOf('| |') + 3,
            message: 'Empty pipe element.',
          },
        ],
      ],
    ]);
    const findings = syntaxFindings(runbook, (text) => known.get(text));
    assert.deepEqual(
      findings.map((f) => [f.rule.code, f.range, f.message]),
      [
        [
          'SMDR318',
          rangeOf(BROKEN, '{', 0, 'if ($true) '),
          "PowerShell cannot parse this: Missing closing '}'.",
        ],
        ['SMDR318', rangeOf(BROKEN, '|', 1, 'Running'), 'PowerShell cannot parse this: Empty pipe element.'],
      ],
    );
    assert.deepEqual(
      syntaxFindings(runbook, () => undefined),
      [],
    );
  });

  it('keeps an error at the very end of a block on its last line', () => {
    const runbook = parseRunbook(BROKEN);
    const fence = powershellFences(runbook).find((f) => f.content.includes('never closed'))!;
    const text = parsedText(fence);
    const [finding] = syntaxFindings(runbook, (t) =>
      t === text ? [{ start: text.length, end: text.length, message: 'end' }] : undefined,
    );
    const end = rangeOf(BROKEN, "  Write-Host 'never closed'").end;
    assert.deepEqual(finding!.range, { start: end, end });
  });

  it('goes through suppression comments and severity overrides like every rule', () => {
    const runbook = parseRunbook(BROKEN);
    const all = (t: string) =>
      powershellTexts(runbook).includes(t) ? [{ start: 0, end: 1, message: 'x' }] : undefined;
    const more = (r: typeof runbook) => syntaxFindings(r, all);
    assert.ok(analyze(BROKEN, {}, more).findings.some((f) => f.rule.code === 'SMDR318'));
    assert.ok(!analyze(BROKEN, { SMDR318: 'off' }, more).findings.some((f) => f.rule.code === 'SMDR318'));
    const suppressed = BROKEN.replace(
      '### Unclosed block',
      '<!-- smdr-disable SMDR318 -->\n\n### Unclosed block',
    );
    const after = rangeOf(suppressed, 'smdr-disable SMDR318').start.line;
    const kept = analyze(suppressed, {}, more).findings.filter((f) => f.rule.code === 'SMDR318');
    assert.ok(kept.length > 0 && kept.every((f) => f.range.start.line < after));
  });
});

describe('finding PowerShell', () => {
  it('takes the setting when it is an executable file, and says so when it is not', () => {
    const fake = script('pwsh', 'exit 0');
    assert.deepEqual(findPowerShell(fake, { PATH: '' }, 'linux'), { path: fake });
    assert.match(
      findPowerShell(join(scratch, 'none'), { PATH: '' }, 'linux').reason!,
      /smdr\.powershell\.path/,
    );
  });

  it('searches only absolute PATH folders: a relative one could be the workspace', () => {
    const folder = join(scratch, 'bin');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'pwsh'), '#!/bin/sh\n');
    chmodSync(join(folder, 'pwsh'), 0o755);
    const cwd = process.cwd();
    process.chdir(scratch);
    try {
      assert.match(findPowerShell(undefined, { PATH: 'bin' }, 'linux').reason!, /no PowerShell found/);
      assert.deepEqual(findPowerShell(undefined, { PATH: `bin:${folder}` }, 'linux'), {
        path: join(folder, 'pwsh'),
      });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('SMDR318 with PowerShell 7.6.9', { skip: tool.skip }, () => {
  const pwsh = tool.path!;

  it('finds the syntax errors of every PowerShell block, and none in the examples', async () => {
    const runbook = parseRunbook(BROKEN);
    const c = checker(pwsh);
    assert.equal(await c.parse(powershellTexts(runbook)), true);
    const findings = syntaxFindings(runbook, c.lookup);
    assert.deepEqual(
      findings.map((f) => f.range),
      // PowerShell puts an empty pipe element where it is missing: right after the first `|`.
      [rangeOf(BROKEN, '{', 0, 'if ($true) '), emptyAt(rangeOf(BROKEN, '|', 0, 'Running').end)],
      findings.map((f) => f.message).join('\n'),
    );
    assert.match(findings[0]!.message, /Missing closing '\}'/);
    assert.match(findings[1]!.message, /empty pipe element/i);
    const examples = powershellTexts(parseRunbook(CONTOSO));
    await c.parse(examples);
    for (const text of examples) assert.deepEqual(c.lookup(text), [], text);
  });

  it('parses a text once: the result is kept by content hash', async () => {
    const log: string[] = [];
    const c = checker(pwsh, 20_000, log);
    assert.equal(await c.parse(['Get-Date', 'Get-Date']), true);
    assert.equal(await c.parse(['Get-Date']), false, 'nothing new to learn');
    assert.deepEqual(c.lookup('Get-Date'), []);
    assert.deepEqual(log, []);
  });

  it('starts a new helper when the last one died', async () => {
    const c = checker(pwsh);
    await c.parse(['1 +']);
    const helper = (
      c as unknown as {
        helper: { child: { kill: (s: string) => void; once: (e: string, f: () => void) => void } };
      }
    ).helper.child;
    await new Promise<void>((resolve) => {
      helper.once('exit', resolve);
      helper.kill('SIGKILL');
    });
    assert.equal(await c.parse(['2 +']), true);
    assert.equal(c.lookup('2 +')!.length, 1);
  });

  it('parses every block of a check in one process, and says why when it cannot', () => {
    const parsed = parseAll(pwsh, ['Get-Date', '{']);
    assert.deepEqual(parsed.lookup!('Get-Date'), []);
    assert.equal(parsed.lookup!('{')!.length, 1);
    assert.match(parseAll(script('silent', 'cat > /dev/null'), ['x']).problem!, /answered 0 of 1 blocks/);
    assert.match(parseAll(script('hangs-once', 'exec sleep 60'), ['x'], 300).problem!, /ETIMEDOUT/);
  });
});

describe('SMDR318 helper failures', () => {
  it('kills a helper that does not answer in time, and stops after repeated failures', async () => {
    const log: string[] = [];
    const c = checker(script('hangs', 'exec sleep 60'), 300, log);
    for (const text of ['a', 'b', 'c']) assert.equal(await c.parse([text]), false);
    assert.equal(await c.parse(['d']), false);
    assert.equal(log.length, 3, log.join('\n'));
    assert.match(log[0]!, /did not answer within 300 ms/);
    assert.match(log[2]!, /SMDR318 is off until the server restarts/);
  });

  it('refuses an answer that is not a parse result', async () => {
    const log: string[] = [];
    // `cat` answers each request with itself: the right id, but no errors array.
    const c = checker(script('echoes', 'exec cat'), 5_000, log);
    assert.equal(await c.parse(['Get-Date']), false);
    assert.match(log[0]!, /not a parse result/);
    assert.equal(c.lookup('Get-Date'), undefined);
  });
});
