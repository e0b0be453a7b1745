/**
 * The Markdown body as an outline: headings with their `{key=value}` attributes, fenced code blocks,
 * HTML comments, and the front matter's place. markdown-it does the parsing (markdown-it-attrs reads
 * the attributes, markdown-it-front-matter keeps the YAML out of the Markdown); this module only
 * locates what they found in the source lines, so that every element has a precise range.
 */
import MarkdownIt from 'markdown-it';
import attrs from 'markdown-it-attrs';
import frontMatter from 'markdown-it-front-matter';
import { Memo } from './memo';
import { outlineParts, type Head, type PartOutline } from './parts';
import { SourceText, type Range } from './source';
import { trimEndOf } from './text';

export interface HeadingAttr {
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  /** `key=value` as written. */
  range: Range;
}

export interface Heading {
  level: number;
  line: number;
  title: string;
  titleRange: Range;
  attrs: HeadingAttr[];
  /** The `{...}` block, when there is one. */
  attrBlock: Range | undefined;
  lineRange: Range;
}

export interface Fence {
  info: string;
  /** The info string (language) range, or the opening marker's end when there is none. */
  infoRange: Range;
  /** Line of the opening marker. */
  startLine: number;
  /** Line of the closing marker, or the last line of the document when unclosed. */
  endLine: number;
  closed: boolean;
  content: string;
  range: Range;
}

export interface HtmlComment {
  line: number;
  text: string;
}

export interface FrontMatterBlock {
  /** Line of the closing `---`, undefined when it is missing. */
  closeLine: number | undefined;
  yamlText: string;
  yamlOffset: number;
}

export interface MarkdownOutline {
  frontMatter: FrontMatterBlock | undefined;
  headings: Heading[];
  fences: Fence[];
  comments: HtmlComment[];
}

type Token = MarkdownIt.Token;

const markdown = new MarkdownIt({ html: true }).use(frontMatter, () => undefined);

/**
 * Heading attributes are read by markdown-it-attrs on each heading's own text, with a parser that
 * knows only headings (`allowedAttributes: []` keeps every key). Parsed per heading and memoized:
 * the attributes plugin is the costliest part of a parse, and headings rarely change between edits.
 */
const headingParser = new MarkdownIt('zero').enable(['heading']).use(attrs, { allowedAttributes: [] });
const headingMemo = new Memo<string, { attrs: [string, string][]; title: string }>(20_000);

function readHeading(content: string): { attrs: [string, string][]; title: string } {
  return headingMemo.get(content, () => {
    if (!content.includes('{')) return { attrs: [], title: content.trim() };
    const tokens = headingParser.parse(`# ${content}`, {});
    const open = tokens.find((t) => t.type === 'heading_open');
    const inline = tokens.find((t) => t.type === 'inline');
    return {
      attrs: (open?.attrs ?? []).map(([key, value]) => [key, String(value)]),
      title: (inline?.children ?? [])
        .filter((child) => child.type === 'text')
        .map((child) => child.content)
        .join('')
        .trim(),
    };
  });
}

/**
 * The outline of the whole text, put together from parts that markdown-it parses on their own and
 * that are memoized by their text (see parts.ts): an edit re-parses the part it falls in.
 * `fromScratch` parses the whole text in one piece, reusing nothing: what the parts must equal.
 */
export function parseMarkdown(source: SourceText, fromScratch = false): MarkdownOutline {
  const outline: MarkdownOutline = { frontMatter: undefined, headings: [], fences: [], comments: [] };
  const whole = fromScratch
    ? [parseOutline(source.text, undefined)]
    : outlineParts(source.text, parseOutline, frontMatterHead);
  for (const part of whole) {
    outline.frontMatter ??= part.frontMatter;
    outline.headings.push(...part.headings);
    outline.fences.push(...part.fences);
    outline.comments.push(...part.comments);
  }
  if (!outline.frontMatter && /^---[ \t]*$/.test(source.lineText(0))) {
    // markdown-it-front-matter needs a closing fence; an unclosed one is still front matter to the user.
    outline.frontMatter = { closeLine: undefined, yamlText: '', yamlOffset: 0 };
  }
  return outline;
}

// Skeletons of front matters (below) → the end of markdown-it-front-matter's block.
const skeletons = new Memo<string, number | undefined>(8);

/**
 * The closed front matter at the start of `text` without giving its text to markdown-it, so that
 * typing in it does not parse it again. Where markdown-it-front-matter ends the block depends only on
 * the lines that start (after spaces and tabs) with `-` or `.`: markdown-it reads a skeleton of the
 * text in which every other line is empty, up to the line after the first closing `---` or `...`, and
 * typing a value leaves the skeleton as it was (memoized). Undefined, for a parse of the whole part as
 * before, where the block would not end within the skeleton, where the line ending it is no closing
 * line, where the text after it starts with `-` (it would read as front matter on its own) or where a
 * lone CR makes lines count otherwise.
 */
export function frontMatterHead(text: string): Head | undefined {
  if (!text.startsWith('-') || text.includes('\r')) return undefined;
  const starts: number[] = [];
  const skeleton: string[] = [];
  let closed = false;
  for (let offset = 0; offset < text.length;) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(offset, end);
    const first = /^[ \t]*(.)/.exec(line)?.[1];
    starts.push(offset);
    skeleton.push(first === '-' || first === '.' ? line : newline < 0 ? '' : '\n');
    if (closed) break;
    closed = starts.length > 1 && /^(?:---|\.\.\.)[ \t]*\n?$/.test(line);
    offset = end;
  }
  const end = skeletons.get(skeleton.join(''), (owned) => {
    const token = markdown.parse(owned, {}).find((t) => t.type === 'front_matter');
    return token?.map?.[1];
  });
  if (end === undefined || end >= skeleton.length) return undefined;
  const closeLine = end - 1;
  const offset = starts[end]!;
  const closing = text.slice(starts[closeLine]!, offset).replace(/\n$/, '');
  if (closeLine === 0 || !/^(?:---|\.\.\.)[ \t]*$/.test(closing) || text[offset] === '-') return undefined;
  const yamlOffset = starts[1]!;
  const yamlText = text.slice(yamlOffset, Math.max(yamlOffset, starts[closeLine]!));
  return {
    outline: { frontMatter: { closeLine, yamlText, yamlOffset }, headings: [], fences: [], comments: [] },
    line: end,
    offset,
  };
}

/**
 * One text parsed from scratch: the outline of its lines before `boundary`, and whether `boundary`
 * (its last line, when given) opens a heading at the top level, that is whether the text before it
 * parses the same on its own as within the whole document.
 */
export function parseOutline(text: string, boundary: number | undefined): PartOutline {
  const source = new SourceText(text);
  const tokens = markdown.parse(text, {});
  const outline: PartOutline = {
    frontMatter: undefined,
    headings: [],
    fences: [],
    comments: [],
    boundaryHolds: boundary === undefined,
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const map = token.map;
    if (!map) continue;
    if (boundary !== undefined && map[0] >= boundary) {
      outline.boundaryHolds = token.type === 'heading_open' && token.level === 0 && map[0] === boundary;
      break;
    }
    if (token.type === 'front_matter') outline.frontMatter = frontMatterBlock(source, map);
    else if (token.type === 'heading_open')
      outline.headings.push(heading(source, token, tokens[i + 1], map[0]));
    else if (token.type === 'fence') outline.fences.push(fence(source, token, map));
    else if (token.type === 'html_block') outline.comments.push(...comments(token.content, map[0]));
  }
  return outline;
}

function frontMatterBlock(source: SourceText, map: [number, number]): FrontMatterBlock {
  const closeLine = map[1] - 1;
  // markdown-it-front-matter runs an unclosed block to the end of the document: that is no front matter yet.
  if (!/^(?:---|\.\.\.)[ \t]*$/.test(source.lineText(closeLine)) || closeLine === 0) {
    return { closeLine: undefined, yamlText: '', yamlOffset: 0 };
  }
  const yamlOffset = source.offsetAt({ line: 1, character: 0 });
  const yamlEnd = source.offsetAt({ line: closeLine, character: 0 });
  return { closeLine, yamlText: source.text.slice(yamlOffset, Math.max(yamlOffset, yamlEnd)), yamlOffset };
}

function heading(source: SourceText, open: Token, inline: Token | undefined, line: number): Heading {
  const text = source.lineText(line);
  const lineRange = source.lineRange(line);
  const at = (start: number, end: number): Range => ({
    start: { line, character: start },
    end: { line, character: end },
  });
  const { attrs: parsed, title: readTitle } = readHeading(inline?.content ?? '');
  const blockStart = parsed.length > 0 ? attributeBlockStart(text) : -1;
  const headingAttrs: HeadingAttr[] = [];
  let cursor = blockStart;
  if (blockStart >= 0) {
    for (const [key, value] of parsed) {
      const keyStart = text.indexOf(key, cursor);
      if (keyStart < 0) continue;
      const equals = text.indexOf('=', keyStart + key.length);
      const valueStart = equals < 0 ? keyStart + key.length : equals + 1;
      const valueEnd = valueEndAt(text, valueStart);
      const quoted = text[valueStart] === '"';
      headingAttrs.push({
        key,
        value,
        keyRange: at(keyStart, keyStart + key.length),
        valueRange: quoted
          ? at(valueStart + 1, Math.max(valueStart + 1, valueEnd - 1))
          : at(valueStart, valueEnd),
        range: at(keyStart, valueEnd),
      });
      cursor = valueEnd;
    }
  }
  const markerEnd = /^\s{0,3}#{1,6}[ \t]*/.exec(text)?.[0].length ?? 0;
  const titleEnd = blockStart >= 0 ? blockStart : trimEndOf(text, ' \t#').length;
  return {
    level: Number(open.tag.slice(1)),
    line,
    title: readTitle || text.slice(markerEnd, titleEnd).trim(),
    titleRange: at(markerEnd, Math.max(markerEnd, text.slice(0, titleEnd).trimEnd().length)),
    attrs: headingAttrs,
    attrBlock: blockStart >= 0 ? at(blockStart, text.trimEnd().length) : undefined,
    lineRange,
  };
}

/** Where the trailing `{...}` block that markdown-it-attrs read begins. */
function attributeBlockStart(text: string): number {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('}')) return -1;
  // The block is the last `{` not inside a quoted value.
  let start = -1;
  let quoted = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '"') quoted = !quoted;
    else if (c === '{' && !quoted) start = i;
  }
  return start;
}

function valueEndAt(text: string, start: number): number {
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    return close < 0 ? text.length : close + 1;
  }
  let end = start;
  while (end < text.length && !/[\s}]/.test(text[end]!)) end++;
  return end;
}

function fence(source: SourceText, token: Token, map: [number, number]): Fence {
  const startLine = map[0];
  const lastLine = Math.max(startLine, map[1] - 1);
  const closing = lastLine > startLine && isClosingMarker(source.lineText(lastLine), token.markup);
  const opening = source.lineText(startLine);
  const infoStart = opening.indexOf(token.markup) + token.markup.length;
  const info = token.info.trim();
  const infoOffset = info ? opening.indexOf(info, infoStart) : infoStart;
  return {
    info,
    infoRange: {
      start: { line: startLine, character: Math.max(0, infoOffset) },
      end: { line: startLine, character: Math.max(0, infoOffset) + info.length },
    },
    startLine,
    endLine: lastLine,
    closed: closing,
    content: token.content,
    range: source.linesRange(startLine, lastLine),
  };
}

function isClosingMarker(line: string, markup: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= markup.length && trimmed.startsWith(markup) && /^([`~])\1*$/.test(trimmed);
}

/** `<!-- ... -->` comments by `indexOf`, lines counted as the scan moves: linear however many `<!--` stay open. */
function comments(content: string, firstLine: number): HtmlComment[] {
  const found: HtmlComment[] = [];
  let line = firstLine;
  let counted = 0;
  for (let open = content.indexOf('<!--'); open >= 0;) {
    const close = content.indexOf('-->', open + 4);
    if (close < 0) break;
    for (let i = content.indexOf('\n', counted); i >= 0 && i < open; i = content.indexOf('\n', i + 1)) line++;
    counted = open;
    found.push({ line, text: content.slice(open + 4, close).trim() });
    open = content.indexOf('<!--', close + 3);
  }
  return found;
}
