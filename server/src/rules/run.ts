/**
 * Every rule on a parsed runbook, suppression comments applied, in rule order.
 *
 * What a scenario section's rules find depends only on the section's text and on what they read of
 * the front matter (servers' fields and settings as recorded by `Snapshot`, the version, the database
 * names, the placeholders' values): it is memoized by its text, and reused while what it read is the
 * same, so that a keystroke re-checks the section it falls in, and an edit of a server only the
 * sections that read that server's field (or that field of every server). The rules that
 * look across sections (duplicates, coverage, unclosed fences, stray steps) run on the model each
 * time. Findings keep the order in which the rules ran on the whole runbook, which decides the order
 * of findings at the same position.
 */
import type { FrontMatter, Runbook, Section, Step } from '../runbook/model';
import { resolvePlaceholder } from '../runbook/placeholders';
import { Memo } from '../runbook/memo';
import { shiftRange } from '../runbook/source';
import { checkCodeBlock } from './codeBlocks';
import type { Finding } from './finding';
import { checkFrontMatter } from './frontMatter';
import { checkStepGeneration } from './generation';
import { hiddenInAttributes, hiddenInCode, hiddenInFrontMatter } from './hiddenCharacters';
import { checkInventory, unfilledValues } from './inventory';
import { checkScenarioSection, scenarioCoverage, scenarioDuplicates } from './scenarios';
import { checkFences, checkSectionSteps, checkStep, checkStrayStep } from './steps';
import { Snapshot, type Reads } from './reads';
import { applySuppressions } from './suppression';

interface SectionFindings {
  scenario: Finding[];
  steps: Finding[];
  stepChecks: Finding[];
  codeBlocks: Finding[];
  /** SMDR006 in the code blocks of the section's steps (those of steps nested in them included). */
  hidden: Finding[];
  generation: Finding[];
}

interface Stored {
  /** The line the findings' positions are for. */
  line: number;
  findings: SectionFindings;
  /** What the section's rules read of the servers and settings, and of which front matter (by id). */
  reads: Reads;
  frontMatter: number;
}

// The front matter's and the inventory's own findings, at the top of the text where they stay. By the
// front matter's model, which the parse keeps while the front matter's text is the same (parse.ts).
const heads = new WeakMap<FrontMatter, Finding[]>();
// By the few facts every section reads (`sectionFacts`), then by section text: at most 4 M characters
// of section text each (a 20,000-line runbook is about 0.6 M).
const bySections = new Memo<string, Memo<string, Stored>>(4);
// Ids of the front matters' models: between two keystrokes in the body, the front matter is the same.
const frontMatterIds = new WeakMap<Runbook['inventory'], number>();
let nextId = 0;

/** `fromScratch` checks every section again, reusing nothing: what the memoized findings must equal. */
export function checkRunbook(
  runbook: Runbook,
  more: readonly Finding[] = [],
  fromScratch = false,
): Finding[] {
  // Without a closed front matter, SMDR001 stands on the first line, whatever it holds: not kept.
  const kept = !fromScratch && runbook.frontMatter?.closeLine !== undefined ? runbook.frontMatter : undefined;
  let head = kept && heads.get(kept);
  if (!head) {
    const found = [...checkFrontMatter(runbook), ...hiddenInFrontMatter(runbook), ...checkInventory(runbook)];
    head = [...found, ...unfilledValues(runbook, found)];
    if (kept) heads.set(kept, head);
  }
  const sectionMemo = bySections.get(sectionFacts(runbook), () => new Memo<string, Stored>(8_192, 4_000_000));
  const snapshot = new Snapshot(runbook);
  const sections = runbook.sections.map((section) =>
    fromScratch ? checkSection(runbook, section) : sectionFindings(sectionMemo, snapshot, section),
  );
  const stray = runbook.straySteps;
  const strayCode = stray.map((step) => checkCodeBlock(runbook, step, undefined));
  const codeBlocks = [...sections.flatMap((s) => s.codeBlocks), ...strayCode.flat()];
  const findings = [
    ...head,
    ...sections.flatMap((s) => s.scenario),
    ...scenarioDuplicates(runbook),
    ...scenarioCoverage(runbook),
    ...sections.flatMap((s) => s.steps),
    ...stray.map(checkStrayStep),
    ...sections.flatMap((s) => s.stepChecks),
    ...stray.flatMap((step) => checkStep(runbook, step)),
    ...checkFences(runbook),
    ...hiddenInAttributes(runbook),
    ...sections.flatMap((s) => s.hidden),
    ...hiddenInCode(runbook, strayPlaces(runbook).outside),
    ...codeBlocks,
    ...more,
    ...sections.flatMap((s) => s.generation),
    ...stray.flatMap((step) => checkStepGeneration(runbook, step, undefined, codeBlocks)),
  ];
  return applySuppressions(runbook, findings);
}

/**
 * What every section's rules read of the front matter besides the servers and settings (`Snapshot`
 * records those): whether the inventory is usable, the version, the database names.
 */
function sectionFacts(runbook: Runbook): string {
  const { inventory } = runbook;
  return JSON.stringify([
    inventory.usable,
    inventory.version?.value,
    [...inventory.databaseNames].map(([name, chosen]) => [name, chosen.value]),
  ]);
}

function frontMatterId(runbook: Runbook): number {
  let id = frontMatterIds.get(runbook.inventory);
  if (id === undefined) {
    id = nextId++;
    frontMatterIds.set(runbook.inventory, id);
  }
  return id;
}

const SERVER_HEADS = new Set(['servers', 'failed', 'target']);

/** The section's text, and what its placeholders that name other top-level keys resolve to. */
function sectionKey(runbook: Runbook, section: Section): string {
  const text = sectionText(runbook, section);
  const steps = [...section.steps, ...nestedIn(runbook, section)];
  const others = steps
    .flatMap((step) => step.codeBlocks.flatMap((block) => block.placeholders))
    .filter((p) => !SERVER_HEADS.has(p.path.split('.')[0]!))
    .map((p) => resolvePlaceholder(runbook, p.path, undefined));
  return others.length === 0 ? text : `${text}\u0000${JSON.stringify(others)}`;
}

function sectionText(runbook: Runbook, section: Section): string {
  const source = runbook.source;
  const start = source.offsetAt({ line: section.startLine, character: 0 });
  const end =
    section.endLine + 1 < source.lineCount
      ? source.offsetAt({ line: section.endLine + 1, character: 0 })
      : source.text.length;
  return source.text.slice(start, end);
}

function sectionFindings(memo: Memo<string, Stored>, snapshot: Snapshot, section: Section): SectionFindings {
  const runbook = snapshot.base;
  const check = (): Stored => {
    const { result, reads } = snapshot.record((tracked) => checkSection(tracked, section));
    return { line: section.startLine, findings: result, reads, frontMatter: frontMatterId(runbook) };
  };
  const stored = memo.get(sectionKey(runbook, section), check);
  const id = frontMatterId(runbook);
  if (stored.frontMatter !== id) {
    if (snapshot.matches(stored.reads)) stored.frontMatter = id;
    else Object.assign(stored, check());
  }
  if (stored.line !== section.startLine) {
    const by = section.startLine - stored.line;
    const shift = (list: Finding[]) => list.map((f) => shiftFinding(f, by));
    const f = stored.findings;
    stored.findings = {
      scenario: shift(f.scenario),
      steps: shift(f.steps),
      stepChecks: shift(f.stepChecks),
      codeBlocks: shift(f.codeBlocks),
      hidden: shift(f.hidden),
      generation: shift(f.generation),
    };
    stored.line = section.startLine;
  }
  return stored.findings;
}

function checkSection(runbook: Runbook, section: Section): SectionFindings {
  const codeBlocks = section.steps.map((step) => checkCodeBlock(runbook, step, section));
  // A stray step nested in one of this section's steps can share its code block: what it reports
  // about a placeholder there is reported already (rules/generation.ts).
  const nestedSteps = nestedIn(runbook, section);
  const nested = nestedSteps.flatMap((step) => checkCodeBlock(runbook, step, undefined));
  const hidden = hiddenInCode(runbook, [...section.steps, ...nestedSteps]);
  return {
    scenario: checkScenarioSection(runbook, section),
    steps: checkSectionSteps(runbook, section),
    stepChecks: section.steps.flatMap((step) => checkStep(runbook, step)),
    codeBlocks: codeBlocks.flat(),
    hidden,
    generation: section.steps.flatMap((step, i) =>
      checkStepGeneration(runbook, step, section, [...codeBlocks[i]!, ...nested, ...hidden]),
    ),
  };
}

interface StrayPlaces {
  /** The stray steps nested in a section's steps, by section: checked with it. */
  inside: Map<Section, Step[]>;
  /** The stray steps outside every scenario section. */
  outside: Step[];
}

// By the parse's list of stray steps: a section's rules see the same list through their view of the runbook.
const strayPlacesOf = new WeakMap<readonly Step[], StrayPlaces>();

/**
 * Where each stray step stands. Sections and stray steps are both in line order: one pass over each,
 * once per parse (every section asks, on every analysis).
 */
function strayPlaces(runbook: Runbook): StrayPlaces {
  const known = strayPlacesOf.get(runbook.straySteps);
  if (known) return known;
  const places: StrayPlaces = { inside: new Map(), outside: [] };
  const sections = runbook.sections;
  let i = 0;
  for (const step of runbook.straySteps) {
    while (i < sections.length && sections[i]!.endLine < step.startLine) i++;
    const section = sections[i];
    if (!section || step.startLine <= section.startLine || step.startLine > section.endLine)
      places.outside.push(step);
    else {
      const nested = places.inside.get(section);
      if (nested) nested.push(step);
      else places.inside.set(section, [step]);
    }
  }
  strayPlacesOf.set(runbook.straySteps, places);
  return places;
}

const nestedIn = (runbook: Runbook, section: Section): readonly Step[] =>
  strayPlaces(runbook).inside.get(section) ?? [];

function shiftFinding(finding: Finding, by: number): Finding {
  return {
    ...finding,
    range: shiftRange(finding.range, by),
    ...(finding.fixes && {
      fixes: finding.fixes.map((fix) => ({
        ...fix,
        edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, by) })),
      })),
    }),
  };
}
