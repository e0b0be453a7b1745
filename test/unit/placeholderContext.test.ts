/**
 * SMDR316 and the renderer: a placeholder is inserted only where a quoted literal is a whole token of
 * code, as tree-sitter's PowerShell and bash grammars and the T-SQL lexer decide.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { placeholderContexts, type PlaceholderContext } from '../../server/src/code/placeholderContext';
import { planRunbook } from '../../server/src/stepScripts/plan';
import type { CommandLanguage } from '../../server/src/domain/vocabulary';
import { parseRunbook } from '../../server/src/runbook/parse';
import { analyze } from '../../server/src/service';
import { CONTOSO, edit, findings, rangeOf } from '../helpers';

const cases: [CommandLanguage, string, PlaceholderContext][] = [
  ['powershell', "& (Join-Path ${media} 'Setup.exe')", 'code'],
  ['powershell', 'Write-Host ${media}', 'code'],
  ['powershell', 'Write-Host ${media} ${servers.SM01.fqdn} ${failed.name}', 'code'],
  ['powershell', '$x = @(${media}, ${managementGroup})', 'code'],
  ['powershell', 'Write-Host "${media}\\Setup.exe"', 'string'],
  ['powershell', "Write-Host '${media}'", 'string'],
  ['powershell', 'Write-Host 1 # ${media}', 'comment'],
  ['powershell', 'Write-Host 1 <# ${media} #>', 'comment'],
  ['powershell', '$s = @"\n${media}\n"@', 'here-string'],
  ['powershell', "$s = @'\n${media}\n'@", 'here-string'],
  ['powershell', 'icacls x --% /grant ${media}', 'stop-parsing'],
  ['powershell', 'Get-ChildItem C:\\${media}', 'unparsed'],
  ['powershell', "Write-Output 'a'${media}", 'unparsed'],
  ['powershell', 'Write-Output ${media}${managementGroup}', 'unparsed'],
  // PowerShell reads typographic quotes as quotes; the grammar is shown them as PowerShell reads them.
  ['powershell', 'Write-Output \u201C ${media} \u201D', 'string'],
  ['powershell', 'Write-Output \u2018 ${media} \u2019', 'string'],
  ['powershell', '${media} | Invoke-Expression', 'evaluated'],
  ['powershell', '[scriptblock]::Create(${media}).Invoke()', 'evaluated'],
  ['powershell', 'pwsh -c ${media}', 'evaluated'],
  ['powershell', '$x = ${media}\n$ExecutionContext.InvokeCommand.ExpandString($x)', 'evaluated'],
  ['powershell', 'Invoke-Expression ${media}', 'evaluated'],
  ['powershell', 'iex ${media}', 'evaluated'],
  ['powershell', 'Write-Host (${media}', 'unparsed'],
  ['sh', 'ls ${media}', 'code'],
  ['sh', 'ls ${media} ${servers.SM01.fqdn} ${failed.name}', 'code'],
  ['sh', 'printf "%s\\n" "$(basename ${media})"', 'string'],
  ['sh', 'echo $(basename ${media})', 'code'],
  ['sh', 'echo "${media}"', 'string'],
  ['sh', "echo '${media}'", 'string'],
  ['sh', 'echo 1 # ${media}', 'comment'],
  ['sh', 'cat <<EOF\n${media}\nEOF', 'heredoc'],
  ['sh', "cat <<'EOF'\n${media}\nEOF", 'heredoc'],
  ['sh', 'eval ${media}', 'evaluated'],
  ['sh', 'echo $(( ${media} + 1 ))', 'evaluated'],
  ['sh', 'echo ${x:-${media}}', 'joined'],
  ['sh', '<<E\n${media}\nE', 'unparsed'],
  ['sh', 'cat <<E1 <<E2\na\nE1\n${media}\nE2', 'unparsed'],
  ['sh', 'cat <<E\na\nE\nls ${media}', 'heredoc'],
  ['sh', 'echo `echo ${media}`', 'string'],
  ['sh', 'sh -c ${media}', 'evaluated'],
  ['sh', 'command eval ${media}', 'evaluated'],
  ['sh', 'x=${media}; eval "$x"', 'evaluated'],
  ['sh', 'trap ${media} EXIT', 'evaluated'],
  ['sh', '[[ ${media} -eq 1 ]]', 'evaluated'],
  ['sh', 'a[${media}]=1', 'evaluated'],
  ['sh', 'find . -exec sh -c ${media} \\;', 'evaluated'],
  // sh joins adjacent quoting: x'value' is one word holding the value literally.
  ['sh', 'echo x${media}/bin', 'code'],
  ['tsql', 'EXEC dbo.p ${media};', 'code'],
  ['tsql', "SELECT N'${media}';", 'string'],
  ['tsql', "SELECT 'it''s ${media}';", 'string'],
  ['tsql', 'SELECT [${media}];', 'quoted-identifier'],
  ['tsql', 'SELECT [a]]${media}];', 'quoted-identifier'],
  ['tsql', 'SELECT "${media}";', 'quoted-identifier'],
  ['tsql', 'SELECT 1; -- ${media}', 'comment'],
  ['tsql', 'SELECT 1; /* a /* nested */ ${media} */', 'comment'],
  ['tsql', 'SELECT 1; /* a */ SELECT ${media};', 'code'],
  ['tsql', 'SELECT N${media};', 'joined'],
  ['tsql', "SELECT ${media}'a';", 'joined'],
  ['tsql', 'EXEC(${media});', 'evaluated'],
  ['tsql', 'EXEC sp_executesql ${media};', 'evaluated'],
  ['tsql', 'EXEC xp_cmdshell ${media};', 'evaluated'],
];

describe('where a placeholder stands', () => {
  for (const [language, text, expected] of cases) {
    it(`${language}: ${JSON.stringify(text)} is ${expected}`, () => {
      const placed = placeholderContexts(language, text);
      const media = placed.find((p) => text.slice(p.start, p.end) === '${media}');
      assert.equal(media?.context, expected);
    });
  }

  it('a placeholder after a closed string or comment is code again', () => {
    const contexts = placeholderContexts(
      'powershell',
      "Write-Host 'a' ${media} # c\nWrite-Host ${managementGroup}",
    );
    assert.deepEqual(
      contexts.map((c) => c.context),
      ['code', 'code'],
    );
  });
});

/** CONTOSO with one more preparation section holding a custom step with `code` in `language`. */
function withCustomStep(language: string, code: string): string {
  return `${CONTOSO}\n## Extra {scenario=preparation}\n\n### Run it {step=custom}\n\`\`\`${language}\n${code}\n\`\`\`\n`;
}

function customStep(text: string) {
  return planRunbook(parseRunbook(text))
    .find((s) => s.title === 'Extra')!
    .steps.find((s) => s.title === 'Run it')!;
}

describe('SMDR316 placeholder-in-string', () => {
  it('is an error on the placeholder, for every unsafe context', () => {
    for (const [language, code, context] of cases) {
      if (context === 'code') continue;
      const text = withCustomStep(language === 'tsql' ? 'sql' : language, code);
      const found = findings(text, 'SMDR316');
      const at = rangeOf(text, '${media}', 0, '{step=custom}');
      const media = found.find((f) => JSON.stringify(f.range) === JSON.stringify(at));
      assert.ok(media, `${language}: ${code}`);
      assert.equal(media.rule.severity, 'error');
    }
  });

  it('is silent where the literal is a whole token', () => {
    for (const [language, code, context] of cases) {
      if (context !== 'code') continue;
      assert.equal(
        findings(withCustomStep(language === 'tsql' ? 'sql' : language, code), 'SMDR316').length,
        0,
      );
    }
  });

  it('the plan refuses the step even when the rule is suppressed or turned off', () => {
    const text = withCustomStep('sh', 'cat <<EOF\n${media}\nEOF').replace(
      '### Run it',
      '<!-- smdr-disable-next-line SMDR316 -->\n### Run it',
    );
    assert.equal(
      analyze(text, { SMDR316: 'off' }).findings.filter((f) => f.rule.code === 'SMDR316').length,
      0,
    );
    const step = customStep(text);
    assert.equal(step.command, null);
    assert.match(step.error ?? '', /heredoc/);
  });
});

describe('a rendered sh command, run by the real sh', () => {
  // Values a hostile runbook could hold: every quote, expansions, separators, globs, Unicode.
  const hostile = fc.string({
    unit: fc.constantFrom(
      ...'\'"`$(){};|&<>*?[]~#!\\ \t%-='.split(''),
      'a',
      'é',
      '\u2019',
      '$(touch pwned)',
      '`id`',
      '${HOME}',
    ),
    minLength: 1,
    maxLength: 24,
  });

  it('prints every value exactly, and runs none of it', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        fc.pre(value.trim() !== ''); // a blank value is SMDR003, and blocks the step
        const text = withCustomStep('sh', 'printf "%s|" ${media}').replace(
          "media: '\\\\deploy01\\media\\SCSM2016'",
          () => `media: ${JSON.stringify(value)}`,
        );
        const step = customStep(text);
        assert.equal(step.error, null);
        const out = execFileSync('sh', ['-c', step.command!], { encoding: 'utf8' });
        assert.equal(out, `${value}|`);
      }),
      { numRuns: 150 },
    );
  });

  it('an unquoted heredoc, where dash would run $(...), is refused before it reaches sh', () => {
    const text = edit(
      withCustomStep('sh', 'cat <<EOF\n${media}\nEOF'),
      "media: '\\\\deploy01\\media\\SCSM2016'",
      "media: '$(touch /tmp/smdr-pwned)'",
    );
    const step = customStep(text);
    assert.equal(step.command, null);
    assert.ok(findings(text, 'SMDR316').length === 1);
  });
});

describe('linear time on adversarial lines', () => {
  const time = (text: string) => {
    const start = performance.now();
    analyze(text);
    return performance.now() - start;
  };

  it('a block that tangles the parser is abandoned, not parsed for seconds', () => {
    // tree-sitter's error recovery is super-linear on `)(` and on a run of placeholders: just under the
    // size limit (4 KiB) the parse is cut short by its budgets, over it the block is not parsed.
    for (const [language, code] of [
      ['sh', `\${media}\n${')('.repeat(2_000)}`],
      ['powershell', '${media} '.repeat(450)],
      ['powershell', `\${media}\n${')&'.repeat(2_000)}`],
      ['sh', `\${media}\n${')('.repeat(50_000)}`],
    ] as const) {
      const start = performance.now();
      const found = findings(withCustomStep(language, code), 'SMDR316');
      assert.ok(performance.now() - start < 3_000, `${language}: ${performance.now() - start} ms`);
      assert.ok(found.length > 0 && found.every((f) => /does not parse/.test(f.message)));
    }
  });

  /**
   * Quadratic scanning made such a line take minutes; linear work stays within a small factor of the
   * harmless line, with a fixed allowance for the noise of a busy machine at a few milliseconds.
   */
  const comparable = (adversarial: string, harmless: string, what: string) => {
    time(harmless); // warm up
    const slow = time(adversarial);
    const usual = time(harmless);
    assert.ok(
      slow < 20 * usual + 250,
      `${what}: ${slow.toFixed(0)} ms, the harmless line ${usual.toFixed(0)} ms`,
    );
  };

  it('a long line of `${` costs about what a harmless line of the same size costs', () => {
    const size = 200_000;
    for (const language of ['powershell', 'sh', 'sql']) {
      const adversarial = withCustomStep(language, '${'.repeat(size / 2));
      comparable(adversarial, withCustomStep(language, 'ab'.repeat(size / 2)), language);
    }
    // Unclosed HTML comments (suppression comments are read from them).
    comparable(
      `${CONTOSO}\n${'<!--'.repeat(size / 4)}\n`,
      `${CONTOSO}\n${'abcd'.repeat(size / 4)}\n`,
      '<!--',
    );
  });
});
