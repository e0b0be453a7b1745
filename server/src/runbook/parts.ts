/**
 * The Markdown text cut into parts that markdown-it can parse on their own, each memoized by its text,
 * so that a keystroke re-parses only the part it falls in (a section, usually).
 *
 * A part ends before a line that may open a level-1 or level-2 heading (`#` or `##` at the start of
 * the line). Whether that line really opens a heading at the top level, rather than sitting in a code
 * block, an HTML block or the front matter, is not guessed: the part is parsed together with that line,
 * and the cut holds only when markdown-it reads it as a top-level heading. Block parsing decides
 * what a line is from the lines before it, so the part then parses as it would within the whole text.
 * A cut that does not hold is merged into a longer part, trying candidates further and further away so
 * that a section full of `#` comments in code blocks costs a few parses, not one per comment.
 *
 * Positions are stored as they were at the part's last use and shifted only when the part moved to
 * other lines: a keystroke that adds no line reuses every other part as it is.
 */
import type { Fence, Heading, HtmlComment, MarkdownOutline } from './markdown';
import { Memo } from './memo';
import { shiftRange } from './source';

export interface PartOutline extends MarkdownOutline {
  /** Whether the part's last line opens a top-level heading (always true for the last part). */
  boundaryHolds: boolean;
}

/** Parses `text` from scratch; `boundary` is its last line when the part ends before a heading. */
export type ParseOutline = (text: string, boundary: number | undefined) => PartOutline;

/** The front matter's part, found without parsing its text, and where the text after it starts. */
export interface Head {
  outline: MarkdownOutline;
  line: number;
  offset: number;
}

interface Stored {
  line: number;
  outline: PartOutline;
}

// Enough for the sections of the largest runbooks, and a few versions of the parts being edited; at most
// 8 M characters of text are kept (a 20,000-line runbook is about 0.6 M). Parts that end before a
// heading and the last part are kept apart: the same text means another parse in each.
const parts = new Memo<string, Stored>(8_192, 8_000_000);
const lastParts = new Memo<string, Stored>(64, 4_000_000);

/** Offsets and lines of the lines that may open a level-1 or level-2 heading, after the front matter. */
function candidates(text: string): { line: number; offset: number }[] {
  const found: { line: number; offset: number }[] = [];
  let inFrontMatter = text.startsWith('---');
  let line = 0;
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) {
    line++;
    const offset = newline + 1;
    if (inFrontMatter) {
      inFrontMatter = !(text.startsWith('---', offset) || text.startsWith('...', offset));
      continue;
    }
    if (text[offset] !== '#') continue;
    const after = text[offset + 1] === '#' ? offset + 2 : offset + 1;
    const c = text[after];
    if (c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r') found.push({ line, offset });
  }
  return found;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function part(parse: ParseOutline, text: string, boundary: number | undefined, line: number): PartOutline {
  const memo = boundary === undefined ? lastParts : parts;
  const stored = memo.get(text, (owned) => ({ line: 0, outline: parse(owned, boundary) }));
  if (stored.line !== line) {
    stored.outline = shiftOutline(stored.outline, line - stored.line);
    stored.line = line;
  }
  return stored.outline;
}

/**
 * The outlines of the parts of `text`, in order, each with the positions of the whole text. `head`,
 * where it finds a closed front matter, makes it a part of its own: the text after it is parsed on
 * its own, as markdown-it resumes there within the whole text.
 */
export function outlineParts(
  text: string,
  parse: ParseOutline,
  head: (text: string) => Head | undefined = () => undefined,
): MarkdownOutline[] {
  const outlines: MarkdownOutline[] = [];
  const found = head(text);
  if (found) outlines.push(found.outline);
  let start = found ? { line: found.line, offset: found.offset } : { line: 0, offset: 0 };
  const cuts = candidates(text).filter((cut) => cut.line > start.line);
  let next = 0;
  // Cuts that did not hold cost a parse each: at most the length of the text in all, after which the
  // rest is one part (a hostile text of `#` lines in one code block costs two parses, not one per line).
  let wasted = 0;
  for (;;) {
    let held: number | undefined;
    for (let j = next, step = 1; j < cuts.length && wasted <= text.length; j += step, step *= 2) {
      const cut = cuts[j]!;
      const partText = text.slice(start.offset, endOfLine(text, cut.offset));
      const outline = part(parse, partText, cut.line - start.line, start.line);
      if (outline.boundaryHolds) {
        outlines.push(outline);
        held = j;
        break;
      }
      wasted += partText.length;
    }
    if (held === undefined) {
      outlines.push(part(parse, text.slice(start.offset), undefined, start.line));
      return outlines;
    }
    start = cuts[held]!;
    next = held + 1;
  }
}

function shiftOutline(outline: PartOutline, by: number): PartOutline {
  return {
    frontMatter: outline.frontMatter,
    boundaryHolds: outline.boundaryHolds,
    headings: outline.headings.map((h): Heading => ({
      ...h,
      line: h.line + by,
      titleRange: shiftRange(h.titleRange, by),
      attrs: h.attrs.map((a) => ({
        ...a,
        keyRange: shiftRange(a.keyRange, by),
        valueRange: shiftRange(a.valueRange, by),
        range: shiftRange(a.range, by),
      })),
      attrBlock: h.attrBlock && shiftRange(h.attrBlock, by),
      lineRange: shiftRange(h.lineRange, by),
    })),
    fences: outline.fences.map((f): Fence => ({
      ...f,
      infoRange: shiftRange(f.infoRange, by),
      startLine: f.startLine + by,
      endLine: f.endLine + by,
      range: shiftRange(f.range, by),
    })),
    comments: outline.comments.map((c): HtmlComment => ({ ...c, line: c.line + by })),
  };
}
