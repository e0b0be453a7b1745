/**
 * The front matter read one top-level entry at a time, each memoized by its text, so that typing in
 * one entry (`managementGroup`, `objectives`) does not parse the others (`servers`) again.
 *
 * Only a block mapping whose keys start in the first column is cut, at each line that starts with a
 * letter, digit or `_` (a plain key). Each piece must then parse on its own, without an error or an
 * alias, into a mapping of exactly one key: a piece cut where the whole would read differently (a
 * quoted or plain scalar running over lines, a flow collection, an alias to another entry) fails
 * that test, and the whole front matter is parsed in one piece as before. Any YAML error is reported
 * from the whole parse, in its own words.
 */
import { Memo } from './memo';
import { shiftRange, SourceText, type Range } from './source';
import { parseUncached, type ParsedYaml, type YEntry, type YNode } from './yamlTree';

interface Stored {
  /** The line the entry's positions are for. */
  line: number;
  entry: YEntry;
  /**
   * The range of the piece's own mapping, which ends after the line break of its last value: the
   * mapping of all the pieces runs from the first one's start to the last one's end.
   */
  mapRange: Range;
  nodes: number;
}

// The whole front matter's node budget (yamlTree's MAX_NODES): larger ones are parsed whole, where it applies.
const MAX_NODES = 100_000;
const entries = new Memo<string, Stored | null>(4_096, 4_000_000);

/** The front matter's tree from its entries, or undefined when it must be parsed whole. */
export function parseByEntry(source: SourceText, yamlText: string, offset: number): ParsedYaml | undefined {
  const map = piecesAt(yamlText, 0, source.positionAt(offset).line);
  if (!map || map.nodes > MAX_NODES) return undefined;
  return { root: { kind: 'map', entries: map.entries, range: map.range }, problems: [] };
}

interface Pieces {
  entries: YEntry[];
  range: Range;
  nodes: number;
}

/**
 * The entries of a block mapping whose keys stand `indent` spaces in, `text` starting on `line`: cut
 * at each key line and parsed piece by piece; undefined when the text is not cut that way. At the top
 * level, an entry whose value is such a mapping two spaces in (`servers:`) is cut again, by server.
 */
function piecesAt(text: string, indent: number, line: number): Pieces | undefined {
  const pad = ' '.repeat(indent);
  const starts: { at: number; line: number }[] = [];
  for (let at = 0, n = 0; at < text.length; at = nextLine(text, at), n++) {
    if (text[at] === '\n' || text[at] === '\r') continue;
    if (!text.startsWith(pad, at)) return undefined;
    const c = text[at + indent];
    if (c === ' ' || c === '#' || c === '\n' || c === '\r') continue;
    if (c === undefined || !/\w/.test(c)) return undefined;
    starts.push({ at, line: n });
  }
  if (starts.length < 2) return undefined;
  starts[0] = { at: 0, line: 0 };
  const entries: YEntry[] = [];
  const ranges: Range[] = [];
  let nodes = 0;
  for (let i = 0; i < starts.length; i++) {
    const piece = text.slice(starts[i]!.at, starts[i + 1]?.at ?? text.length);
    const at = line + starts[i]!.line;
    const found = (indent === 0 && nested(piece, at)) || entryAt(piece, at);
    if (!found) return undefined;
    entries.push(found.entry);
    ranges.push(found.mapRange);
    nodes += found.nodes;
  }
  return { entries, range: { start: ranges[0]!.start, end: ranges.at(-1)!.end }, nodes };
}

// A key written as itself: YAML reads `true`, `null` and numbers as other values.
const HEADER = /^([a-z_][\w-]*):[ \t]*\r?\n/i;

/** `key:` alone on its line, then a mapping two spaces in, cut by its own keys. */
function nested(text: string, line: number): Omit<Stored, 'line'> | undefined {
  const header = HEADER.exec(text);
  const key = header?.[1];
  if (!header || !key || /^(?:true|false|null)$/i.test(key)) return undefined;
  const map = piecesAt(text.slice(header[0].length), 2, line + 1);
  if (!map) return undefined;
  const keyRange = { start: { line, character: 0 }, end: { line, character: key.length } };
  const range = { start: keyRange.start, end: map.range.end };
  return {
    entry: { key, keyRange, value: { kind: 'map', entries: map.entries, range: map.range }, range },
    mapRange: range,
    nodes: map.nodes + 1,
  };
}

/** One piece, parsed alone (memoized by its text), with the positions of `line`. */
function entryAt(text: string, line: number): Stored | undefined {
  const stored = entries.get(text, parseEntry);
  if (!stored) return undefined;
  if (stored.line !== line) {
    const by = line - stored.line;
    stored.entry = shiftEntry(stored.entry, by);
    stored.mapRange = shiftRange(stored.mapRange, by);
    stored.line = line;
  }
  return stored;
}

function nextLine(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

function parseEntry(text: string): Stored | null {
  const source = new SourceText(text);
  const parsed = parseUncached(source, text, 0);
  const root = parsed.root;
  if (parsed.problems.length > 0 || parsed.aliases > 0 || root?.kind !== 'map' || root.entries.length !== 1)
    return null;
  // A mapping ending in an empty value and a comment runs to the next token (the next piece's key),
  // which the piece alone does not have: only the whole front matter gives its range.
  const last = lastNode(root);
  if (last.kind === 'scalar' && last.value === null && text.includes('#', source.offsetAt(last.range.end)))
    return null;
  return { line: 0, entry: root.entries[0]!, mapRange: root.range, nodes: parsed.nodes };
}

function lastNode(node: YNode): YNode {
  if (node.kind === 'map' && node.entries.length > 0) return lastNode(node.entries.at(-1)!.value);
  if (node.kind === 'seq' && node.items.length > 0) return lastNode(node.items.at(-1)!);
  return node;
}

function shiftEntry(entry: YEntry, by: number): YEntry {
  return {
    key: entry.key,
    keyRange: shiftRange(entry.keyRange, by),
    value: shiftNode(entry.value, by),
    range: shiftRange(entry.range, by),
  };
}

function shiftNode(node: YNode, by: number): YNode {
  const range = shiftRange(node.range, by);
  if (node.kind === 'map') return { kind: 'map', entries: node.entries.map((e) => shiftEntry(e, by)), range };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map((i) => shiftNode(i, by)), range };
  return { kind: 'scalar', value: node.value, range };
}
