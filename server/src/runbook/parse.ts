/** Text → Runbook. Never throws: whatever cannot be read is left out of the model and reported by the rules. */
import { commandLanguageOf } from '../domain/vocabulary';
import { readDatabaseNames, readServers, readSettings, readVersion } from './inventory';
import { parseMarkdown, type Fence, type FrontMatterBlock, type Heading } from './markdown';
import { Memo } from './memo';
import {
  attr,
  type CodeBlock,
  type FrontMatter,
  type Placeholder,
  type Runbook,
  type Section,
  type Step,
} from './model';
import { SourceText } from './source';
import { PLACEHOLDER } from '../code/placeholderText';

import { asMap, parseYaml } from './yamlTree';

/**
 * `fromScratch` parses the whole text in one piece, reusing nothing from earlier parses: the reference
 * the incremental parse (sections, front-matter entries) must equal, for the tests.
 */
export function parseRunbook(text: string, { fromScratch = false } = {}): Runbook {
  const source = new SourceText(text);
  const outline = parseMarkdown(source, fromScratch);
  const block = outline.frontMatter;
  // The front matter's model depends only on its own lines (the `---` line included, for its range).
  const head =
    block?.closeLine === undefined || fromScratch
      ? readFrontMatter(source, block, fromScratch)
      : frontMatters.get(
          source.text.slice(0, source.offsetAt({ line: block.closeLine + 1, character: 0 })),
          () => readFrontMatter(source, block, false),
        );
  const { sections, straySteps } = buildSections(source, outline.headings, outline.fences);
  return {
    source,
    ...head,
    sections,
    straySteps,
    headings: outline.headings,
    fences: outline.fences,
    comments: outline.comments,
  };
}

// A few runbooks open at once: between two keystrokes in the body, the front matter is the same.
const frontMatters = new Memo<string, Pick<Runbook, 'frontMatter' | 'inventory' | 'settings'>>(4);

function readFrontMatter(
  source: SourceText,
  block: FrontMatterBlock | undefined,
  fromScratch: boolean,
): Pick<Runbook, 'frontMatter' | 'inventory' | 'settings'> {
  let frontMatter: FrontMatter | undefined;
  if (block) {
    const parsed =
      block.closeLine === undefined
        ? { root: undefined, problems: [] }
        : parseYaml(source, block.yamlText, block.yamlOffset, fromScratch);
    frontMatter = {
      openRange: source.lineRange(0),
      closeLine: block.closeLine,
      root: asMap(parsed.root),
      problems: parsed.problems,
    };
  }
  const usable =
    !!frontMatter &&
    frontMatter.closeLine !== undefined &&
    frontMatter.problems.length === 0 &&
    !!frontMatter.root;
  return {
    frontMatter,
    inventory: {
      servers: usable ? readServers(frontMatter?.root) : [],
      version: usable ? readVersion(frontMatter?.root) : undefined,
      databaseNames: usable ? readDatabaseNames(frontMatter?.root) : new Map(),
      usable,
    },
    settings: readSettings(frontMatter?.root),
  };
}

function buildSections(source: SourceText, headings: Heading[], fences: Fence[]) {
  const sections: Section[] = [];
  const straySteps: Step[] = [];
  const lastLine = source.lineCount - 1;
  // A heading's block ends before the next heading of the same or a higher level.
  const endOf = (index: number, level: number): number => {
    for (let j = index + 1; j < headings.length; j++) {
      if (headings[j]!.level <= level) return headings[j]!.line - 1;
    }
    return lastLine;
  };
  let current: Section | undefined;
  let fenceIndex = 0;
  headings.forEach((heading, index) => {
    if (heading.level <= 2) current = undefined;
    if (heading.level === 2 && attr(heading, 'scenario')) {
      current = {
        heading,
        scenario: attr(heading, 'scenario'),
        failed: attr(heading, 'failed'),
        strategy: attr(heading, 'strategy'),
        target: attr(heading, 'target'),
        steps: [],
        startLine: heading.line,
        endLine: endOf(index, 2),
      };
      sections.push(current);
      return;
    }
    const kind = attr(heading, 'step');
    if (!kind) return;
    const endLine = endOf(index, Math.max(3, heading.level));
    while (fenceIndex < fences.length && fences[fenceIndex]!.startLine < heading.line) fenceIndex++;
    const codeBlocks: CodeBlock[] = [];
    for (let f = fenceIndex; f < fences.length && fences[f]!.startLine <= endLine; f++) {
      codeBlocks.push({ fence: fences[f]!, placeholders: placeholdersIn(source, fences[f]!) });
    }
    const step: Step = {
      heading,
      kind,
      server: attr(heading, 'server'),
      codeBlocks,
      startLine: heading.line,
      endLine,
    };
    if (current && heading.level === 3) current.steps.push(step);
    else straySteps.push(step);
  });
  return { sections, straySteps };
}

function placeholdersIn(source: SourceText, fence: Fence): Placeholder[] {
  const found: Placeholder[] = [];
  const lastContentLine = fence.closed ? fence.endLine - 1 : fence.endLine;
  for (let line = fence.startLine + 1; line <= lastContentLine; line++) {
    for (const match of source.lineText(line).matchAll(PLACEHOLDER)) {
      const start = match.index;
      const raw = match[1]!;
      const lead = raw.length - raw.trimStart().length;
      found.push({
        path: raw.trim(),
        range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
        pathRange: {
          start: { line, character: start + 2 + lead },
          end: { line, character: start + 2 + lead + raw.trim().length },
        },
      });
    }
  }
  return found;
}

export function languageOf(command: CodeBlock) {
  return commandLanguageOf(command.fence.info);
}
