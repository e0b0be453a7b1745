/** New Runbook: the template filled with the two answers, values left unfilled that SMDR reports. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  fillTemplate,
  managementGroupProblem,
  runbookFileNames,
  SCSM_VERSIONS,
} from '../../client/src/runbookTemplate';
import type { Finding } from '../../server/src/rules/finding';
import { findings, ROOT } from '../helpers';
import { HOSTILE_PIECES } from '../hostile';

const severity = (f: Finding) => f.severity ?? f.rule.severity;
const TEMPLATE = readFileSync(join(ROOT, 'media', 'template.runbook.md'), 'utf8');

describe('the New Runbook template', () => {
  for (const version of SCSM_VERSIONS) {
    it(`for scsm ${version}: the answers in place, every unfilled name flagged, nothing else wrong`, () => {
      const text = fillTemplate(TEMPLATE, 'CONTOSO-SM', version);
      assert.doesNotMatch(text, /\{\{/);
      const all = findings(text);
      const codes = all.map((f) => `${f.rule.code} ${f.message}`);
      // The two computer names, both FQDNs and the instance are reported until filled (and the
      // paths, SMDR122, checked below)...
      assert.equal(all.filter((f) => f.rule.code === 'SMDR101').length, 2, codes.join('\n'));
      assert.equal(all.filter((f) => f.rule.code === 'SMDR102').length, 2, codes.join('\n'));
      assert.equal(all.filter((f) => f.rule.code === 'SMDR103').length, 1, codes.join('\n'));
      assert.ok(all.some((f) => severity(f) === 'error'));
      // ... and nothing about the structure: the version, sections and steps are complete.
      for (const f of all) assert.match(f.rule.code, /^SMDR1\d\d$/, `${f.rule.code} ${f.message}`);
    });
  }

  it('reports each value left to fill once, on the value, and nothing else (SMDR101-103, SMDR122)', () => {
    const text = fillTemplate(TEMPLATE, 'CONTOSO', '2022');
    const lines = text.split('\n');
    assert.deepEqual(
      findings(text).map(
        (f) =>
          `${f.range.start.line + 1} ${f.rule.code} ${severity(f)} ${lines[f.range.start.line]!.slice(f.range.start.character, f.range.end.character)}`,
      ),
      [
        "8 SMDR122 warning '<fill: folder of the Service Manager 2022 installation media, e.g. \\\\deploy01\\media\\SCSM>'",
        "9 SMDR122 warning '<fill: folder of the exported unsealed management packs>'",
        "10 SMDR122 warning '<fill: folder of the saved SQL logins and permissions scripts>'",
        "11 SMDR122 warning '<fill: SQL login that reads the backups and runs the T-SQL steps>'",
        '13 SMDR101 error <fill-SM>',
        "16 SMDR102 warning '<fill: FQDN of the management server>'",
        // Not SMDR113 as well: an unfilled key file is on no server yet.
        "17 SMDR122 warning '<fill: encryption key backup on another computer, e.g. \\\\vault01\\dr\\keys\\SM01.bin>'",
        '18 SMDR101 error <fill-SQL>',
        "20 SMDR102 warning '<fill: FQDN of the database server>'",
        "21 SMDR103 error '<fill: SQL Server instance name; delete this line for the default instance>'",
        "23 SMDR122 warning '<fill: backup file, or folder of backups ending in \\>'",
      ],
    );
    assert.match(
      findings(text, 'SMDR122')[4]!.message,
      /^`servers\.<fill-SM>\.keyBackup` still holds the template's placeholder `<fill: encryption key backup on another computer, e\.g\. \\\\vault01\\dr\\keys\\SM01\.bin>`: replace it with the real value\.$/,
    );
  });

  it('once the names are filled, no error is left but the paths to fill', () => {
    const filled = fillTemplate(TEMPLATE, 'CONTOSO', '2022')
      .replaceAll('<fill-SM>', 'SM01')
      .replaceAll('<fill-SQL>', 'SQL01')
      .replace("'<fill: FQDN of the management server>'", 'sm01.contoso.local')
      .replace("'<fill: FQDN of the database server>'", 'sql01.contoso.local')
      .replace(/ {4}instance: .*\n/, '');
    const errors = findings(filled).filter((f) => severity(f) === 'error');
    assert.deepEqual(
      errors.map((f) => f.rule.code),
      [],
    );
    assert.deepEqual(
      findings(filled).map((f) => f.rule.code),
      ['SMDR122', 'SMDR122', 'SMDR122', 'SMDR122', 'SMDR122', 'SMDR122'],
      'the four paths, the key file and the SQL login',
    );
  });

  it('keeps any management group Setup accepts exactly, and refuses the rest (property, hostile pieces)', () => {
    const piece = fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 6 }), fc.constant('Ü'));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const name = pieces.join('');
        const problem = managementGroupProblem(name);
        if (problem) {
          assert.throws(() => fillTemplate(TEMPLATE, name, '2019'));
          return;
        }
        const text = fillTemplate(TEMPLATE, name, '2019');
        const all = findings(text);
        assert.ok(!all.some((f) => /^SMDR00[1-5]/.test(f.rule.code)), all.map((f) => f.message).join('\n'));
        // The one hidden character among the pieces (fc.string is printable ASCII), a zero width space,
        // is refused as typed: none reaches the runbook.
        assert.ok(!name.includes('\u200B'), name);
        assert.ok(!all.some((f) => f.rule.code === 'SMDR006'), name);
        const body = text.slice(text.indexOf('\n---\n'));
        const heading = body.split('\n').find((l) => l.startsWith('# '));
        assert.equal(heading, `# ${name} Service Manager disaster recovery`);
        assert.ok(text.includes(`managementGroup: '${name}'\n`));
      }),
      { numRuns: 300 },
    );
  });

  it('explains why a name is refused', () => {
    assert.match(managementGroupProblem('')!, /Type/);
    assert.match(managementGroupProblem(' LAB')!, /leading or trailing space/);
    assert.match(managementGroupProblem('LAB\nscsm: 2016')!, /line breaks/);
    assert.match(managementGroupProblem("O'Brien")!, /refuses `'`/);
    assert.match(managementGroupProblem('LAB\u202EPROD')!, /U\+202E RIGHT-TO-LEFT OVERRIDE/);
    assert.match(managementGroupProblem('A'.repeat(65))!, /64/);
    assert.equal(managementGroupProblem('Contoso Prod_1-SM'), undefined);
  });

  it('names the file after the management group, never one that is taken', () => {
    const names = runbookFileNames('Contoso Prod');
    assert.equal(names.next().value, 'contoso-prod.runbook.md');
    assert.equal(names.next().value, 'contoso-prod-2.runbook.md');
    assert.equal(runbookFileNames('Ünï').next().value, 'n.runbook.md');
    assert.equal(runbookFileNames('ÄÖ').next().value, 'recovery.runbook.md');
  });
});
