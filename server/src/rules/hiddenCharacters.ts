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
import type { Fence } from '../runbook/markdown';
import type { Runbook, Step } from '../runbook/model';
import type { SourceText } from '../runbook/source';
import { RULES } from './catalog';
import { replaceFix, type Finding } from './finding';

/**
 * The characters, by code point: bidi embeddings, overrides and isolates, the three directional marks,
 * zero-width and invisible operators, the word joiner, a byte order mark past the start of the file
 * (SourceText drops the one at the start), the soft hyphen, the Mongolian vowel separator, and the
 * tag characters (U+E0000–U+E007F, which can spell out ASCII text that nobody sees).
 */
const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xe0001: 'LANGUAGE TAG',
  0xe007f: 'CANCEL TAG',
};

/** A run of adjacent hidden characters: one finding each. A single class, so linear on any line. */
const HIDDEN =
  /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]+/gu;

const FIRST_TAG = 0xe0000;
// Tag characters U+E0020–U+E007E mirror printable ASCII: the message says what they spell.
const TAG_SPACE = 0xe0020;
const TAG_TILDE = 0xe007e;
const SHOWN_KINDS = 3;
const SHOWN_TAG_TEXT = 40;

type Place = 'in the front matter' | 'in the heading attributes' | 'in this code block';

function nameOf(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[code] ?? (code >= FIRST_TAG ? 'TAG CHARACTER' : 'INVISIBLE CHARACTER');
  return `U+${hex} ${name}`;
}

/** What a run of hidden characters is, in words (each kind once, the first few), and where it stands. */
function describeRun(run: string, place: Place): string {
  const codes = [...run].map((c) => c.codePointAt(0)!);
  const kinds = [...new Set(codes)];
  const named = kinds.slice(0, SHOWN_KINDS).map(nameOf).join(', ');
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

/** Every run of hidden characters between two offsets of the text. */
function hiddenBetween(source: SourceText, start: number, end: number, place: Place): Finding[] {
  const findings: Finding[] = [];
  const text = source.text.slice(start, end);
  for (const match of text.matchAll(HIDDEN)) {
    const run = match[0];
    const at = start + match.index;
    const range = source.range(at, at + run.length);
    const one = [...run].length === 1;
    findings.push({
      rule: RULES.hiddenCharacter,
      message: `${describeRun(run, place)}: VS Code does not show ${one ? 'it' : 'them'} in Markdown, and ${one ? 'it' : 'they'} would make the text read differently from what runs. Remove ${one ? 'it' : 'them'}.`,
      range,
      fixes: [replaceFix(one ? 'Remove the hidden character' : 'Remove the hidden characters', range, '')],
    });
  }
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

/** The `{...}` blocks of every heading: few and short, so read on each analysis. */
export function hiddenInAttributes(runbook: Runbook): Finding[] {
  const source = runbook.source;
  return runbook.headings.flatMap((heading) =>
    heading.attrBlock
      ? hiddenBetween(
          source,
          source.offsetAt(heading.attrBlock.start),
          source.offsetAt(heading.attrBlock.end),
          'in the heading attributes',
        )
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
      findings.push(...hiddenBetween(source, start, end, 'in this code block'));
    }
  }
  return findings;
}
