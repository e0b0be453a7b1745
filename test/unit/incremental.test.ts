/**
 * Incremental analysis equals a from-scratch one. `analyze` reuses the parts of the text it has seen
 * (Markdown sections, front-matter entries, each memoized by its text) and the findings of sections it
 * has checked; `analyzeFromScratch` parses the whole text in one piece and checks every section. Random
 * edits (about 3,000, some 10 s), applied in sequence as an editor would send them, where
 * the cuts between parts are fragile: headings, fences, HTML comments, suppression comments,
 * attributes, YAML keys, quotes and indentation. After every edit, the diagnostics and every part of the
 * model that rules and features read must be the same.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { frontMatterHead, parseOutline } from '../../server/src/runbook/markdown';
import type { Runbook } from '../../server/src/runbook/model';
import type { Finding } from '../../server/src/rules/finding';
import { parseRunbook } from '../../server/src/runbook/parse';
import { outlineParts } from '../../server/src/runbook/parts';
import { analyze, analyzeFromScratch, type Analysis } from '../../server/src/service';
import { generateRunbook } from '../bench/generate';
import { HOSTILE_PIECES } from '../hostile';
import { CONTOSO, describeFindings, edit, ROOT } from '../helpers';

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((name) => name.endsWith('.runbook.md'))
  .map((name) => readFileSync(join(ROOT, 'examples', name), 'utf8'));
const BROKEN = readFileSync(join(ROOT, 'test', 'fixtures', 'broken.runbook.md'), 'utf8');

/**
 * The examples find nothing in their sections; these find something in most, so that a finding
 * reused from an earlier analysis (at its old position, or for an old inventory) would show.
 */
const FAULTY = [
  BROKEN,
  edit(
    edit(
      edit(
        CONTOSO,
        "### Restore SM01's key {step=restore-key}",
        '### Restore the key {step=restore-key srever=SM01}',
      ),
      'failed=SM02 strategy=replace',
      'failed=SM03 strategy=replace',
    ),
    'Restore ${failed.keyBackup}',
    'Restore ${servers.SM02.keyBackup} ${servers.NOPE.fqdn}',
  ),
  edit(
    CONTOSO,
    '### Same computer name {step=same-name-computer}',
    '### Same computer name {step=install-management-server}',
  ),
];

/** What cuts, or un-cuts, a section or a front-matter entry. */
const PIECES = [
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '#',
  '# ',
  '## ',
  '### ',
  '#\n',
  '## Title {scenario=database failed=SQL01}\n',
  '### Step {step=custom}\n',
  '```',
  '```\n',
  '```powershell\n',
  '~~~\n',
  '    ',
  '<!--',
  '-->',
  '<!-- smdr-disable SMDR207 -->\n',
  '<!-- smdr-enable -->\n',
  '<!-- smdr-disable-next-line SMDR116 -->\n',
  '# smdr-disable-next-line SMDR116\n',
  '<div>\n',
  '</div>\n',
  '> ',
  '- ',
  '1. ',
  '| a | b |\n| - | - |\n',
  '===\n',
  '---\n',
  '...\n',
  '{',
  '}',
  'step=',
  'scenario=',
  'failed=',
  '${failed.name}',
  ':',
  ': ',
  'key: value\n',
  'servers:\n',
  '  SM09:\n    role: management\n',
  'managementGroup: "x\n',
  'title: |\n',
  '&a ',
  '*a',
  '<<: *a\n',
  '[',
  ']',
  '"',
  "'",
  '\t',
  '%YAML 1.2\n',
  // SMDR006 reads the front matter, attribute blocks and code blocks: reused with each.
  '\u202E',
  '\u2066\u2069',
  ...HOSTILE_PIECES,
];

const anEdit = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    atLineStart: fc.boolean(),
    text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, fc.string({ maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);
type Edit = typeof anEdit extends fc.Arbitrary<infer T> ? T : never;

function lineAround(text: string, at: number): [number, number] {
  const position = at % (text.length + 1);
  const start = text.lastIndexOf('\n', position - 1) + 1;
  const newline = text.indexOf('\n', position);
  return [start, newline < 0 ? text.length : newline + 1];
}

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'insert': {
      const where = e.atLineStart ? lineAround(text, at)[0] : at;
      return text.slice(0, where) + e.text + text.slice(where);
    }
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'delete-line': {
      const [start, end] = lineAround(text, at);
      return text.slice(0, start) + text.slice(end);
    }
    case 'duplicate-line': {
      const [start, end] = lineAround(text, at);
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
  }
}

/** What rules and features read of the model: everything but the text object itself. */
function modelOf(runbook: Runbook): Omit<Runbook, 'source'> {
  return { ...runbook, source: undefined } as Omit<Runbook, 'source'>;
}

function sameAnalysis(text: string): void {
  const incremental: Analysis = analyze(text);
  const scratch = analyzeFromScratch(text);
  assert.deepStrictEqual(modelOf(incremental.runbook), modelOf(scratch.runbook));
  assert.deepStrictEqual(incremental.findings, scratch.findings);
}

/** Sections whose placeholders name servers and settings, each with a finding of its own. */
const READERS = edit(
  edit(
    CONTOSO,
    'Restore ${failed.keyBackup}',
    'Restore ${failed.keyBackup} ${failed.nope} ${servers.SQL01.instance} ${servers.SM02.fqdn} ${objectives.rpo}',
  ),
  '### Restore ServiceManager {step=restore-databases}\n',
  '### Restore ServiceManager {step=restore-databases}\n```sql\nRESTORE DATABASE [x] FROM DISK = ${failed.databases.ServiceManager} ${failed.nope2};\n```\n',
);
// SM01 also hosts a database, which `databaseNames` may make the Service Manager database (SMDR114).
const COLOCATED = edit(READERS, '    primary: true\n', '    primary: true\n    databases:\n      Other: x\n');
const VALUE_STARTS = [READERS, COLOCATED, FAULTY[1]!, BROKEN, generateRunbook(300)];

/** Servers and fields of the starts, and values that make rules say something, or nothing. */
const SERVERS = ['SM01', 'SM02', 'SM03', 'DW01', 'SQL01', 'SQL02', 'SQLX0', 'SQLX3'];
const FIELDS = [
  'role',
  'primary',
  'fqdn',
  'keyBackup',
  'instance',
  'reportServer',
  'installFolder',
  'dataFolder',
];
const TOP = [
  'managementGroup',
  'media',
  'managementPacks',
  'permissionScripts',
  'title',
  'scsm',
  'objectives',
  'sql',
];
const VALUES = [
  '',
  'x',
  'SM02',
  'SCSM',
  'DW',
  '1SCSM',
  'true',
  'false',
  '42',
  'null',
  'database',
  'management',
  'data-warehouse',
  '[management, database]',
  'sm01.contoso.local',
  "'\\\\vault01\\dr\\keys\\SM01.bin'",
  '{ rpo: 1h, rto: 2h }',
  '{ authentication: sql, user: x }',
  "'<fill: a path>'",
  '{ authentication: ntlm }',
  '2022',
  ...HOSTILE_PIECES.filter((piece) => !piece.includes('\n')),
];
const DATABASES = ['ServiceManager', 'DWStagingAndConfig', 'DWDataMart', 'Analyst0', 'Analyst3', 'Other'];

const aValueEdit = fc.oneof(
  fc.record({
    kind: fc.constant('server' as const),
    server: fc.constantFrom(...SERVERS),
    field: fc.constantFrom(...FIELDS),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({
    kind: fc.constant('top' as const),
    key: fc.constantFrom(...TOP),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({
    kind: fc.constant('database' as const),
    server: fc.constantFrom(...SERVERS),
    from: fc.constantFrom(...DATABASES),
    to: fc.constantFrom(...DATABASES),
  }),
  fc.record({
    kind: fc.constant('databaseName' as const),
    name: fc.constantFrom(...DATABASES),
    value: fc.constantFrom(...VALUES, ...DATABASES),
  }),
);
type ValueEdit = typeof aValueEdit extends fc.Arbitrary<infer T> ? T : never;

/** The lines of `server`'s entry (block style, four spaces in), or undefined. */
function serverLines(text: string, server: string): [number, number] | undefined {
  const end = text.indexOf('\n---', 4);
  const header = text.indexOf(`\n  ${server}:\n`);
  if (header < 0 || header > end) return undefined;
  const start = header + server.length + 5;
  let stop = start;
  while (text.startsWith('    ', stop)) stop = text.indexOf('\n', stop) + 1;
  return [start, stop];
}

/** Sets (or adds) one value of the front matter, as typed over the line that holds it. */
function setValue(text: string, e: ValueEdit): string {
  const end = text.indexOf('\n---', 4);
  const setLine = (from: number, to: number, prefix: string, value: string): string => {
    const at = text.slice(from, to).search(new RegExp(`^${prefix}:`, 'm'));
    const line = `${prefix}: ${value}\n`;
    if (at < 0) return text.slice(0, to) + line + text.slice(to);
    const newline = text.indexOf('\n', from + at);
    return text.slice(0, from + at) + line + text.slice(newline + 1);
  };
  switch (e.kind) {
    case 'server': {
      const lines = serverLines(text, e.server);
      return lines ? setLine(lines[0], lines[1], `    ${e.field}`, e.value) : text;
    }
    case 'top':
      return end < 0 ? text : setLine(4, end + 1, e.key, e.value);
    case 'database': {
      const lines = serverLines(text, e.server);
      if (!lines) return text;
      const at = text.indexOf(`      ${e.from}:`, lines[0]);
      return at < 0 || at > lines[1]
        ? text
        : `${text.slice(0, at + 6)}${e.to}${text.slice(at + 6 + e.from.length)}`;
    }
    case 'databaseName': {
      if (end < 0) return text;
      const header = text.indexOf('\ndatabaseNames:\n');
      if (header < 0 || header > end)
        return `${text.slice(0, end + 1)}databaseNames:\n  ${e.name}: ${e.value}\n${text.slice(end + 1)}`;
      const start = header + '\ndatabaseNames:\n'.length;
      let stop = start;
      while (text.startsWith('  ', stop)) stop = text.indexOf('\n', stop) + 1;
      return setLine(start, stop, `  ${e.name}`, e.value);
    }
  }
}

describe('incremental analysis', () => {
  const starts = [...EXAMPLES, ...FAULTY, generateRunbook(400)];

  it('equals a from-scratch analysis after each of thousands of random edits', () => {
    let edits = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...starts.keys()),
        fc.array(anEdit, { minLength: 20, maxLength: 40 }),
        (which, sequence) => {
          let text = starts[which]!;
          sameAnalysis(text);
          for (const e of sequence) {
            text = apply(text, e);
            edits++;
            sameAnalysis(text);
          }
        },
      ),
      { numRuns: 100 },
    );
    assert.ok(edits >= 2_000, `only ${edits} edits were tried`);
  });

  it('reuses what did not change: a body edit keeps the front matter, an edit elsewhere keeps a section', () => {
    const text = generateRunbook(400);
    const before = analyze(text).runbook;
    const body = text.replace('### Enable CLR', '### Enable  CLR');
    const after = analyze(body).runbook;
    const entries = (r: Runbook) => r.frontMatter?.root?.entries ?? [];
    assert.ok(entries(before).length > 0);
    assert.ok(
      entries(after).every((entry, i) => entry === entries(before)[i]),
      'the front matter was parsed again',
    );
    const front = text.replace('managementGroup: CONTOSO', 'managementGroup: CONTOSO2');
    const edited = analyze(front).runbook;
    const servers = (r: Runbook) => r.inventory.servers.map((s) => s.node);
    assert.ok(servers(before).length > 2);
    assert.deepStrictEqual(servers(edited), servers(before));
    assert.ok(
      servers(edited).every((node, i) => node === servers(before)[i]),
      'the servers were parsed again',
    );
    // An edit in one server parses that server again, not the others.
    const inServer = analyze(text.replace('fqdn: sm02.', 'fqdn: sm2.')).runbook;
    const changed = servers(inServer).filter((node, i) => node !== servers(before)[i]);
    assert.equal(changed.length, 1, 'one server was parsed again');
    assert.equal(edited.headings.at(-1), before.headings.at(-1), 'the last section was parsed again');
  });

  it('moves the findings of a section that moved, and checks every section again for a new inventory', () => {
    const text = FAULTY[1]!;
    const findings = analyze(text).findings;
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR202'),
      describeFindings(findings),
    );
    // Two lines above the scenario sections: their texts are the same, their lines are not.
    const moved = edit(text, '## SM01 fails: promote', 'Some text\n\n## SM01 fails: promote');
    assert.deepStrictEqual(analyze(moved).findings, analyzeFromScratch(moved).findings);
    // SM03 enters the inventory: the section that names it is right now, with no change to its text.
    const known = edit(text, '  SM02:\n', '  SM03:\n    role: management\n    keyBackup: x\n  SM02:\n');
    const after = analyze(known).findings;
    assert.deepStrictEqual(after, analyzeFromScratch(known).findings);
    assert.ok(!after.some((f) => f.rule.code === 'SMDR202'), describeFindings(after));
  });

  it('checks a section again when a top-level value its placeholders name changes', () => {
    const text = edit(CONTOSO, 'Restore ${failed.keyBackup}', 'Restore ${failed.keyBackup} ${title}');
    assert.deepStrictEqual(analyze(text).findings, analyzeFromScratch(text).findings);
    const untitled = edit(text, 'title: Contoso Service Manager disaster recovery\n', '');
    const findings = analyze(untitled).findings;
    assert.deepStrictEqual(findings, analyzeFromScratch(untitled).findings);
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR307' && f.message.includes('title')),
      describeFindings(findings),
    );
  });

  it('equals a from-scratch analysis after edits of the values sections read, and of those they do not', () => {
    let edits = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...VALUE_STARTS.keys()),
        fc.array(aValueEdit, { minLength: 5, maxLength: 25 }),
        (which, sequence) => {
          let text = VALUE_STARTS[which]!;
          sameAnalysis(text);
          for (const e of sequence) {
            text = setValue(text, e);
            edits++;
            sameAnalysis(text);
          }
        },
      ),
      { numRuns: 120 },
    );
    assert.ok(edits >= 1_000, `only ${edits} edits were tried`);
  });

  it('reuses the findings of a section that reads nothing an edit changed, and only those', () => {
    const text = READERS;
    const finding = (findings: Finding[]) => {
      const found = findings.find((f) => f.rule.code === 'SMDR307' && f.message.includes('failed.nope'));
      assert.ok(found, describeFindings(findings));
      return found;
    };
    const check = (changed: string, reused: boolean, what: string) => {
      const before = finding(analyze(text).findings);
      const { findings } = analyze(changed);
      assert.deepStrictEqual(findings, analyzeFromScratch(changed).findings, what);
      assert.equal(finding(findings) === before, reused, what);
    };
    // The data warehouse section reads DW01, the other servers' keys, SQL01 and SM02 whole (its
    // placeholders name them), every server's databases, the install media and the management group.
    check(edit(text, 'fqdn: sm01.', 'fqdn: sm1.'), true, "SM01's fqdn");
    check(edit(text, 'title: Contoso', 'title: Fabrikam'), true, 'the title');
    check(edit(text, "managementPacks: '", "managementPacks: 'x"), true, 'the management packs folder');
    check(edit(text, 'reportServer: ', 'reportServer: x'), false, "DW01's report server");
    check(
      edit(text, "keyBackup: '\\\\vault01\\dr\\keys\\SM02", "keyBackup: '\\\\vault01\\dr\\keys\\SM2"),
      false,
      "SM02's key",
    );
    check(edit(text, 'instance: DW', 'instance: DW2'), false, "SQL02's instance");
    check(edit(text, 'instance: SCSM', 'instance: SCSM2'), false, 'an instance a placeholder names');
    check(edit(text, 'DWDataMart:', 'DWDataMart2:'), false, 'a database name');
    check(edit(text, 'rpo: 24h', 'rpo: 12h'), false, 'a key path a placeholder names');
    check(edit(text, 'managementGroup: CONTOSO', 'managementGroup: CONTOSO2'), false, 'the management group');
    // Its steps run PowerShell only: the SQL login (SMDR319) is not read.
    check(edit(text, 'user: smdr-reader', 'user: other'), true, 'the SQL login');
  });

  it('checks the sections that run T-SQL again when `sql.user` changes (SMDR319), and reuses the others', () => {
    // READERS' SQL01 section has a sql block with a finding of its own; its DW01 section runs PowerShell.
    const inSql01 = (findings: Finding[]) => {
      const found = findings.find((f) => f.rule.code === 'SMDR307' && f.message.includes('failed.nope2'));
      assert.ok(found, describeFindings(findings));
      return found;
    };
    const inDw01 = (findings: Finding[]) => findings.find((f) => f.message.includes('`${failed.nope}`'))!;
    const before = analyze(READERS).findings;
    const loginless = edit(READERS, 'user: smdr-reader, ', '');
    const after = analyze(loginless).findings;
    assert.deepStrictEqual(after, analyzeFromScratch(loginless).findings);
    assert.notEqual(inSql01(after), inSql01(before), 'the SQL01 section was checked again');
    assert.equal(inDw01(after), inDw01(before), 'the DW01 section was reused');
    const lines = loginless.split('\n');
    assert.deepEqual(
      after
        .filter((f) => f.rule.code === 'SMDR319')
        .map((f) => lines[f.range.start.line]!.match(/step=[\w-]+/)?.[0]),
      [
        'step=promote-workflow-server',
        'step=restore-databases',
        'step=enable-clr',
        'step=restore-databases',
        'step=enable-clr',
      ],
    );
    const named = edit(loginless, '{ authentication: sql, ', '{ authentication: sql, user: x, ');
    const again = analyze(named).findings;
    assert.deepStrictEqual(again, analyzeFromScratch(named).findings);
    assert.ok(!again.some((f) => f.rule.code === 'SMDR319'), describeFindings(again));
  });

  it("checks a server's own rules again when what they read of the rest of the front matter changes", () => {
    analyze(COLOCATED);
    // SM01 is not touched: `databaseNames` makes the database it hosts the Service Manager database.
    const named = edit(COLOCATED, '\nsql: {', '\ndatabaseNames: { ServiceManager: Other }\nsql: {');
    const findings = analyze(named).findings;
    assert.deepStrictEqual(findings, analyzeFromScratch(named).findings);
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR114'),
      describeFindings(findings),
    );
    // SM02 has no key: its fix puts one beside SM01's, wherever that is.
    const keyless = edit(COLOCATED, "    keyBackup: '\\\\vault01\\dr\\keys\\SM02.bin'\n", '');
    analyze(keyless);
    const moved = edit(keyless, '\\dr\\keys\\SM01', '\\dr\\moved\\SM01');
    const fixed = analyze(moved).findings;
    assert.deepStrictEqual(fixed, analyzeFromScratch(moved).findings);
    assert.ok(
      fixed.some((f) => f.rule.code === 'SMDR111' && f.fixes?.[0]?.edits[0]?.text.includes('moved')),
      describeFindings(fixed),
    );
  });

  it('checks an entry again under the schema of the key it now stands under', () => {
    const text = edit(
      CONTOSO,
      '\nservers:\n',
      '\ndatabaseNames:\n  ServiceManager: SMX\n  DWDataMart: DMX\nservers:\n',
    );
    analyze(text);
    // The same line, under `servers` now: no database name but a server, which must be a mapping.
    const moved = edit(text, '\ndatabaseNames:\n', '\nservers:\n');
    const findings = analyze(moved).findings;
    assert.deepStrictEqual(findings, analyzeFromScratch(moved).findings);
    assert.ok(
      findings.some((f) => f.message.includes('`servers.ServiceManager` must be a mapping')),
      describeFindings(findings),
    );
  });

  it('parses the front matter whole where its entries cannot be cut, and says the same', () => {
    for (const yaml of [
      'smdr: 1\nservers: {SM01: {role: management}}\nmanagementGroup: X\n',
      'smdr: 1\nbase: &b {role: database}\nservers:\n  SQL01: *b\nmanagementGroup: X\n',
      'smdr: 1\ntitle: "two\nlines"\nmanagementGroup: X\n',
      'smdr: 1\n- item\nmanagementGroup: X\n',
      'smdr: 1\nmanagementGroup: X\nmanagementGroup: Y\n',
      // 120 aliases in two entries: over the budget of 100 for the whole front matter, not for either entry.
      `a: [&x 1, ${'*x, '.repeat(60)}*x]\nb: [&y 1, ${'*y, '.repeat(60)}*y]\nsmdr: 1\n`,
    ]) {
      const text = `---\n${yaml}---\n\n# T\n`;
      assert.deepStrictEqual(modelOf(analyze(text).runbook), modelOf(analyzeFromScratch(text).runbook), yaml);
      assert.deepStrictEqual(analyze(text).findings, analyzeFromScratch(text).findings, yaml);
    }
  });
});

describe('parts of the Markdown', () => {
  it('parses a text whose `#` lines are all in one code block at most three times over, not once per line', () => {
    // The `#` lines at the end: every part tried runs over nearly the whole text.
    const text = `# T\n\n\`\`\`sh\n${'echo\n'.repeat(20_000)}${'# comment\n'.repeat(5_000)}\`\`\`\n`;
    let parsed = 0;
    const outline = outlineParts(text, (part, boundary) => {
      parsed += part.length;
      return parseOutline(part, boundary);
    });
    assert.ok(parsed <= 3 * text.length, `${parsed} characters parsed for ${text.length}`);
    assert.deepStrictEqual(
      outline.flatMap((o) => o.fences),
      parseOutline(text, undefined).fences,
    );
  });

  it('gives markdown-it a closed front matter only as the skeleton of its lines that start with `-` or `.`', () => {
    const text = generateRunbook(2_000);
    let parsed = '';
    const parts = outlineParts(
      text,
      (part, boundary) => {
        parsed += part;
        return parseOutline(part, boundary);
      },
      frontMatterHead,
    );
    assert.ok(!parsed.includes('managementGroup'), 'the front matter was parsed');
    const whole = parseOutline(text, undefined);
    assert.deepStrictEqual(parts[0]!.frontMatter, whole.frontMatter);
    assert.deepStrictEqual(
      parts.flatMap((o) => o.headings),
      whole.headings,
    );
  });
});

describe('settings in the model', () => {
  it('carries the top-level settings typed and located, and leaves out values of the wrong type', () => {
    const text = [
      '---',
      'smdr: 1',
      'title: Drill',
      "managementGroup: 'SM_Prod'",
      'media: \\\\files\\media',
      'objectives: { rpo: 24h, rto: 4h }',
      'sql:',
      '  authentication: ntlm',
      '  encrypt: false',
      '  port: 1433',
      '  collation: SQL_Latin1_General_CP1_CI_AS',
      '  user: 42',
      'managementPacks: [a]',
      '---',
      '',
    ].join('\n');
    const { settings } = parseRunbook(text);
    assert.equal(settings.title?.value, 'Drill');
    assert.equal(settings.managementGroup?.value, 'SM_Prod');
    assert.deepStrictEqual(settings.managementGroup?.range, {
      start: { line: 3, character: 17 },
      end: { line: 3, character: 26 },
    });
    assert.equal(settings.media?.value, '\\\\files\\media');
    assert.equal(settings.objectives.rpo?.value, '24h');
    assert.equal(settings.objectives.rto?.value, '4h');
    assert.equal(settings.sql.authentication?.value, 'ntlm');
    assert.equal(settings.sql.encrypt?.value, false);
    assert.equal(settings.sql.port?.value, 1433);
    assert.equal(settings.sql.collation?.value, 'SQL_Latin1_General_CP1_CI_AS');
    assert.equal(settings.sql.user, undefined, 'a number is no login name');
    assert.equal(settings.managementPacks, undefined, 'a list is no folder');
    assert.equal(settings.permissionScripts, undefined);
  });

  it('reads any text value back as written, wherever it stands', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const text = `---\nsmdr: 1\nmanagementGroup: ${JSON.stringify(value)}\n---\n`;
        const { settings } = parseRunbook(text);
        assert.equal(settings.managementGroup?.value, value);
        assert.equal(settings.managementGroup?.range.start.line, 2);
      }),
      { numRuns: 300 },
    );
  });
});
