/**
 * Bad input never crashes or stalls the service: thousands of generated and mutated runbooks go
 * through analysis and every feature, and each diagnostic's range lies inside the document.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { quickFixes } from '../../server/src/features/codeActions';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { definition, references, rename } from '../../server/src/features/navigation';
import { documentSymbols } from '../../server/src/features/symbols';
import type { Range } from '../../server/src/runbook/source';
import { analyze } from '../../server/src/service';
import { STEP_KINDS } from '../../server/src/domain/vocabulary';
import { CONTOSO, LAB } from '../helpers';

const TIME_BOUND_MS = 1000;

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function assertInside(text: string, range: Range, what: string): void {
  const all = lines(text);
  const inside = (p: Range['start']) =>
    p.line >= 0 && p.line < all.length && p.character >= 0 && p.character <= all[p.line]!.length;
  assert.ok(
    inside(range.start) && inside(range.end),
    `${what} range ${JSON.stringify(range)} outside the document`,
  );
  assert.ok(
    range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character),
    `${what} range is reversed`,
  );
}

/** Runs analysis and every feature at a few positions; asserts the time bound and the ranges. */
export function exercise(text: string, probes: { line: number; character: number }[] = []): void {
  const started = performance.now();
  const { runbook, findings } = analyze(text);
  for (const finding of findings) {
    assertInside(text, finding.range, finding.rule.code);
    for (const fix of finding.fixes ?? [])
      for (const e of fix.edits) assertInside(text, e.range, `${finding.rule.code} fix`);
  }
  const lineCount = lines(text).length;
  for (const probe of probes) {
    const position = {
      line: probe.line % lineCount,
      character: probe.character % ((lines(text)[probe.line % lineCount]?.length ?? 0) + 1),
    };
    complete(runbook, position);
    hover(runbook, position);
    definition(runbook, position);
    references(runbook, position, true);
    rename(runbook, position, 'NEWNAME');
    quickFixes({ runbook, findings }, { start: position, end: position });
  }
  documentSymbols(runbook);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < TIME_BOUND_MS, `took ${elapsed.toFixed(0)} ms`);
}

const TOKENS = [
  '---',
  '\n',
  '{',
  '}',
  '=',
  '"',
  "'",
  '```',
  '~~~',
  '#',
  '## ',
  '### ',
  '${',
  '}',
  '*a',
  '&a ',
  ':',
  '- ',
  '  ',
  '\t',
  '\r\n',
  '\u0000',
  '😀',
  '\uFEFF',
  '<!-- smdr-disable -->',
  '{step=',
  'scenario=',
  'failed=SM01',
  '\\',
  '[',
  ']',
  '!!binary',
  '? ',
  '|',
  '>',
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = m.at % (result.length + 1);
    if (m.kind === 'insert') result = result.slice(0, at) + m.text + result.slice(at);
    else if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + m.length);
    else {
      const all = result.split('\n');
      const index = m.at % all.length;
      all.splice(index, 0, all[index]!);
      result = all.join('\n');
    }
  }
  return result;
}

const probes = fc.array(fc.record({ line: fc.nat(200), character: fc.nat(120) }), { maxLength: 4 });

const name = fc.stringMatching(/^[\w-]{0,18}$/);
const generatedRunbook = fc
  .record({
    servers: fc.array(
      fc.record({
        name,
        role: fc.constantFrom('management', 'data-warehouse', 'database', 'other'),
        primary: fc.boolean(),
        key: fc.option(fc.string({ maxLength: 20 })),
      }),
      { maxLength: 6 },
    ),
    sections: fc.array(
      fc.record({
        scenario: fc.constantFrom('management-server', 'data-warehouse', 'database', 'preparation', 'x'),
        failed: name,
        strategy: fc.constantFrom('promote', 'replace', '', 'y'),
        target: name,
        steps: fc.array(
          fc.record({
            kind: fc.constantFrom(...STEP_KINDS, 'nope'),
            code: fc.option(fc.string({ maxLength: 40 })),
          }),
          { maxLength: 6 },
        ),
      }),
      { maxLength: 5 },
    ),
  })
  .map(({ servers, sections }) => {
    const front = ['---', 'smdr: 1', 'managementGroup: G', 'servers:'];
    for (const s of servers) {
      front.push(`  ${s.name || 'X'}:`, `    role: ${s.role}`, `    primary: ${s.primary}`);
      if (s.key !== null) front.push(`    keyBackup: ${JSON.stringify(s.key)}`);
    }
    front.push('---', '');
    for (const section of sections) {
      front.push(
        `## S {scenario=${section.scenario} failed=${section.failed} strategy=${section.strategy} target="${section.target}"}`,
        '',
      );
      for (const step of section.steps) {
        front.push(`### Step {step=${step.kind}}`);
        if (step.code !== null) front.push('```sh', `echo \${${step.code}}`, '```');
        front.push('');
      }
    }
    return front.join('\n');
  });

describe('bad input', () => {
  it('survives mutated runbooks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(CONTOSO, LAB),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        probes,
        (base, mutations, at) => {
          exercise(mutate(base, mutations), at);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('survives generated runbooks', () => {
    fc.assert(
      fc.property(generatedRunbook, probes, (text, at) => exercise(text, at)),
      { numRuns: 1000 },
    );
  });

  it('survives arbitrary text and binary garbage', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        probes,
        (text, at) => exercise(text, at),
      ),
      { numRuns: 1000 },
    );
  });

  it('survives odd attribute quoting and unterminated constructs', () => {
    const cases = [
      '---\nsmdr: 1\n---\n## A {scenario="management-server failed=SM01}\n',
      '---\nsmdr: 1\n---\n## A {scenario=\'x\' failed="a b" strategy=}\n### S {step="" server=}\n',
      '---\nsmdr: 1\n---\n## A {scenario=database {failed=X}}\n### {step=manual}\n```\n',
      '---\n---\n',
      '---\n',
      '---\r\nsmdr: 1\r\nservers:\r\n  SM01:\r\n    role: management\r\n---\r\n## A {scenario=management-server failed=SM01}\r\n',
      `---\nsmdr: 1\nservers: ${'['.repeat(5000)}\n---\n`,
      `---\nsmdr: 1\n${'  '.repeat(2000)}a: 1\n---\n`,
      '\uFEFF---\nsmdr: 1\n---\n',
      '## A {scenario=preparation}\n### B {step=backup-key server=${x}}\n```powershell\n${${${}}}\n```',
    ];
    for (const text of cases)
      exercise(text, [
        { line: 1, character: 3 },
        { line: 3, character: 10 },
      ]);
  });

  it('handles a 10 MB runbook', () => {
    const [front, body] = [CONTOSO.slice(0, CONTOSO.indexOf('\n# ')), CONTOSO.slice(CONTOSO.indexOf('\n# '))];
    let text = front;
    while (text.length < 10 * 1024 * 1024) text += body;
    const started = performance.now();
    const { findings } = analyze(text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 30_000, `10 MB took ${elapsed.toFixed(0)} ms`);
    for (const f of findings.slice(0, 1000)) assertInside(text, f.range, f.rule.code);
    assert.ok(
      findings.some((f) => f.rule.code === 'SMDR208'),
      'the repeated sections are duplicates',
    );
  });
});
