/**
 * SMDR006: invisible and bidirectional formatting characters where the runbook's text becomes a value
 * or a command. VS Code turns its Unicode highlighting off in Markdown (`[markdown]`
 * `editor.unicodeHighlight.invisibleCharacters` and `ambiguousCharacters` are false), so a runbook
 * handed on by a colleague can hold a "Trojan Source" override that reorders what is shown, or an
 * invisible character that makes a name or a command other than it looks. Looked for in the front
 * matter (keys, values and comments alike: the YAML is all values), in headings' `{...}` attribute
 * blocks and in the code blocks of steps; not in prose or heading titles, where right-to-left
 * languages need their marks.
 */
import { FIRST_TAG, HIDDEN_RUNS, hiddenName } from '../runbook/hiddenCharacters';
import type { Fence } from '../runbook/markdown';
import type { Runbook, Step } from '../runbook/model';
import type { Range, SourceText } from '../runbook/source';
import { RULES } from './catalog';
import { replaceFix, type Finding } from './finding';

// Tag characters U+E0020–U+E007E mirror printable ASCII: the message says what they spell.
const TAG_SPACE = 0xe0020;
const TAG_TILDE = 0xe007e;
const SHOWN_KINDS = 3;
const SHOWN_TAG_TEXT = 40;

type Place =
  | 'in the front matter'
  | 'in the heading attributes'
  | 'in the title before the attributes'
  | 'in this code block';

/**
 * Before a `{...}` block, the title may hold right-to-left text and its marks, but not an embedding,
 * override or isolate: one there reorders the attributes after it as they are shown.
 */
const REORDERING = /[\u202A-\u202E\u2066-\u2069]+/gu;

/** What a run of hidden characters is, in words (each kind once, the first few), and where it stands. */
function describeRun(run: string, place: Place): string {
  const codes = [...run].map((c) => c.codePointAt(0)!);
  const kinds = [...new Set(codes)];
  const named = kinds.slice(0, SHOWN_KINDS).map(hiddenName).join(', ');
  const more = kinds.length > SHOWN_KINDS ? ` and ${kinds.length - SHOWN_KINDS} other kinds` : '';
  const what =
    codes.length === 1 ? `Hidden character ${named}` : `${codes.length} hidden characters (${named}${more})`;
  const spelt = codes
    .filter((c) => c >= TAG_SPACE && c <= TAG_TILDE)
    .map((c) => String.fromCharCode(c - FIRST_TAG))
    .join('');
  if (!spelt) return `${what} ${place}`;
  const shown = spelt.length > SHOWN_TAG_TEXT ? `${spelt.slice(0, SHOWN_TAG_TEXT)}...` : spelt;
  return `${what} ${place}, spelling out ${JSON.stringify(shown)}`;
}

/** How many runs one place reports; the rest are one finding, so a planted flood costs little. */
const REPORTED_RUNS = 100;

/** Every run of hidden characters between two offsets of the text, at most REPORTED_RUNS and one for the rest. */
function hiddenBetween(
  source: SourceText,
  start: number,
  end: number,
  place: Place,
  pattern = HIDDEN_RUNS,
): Finding[] {
  const findings: Finding[] = [];
  const text = source.text.slice(start, end);
  let more = 0;
  let moreStart = 0;
  let moreEnd = 0;
  for (const match of text.matchAll(pattern)) {
    const run = match[0];
    const at = start + match.index;
    if (findings.length === REPORTED_RUNS) {
      if (more++ === 0) moreStart = at;
      moreEnd = at + run.length;
      continue;
    }
    const range = source.range(at, at + run.length);
    const one = [...run].length === 1;
    findings.push({
      rule: RULES.hiddenCharacter,
      message: `${describeRun(run, place)}: VS Code does not show ${one ? 'it' : 'them'} in Markdown, and ${one ? 'it' : 'they'} would make the text read differently from what runs. Remove ${one ? 'it' : 'them'}.`,
      range,
      fixes: [replaceFix(one ? 'Remove the hidden character' : 'Remove the hidden characters', range, '')],
    });
  }
  if (more > 0)
    findings.push({
      rule: RULES.hiddenCharacter,
      message: `${more} more runs of hidden characters ${place}, up to here: remove every one (only the first ${REPORTED_RUNS} are shown one by one).`,
      range: source.range(moreStart, moreEnd),
    });
  return findings;
}

/** The whole front matter, from its opening `---` to its closing one. */
export function hiddenInFrontMatter(runbook: Runbook): Finding[] {
  const closeLine = runbook.frontMatter?.closeLine;
  if (closeLine === undefined) return [];
  const source = runbook.source;
  const end = source.offsetAt({ line: closeLine, character: source.lineText(closeLine).length });
  return hiddenBetween(source, 0, end, 'in the front matter');
}

/** The `{...}` blocks of every heading, and the titles before them: few and short, so read on each analysis. */
export function hiddenInAttributes(runbook: Runbook): Finding[] {
  const source = runbook.source;
  const between = (range: Range, place: Place, pattern?: RegExp) =>
    hiddenBetween(source, source.offsetAt(range.start), source.offsetAt(range.end), place, pattern);
  return runbook.headings.flatMap((heading) =>
    heading.attrBlock
      ? [
          ...between(heading.titleRange, 'in the title before the attributes', REORDERING),
          ...between(heading.attrBlock, 'in the heading attributes'),
        ]
      : [],
  );
}

/**
 * The code blocks of `steps`, each once (a step nested in another shares its blocks), fence lines
 * included: a hidden character in the info string changes the language, in the body the command.
 */
export function hiddenInCode(runbook: Runbook, steps: readonly Step[]): Finding[] {
  const source = runbook.source;
  const seen = new Set<Fence>();
  const findings: Finding[] = [];
  for (const step of steps) {
    for (const { fence } of step.codeBlocks) {
      if (seen.has(fence)) continue;
      seen.add(fence);
      const start = source.offsetAt({ line: fence.startLine, character: 0 });
      const end = source.offsetAt({ line: fence.endLine, character: source.lineText(fence.endLine).length });
      for (const finding of hiddenBetween(source, start, end, 'in this code block')) findings.push(finding);
    }
  }
  return findings;
}
