/**
 * One case per rule, per family (test/unit/rules/<family>.ts): a small runbook written inline, with
 * ⟦...⟧ around each range the rule must report. The examples validating clean (examples.test.ts) is
 * every rule's "does not trigger" case; near misses worth pinning down have their own runbooks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules/catalog';
import { describeFindings, findings } from '../helpers';
import { joinLines, marked } from '../markers';
import type { NearMiss, RuleCase } from './rules/case';
import * as codeBlocks from './rules/codeBlocks';
import * as frontMatter from './rules/frontMatter';
import * as generation from './rules/generation';
import * as hiddenCharacters from './rules/hiddenCharacters';
import * as inventory from './rules/inventory';
import * as scenarios from './rules/scenarios';
import * as steps from './rules/steps';

const FAMILIES: Record<string, { cases: RuleCase[]; nearMisses: NearMiss[] }> = {
  frontMatter,
  hiddenCharacters,
  inventory,
  scenarios,
  steps,
  codeBlocks,
  generation,
};

for (const [family, { cases, nearMisses }] of Object.entries(FAMILIES)) {
  describe(`rules: ${family}`, () => {
    for (const c of cases) {
      it(`${c.code} ${c.name}`, () => {
        const { text, ranges } = marked(c.doc);
        assert.ok(ranges.length > 0, 'the case marks where the finding is expected');
        const reported = findings(text, c.code);
        for (const range of ranges) {
          const match = reported.find((f) => JSON.stringify(f.range) === JSON.stringify(range));
          assert.ok(
            match,
            `expected ${c.code} at ${JSON.stringify(range)}; got:\n${describeFindings(findings(text))}`,
          );
          if (c.severity) assert.equal(match.severity ?? match.rule.severity, c.severity);
          assert.ok(match.message.length > 10, 'the message says something');
        }
      });
    }
    for (const miss of nearMisses) {
      it(`${miss.code} does not trigger: ${miss.name}`, () => {
        const reported = findings(miss.doc, miss.code);
        assert.equal(reported.length, 0, describeFindings(reported));
      });
    }
  });
}

describe('rules', () => {
  it('every rule of the catalogue has a triggering case', () => {
    const covered = new Set([
      ...Object.values(FAMILIES).flatMap((f) => f.cases.map((c) => c.code)),
      // Live findings (SMDR4xx) come from reading servers: test/unit/live.test.ts and test/sql/probe.test.ts.
      ...ALL_RULES.filter((r) => r.code.startsWith('SMDR4')).map((r) => r.code),
      // SMDR318 needs a PowerShell: test/powershell/syntax.test.ts, test/lsp/powershell.test.ts.
      'SMDR318',
    ]);
    assert.deepEqual(
      ALL_RULES.map((r) => r.code).filter((code) => !covered.has(code)),
      [],
    );
  });

  it('a broken front matter does not cascade into inventory rules', () => {
    const text = joinLines(
      '---',
      'smdr: 1',
      'managementGroup: [LAB',
      // Without the parse error: SMDR101 (the underscore), SMDR110 (no primary), SMDR111 (no key).
      'servers:',
      '  SM_01:',
      '    role: management',
      '---',
      '',
    );
    assert.deepEqual([...new Set(findings(text).map((f) => f.rule.code))], ['SMDR001']);
  });

  it('YAML alias bombs are bounded and reported', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const text = `---\nsmdr: 1\n${bomb.join('\n')}\nservers:\n  SM01: *j\n---\n`;
    const started = performance.now();
    const reported = findings(text, 'SMDR001');
    assert.ok(performance.now() - started < 2000, 'bounded');
    assert.ok(
      reported.some((f) => /aliases/.test(f.message)),
      describeFindings(reported),
    );
  });
});
