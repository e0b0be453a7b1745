/**
 * Every PowerShell command smdr generates or renders is read by PowerShell's own parser
 * (Parser.ParseInput in pwsh 7.6.9): no syntax error, for every step kind, remoting on and off, on the
 * examples and on inventories whose every value is hostile. Each inventory value lands in exactly one
 * single-quoted StringConstantExpressionAst, checked by the AST's offsets: no character of it stands
 * in code, in an expandable string, or split across literals.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { planRunbook, type PlannedStep } from '../../server/src/stepScripts/plan';
import type { RemotingOptions } from '../../server/src/stepScripts/powershell';
import { STEP_KINDS } from '../../server/src/domain/vocabulary';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, LAB } from '../helpers';
import { hostile, hostileRunbook, markersIn, SLOT_COUNT } from './inventory';
import { startPwsh, type Parsed, type Pwsh } from './pwsh';

const { pwsh, skip } = startPwsh();
after(() => pwsh?.close());

const REMOTING: RemotingOptions[] = [
  { remoting: true },
  { remoting: false },
  { remoting: true, localComputer: 'SM02' },
];

/** Every step kind but the T-SQL ones and `manual`: a new kind must show up in these tests. */
const TSQL_KINDS = ['promote-workflow-server', 'restore-databases', 'enable-clr'];
const POWERSHELL_KINDS = STEP_KINDS.filter((k) => k !== 'manual' && !TSQL_KINDS.includes(k));

/**
 * The runbook's PowerShell steps. The plan is made as if the runbook had no errors: a hostile fqdn or
 * instance name is an error that keeps its steps from running, but the generators must be safe with
 * any value, whatever validation catches first.
 */
function powershellSteps(text: string, options: RemotingOptions): { name: string; step: PlannedStep }[] {
  return planRunbook(parseRunbook(text), options, []).flatMap((scenario) =>
    scenario.steps
      .filter((step) => step.language === 'powershell')
      .map((step) => ({ name: `${scenario.title} / ${step.title} (${JSON.stringify(options)})`, step })),
  );
}

function describeParse(parsed: Parsed, command: string): string {
  return `${parsed.errors.map((e) => `${e.message} at ${JSON.stringify(command.slice(e.start, e.end + 20))}`).join('\n')}\n---\n${command}`;
}

/** How a value may stand inside a literal: as itself, or inside T-SQL carried by a PowerShell string. */
function forms(value: string): string[] {
  return [value, value.replace(/'/g, "''"), value.replace(/\]/g, ']]')];
}

async function checkCommand(pwsh: Pwsh, name: string, command: string, values: Map<string, string>) {
  const parsed = await pwsh.parse(command);
  assert.deepEqual(
    parsed.errors,
    [],
    `${name}: PowerShell cannot parse it:\n${describeParse(parsed, command)}`,
  );
  for (const { marker, offset } of markersIn(command)) {
    const value = values.get(marker)!;
    const holders = parsed.strings.filter(
      (s) => s.start <= offset && offset < s.end && s.kind !== 'BareWord',
    );
    const literal = holders.at(-1);
    assert.ok(literal, `${name}: ${JSON.stringify(value)} stands in code at ${offset}:\n${command}`);
    assert.equal(
      literal.ast,
      'StringConstantExpressionAst',
      `${name}: ${JSON.stringify(value)} is in ${literal.ast}`,
    );
    assert.equal(
      literal.kind,
      'SingleQuoted',
      `${name}: ${JSON.stringify(value)} is in a ${literal.kind} string`,
    );
    assert.equal(holders.length, 1, `${name}: ${JSON.stringify(value)} is inside nested strings`);
    assert.ok(
      forms(value).some((form) => literal.value.includes(form)),
      `${name}: ${JSON.stringify(value)} is not whole in its literal ${JSON.stringify(literal.value)}`,
    );
  }
}

describe('generated PowerShell read by PowerShell 7.6.9', { skip }, () => {
  it('parses every PowerShell step of the examples, remoting on, off and local, covering every kind', async () => {
    const kinds = new Set<string>();
    for (const text of [CONTOSO, LAB]) {
      for (const options of REMOTING) {
        for (const { name, step } of powershellSteps(text, options)) {
          kinds.add(step.kind);
          await checkCommand(pwsh!, name, step.command!, new Map());
        }
      }
    }
    // The examples have no custom step (the hostile runbooks below do).
    assert.deepEqual([...kinds].sort(), POWERSHELL_KINDS.filter((k) => k !== 'custom').sort());
  });

  it('puts every hostile inventory value in one single-quoted literal, in every step kind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostile, { minLength: SLOT_COUNT, maxLength: SLOT_COUNT }),
        async (attacks) => {
          const { text, values } = hostileRunbook(attacks);
          const kinds = new Set<string>();
          let placed = 0;
          for (const options of REMOTING) {
            for (const { name, step } of powershellSteps(text, options)) {
              kinds.add(step.kind);
              placed += markersIn(step.command!).length;
              await checkCommand(pwsh!, name, step.command!, values);
            }
          }
          assert.deepEqual([...kinds].sort(), [...POWERSHELL_KINDS].sort());
          assert.ok(placed > 0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps a value whole through every quote PowerShell knows, one at a time', async () => {
    for (const attack of [
      "'",
      '\u2018',
      '\u2019',
      '\u201A',
      '\u201B',
      "''",
      "'@",
      "@'",
      '`',
      '$(whoami)',
      '<#',
      '#',
    ]) {
      const { text, values } = hostileRunbook(Array(SLOT_COUNT).fill(attack));
      for (const { name, step } of powershellSteps(text, { remoting: true }))
        await checkCommand(pwsh!, `${JSON.stringify(attack)} ${name}`, step.command!, values);
    }
  });
});
