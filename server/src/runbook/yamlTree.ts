/**
 * The front matter as a small located tree, read from the `yaml` library's document.
 *
 * Aliases are followed, but within a budget: a YAML "billion laughs" document cannot make the
 * validator expand more than MAX_ALIAS_EXPANSIONS aliases or build more than MAX_NODES nodes.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { Memo } from './memo';
import { parseByEntry } from './yamlParts';
import type { Range, SourceText } from './source';

export type YNode = YScalar | YMap | YSeq;

export interface YScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  range: Range;
}

export interface YMap {
  kind: 'map';
  entries: YEntry[];
  range: Range;
}

export interface YSeq {
  kind: 'seq';
  items: YNode[];
  range: Range;
}

export interface YEntry {
  key: string;
  keyRange: Range;
  /** A key with nothing after the colon has a null scalar at the end of the key. */
  value: YNode;
  range: Range;
}

export interface YamlProblem {
  message: string;
  range: Range;
}

export interface ParsedYaml {
  root: YNode | undefined;
  problems: YamlProblem[];
}

const MAX_ALIAS_EXPANSIONS = 100;
const MAX_NODES = 200_000;

// A few entries: a parsed tree of a large front matter is big, and an edit makes a new one.
const yamlMemo = new Memo<string, ParsedYaml>(4);

/**
 * Parses `yaml` found at `offset` of `source`. Never throws. Memoized on the text and its offset:
 * ranges depend only on the text before the YAML, which is the fixed `---` line of the front matter.
 */
export function parseYaml(
  source: SourceText,
  yamlText: string,
  offset: number,
  fromScratch = false,
): ParsedYaml {
  if (fromScratch) return parseUncached(source, yamlText, offset);
  const byEntry =
    source.positionAt(offset).character === 0 ? parseByEntry(source, yamlText, offset) : undefined;
  if (byEntry) return byEntry;
  return offset > 8
    ? parseUncached(source, yamlText, offset)
    : yamlMemo.get(`${offset}\u0000${yamlText}`, () => parseUncached(source, yamlText, offset));
}

/** A parse, with what it took: aliases followed and nodes built (the budget above). */
export interface CountedYaml extends ParsedYaml {
  aliases: number;
  nodes: number;
}

export function parseUncached(source: SourceText, yamlText: string, offset: number): CountedYaml {
  const problems: YamlProblem[] = [];
  const at = (start: number, end: number): Range =>
    source.range(offset + Math.max(0, start), offset + Math.min(yamlText.length, Math.max(start, end)));
  const document = parseDocument(yamlText, { uniqueKeys: false, prettyErrors: false, strict: true });
  for (const error of document.errors) {
    const range = at(error.pos[0], error.pos[1]);
    // An error at a point is shown on the rest of its line, so that it can be seen.
    const visible =
      range.start.line === range.end.line && range.start.character === range.end.character
        ? { start: range.start, end: source.lineRange(range.start.line).end }
        : range;
    problems.push({ message: error.message.split('\n', 1)[0] ?? error.message, range: visible });
  }
  let aliases = 0;
  let nodes = 0;
  let budgetReported = false;
  const overBudget = (range: Range): boolean => {
    if (aliases <= MAX_ALIAS_EXPANSIONS && nodes <= MAX_NODES) return false;
    if (!budgetReported) {
      budgetReported = true;
      problems.push({
        message: `Too many YAML aliases to expand (more than ${MAX_ALIAS_EXPANSIONS}); the inventory is read without them.`,
        range,
      });
    }
    return true;
  };

  const rangeOf = (node: YamlNode | null | undefined, fallback: Range): Range =>
    node?.range ? at(node.range[0], node.range[1]) : fallback;

  const convert = (node: unknown, fallback: Range, depth: number): YNode => {
    nodes++;
    if (isAlias(node)) {
      aliases++;
      const here = rangeOf(node, fallback);
      if (overBudget(here) || depth > 64) return { kind: 'scalar', value: null, range: here };
      const target = node.resolve(document);
      // Ranges point at the alias, where the user wrote it.
      return retarget(convert(target, here, depth + 1), here);
    }
    if (isMap(node)) {
      const range = rangeOf(node, fallback);
      const entries: YEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair) || overBudget(range)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyRange = rangeOf(keyNode, range);
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode == null ? '' : String(keyNode);
        const valueFallback: Range = { start: keyRange.end, end: keyRange.end };
        const value =
          pair.value == null ? nullAt(valueFallback) : convert(pair.value, valueFallback, depth + 1);
        entries.push({ key, keyRange, value, range: { start: keyRange.start, end: value.range.end } });
      }
      return { kind: 'map', entries, range };
    }
    if (isSeq(node)) {
      const range = rangeOf(node, fallback);
      const items: YNode[] = [];
      for (const item of node.items) {
        if (overBudget(range)) break;
        items.push(item == null ? nullAt(range) : convert(item, range, depth + 1));
      }
      return { kind: 'seq', items, range };
    }
    if (isScalar(node)) {
      const value = node.value;
      const scalar =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : String(value);
      return { kind: 'scalar', value: scalar, range: rangeOf(node, fallback) };
    }
    return nullAt(fallback);
  };

  const whole = at(0, yamlText.length);
  const root = document.contents == null ? undefined : convert(document.contents, whole, 0);
  return { root, problems, aliases, nodes };
}

function nullAt(range: Range): YScalar {
  return { kind: 'scalar', value: null, range };
}

function retarget(node: YNode, range: Range): YNode {
  return { ...node, range };
}

export function entryOf(map: YMap | undefined, key: string): YEntry | undefined {
  return map?.entries.find((entry) => entry.key === key);
}

export function asMap(node: YNode | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

export function scalarString(node: YNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
