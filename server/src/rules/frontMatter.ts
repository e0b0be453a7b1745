/** SMDR001–004: the front matter exists, parses, and matches the schema. */
import type { Runbook } from '../runbook/model';
import { DURATION_PATTERN, FRONT_MATTER_SCHEMA, type Schema } from '../runbook/schema';
import { entryOf, type YEntry, type YNode } from '../runbook/yamlTree';
import { SCSM_VERSIONS } from '../domain/versions';
import { ROLES } from '../domain/vocabulary';
import { RULES } from './catalog';
import { insertFix, replaceFix, type Finding } from './finding';
import { list, nearest } from './nearest';

export function checkFrontMatter(runbook: Runbook): Finding[] {
  const frontMatter = runbook.frontMatter;
  const firstLine = runbook.source.lineRange(0);
  if (!frontMatter) {
    return [
      {
        rule: RULES.frontMatterMissing,
        message: 'No front matter: a runbook starts with its inventory in YAML between two `---` lines.',
        range: firstLine,
      },
    ];
  }
  if (frontMatter.closeLine === undefined) {
    return [
      {
        rule: RULES.frontMatterMissing,
        message: 'The front matter is never closed: add a `---` line after the inventory.',
        range: frontMatter.openRange,
      },
    ];
  }
  if (frontMatter.problems.length > 0) {
    return frontMatter.problems.map((problem) => ({
      rule: RULES.frontMatterMissing,
      message: `The front matter is not valid YAML: ${problem.message}`,
      range: problem.range,
    }));
  }
  if (!frontMatter.root) {
    return [
      {
        rule: RULES.frontMatterMissing,
        message: 'The front matter must be a YAML mapping of keys (smdr, managementGroup, servers, ...).',
        range: frontMatter.openRange,
      },
    ];
  }
  const findings = validate(frontMatter.root, FRONT_MATTER_SCHEMA, []);
  const version = entryOf(frontMatter.root, 'smdr');
  if (!version) {
    findings.push({
      rule: RULES.versionUnsupported,
      message: 'The front matter has no `smdr` version: add `smdr: 1`.',
      range: frontMatter.openRange,
      fixes: [insertFix('Add `smdr: 1`', runbook.source, 1, 'smdr: 1\n')],
    });
  } else if (version.value.kind === 'scalar' && version.value.value !== 1) {
    findings.push({
      rule: RULES.versionUnsupported,
      message: `Runbook format version ${JSON.stringify(version.value.value)} is not supported: this tool reads \`smdr: 1\`.`,
      range: version.value.range,
    });
  }
  if (!entryOf(frontMatter.root, 'scsm')) {
    // An unknown value is SMDR003 (the schema's vocabulary); only a missing key is this warning.
    findings.push({
      rule: RULES.scsmVersionMissing,
      message: `The front matter does not say which Service Manager version it describes: add \`scsm:\` (${list(SCSM_VERSIONS)}). The supported SQL Server versions, CLR strict security and full-text search depend on it.`,
      range: frontMatter.openRange,
      fixes: SCSM_VERSIONS.map((v) =>
        insertFix(`Add \`scsm: ${v}\``, runbook.source, scsmLine(version), `scsm: ${v}\n`),
      ),
    });
  }
  for (const key of FRONT_MATTER_SCHEMA.required ?? []) {
    if (key !== 'smdr' && !entryOf(frontMatter.root, key)) {
      findings.push({
        rule: RULES.wrongType,
        message: `The front matter needs \`${key}\`: ${describe(FRONT_MATTER_SCHEMA.properties[key]!)}`,
        range: frontMatter.openRange,
      });
    }
  }
  return findings;
}

/** Below `smdr:` when it stands on a line of its own, else at the top of the front matter. */
function scsmLine(version: YEntry | undefined): number {
  const line = version?.range.end.line;
  return line !== undefined && line === version!.keyRange.start.line ? line + 1 : 1;
}

function describe(schema: Schema): string {
  return schema.description;
}

// A top-level entry or a server that did not change between two parses is the same node (yamlParts.ts).
// The same text may stand under another key after an edit of the key above it: kept by path too.
const byNode = new WeakMap<YNode, { path: string; findings: Finding[] }>();

function validated(node: YNode, schema: Schema, path: string[]): Finding[] {
  const where = JSON.stringify(path);
  let stored = byNode.get(node);
  if (stored?.path !== where) {
    stored = { path: where, findings: validate(node, schema, path) };
    byNode.set(node, stored);
  }
  return stored.findings;
}

function validate(node: YNode, schema: Schema, path: string[]): Finding[] {
  const where = path.length ? `\`${path.join('.')}\`` : 'The front matter';
  const wrong = (message: string): Finding[] => [
    { rule: RULES.wrongType, message: `${where} ${message}`, range: node.range },
  ];
  if (node.kind === 'scalar' && node.value === null && path.length > 0) {
    return schema.type === 'map' && schema.nullable ? [] : wrong(`has no value: ${schema.description}`);
  }
  switch (schema.type) {
    case 'object': {
      if (node.kind !== 'map') return wrong('must be a mapping of keys.');
      const keys = Object.keys(schema.properties);
      const seen = new Set<string>();
      return node.entries.flatMap((entry): Finding[] => {
        // YAML keeps the first of two equal keys: the second would be silently ignored.
        if (seen.has(entry.key)) {
          return [
            {
              rule: RULES.wrongType,
              message: `\`${entry.key}\` appears twice${path.length ? ` in \`${path.join('.')}\`` : ''}; the second is ignored. Merge them.`,
              range: entry.keyRange,
            },
          ];
        }
        seen.add(entry.key);
        const child = schema.properties[entry.key];
        return child ? validated(entry.value, child, [...path, entry.key]) : [unknownKey(entry, keys, path)];
      });
    }
    case 'map': {
      if (node.kind !== 'map') return wrong(`must be a mapping of ${schema.keyDescription} to its settings.`);
      if (path.length === 1 && path[0] === 'servers' && node.entries.length === 0)
        return wrong('must list at least one server.');
      return node.entries.flatMap((entry) => {
        if (entry.value.kind === 'scalar' && entry.value.value === null && schema.nullable) return [];
        return validated(entry.value, schema.values, [...path, entry.key]);
      });
    }
    case 'integer':
      return node.kind === 'scalar' && Number.isInteger(node.value) ? [] : wrong('must be a whole number.');
    case 'boolean':
      return node.kind === 'scalar' && typeof node.value === 'boolean'
        ? []
        : wrong('must be `true` or `false`.');
    case 'enum':
      return node.kind === 'scalar' && schema.values.includes(String(node.value))
        ? []
        : vocabulary(node, schema.values, where);
    case 'roles': {
      const items = node.kind === 'seq' ? node.items : [node];
      if (items.length === 0) return wrong(`must name a role: ${list(ROLES)}.`);
      return items.flatMap((item) =>
        item.kind === 'scalar' && ROLES.includes(String(item.value) as (typeof ROLES)[number])
          ? []
          : vocabulary(item, ROLES, where),
      );
    }
    case 'string':
      return checkString(node, schema.format, wrong);
  }
}

function checkString(
  node: YNode,
  format: string | undefined,
  wrong: (message: string) => Finding[],
): Finding[] {
  if (node.kind !== 'scalar' || typeof node.value === 'boolean') return wrong('must be a single text value.');
  if (typeof node.value === 'number' && format !== 'text') return wrong('must be text; quote it.');
  const value = String(node.value);
  if (value.trim() === '') return wrong('is empty.');
  if (format === 'duration' && !DURATION_PATTERN.test(value)) {
    return wrong(`must be a duration such as \`30m\`, \`24h\` or \`7d\`, not \`${value}\`.`);
  }
  if (format === 'url' && !isHttpUrl(value)) return wrong(`must be an http(s) URL, not \`${value}\`.`);
  return [];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function vocabulary(node: YNode, values: readonly string[], where: string): Finding[] {
  const written = node.kind === 'scalar' ? String(node.value) : '';
  const suggestion = nearest(written, values);
  return [
    {
      rule: RULES.wrongType,
      message: `${where}: \`${written || node.kind}\` is not one of ${list(values)}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      range: node.range,
      fixes: suggestion ? [replaceFix(`Change to \`${suggestion}\``, node.range, suggestion)] : undefined,
    },
  ];
}

function unknownKey(entry: YEntry, known: readonly string[], path: string[]): Finding {
  const suggestion = nearest(entry.key, known);
  const where = path.length ? ` in \`${path.join('.')}\`` : '';
  return {
    rule: RULES.unknownKey,
    message: `Unknown key \`${entry.key}\`${where}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Known keys: ${list(known)}.`}`,
    range: entry.keyRange,
    fixes: suggestion ? [replaceFix(`Rename to \`${suggestion}\``, entry.keyRange, suggestion)] : undefined,
  };
}
