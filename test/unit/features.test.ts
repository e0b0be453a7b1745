import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Position } from 'vscode-languageserver-types';
import { quickFixes } from '../../server/src/features/codeActions';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { definition, prepareRename, references, rename } from '../../server/src/features/navigation';
import { documentSymbols } from '../../server/src/features/symbols';
import { parseRunbook } from '../../server/src/runbook/parse';
import { analyze } from '../../server/src/service';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCSM_VERSIONS } from '../../server/src/domain/versions';
import { applyEdits, CONTOSO, edit, findings, rangeOf, ROOT } from '../helpers';

const CONTOSO_2022 = readFileSync(join(ROOT, 'examples', 'contoso-2022.runbook.md'), 'utf8');

/** The position just after `needle` (or at its start with `atStart`). */
function after(text: string, needle: string, nth = 0, anchor?: string): Position {
  return rangeOf(text, needle, nth, anchor).end;
}

function labels(text: string, position: Position): string[] {
  return complete(parseRunbook(text), position).map((item) => item.label);
}

describe('completion', () => {
  it('offers the keys a server may still have', () => {
    const text = edit(CONTOSO, '    primary: true\n', '    primary: true\n    re\n');
    const items = labels(text, after(text, '    re', 0, 'SM01:'));
    assert.ok(items.includes('reportServer'));
    assert.ok(items.includes('keyBackup') === false, 'keyBackup is already there');
    assert.ok(!items.includes('primary'), 'primary is already there');
  });

  it('offers top-level keys at the top level', () => {
    const text = edit(CONTOSO, 'sql: {', 'man\nsql: {');
    const items = labels(text, after(text, 'man', 0, 'DWDataMart'));
    assert.ok(items.includes('smdr') === false && items.includes('objectives') === false);
    // Only keys the front matter does not have yet (CONTOSO keeps the default database names).
    assert.deepEqual(items, ['databaseNames']);
  });

  it('offers roles for role:', () => {
    const text = edit(CONTOSO, '    role: data-warehouse', '    role: d');
    assert.deepEqual(labels(text, after(text, 'role: d')), ['management', 'data-warehouse', 'database']);
  });

  it('offers Service Manager databases under databases:', () => {
    const text = edit(
      CONTOSO,
      "      DWDataMart: '\\\\vault01\\dr\\sql\\DWDataMart.bak'\n",
      "      DWDataMart: '\\\\vault01\\dr\\sql\\DWDataMart.bak'\n      O\n",
    );
    const items = labels(text, after(text, '      O', 0, 'DWDataMart'));
    assert.ok(items.includes('OMDWDataMart') && items.includes('ReportServer'));
    assert.ok(!items.includes('DWDataMart'), 'already listed here');
  });

  it('offers the database names chosen at Setup under databases:', () => {
    const text = edit(CONTOSO_2022, "      SMDW_DataMart: '", "      S\n      SMDW_DataMart: '");
    const items = complete(parseRunbook(text), { line: text.split('\n').indexOf('      S'), character: 7 });
    assert.ok(!items.some((i) => i.label === 'SMDW_Staging'), 'already listed here');
    assert.equal(
      items.find((i) => i.label === 'SM_Prod')?.detail,
      'Service Manager database (ServiceManager)',
    );
    const analyst = items.find((i) => i.label === 'Analyst');
    assert.equal(analyst?.detail, 'Service Manager database', 'a default name not mapped keeps its name');
    assert.ok(!items.some((i) => i.label === 'DWStagingAndConfig'), 'mapped defaults are not offered');
  });

  it('offers the four versions for scsm:', () => {
    const text = edit(CONTOSO, 'scsm: 2016', 'scsm: ');
    assert.deepEqual(labels(text, after(text, 'scsm: ')), [...SCSM_VERSIONS]);
  });

  it('offers booleans for primary:', () => {
    const text = edit(CONTOSO, '    primary: true', '    primary: ');
    assert.deepEqual(labels(text, after(text, '    primary: ')), ['true', 'false']);
  });

  it('offers scenarios, strategies and server names in scenario headings', () => {
    const text = edit(CONTOSO, '## SQL02 fails {scenario=database failed=SQL02}', '## X {scenario=');
    assert.deepEqual(labels(text, after(text, '{scenario=')), [
      'management-server',
      'data-warehouse',
      'database',
      'preparation',
    ]);
    const failed = edit(
      CONTOSO,
      '## SQL02 fails {scenario=database failed=SQL02}',
      '## X {scenario=database failed=',
    );
    assert.deepEqual(labels(failed, after(failed, 'failed=', 0, '## X')), ['SQL01', 'SQL02']);
    const strategy = edit(
      CONTOSO,
      '## SQL02 fails {scenario=database failed=SQL02}',
      '## X {scenario=management-server strategy=',
    );
    assert.deepEqual(labels(strategy, after(strategy, 'strategy=', 0, '## X')), ['promote', 'replace']);
    const target = edit(
      CONTOSO,
      '## SQL02 fails {scenario=database failed=SQL02}',
      '## X {scenario=management-server failed=SM01 strategy=promote target=',
    );
    assert.deepEqual(labels(target, after(target, 'target=', 0, '## X')), ['SM02']);
  });

  it('offers the step kinds of the enclosing section, in procedure order', () => {
    const text = edit(CONTOSO, '### Enable CLR {step=enable-clr}', '### Enable CLR {step=');
    assert.deepEqual(labels(text, after(text, '### Enable CLR {step=')), [
      'same-name-computer',
      'restore-databases',
      'enable-clr',
      'restore-permissions',
      'import-management-packs',
      'manual',
      'custom',
    ]);
    const items = complete(parseRunbook(text), after(text, '### Enable CLR {step='));
    const sorted = [...items]
      .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
      .map((i) => i.label);
    assert.equal(sorted[0], 'same-name-computer');
  });

  it('offers attribute names in a step heading', () => {
    const text = edit(CONTOSO, '### Enable CLR {step=enable-clr}', '### Enable CLR {step=enable-clr s');
    assert.deepEqual(labels(text, after(text, 'enable-clr s')), ['server', 'destructive']);
  });

  it('offers placeholders with their values in code blocks', () => {
    const text = edit(CONTOSO, 'Restore ${failed.keyBackup}', 'Restore ${fa');
    const items = complete(parseRunbook(text), after(text, 'Restore ${fa'));
    const keyBackup = items.find((i) => i.label === 'failed.keyBackup');
    assert.ok(keyBackup, items.map((i) => i.label).join(', '));
    assert.equal(keyBackup.detail, '\\\\vault01\\dr\\keys\\DW01.bin');
    assert.ok(items.some((i) => i.label === 'media'));
    assert.ok(!items.some((i) => i.label.startsWith('target.')), 'no target in this section');
  });

  it('offers nothing in prose', () => {
    assert.deepEqual(labels(CONTOSO, after(CONTOSO, 'Close the Service')), []);
  });
});

describe('hover', () => {
  it('describes a server where it is referenced', () => {
    const result = hover(parseRunbook(CONTOSO), rangeOf(CONTOSO, 'SQL01', 0, '{scenario=database').start);
    assert.ok(result);
    assert.match(result.markdown, /\*\*SQL01\*\*: database/);
    assert.match(result.markdown, /SQL01\\SCSM/);
    assert.match(result.markdown, /ServiceManager/);
  });

  it('explains a step kind', () => {
    const result = hover(parseRunbook(CONTOSO), rangeOf(CONTOSO, 'promote-workflow-server').start);
    assert.ok(result);
    assert.match(result.markdown, /p_PromoteActiveWorkflowServer/);
    assert.match(result.markdown, /destructive/);
  });

  it('shows the value of a placeholder', () => {
    const result = hover(parseRunbook(CONTOSO), rangeOf(CONTOSO, '${media}').start);
    assert.ok(result);
    assert.match(result.markdown, /deploy01/);
  });

  it('on scsm: what the version implies, citing its requirements page', () => {
    const result = hover(parseRunbook(CONTOSO_2022), rangeOf(CONTOSO_2022, 'scsm').start);
    assert.ok(result);
    assert.match(result.markdown, /SQL Server 2017, 2019 CU8 or later/);
    assert.match(result.markdown, /sys\.sp_add_trusted_assembly/);
    assert.match(result.markdown, /full-text search: required/);
    assert.ok(
      result.markdown.includes(
        'https://learn.microsoft.com/system-center/scsm/system-requirements?view=sc-sm-2022',
      ),
    );
    assert.ok(result.markdown.includes('SystemCenterDocs/includes/system-reqs-sm-2022.md'));
    const old = hover(parseRunbook(CONTOSO), rangeOf(CONTOSO, 'scsm').start);
    assert.match(old!.markdown, /SQL Server 2014, 2016/);
    assert.match(old!.markdown, /CLR strict security: does not apply/);
  });

  it('names a renamed database by its default, and the step host by its name', () => {
    const server = hover(
      parseRunbook(CONTOSO_2022),
      rangeOf(CONTOSO_2022, 'SQL01', 0, '{scenario=database').start,
    );
    assert.match(server!.markdown, /database SM\\_Prod \(ServiceManager\)/);
    const promote = hover(parseRunbook(CONTOSO_2022), rangeOf(CONTOSO_2022, 'promote-workflow-server').start);
    assert.match(promote!.markdown, /the database server hosting SM\\_Prod/);
  });

  it('describes a front-matter key', () => {
    const result = hover(parseRunbook(CONTOSO), rangeOf(CONTOSO, 'keyBackup').start);
    assert.ok(result);
    assert.match(result.markdown, /SecureStorageBackup/);
  });
});

describe('navigation and rename', () => {
  const runbook = parseRunbook(CONTOSO);
  const sm02InHeading = rangeOf(CONTOSO, 'SM02', 0, 'target=').start;

  it('goes to the server definition', () => {
    assert.deepEqual(definition(runbook, sm02InHeading), rangeOf(CONTOSO, 'SM02', 0, 'servers:'));
  });

  it('finds every reference, in attributes and placeholders', () => {
    const text = edit(CONTOSO, 'Restore ${failed.keyBackup}', 'Restore ${servers.DW01.keyBackup}');
    const dw = references(parseRunbook(text), rangeOf(text, 'DW01', 0, 'servers:').start, true);
    // Key, backup-key server=, failed=DW01, ${servers.DW01.keyBackup}.
    assert.equal(dw.length, 4);
    assert.ok(dw.some((r) => JSON.stringify(r) === JSON.stringify(rangeOf(text, 'DW01', 0, '${servers.'))));
    // server=SM02, target=SM02, failed=SM02.
    assert.equal(references(runbook, sm02InHeading, false).length, 3);
  });

  it('renames a server everywhere', () => {
    const prepared = prepareRename(runbook, sm02InHeading);
    assert.equal(prepared?.placeholder, 'SM02');
    const text = edit(CONTOSO, 'Restore ${failed.keyBackup}', 'Restore ${servers.DW01.keyBackup}');
    const result = rename(parseRunbook(text), rangeOf(text, 'DW01', 0, 'servers:').start, 'DW09');
    assert.ok(result.ok);
    const renamed = applyEdits(
      text,
      result.edits.filter((e) => !e.companion),
    );
    assert.ok(
      !/\bDW01\b(?!\.bin|'s| fails|\.contoso)/.test(renamed.replace(/keys\\DW01/g, '')),
      'no reference left',
    );
    assert.match(renamed, /failed=DW09/);
    assert.match(renamed, /\$\{servers\.DW09\.keyBackup\}/);
    assert.deepEqual(
      findings(renamed).map((f) => f.rule.code),
      ['SMDR102'],
      'without the companion edits, the FQDN, which names the old computer, is left to correct',
    );
    assert.deepEqual(findings(applyEdits(text, result.edits)), [], 'with them, nothing is');
  });

  it('refuses an invalid or clashing name', () => {
    const invalid = rename(runbook, sm02InHeading, 'not_valid');
    assert.equal(invalid.ok, false);
    const clash = rename(runbook, sm02InHeading, 'sm01');
    assert.equal(clash.ok, false);
    assert.equal(rename(runbook, { line: 0, character: 0 }, 'X').ok, false);
  });
});

describe('quick fixes', () => {
  function fixOnce(text: string, code: string, title?: RegExp): string {
    const analysis = analyze(text);
    const finding = analysis.findings.find((f) => f.rule.code === code);
    assert.ok(finding, `${code} is reported`);
    const fixes = quickFixes(analysis, finding.range).filter(
      (f) => f.finding.rule.code === code && (!title || title.test(f.title)),
    );
    assert.ok(fixes[0], `${code} offers a fix`);
    return applyEdits(text, fixes[0].edits);
  }

  it('renames an unknown key to the nearest known one', () => {
    const fixed = fixOnce(
      edit(
        CONTOSO,
        "keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'",
        "keyBakup: '\\\\vault01\\dr\\keys\\SM02.bin'",
      ),
      'SMDR002',
    );
    assert.equal(fixed, CONTOSO);
  });

  it('inserts a missing step at its place', () => {
    const fixed = fixOnce(edit(CONTOSO, '### Enable CLR {step=enable-clr}\n\n', ''), 'SMDR302');
    assert.deepEqual(findings(fixed), []);
    assert.ok(fixed.indexOf('{step=enable-clr}') < fixed.indexOf('{step=restore-permissions}'));
  });

  it('inserts a missing last step at the end of its section', () => {
    const fixed = fixOnce(
      edit(CONTOSO, '### Add a new additional management server {step=install-additional-server}\n\n', ''),
      'SMDR302',
    );
    assert.deepEqual(findings(fixed), []);
  });

  it('moves a step after the one it depends on', () => {
    const swapped = edit(
      CONTOSO,
      "### Restore SM02's key {step=restore-key}\n\n### Reinstall the management server {step=install-management-server}",
      "### Reinstall the management server {step=install-management-server}\n\n### Restore SM02's key {step=restore-key}",
    );
    const fixed = fixOnce(swapped, 'SMDR303');
    assert.deepEqual(findings(fixed), []);
    assert.ok(
      fixed.includes(
        "### Restore SM02's key {step=restore-key}\n\n### Reinstall the management server {step=install-management-server}",
      ),
    );
  });

  it('moves a step with its code block', () => {
    const swapped = edit(
      CONTOSO,
      "### Restore DW01's key {step=restore-key}\n```powershell\n& (Join-Path ${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore ${failed.keyBackup}\n```\n\n### Reinstall the data warehouse management server {step=install-data-warehouse-server}\n",
      "### Reinstall the data warehouse management server {step=install-data-warehouse-server}\n\n### Restore DW01's key {step=restore-key}\n```powershell\n& (Join-Path ${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore ${failed.keyBackup}\n```\n",
    );
    const fixed = fixOnce(swapped, 'SMDR303');
    assert.deepEqual(findings(fixed), []);
  });

  it('sets target to the failed server, or drops it', () => {
    const heading = '## SM02 fails {scenario=management-server failed=SM02 strategy=replace}';
    const broken = edit(
      CONTOSO,
      heading,
      '## SM02 fails {scenario=management-server failed=SM02 strategy=replace target=SM03}',
    );
    assert.match(fixOnce(broken, 'SMDR206', /Set/), /failed=SM02 strategy=replace target=SM02\}/);
    assert.ok(fixOnce(broken, 'SMDR206', /Remove/).includes(heading));
  });

  it('inserts a missing keyBackup next to the other key files', () => {
    const fixed = fixOnce(edit(CONTOSO, "    keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'\n", ''), 'SMDR111');
    assert.deepEqual(findings(fixed), []);
    assert.match(
      fixed,
      /SM02:\n {4}role: management\n {4}fqdn: sm02.contoso.local\n {4}keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'\n/,
    );
  });

  it('offers no fix outside the requested range', () => {
    const analysis = analyze(edit(CONTOSO, "keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'", "keyBakup: 'x'"));
    assert.deepEqual(
      quickFixes(analysis, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }),
      [],
    );
  });
});

describe('document symbols', () => {
  it('lists the inventory and each scenario with its steps', () => {
    const symbols = documentSymbols(parseRunbook(CONTOSO));
    assert.deepEqual(
      symbols.map((s) => s.name),
      [
        'Inventory',
        'Before anything fails',
        'SM01 fails: promote SM02',
        'SM01 fails: rebuild it',
        'SM02 fails',
        'DW01 fails',
        'SQL01 fails',
        'SQL02 fails',
      ],
    );
    assert.deepEqual(
      symbols[0]!.children!.map((s) => s.name),
      ['SM01', 'SM02', 'DW01', 'SQL01', 'SQL02'],
    );
    assert.deepEqual(
      symbols[2]!.children!.map((s) => s.detail),
      ['prepare-secondary', 'promote-workflow-server', 'restart-services', 'install-additional-server'],
    );
  });
});
