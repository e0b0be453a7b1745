/**
 * Completion in the places a runbook has words to choose: front-matter keys and values, heading
 * attributes, `${...}` placeholders in code blocks, and the sections and steps at the start of a line.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
} from 'vscode-languageserver-types';
import { SCENARIO_STRATEGIES, stepKindsOfScenario } from '../domain/procedures';
import { SCENARIO_DOCS, STEP_DOCS, STRATEGY_DOCS } from '../domain/stepDocs';
import {
  isOneOf,
  KNOWN_DATABASES,
  ROLES,
  SCENARIO_ROLE,
  SCENARIOS,
  STEP_KINDS,
  STRATEGIES,
  type Role,
  type StepKind,
} from '../domain/vocabulary';
import { readDatabaseNames } from '../runbook/inventory';
import type { Runbook, Section } from '../runbook/model';
import { placeholderPaths, resolvePlaceholder } from '../runbook/placeholders';
import { scenarioInfo, sectionAt } from '../runbook/scenario';
import { schemaAt, type Schema } from '../runbook/schema';
import { SourceText, type Position, type Range } from '../runbook/source';
import { parseYaml, type YNode } from '../runbook/yamlTree';
import { lastWord } from '../runbook/text';
import { runbookSkeleton } from './skeleton';
import { RUNBOOK_SNIPPETS } from './snippets';

export function complete(runbook: Runbook, position: Position): CompletionItem[] {
  const line = runbook.source.lineText(position.line);
  if (/^[\w-]*$/.test(runbook.source.text.trim())) return skeletonCompletion(position, line);
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
  if (/^[\w-]*$/.test(before) && line.slice(position.character).trim() === '')
    return snippetCompletion(runbook, position, before);
  return [];
}

/** An empty runbook (or one word typed into it): the whole skeleton, replacing what was typed. */
function skeletonCompletion(position: Position, line: string): CompletionItem[] {
  return [
    {
      label: 'smdr runbook',
      kind: CompletionItemKind.Snippet,
      detail: 'Front matter and the three recovery scenarios',
      // First among the Markdown snippets that Ctrl+Space also lists in an empty file.
      preselect: true,
      sortText: '0',
      filterText: line.trim() || 'smdr runbook',
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: {
        range: {
          start: { line: position.line, character: 0 },
          end: { line: position.line, character: line.length },
        },
        newText: runbookSkeleton(),
      },
    },
  ];
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

function valueItems(runbook: Runbook, path: string[], position: Position, typed: string): CompletionItem[] {
  const schema = schemaAt(path);
  const values =
    schema?.type === 'enum'
      ? schema.values
      : schema?.type === 'roles'
        ? ROLES
        : schema?.type === 'boolean'
          ? ['true', 'false']
          : schema?.type === 'integer' && schema.const !== undefined
            ? [String(schema.const)]
            : schema?.type === 'string' && schema.format === 'duration'
              ? DURATIONS
              : schema?.type === 'string'
                ? suggestedValues(runbook, path)
                : [];
  return values.map((value) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    textEdit: edit(position, typed, value),
  }));
}

const DURATIONS = ['30m', '4h', '24h', '7d'];

/**
 * A value the rest of the inventory suggests: a server's FQDN in the other servers' domain, a key
 * file beside the other key files, a database's default name under `databaseNames`. Only values that
 * are one plain YAML word are offered, so that a hostile neighbour cannot make one that breaks the YAML.
 */
function suggestedValues(runbook: Runbook, path: string[]): string[] {
  const servers = runbook.inventory.servers;
  const [head, name, key] = path;
  let value: string | undefined;
  if (head === 'databaseNames' && name && path.length === 2) value = name;
  else if (head === 'servers' && name && key === 'fqdn') {
    const domain = servers.map((s) => s.fqdn?.value.split('.').slice(1).join('.')).find((d) => d);
    value = domain && `${name.toLowerCase()}.${domain}`;
  } else if (head === 'servers' && name && key === 'keyBackup') {
    const sibling = servers.map((s) => s.keyBackup?.value).find((p) => p && /[\\/]/.test(p));
    value =
      sibling &&
      `${sibling.slice(0, Math.max(sibling.lastIndexOf('\\'), sibling.lastIndexOf('/')) + 1)}${name}.bin`;
  }
  return value && /^[\w.\\/:$-]+$/u.test(value) && !/^[-.]/.test(value) ? [value] : [];
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
    level === 2
      ? ['scenario', 'failed', 'strategy', 'target']
      : level === 3
        ? ['step', 'server', 'destructive']
        : [];
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
      const { kinds, order } =
        section && section.heading !== heading ? stepKindsOf(runbook, section) : { kinds: [], order: [] };
      return kinds.map((kind, index) => ({
        ...item(kind, STEP_DOCS[kind].summary),
        sortText: String(order.includes(kind) ? order.indexOf(kind) : 100 + index).padStart(3, '0'),
      }));
    }
    case 'server': {
      const kind = /step=([\w-]+)/.exec(lineText)?.[1];
      const roles = kind && isOneOf(STEP_KINDS, kind) ? SERVER_ROLES_OF_STEP[kind] : undefined;
      return servers
        .filter((s) => !roles || s.roles.some((role) => roles.includes(role)))
        .map((s) => item(s.name, undefined, s.roles.join(', ')));
    }
    case 'destructive':
      return [
        item('true', 'Ask for confirmation before this step runs.'),
        item('false', 'Run without the confirmation its kind would ask for.'),
      ];
    default:
      return [];
  }
}

/** The step kinds a section allows, and the order its procedure puts them in. */
function stepKindsOf(
  runbook: Runbook,
  section: Section,
): { kinds: readonly StepKind[]; order: readonly StepKind[] } {
  const info = scenarioInfo(runbook, section);
  return {
    kinds: info.procedure?.allowed ?? (info.kind ? stepKindsOfScenario(info.kind) : []),
    order: info.procedure?.steps.map((s) => s.kind) ?? [],
  };
}

/**
 * The roles a step's `server=` may name, for the kinds that act on one role's computer: whose key a
 * `backup-key` saves (only management and data warehouse servers have keys), where databases are.
 */
const SERVER_ROLES_OF_STEP: Partial<Record<StepKind, readonly Role[]>> = {
  'backup-key': ['management', 'data-warehouse'],
  'backup-databases': ['database'],
  'script-permissions': ['database'],
  'restore-databases': ['database'],
  'enable-clr': ['database'],
  'restore-permissions': ['database'],
  'export-management-packs': ['management'],
  'import-management-packs': ['management'],
};

// ---- snippets ---------------------------------------------------------------------------------

/**
 * At the start of a line of the body: the scenario sections, and inside a scenario's section the
 * steps, offering in `smdr-step` only the kinds the section allows.
 */
function snippetCompletion(runbook: Runbook, position: Position, typed: string): CompletionItem[] {
  const section = sectionAt(runbook, position.line);
  const kinds = section?.scenario ? stepKindsOf(runbook, section).kinds : [];
  return RUNBOOK_SNIPPETS.filter((s) => s.place === 'section' || kinds.length > 0).map((snippet) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: snippet.description,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: edit(position, typed, snippet.body(kinds).join('\n')),
  }));
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
