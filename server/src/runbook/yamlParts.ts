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
  /** The range of the piece's own mapping: the whole mapping runs from the first to the last. */
  mapRange: Range;
  nodes: number;
}

// The whole front matter's node budget (yamlTree's MAX_NODES): larger ones are parsed whole, where it applies.
const MAX_NODES = 100_000;
const entries = new Memo<string, Stored | null>(4_096, 4_000_000);

/** The front matter's tree from its entries, or undefined when it must be parsed whole. */
export function parseByEntry(source: SourceText, yamlText: string, offset: number): ParsedYaml | undefined {
  const starts: number[] = [];
  for (let at = 0; at < yamlText.length; at = nextLine(yamlText, at)) {
    const c = yamlText[at]!;
    if (c === '\n' || c === '\r' || c === ' ' || c === '#') continue;
    if (!/\w/.test(c)) return undefined;
    starts.push(at);
  }
  if (starts.length < 2) return undefined;
  starts[0] = 0;
  const found: YEntry[] = [];
  let first: Range | undefined;
  let last: Range | undefined;
  let nodes = 0;
  for (let i = 0; i < starts.length; i++) {
    const begin = starts[i]!;
    const text = yamlText.slice(begin, starts[i + 1] ?? yamlText.length);
    const stored = entries.get(text, parseEntry);
    if (!stored) return undefined;
    const line = source.positionAt(offset + begin).line;
    if (stored.line !== line) {
      const by = line - stored.line;
      stored.entry = shiftEntry(stored.entry, by);
      stored.mapRange = shiftRange(stored.mapRange, by);
      stored.line = line;
    }
    found.push(stored.entry);
    first ??= stored.mapRange;
    last = stored.mapRange;
    nodes += stored.nodes;
  }
  if (nodes > MAX_NODES) return undefined;
  return {
    root: { kind: 'map', entries: found, range: { start: first!.start, end: last!.end } },
    problems: [],
  };
}

function nextLine(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

function parseEntry(text: string): Stored | null {
  const parsed = parseUncached(new SourceText(text), text, 0);
  const root = parsed.root;
  if (parsed.problems.length > 0 || parsed.aliases > 0 || root?.kind !== 'map' || root.entries.length !== 1)
    return null;
  return { line: 0, entry: root.entries[0]!, mapRange: root.range, nodes: parsed.nodes };
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
