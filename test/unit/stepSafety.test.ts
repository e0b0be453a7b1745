/**
 * What a runbook cannot hide from the operator (red team M3, M4): `destructive=false` does not lower a
 * destructive kind or code that names a destructive command, and the preview calls it the runbook's
 * claim; a line too long to be read whole in the confirmation and Show Command keeps its step from
 * running (SMDR317, a problem of the plan), and the preview warns of a line VS Code would not draw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_LINE, planRunbook, type PlannedStep } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { stepPreview, DRAWN_CHARACTERS } from '../../client/src/runner/preview';
import { CONTOSO, edit, findings } from '../helpers';
import { plannedStep } from './plannedSamples';
import { terminalOn } from './terminalSamples';
import { severityOf } from '../../server/src/rules/finding';

const ANCHOR = '### Tell the service desk {step=manual}';

/** The step `heading` with `code` in `language`, in the SQL01 scenario of contoso. */
function planned(heading: string, code: string, language = 'powershell'): PlannedStep {
  const text = edit(CONTOSO, ANCHOR, `${heading}\n\`\`\`${language}\n${code}\n\`\`\`\n\n${ANCHOR}`);
  const title = /^### (.*?) \{/.exec(heading)![1]!;
  return planRunbook(parseRunbook(text))
    .find((s) => s.title === 'SQL01 fails')!
    .steps.find((s) => s.title === title)!;
}

function previewHead(step: PlannedStep): string {
  const preview = stepPreview({
    step,
    scenarioTitle: 'SQL01 fails',
    terminal: terminalOn('linux'),
    cli: { node: '/n', script: '/s' },
    remoting: true,
    localComputer: 'ADMIN01',
    sqlTarget: null,
  });
  return preview.text.slice(0, preview.bodyStart);
}

const DESTRUCTIVE_CODE: [string, string][] = [
  ['powershell', 'Restart-Computer -Force'],
  ['powershell', 'Stop-Computer -ComputerName SM01 -Force'],
  ['powershell', 'Remove-Item -Recurse -Force C:\\Users'],
  ['powershell', 'Format-Volume -DriveLetter D'],
  ['powershell', 'Clear-Disk -Number 1 -RemoveData'],
  ['powershell', 'Stop-Service OMSDK'],
  ['powershell', 'Set-Content C:\\boot.ini x'],
  ['powershell', 'del C:\\x'],
  ['powershell', 'shutdown /r /t 0'],
  ['powershell', 'vssadmin delete shadows /all'],
  ['sql', 'DROP DATABASE ServiceManager'],
  ['sql', 'TRUNCATE TABLE dbo.x'],
  ['sql', 'UPDATE dbo.x SET a = 1'],
  ['sql', 'EXEC sp_configure'],
  ['sh', 'rm -rf /'],
  ['sh', 'rm /etc/passwd'],
  ['sh', 'dd if=/dev/zero of=/dev/sda'],
  ['sh', 'systemctl stop sshd'],
];
const HARMLESS = ['Get-Service', 'Get-ChildItem \\\\vault01\\dr', 'Write-Host "Listing"', 'Test-Path C:\\x'];

describe('destructive=false is a claim, not a switch', () => {
  it('cannot lower code that names a destructive command, in any place of the block (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DESTRUCTIVE_CODE),
        fc.array(fc.constantFrom(...HARMLESS), { maxLength: 3 }),
        fc.array(fc.constantFrom(...HARMLESS), { maxLength: 3 }),
        fc.constantFrom(' destructive=false', ''),
        fc.boolean(),
        ([language, command], before, after, claim, oneLine) => {
          const harmless = language === 'powershell' ? [before, after] : [[], []];
          const code = [...harmless[0]!, command, ...harmless[1]!].join(oneLine ? '; ' : '\n');
          const step = planned(`### Tidy {step=custom${claim}}`, code, language);
          assert.equal(step.error, null, code);
          assert.equal(step.destructive, true, code);
          assert.equal(step.declaredNotDestructive, false);
          assert.match(previewHead(step), /DESTRUCTIVE: acts on /);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cannot lower a destructive kind, with or without a code block', () => {
    const generated = planned(
      '### Restore it {step=restore-databases destructive=false}',
      'SELECT 1;',
      'sql',
    );
    assert.equal(generated.destructive, true);
    const text = edit(CONTOSO, '{step=restore-databases}', '{step=restore-databases destructive=false}');
    const restore = planRunbook(parseRunbook(text))
      .find((s) => s.title === 'SQL01 fails')!
      .steps.find((s) => s.kind === 'restore-databases')!;
    assert.equal(restore.destructive, true);
    assert.equal(restore.declaredNotDestructive, false);
  });

  it('a code block in a non-destructive kind is judged by what it runs', () => {
    const step = planned('### Check {step=same-name-computer}', 'Remove-Item C:\\x -Recurse');
    assert.equal(step.destructive, true);
  });

  it("the preview calls the runbook's own claim a claim, and harmless code not destructive", () => {
    const claimed = planned('### Look {step=custom destructive=false}', HARMLESS.join('\n'));
    assert.equal(claimed.destructive, false);
    assert.equal(claimed.declaredNotDestructive, true);
    assert.match(previewHead(claimed), /# Declared not destructive by the runbook \(destructive=false\)/);
    assert.doesNotMatch(previewHead(claimed), /# Not destructive/);
    const plain = planned('### Look {step=custom}', HARMLESS.join('\n'));
    assert.equal(plain.declaredNotDestructive, false);
    assert.match(previewHead(plain), /# Not destructive by its kind, and no command smdr recognises/);
  });
});

describe('a line too long to be read whole', () => {
  it(`keeps its step from running (over ${MAX_LINE} characters), in the plan and in smdr check, wherever the code hides`, () => {
    const hidden =
      'Write-Host "Listing the backup folder"' +
      ' '.repeat(12_000) +
      '; Remove-Item -Recurse -Force C:\\Users';
    for (const code of [
      hidden,
      `Get-Date\n${'#'.repeat(MAX_LINE + 1)}`,
      `Get-Date\r${'x'.repeat(MAX_LINE + 1)}`,
    ]) {
      const step = planned('### List the backups {step=custom}', code);
      assert.equal(step.command, null);
      assert.match(step.error ?? '', /Line \d of its command is [\d,]+ characters long, more than the 4,000/);
      assert.ok(
        step.problems.some((p) => p.code === 'SMDR317'),
        JSON.stringify(step.problems),
      );
      const text = edit(
        CONTOSO,
        ANCHOR,
        `### List the backups {step=custom}\n\`\`\`powershell\n${code}\n\`\`\`\n\n${ANCHOR}`,
      );
      assert.ok(findings(text).some((f) => f.rule.code === 'SMDR317' && severityOf(f) === 'error'));
    }
    assert.notEqual(planned('### Fits {step=custom}', 'x'.repeat(MAX_LINE)).command, null);
  });

  it('is warned of in the preview when longer than VS Code draws', () => {
    const long = 'x'.repeat(DRAWN_CHARACTERS + 1);
    const head = previewHead(plannedStep({ command: `Get-Date\n${long}` }));
    assert.match(
      head,
      /# WARNING: line 2 below is 10001 characters long, and VS Code stops drawing a line after 10000/,
    );
    assert.doesNotMatch(previewHead(plannedStep({ command: 'x'.repeat(DRAWN_CHARACTERS) })), /WARNING/);
  });
});
