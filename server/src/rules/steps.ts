/** SMDR301–306, 313–315: each section holds the steps its procedure requires, in order. */
import type { Procedure } from '../domain/procedures';
import { FREE_STEP_KINDS, STEP_KINDS, type StepKind } from '../domain/vocabulary';
import { findServer, type Runbook, type Section, type Step } from '../runbook/model';
import { scenarioInfo } from '../runbook/scenario';
import type { SourceText } from '../runbook/source';
import { RULES } from './catalog';
import { insertFix, replaceFix, type Finding, type Fix } from './finding';
import { has } from './inventory';
import { list, nearest } from './nearest';

const STEP_ATTRIBUTES = ['step', 'server', 'destructive'];

/**
 * The rules run by section (`checkSectionSteps`), by step (`checkStep`, `checkStrayStep`) and on the
 * whole text (`checkFences`); rules/run.ts runs them in that order and memoizes the first two by section.
 */
export function checkFences(runbook: Runbook): Finding[] {
  return runbook.fences
    .filter((f) => !f.closed)
    .map((fence) => ({
      rule: RULES.fenceUnclosed,
      message: 'This code block is never closed: everything after it, headings included, is read as code.',
      range: runbook.source.lineRange(fence.startLine),
    }));
}

export function checkStrayStep(step: Step): Finding {
  return {
    rule: RULES.stepOutsideScenario,
    message:
      step.heading.level === 3
        ? 'This step is outside any scenario section: put it under a `## ... {scenario=...}` heading.'
        : `Steps are level-3 headings (\`###\`) inside a scenario section; this one is level ${step.heading.level}.`,
    range: step.kind!.range,
  };
}

export function checkStep(runbook: Runbook, step: Step): Finding[] {
  const findings: Finding[] = [];
  for (const a of step.heading.attrs) {
    if (STEP_ATTRIBUTES.includes(a.key) || a.key === 'id' || a.key === 'class') continue;
    const suggestion = nearest(a.key, STEP_ATTRIBUTES);
    findings.push({
      rule: RULES.unknownKey,
      message: `Unknown attribute \`${a.key}\` on a step heading.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Known: ${list(STEP_ATTRIBUTES)}.`}`,
      range: a.range,
      fixes: suggestion ? [replaceFix(`Rename to \`${suggestion}\``, a.keyRange, suggestion)] : undefined,
    });
  }
  const kind = step.kind!.value;
  if (kind === 'custom' && step.codeBlocks.length === 0) {
    findings.push({
      rule: RULES.commandMissing,
      message:
        'A `custom` step runs its code block, and this one has none: add a fenced block with the command.',
      range: step.heading.titleRange,
    });
  }
  for (const extra of step.codeBlocks.slice(1)) {
    findings.push({
      rule: RULES.commandsMultiple,
      message:
        'A step runs one code block; this second one would be ignored. Merge it into the first or make it a step of its own.',
      range: runbook.source.lineRange(extra.fence.startLine),
    });
  }
  findings.push(...checkStepServer(runbook, step));
  return findings;
}

function checkStepServer(runbook: Runbook, step: Step): Finding[] {
  if (!runbook.inventory.usable) return [];
  const named = step.server;
  if (named) {
    const server = findServer(runbook.inventory, named.value);
    if (!server) {
      const suggestion = nearest(
        named.value,
        runbook.inventory.servers.map((s) => s.name),
      );
      return [
        {
          rule: RULES.stepServerInvalid,
          message: `\`${named.value}\` is not a server of the inventory.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          range: named.valueRange,
          fixes: suggestion
            ? [replaceFix(`Change to \`${suggestion}\``, named.valueRange, suggestion)]
            : undefined,
        },
      ];
    }
    if (step.kind?.value === 'backup-key' && !has(server, 'management') && !has(server, 'data-warehouse')) {
      return [
        {
          rule: RULES.stepServerInvalid,
          message: `${server.name} has no encryption key to back up: only management and data warehouse management servers do.`,
          range: named.valueRange,
        },
      ];
    }
    return [];
  }
  if (step.kind?.value === 'backup-key') {
    return [
      {
        rule: RULES.stepServerInvalid,
        message:
          'Say whose key this step backs up: add `server=` with a management or data warehouse server.',
        range: step.heading.attrBlock ?? step.heading.lineRange,
      },
    ];
  }
  return [];
}

export function checkSectionSteps(runbook: Runbook, section: Section): Finding[] {
  const procedure = scenarioInfo(runbook, section).procedure;
  if (!procedure) return [];
  return [
    ...unknownKinds(section, procedure),
    ...duplicateKinds(section),
    ...missingSteps(runbook.source, section, procedure),
    ...outOfOrder(runbook.source, section, procedure),
  ];
}

function unknownKinds(section: Section, procedure: Procedure): Finding[] {
  return section.steps.flatMap((step) => {
    const kind = step.kind!;
    if ((procedure.allowed as readonly string[]).includes(kind.value)) return [];
    const suggestion = nearest(kind.value, procedure.allowed);
    const known = (STEP_KINDS as readonly string[]).includes(kind.value);
    return [
      {
        rule: RULES.stepUnknown,
        message: `${!kind.value ? 'The step kind is empty' : known ? `\`${kind.value}\` does not belong in this section` : `\`${kind.value}\` is not a step kind`}: a ${describe(procedure)} section takes ${list(procedure.allowed)}.`,
        range: kind.value ? kind.valueRange : kind.range,
        fixes: suggestion
          ? [replaceFix(`Change to \`${suggestion}\``, kind.valueRange, suggestion)]
          : undefined,
      },
    ];
  });
}

function describe(procedure: Procedure): string {
  return procedure.strategy
    ? `\`${procedure.scenario}\` / \`${procedure.strategy}\``
    : `\`${procedure.scenario}\``;
}

function duplicateKinds(section: Section): Finding[] {
  const seen = new Set<string>();
  return section.steps.flatMap((step) => {
    const kind = step.kind!.value;
    if ((FREE_STEP_KINDS as readonly string[]).includes(kind)) return [];
    // The same kind for two different servers (a key backup each) is not a duplicate.
    const key = `${kind}|${step.server?.value.toLowerCase() ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [
      {
        rule: RULES.stepDuplicate,
        message: `\`${kind}\` appears twice in this section: an operator following it would do the step twice.`,
        range: step.kind!.valueRange,
      },
    ];
  });
}

function orderOf(procedure: Procedure, kind: string): number {
  return procedure.steps.findIndex((s) => s.kind === kind);
}

/** The last line of a block with its trailing blank lines left out. */
function lastContentLine(source: SourceText, startLine: number, endLine: number): number {
  let line = endLine;
  while (line > startLine && source.lineText(line).trim() === '') line--;
  return line;
}

function missingSteps(source: SourceText, section: Section, procedure: Procedure): Finding[] {
  const present = new Set(section.steps.map((s) => s.kind!.value));
  return procedure.steps.flatMap((required, index) => {
    if (present.has(required.kind) || required.missingSeverity === 'optional') return [];
    // Insert before the first present step that must come after this one, else at the end of the section.
    const next = section.steps.find((s) => orderOf(procedure, s.kind!.value) > index);
    const line = next ? next.startLine : lastContentLine(source, section.startLine, section.endLine) + 1;
    const text = `${next ? '' : '\n'}### ${required.title} {step=${required.kind}}\n\n`;
    return [
      {
        rule: RULES.stepMissing,
        severity: required.missingSeverity,
        message:
          required.missingSeverity === 'error'
            ? `The \`${required.kind}\` step is missing: ${describe(procedure)} needs ${list(procedure.steps.filter((s) => s.missingSeverity === 'error').map((s) => s.kind))}, in this order.`
            : `The \`${required.kind}\` step is expected: after a promotion, install a new additional management server so that one can be promoted next time.`,
        range: section.heading.titleRange,
        fixes: [insertFix(`Insert the \`${required.kind}\` step`, source, line, text)],
      },
    ];
  });
}

function outOfOrder(source: SourceText, section: Section, procedure: Procedure): Finding[] {
  const ordered = section.steps.filter((s) => orderOf(procedure, s.kind!.value) >= 0);
  return ordered.flatMap((step, position) => {
    const rank = orderOf(procedure, step.kind!.value);
    const laterPrerequisites = ordered
      .slice(position + 1)
      .filter((other) => orderOf(procedure, other.kind!.value) < rank);
    const last = laterPrerequisites[laterPrerequisites.length - 1];
    if (!last) return [];
    const afterLast = lastContentLine(source, last.startLine, last.endLine) + 1;
    return [
      {
        rule: RULES.stepOrder,
        message: `\`${step.kind!.value}\` must come after ${list(laterPrerequisites.map((s) => s.kind!.value as StepKind))}: ${orderReason(step.kind!.value)}`,
        range: step.kind!.valueRange,
        fixes: [
          moveFix(source, step, afterLast, `Move \`${step.kind!.value}\` after \`${last.kind!.value}\``),
        ],
      },
    ];
  });
}

function orderReason(kind: string): string {
  if (kind.startsWith('install-'))
    return 'Setup needs the restored encryption key and the computer bearing the original name.';
  if (kind === 'restore-key')
    return 'the key is restored on the replacement computer, which must exist with the original name first.';
  if (kind === 'enable-clr' || kind === 'restore-permissions') return 'it acts on the restored databases.';
  return 'the procedure runs in this order.';
}

/** Moves a step (heading, content and trailing blank lines) to just before `beforeLine`. */
function moveFix(source: SourceText, step: Step, beforeLine: number, title: string): Fix {
  const contentEnd = lastContentLine(source, step.startLine, step.endLine);
  const block: string[] = [];
  for (let line = step.startLine; line <= contentEnd; line++) block.push(source.lineText(line));
  const insertion = insertFix(title, source, beforeLine, `\n${block.join('\n')}\n`);
  return {
    title,
    edits: [
      {
        range: { start: { line: step.startLine, character: 0 }, end: source.startOfLine(step.endLine + 1) },
        text: '',
      },
      ...insertion.edits,
    ],
  };
}
