/**
 * Completion in the three places a runbook has words to choose: front-matter keys and values,
 * heading attributes, and `${...}` placeholders in code blocks.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import { SCENARIO_STRATEGIES, stepKindsOfScenario } from '../domain/procedures';
import { SCENARIO_DOCS, STEP_DOCS, STRATEGY_DOCS } from '../domain/stepDocs';
import {
  isOneOf,
  KNOWN_DATABASES,
  ROLES,
  SCENARIO_ROLE,
  SCENARIOS,
  STRATEGIES,
  type StepKind,
} from '../domain/vocabulary';
import { readDatabaseNames } from '../runbook/inventory';
import type { Runbook } from '../runbook/model';
import { placeholderPaths, resolvePlaceholder } from '../runbook/placeholders';
import { scenarioInfo, sectionAt } from '../runbook/scenario';
import { schemaAt, type Schema } from '../runbook/schema';
import { SourceText, type Position, type Range } from '../runbook/source';
import { parseYaml, type YNode } from '../runbook/yamlTree';
import { lastWord } from '../runbook/text';

export function complete(runbook: Runbook, position: Position): CompletionItem[] {
  const line = runbook.source.lineText(position.line);
  const before = line.slice(0, position.character);
  const closeLine = runbook.frontMatter?.closeLine;
  if (runbook.frontMatter && position.line > 0 && (closeLine === undefined || position.line < closeLine)) {
    return frontMatterCompletion(runbook, position, before);
  }
  const fence = runbook.fences.find((f) => f.startLine < position.line && position.line <= f.endLine);
  if (fence) return placeholderCompletion(runbook, position, before);
  if (/^\s{0,3}#{2,6}\s/.test(line) && before.lastIndexOf('{') > before.lastIndexOf('}')) {
    return attributeCompletion(runbook, position, before);
  }
  return [];
}

const edit = (position: Position, typed: string, newText: string): { range: Range; newText: string } => ({
  range: { start: { line: position.line, character: position.character - typed.length }, end: position },
  newText,
});

// ---- front matter ---------------------------------------------------------------------------

const MARKER = 'smdrCompletionMarker';

/**
 * Finds where the cursor sits in the YAML by putting a marker there and letting the yaml library
 * parse the result: the marker's path is the path being completed, however unfinished the text.
 */
function frontMatterCompletion(runbook: Runbook, position: Position, before: string): CompletionItem[] {
  const valueMatch = /^(\s*(?:-\s+)?)([\w-]+):\s*(\S*)$/.exec(before);
  const itemMatch = /^(\s*-\s*)(\S*)$/.exec(before);
  const keyMatch = /^(\s*)([\w-]*)$/.exec(before);
  const typed = valueMatch?.[3] ?? itemMatch?.[2] ?? keyMatch?.[2] ?? '';
  const replacement = valueMatch
    ? `${valueMatch[1]}${valueMatch[2]}: ${MARKER}`
    : itemMatch
      ? `${itemMatch[1]}${MARKER}`
      : keyMatch
        ? `${keyMatch[1]}${MARKER}: null`
        : undefined;
  if (replacement === undefined) return [];
  const closeLine = runbook.frontMatter?.closeLine ?? runbook.source.lineCount;
  const lines: string[] = [];
  for (let l = 1; l < closeLine; l++)
    lines.push(l === position.line ? replacement : runbook.source.lineText(l));
  const text = lines.join('\n');
  const found = findMarker(parseYaml(new SourceText(text), text, 0).root, []);
  if (!found) return [];
  if (found.asKey) return keyItems(runbook, found.path, found.siblings, position, typed);
  return valueItems(runbook, found.path, position, typed);
}

interface MarkerPlace {
  path: string[];
  asKey: boolean;
  siblings: string[];
}

function findMarker(node: YNode | undefined, path: string[]): MarkerPlace | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === MARKER ? { path, asKey: false, siblings: [] } : undefined;
  if (node.kind === 'seq') {
    for (const item of node.items) {
      const found = findMarker(item, path);
      if (found) return found;
    }
    return undefined;
  }
  for (const entry of node.entries) {
    if (entry.key === MARKER) return { path, asKey: true, siblings: node.entries.map((e) => e.key) };
    const found = findMarker(entry.value, [...path, entry.key]);
    if (found) return found;
  }
  return undefined;
}

function keyItems(
  runbook: Runbook,
  path: string[],
  siblings: string[],
  position: Position,
  typed: string,
): CompletionItem[] {
  const schema = schemaAt(path);
  if (schema?.type === 'object') {
    return Object.entries(schema.properties)
      .filter(([key]) => !siblings.includes(key))
      .map(([key, child]) => ({
        label: key,
        kind: CompletionItemKind.Property,
        detail: typeLabel(child),
        documentation: { kind: MarkupKind.Markdown, value: child.description },
        textEdit: edit(
          position,
          typed,
          child.type === 'object' || child.type === 'map' ? `${key}:` : `${key}: `,
        ),
      }));
  }
  if (schema?.type === 'map' && path[path.length - 1] === 'databases') {
    const taken = new Set(runbook.inventory.servers.flatMap((s) => s.databases.map((d) => d.name)));
    // The names this installation chose at Setup (`databaseNames`), else the defaults.
    // While a key is being typed the YAML does not parse and the inventory is set aside: read the map itself.
    const mapped = runbook.inventory.usable
      ? runbook.inventory.databaseNames
      : readDatabaseNames(runbook.frontMatter?.root);
    const names = KNOWN_DATABASES.map((known) => [known, mapped.get(known)?.value ?? known] as const);
    return names
      .filter(([, name]) => !siblings.includes(name))
      .map(([known, name]) => ({
        label: name,
        kind: CompletionItemKind.Value,
        detail: taken.has(name)
          ? 'listed on another server'
          : known === name
            ? 'Service Manager database'
            : `Service Manager database (${known})`,
        sortText: `${taken.has(name) ? 1 : 0}${name}`,
        textEdit: edit(position, typed, `${name}: `),
      }));
  }
  return [];
}

function typeLabel(schema: Schema): string {
  if (schema.type === 'string') return schema.format && schema.format !== 'text' ? schema.format : 'string';
  if (schema.type === 'enum') return schema.values.join(' | ');
  if (schema.type === 'roles') return ROLES.join(' | ');
  return schema.type;
}

function valueItems(_runbook: Runbook, path: string[], position: Position, typed: string): CompletionItem[] {
  const schema = schemaAt(path);
  const values =
    schema?.type === 'enum'
      ? schema.values
      : schema?.type === 'roles'
        ? ROLES
        : schema?.type === 'boolean'
          ? ['true', 'false']
          : [];
  return values.map((value) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    textEdit: edit(position, typed, value),
  }));
}

// ---- heading attributes -----------------------------------------------------------------------

function attributeCompletion(runbook: Runbook, position: Position, before: string): CompletionItem[] {
  const inside = before.slice(before.lastIndexOf('{') + 1);
  const level = /^\s{0,3}(#+)/.exec(before)?.[1]?.length ?? 0;
  const word = lastWord(inside);
  const value = /^([\w-]+)="?([^\s"}]*)$/.exec(word);
  if (value) return attributeValues(runbook, position, value[1]!, value[2]!);
  const typed = /^[\w-]*$/.test(word) ? word : '';
  const present = new Set([...inside.matchAll(/(?<![\w-])([\w-]+)=/g)].map((m) => m[1]));
  const keys =
    level === 2 ? ['scenario', 'failed', 'strategy', 'target'] : level === 3 ? ['step', 'server'] : [];
  return keys
    .filter((key) => !present.has(key))
    .map((key) => ({
      label: key,
      kind: CompletionItemKind.Property,
      textEdit: edit(position, typed, `${key}=`),
      command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    }));
}

function attributeValues(runbook: Runbook, position: Position, key: string, typed: string): CompletionItem[] {
  const lineText = runbook.source.lineText(position.line);
  const heading = runbook.headings.find((h) => h.line === position.line);
  const headingScenario = /scenario=([\w-]+)/.exec(lineText)?.[1];
  const strategyWritten = /strategy=([\w-]+)/.exec(lineText)?.[1];
  const servers = runbook.inventory.servers;
  const item = (label: string, documentation?: string, detail?: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.EnumMember,
    detail,
    documentation: documentation ? { kind: MarkupKind.Markdown, value: documentation } : undefined,
    textEdit: edit(position, typed, label),
  });
  switch (key) {
    case 'scenario':
      return SCENARIOS.map((s) => item(s, SCENARIO_DOCS[s]));
    case 'strategy': {
      const allowed = isOneOf(SCENARIOS, headingScenario)
        ? SCENARIO_STRATEGIES[headingScenario].allowed
        : STRATEGIES;
      return allowed.map((s) => item(s, STRATEGY_DOCS[s]));
    }
    case 'failed': {
      const role =
        isOneOf(SCENARIOS, headingScenario) && headingScenario !== 'preparation'
          ? SCENARIO_ROLE[headingScenario]
          : undefined;
      return servers
        .filter((s) => !role || s.roles.includes(role))
        .map((s) => item(s.name, undefined, s.roles.join(', ')));
    }
    case 'target': {
      const failed = /failed=([\w-]+)/.exec(lineText)?.[1];
      const candidates =
        strategyWritten === 'promote'
          ? servers.filter(
              (s) => s.roles.includes('management') && s.primary?.value !== true && s.name !== failed,
            )
          : servers.filter((s) => s.name === failed);
      return candidates.map((s) => item(s.name, undefined, s.roles.join(', ')));
    }
    case 'step': {
      const section = sectionAt(runbook, position.line);
      const info = section && section.heading !== heading ? scenarioInfo(runbook, section) : undefined;
      const kinds: readonly StepKind[] =
        info?.procedure?.allowed ?? (info?.kind ? stepKindsOfScenario(info.kind) : []);
      const order = info?.procedure?.steps.map((s) => s.kind) ?? [];
      return kinds.map((kind, index) => ({
        ...item(kind, STEP_DOCS[kind].summary),
        sortText: String(order.includes(kind) ? order.indexOf(kind) : 100 + index).padStart(3, '0'),
      }));
    }
    case 'server':
      return servers.map((s) => item(s.name, undefined, s.roles.join(', ')));
    default:
      return [];
  }
}

// ---- placeholders -----------------------------------------------------------------------------

function placeholderCompletion(runbook: Runbook, position: Position, before: string): CompletionItem[] {
  const typed = /\$\{([\w.-]*)$/.exec(before)?.[1];
  if (typed === undefined) return [];
  const section = sectionAt(runbook, position.line);
  const after = runbook.source.lineText(position.line).slice(position.character);
  const close = after.startsWith('}') ? '' : '}';
  return placeholderPaths(runbook, section).map((path) => {
    const resolution = resolvePlaceholder(runbook, path, section);
    return {
      label: path,
      kind: CompletionItemKind.Variable,
      detail: resolution.ok ? resolution.value : undefined,
      textEdit: edit(position, typed, `${path}${close}`),
    };
  });
}
