/**
 * Quick fixes of issue 11: each fix, applied to the text and analysed again, leaves the runbook
 * without the finding it fixes and without any finding it did not have before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { quickFixes, type QuickFix } from '../../server/src/features/codeActions';
import type { Finding } from '../../server/src/rules/finding';
import { entryOf, scalarString } from '../../server/src/runbook/yamlTree';
import { analyze } from '../../server/src/service';
import { HOSTILE_PIECES } from '../hostile';
import { applyEdits, CONTOSO, describeFindings, edit, LAB, ROOT } from '../helpers';

const BROKEN = readFileSync(join(ROOT, 'test', 'fixtures', 'broken.runbook.md'), 'utf8');

/** The fixes offered for the first finding of `code` (and, when given, whose title matches). */
function fixesFor(text: string, code: string, title?: RegExp): { finding: Finding; fixes: QuickFix[] } {
  const analysis = analyze(text);
  const finding = analysis.findings.find((f) => f.rule.code === code);
  assert.ok(finding, `${code} is reported:\n${describeFindings(analysis.findings)}`);
  const fixes = quickFixes(analysis, finding.range).filter(
    (f) => f.finding === finding && (!title || title.test(f.title)),
  );
  return { finding, fixes };
}

/** Applies the one fix matching `title` and returns the new text. */
function applyFix(text: string, code: string, title: RegExp): string {
  const { fixes } = fixesFor(text, code, title);
  assert.equal(fixes.length, 1, `one fix matches ${String(title)}`);
  return applyEdits(text, fixes[0]!.edits);
}

const codes = (text: string) => analyze(text).findings.map((f) => f.rule.code);

const withoutSection = (text: string, heading: string, next: string) =>
  edit(text, text.slice(text.indexOf(heading), text.indexOf(next)), '');

describe('quick fix: a recovery section for a server without one (SMDR207)', () => {
  it('adds a database scenario with its four steps, and the runbook validates clean', () => {
    const text = CONTOSO.slice(0, CONTOSO.indexOf('## SQL02 fails'));
    assert.deepEqual(codes(text), ['SMDR207']);
    const fixed = applyFix(text, 'SMDR207', /SQL02 fails, replace/);
    assert.deepEqual(codes(fixed), []);
    assert.match(
      fixed,
      /\n\n## SQL02 fails: replace it \{scenario=database failed=SQL02 strategy=replace\}\n\n### Bring up a computer with the same name and instance \{step=same-name-computer\}\n\n### Restore the databases \{step=restore-databases\}\n\n### Enable CLR \{step=enable-clr\}\n\n### Restore logins and permissions \{step=restore-permissions\}\n\n$/,
    );
  });

  it('offers a primary management server the replacement and the promotion of an additional server', () => {
    const text = withoutSection(
      withoutSection(CONTOSO, '## SM01 fails: promote', '## SM01 fails: rebuild'),
      '## SM01 fails: rebuild',
      '## SM02 fails',
    );
    const { fixes } = fixesFor(text, 'SMDR207');
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Add a section: SM01 fails, replace it',
        'Add a section: SM01 fails, promote SM02',
        'Disable SMDR207 for this line',
      ],
    );
    for (const title of [/replace it/, /promote SM02/]) {
      const fixed = applyFix(text, 'SMDR207', title);
      assert.deepEqual(codes(fixed), [], describeFindings(analyze(fixed).findings));
    }
  });

  it('offers no promotion for an additional management server, nor a section for an invalid name', () => {
    const text = withoutSection(CONTOSO, '## SM02 fails', '## DW01 fails');
    assert.deepEqual(
      fixesFor(text, 'SMDR207').fixes.map((f) => f.title),
      ['Add a section: SM02 fails, replace it', 'Disable SMDR207 for this line'],
    );
    const invalid = edit(text, '  SM02:\n', '  "SM02 x}":\n');
    const analysis = analyze(invalid);
    const finding = analysis.findings.find((f) => f.rule.code === 'SMDR207' && f.message.includes('x}'));
    assert.ok(finding);
    assert.deepEqual(
      quickFixes(analysis, finding.range)
        .filter((f) => f.finding === finding)
        .map((f) => f.title),
      ['Disable SMDR207 for this line'],
    );
  });

  it('adds the section after the last text of a file that does not end with a line break', () => {
    const text = CONTOSO.slice(0, CONTOSO.indexOf('## SQL02 fails')).trimEnd();
    const fixed = applyFix(text, 'SMDR207', /SQL02/);
    assert.deepEqual(codes(fixed), []);
    assert.match(
      fixed,
      /\{step=manual\}\nSend the all-clear to the service desk once the console connects\.\n\n## SQL02/,
    );
  });
});

describe('quick fix: every missing step of a section at once (SMDR302)', () => {
  it('inserts steps missing in the middle and at the end, each at its place', () => {
    const text = edit(
      edit(CONTOSO, '### Restore ServiceManager {step=restore-databases}\n\n', ''),
      '### Restore logins and permissions {step=restore-permissions}\n\n',
      '',
    );
    assert.deepEqual(codes(text), ['SMDR302', 'SMDR302']);
    const { fixes } = fixesFor(text, 'SMDR302');
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Insert the `restore-databases` step', 'Insert the 2 missing steps', 'Disable SMDR302 for this line'],
    );
    const fixed = applyFix(text, 'SMDR302', /2 missing/);
    assert.deepEqual(codes(fixed), []);
    // A step missing at the end goes after the section's free steps, as the one-by-one fix puts it.
    const order = ['same-name-computer', 'restore-databases', 'enable-clr', 'manual', 'restore-permissions'];
    const section = fixed.slice(fixed.indexOf('## SQL01 fails'), fixed.indexOf('## SQL02 fails'));
    assert.deepEqual(
      [...section.matchAll(/\{step=([\w-]+)\}/g)].map((m) => m[1]),
      order,
    );
  });

  it('inserts three steps at the end of a section with one blank line between them', () => {
    const start = CONTOSO.indexOf('### Restore SM02');
    const text = CONTOSO.slice(0, start) + CONTOSO.slice(CONTOSO.indexOf('## DW01 fails'));
    const sameName = edit(text, '### Same computer name {step=same-name-computer}\n\n', '', 1);
    assert.ok(
      sameName.includes('## SM02 fails {scenario=management-server failed=SM02 strategy=replace}\n\n## DW01'),
    );
    assert.deepEqual(codes(sameName), ['SMDR302', 'SMDR302', 'SMDR302']);
    const fixed = applyFix(sameName, 'SMDR302', /3 missing/);
    assert.deepEqual(codes(fixed), []);
    assert.ok(
      fixed.includes(
        '## SM02 fails {scenario=management-server failed=SM02 strategy=replace}\n\n### Bring up a computer with the same name {step=same-name-computer}\n\n### Restore the encryption key {step=restore-key}\n\n### Install the management server on the existing database {step=install-management-server}\n\n',
      ),
    );
  });

  it('is not offered for a single missing step', () => {
    const text = edit(CONTOSO, '### Enable CLR {step=enable-clr}\n\n', '');
    assert.ok(!fixesFor(text, 'SMDR302').fixes.some((f) => /missing steps/.test(f.title)));
  });
});

describe("quick fix: the failed server's own key (SMDR309)", () => {
  const restore = 'Restore ${failed.keyBackup}';

  it('replaces another server’s key placeholder with ${failed.keyBackup}', () => {
    const text = edit(CONTOSO, restore, 'Restore ${servers.SM01.keyBackup}');
    assert.deepEqual(codes(text), ['SMDR309']);
    assert.equal(applyFix(text, 'SMDR309', /DW01's own key/), CONTOSO);
  });

  it('replaces a quoted or bare path with the placeholder, quotes included', () => {
    for (const written of [
      "'\\\\vault01\\dr\\keys\\SM02.bin'",
      '"\\\\vault01\\dr\\keys\\SM02.bin"',
      '\\\\vault01\\dr\\keys\\SM02.bin',
    ]) {
      const text = edit(CONTOSO, restore, `Restore ${written}`);
      assert.deepEqual(codes(text), ['SMDR309'], written);
      assert.equal(applyFix(text, 'SMDR309', /own key/), CONTOSO, written);
    }
  });

  it('leaves a path inside a longer string alone (a placeholder there is SMDR316)', () => {
    const text = edit(CONTOSO, restore, "Restore 'from \\\\vault01\\dr\\keys\\SM02.bin'");
    assert.deepEqual(codes(text), ['SMDR309']);
    assert.deepEqual(
      fixesFor(text, 'SMDR309').fixes.map((f) => f.title),
      ['Disable SMDR309 for this code block'],
    );
  });
});

describe("quick fix: the failed server's own key, only where a placeholder is code (SMDR309, as SMDR316 reads it)", () => {
  const restore = 'Restore ${failed.keyBackup}';
  const path = '\\\\vault01\\dr\\keys\\SM02.bin';
  const ownKeyFixes = (text: string) =>
    fixesFor(text, 'SMDR309').fixes.filter((f) => /own key/.test(f.title));

  it('is not offered inside a double-quoted string, a $(...) in one, or a comment', () => {
    for (const written of [
      `"x ${path} y"`,
      `"$(Write-Output ${path})"`,
      `\${failed.keyBackup} # was ${path}`,
    ]) {
      const text = edit(CONTOSO, restore, `Restore ${written}`);
      assert.ok(codes(text).includes('SMDR309'), written);
      assert.deepEqual(ownKeyFixes(text), [], written);
    }
  });

  it('leaves no SMDR316 behind wherever it is offered, whatever surrounds the path (property)', () => {
    const around = fc.constantFrom(
      '',
      ' ',
      '"',
      "'",
      '$(',
      ')',
      '# ',
      '@"',
      '`',
      ';',
      '(',
      ',',
      '"$(',
      'x',
      '-- ',
    );
    fc.assert(
      fc.property(
        around,
        around,
        fc.constantFrom(...HOSTILE_PIECES.slice(0, 8), ''),
        (before, after, noise) => {
          const text = edit(
            CONTOSO,
            restore,
            `Restore ${before}${path}${after}${noise.replace(/[\r\n]/g, '')}`,
          );
          if (!codes(text).includes('SMDR309')) return;
          for (const fix of ownKeyFixes(text))
            assert.ok(!codes(applyEdits(text, fix.edits)).includes('SMDR316'), `${before}|${after}|${noise}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('quick fix: managementPacks (SMDR117)', () => {
  const line = "managementPacks: '\\\\vault01\\dr\\mp'\n";

  it('adds the folder beside permissionScripts, and the runbook validates clean', () => {
    const text = edit(CONTOSO, line, '');
    assert.ok(codes(text).includes('SMDR117'));
    const fixed = applyFix(text, 'SMDR117', /managementPacks/);
    assert.deepEqual(codes(fixed), []);
    assert.ok(fixed.includes("managementPacks: '\\\\vault01\\dr\\management-packs'\nservers:\n"));
  });

  it('keeps the YAML valid whatever the folder it copies', () => {
    const piece = fc.constantFrom(...HOSTILE_PIECES, '\n', '\r', '\\', '/');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const written = `\\\\vault01\\${pieces.join('')}\\scripts`;
        const text = edit(
          edit(CONTOSO, line, ''),
          "permissionScripts: '\\\\vault01\\dr\\sql-permissions'",
          `permissionScripts: ${JSON.stringify(written)}`,
        );
        const fixed = analyze(applyFix(text, 'SMDR117', /managementPacks/));
        const value = scalarString(entryOf(fixed.runbook.frontMatter?.root, 'managementPacks')?.value);
        const copied = `${written.slice(0, written.lastIndexOf('\\') + 1)}management-packs`;
        // A folder with a control character is not copied: the key files' parent folder is.
        const expected = /[\n\r\t]/.test(copied) ? '\\\\vault01\\dr\\management-packs' : copied;
        assert.equal(value, expected);
        const left = fixed.findings.filter(
          (f) => ['SMDR001', 'SMDR117'].includes(f.rule.code) || /managementPacks/.test(f.message),
        );
        assert.deepEqual(left, [], describeFindings(left));
      }),
      { numRuns: 200 },
    );
  });
});

describe('quick fix: remove a hidden character (SMDR006)', () => {
  it('removes the run it reports, in a value, an attribute and a code block, and nothing else', () => {
    for (const [from, to] of [
      ['title: Contoso', 'title: Con\u2066\u2069toso'],
      ['{step=restore-key}', '{step=restore-key\u200B}'],
      ['Restore ${failed.keyBackup}', "Restore ${failed.keyBackup} 'x\u202E'"],
    ] as const) {
      const text = edit(CONTOSO, from, to);
      assert.ok(codes(text).includes('SMDR006'), to);
      const fixed = applyFix(text, 'SMDR006', /^Remove the hidden characters?$/);
      assert.equal(fixed, edit(text, to, to.replace(/[\u200B\u202E\u2066\u2069]/gu, '')), to);
      assert.ok(!codes(fixed).includes('SMDR006'), to);
    }
  });
});

describe('quick fix: disable the rule for this line', () => {
  /** Applies each finding's disable fix: that finding goes, and every other one stays. */
  function disablesEachFinding(text: string): void {
    const analysis = analyze(text);
    assert.ok(analysis.findings.length > 0);
    for (const finding of analysis.findings) {
      const disable = quickFixes(analysis, finding.range).find(
        (f) => f.finding === finding && f.title.startsWith('Disable'),
      );
      assert.ok(disable, `${finding.rule.code} on line ${finding.range.start.line} can be disabled`);
      const fixed = applyEdits(text, disable.edits);
      const whole = /this file/.test(disable.title);
      const gone = (f: Finding) =>
        f.rule.code === finding.rule.code && (whole || f.range.start.line === finding.range.start.line);
      const expected = analysis.findings.filter((f) => !gone(f)).map((f) => f.rule.code);
      assert.deepEqual(
        analyze(fixed).findings.map((f) => f.rule.code),
        expected,
        `${disable.title} (line ${finding.range.start.line}):\n${describeFindings(analyze(fixed).findings)}`,
      );
    }
  }

  it('in the front matter, in headings and in code blocks of a broken runbook', () =>
    disablesEachFinding(BROKEN));

  it('for a finding on the opening ---, for the whole file', () => {
    const text = edit(CONTOSO, "managementPacks: '\\\\vault01\\dr\\mp'\n", '');
    const { fixes } = fixesFor(text, 'SMDR117');
    assert.equal(fixes.at(-1)?.title, 'Disable SMDR117 for this file');
    assert.ok(applyEdits(text, fixes.at(-1)!.edits).startsWith('---\n# smdr-disable SMDR117\nsmdr: 1\n'));
    disablesEachFinding(text);
  });

  it('on the closing --- of a front matter that does not parse, with a YAML comment', () => {
    const text = '---\nsmdr: 1\nservers: [\n---\n# x\n';
    assert.equal(analyze(text).findings[0]?.range.start.line, 3);
    disablesEachFinding(text);
  });

  it('not in a front matter that is never closed: no comment there would be read', () => {
    const text = CONTOSO.replace('\n---\n', '\n\n');
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.findings.map((f) => f.rule.code),
      ['SMDR001'],
    );
    assert.ok(!quickFixes(analysis, analysis.findings[0]!.range).some((f) => f.title.startsWith('Disable')));
  });

  it('with the comment syntax of each place', () => {
    const text = edit(edit(LAB, 'scsm: ', 'scsmm: '), '{step=enable-clr}', '{step=enable-clrr}');
    const analysis = analyze(text);
    const titles = analysis.findings.flatMap((finding) =>
      quickFixes(analysis, finding.range)
        .filter((f) => f.finding === finding && f.title.startsWith('Disable'))
        .map((f) => f.edits.map((e) => e.text).join('')),
    );
    assert.ok(titles.includes('# smdr-disable-next-line SMDR002\n'), titles.join(''));
    assert.ok(titles.includes('<!-- smdr-disable-next-line SMDR301 -->\n'), titles.join(''));
    disablesEachFinding(text);
  });
});
