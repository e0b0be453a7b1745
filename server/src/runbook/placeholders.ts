/**
 * Resolution of `${path}` placeholders against the inventory: `${media}`, `${servers.SM01.fqdn}`,
 * `${servers.SQL01.databases.ServiceManager}`, `${failed.keyBackup}`, `${target.fqdn}`; `name` is the
 * computer name of a server (`${failed.name}`).
 */
import { attr, findServer, type Runbook, type Section, type Server } from './model';
import { entryOf, type YEntry, type YMap, type YNode } from './yamlTree';

export type Resolution =
  { ok: true; value: string; server?: Server } | { ok: false; reason: string; server?: Server };

export function resolvePlaceholder(runbook: Runbook, path: string, section: Section | undefined): Resolution {
  const parts = path.split('.');
  const head = parts[0] ?? '';
  if (!path) return { ok: false, reason: 'The placeholder is empty.' };
  if (head === 'servers' || head === 'failed' || head === 'target') {
    const named = head === 'servers' ? parts[1] : section && attr(section.heading, head)?.value;
    const rest = head === 'servers' ? parts.slice(2) : parts.slice(1);
    if (head !== 'servers' && !section)
      return { ok: false, reason: `\`${head}\` is defined only inside a scenario section.` };
    if (!named) {
      return {
        ok: false,
        reason:
          head === 'servers'
            ? 'Name a server: `servers.NAME.field`.'
            : `This section has no \`${head}=\` attribute.`,
      };
    }
    const server = findServer(runbook.inventory, named);
    if (!server) return { ok: false, reason: `No server named \`${named}\` in the inventory.` };
    if (rest.length === 0 || (rest.length === 1 && rest[0] === 'name'))
      return { ok: true, value: server.name, server };
    return { ...walk(server.node, rest, parts.slice(0, parts.length - rest.length)), server };
  }
  return walk(runbook.frontMatter?.root, parts, []);
}

function walk(map: YMap | undefined, keys: string[], prefix: string[]): Resolution {
  let node: YNode | undefined = map;
  const seen: string[] = [...prefix];
  for (const key of keys) {
    seen.push(key);
    const entry: YEntry | undefined = node?.kind === 'map' ? entryOf(node, key) : undefined;
    if (!entry) return { ok: false, reason: `\`${seen.join('.')}\` is not in the inventory.` };
    node = entry.value;
  }
  if (node?.kind !== 'scalar')
    return {
      ok: false,
      reason: `\`${keys.join('.')}\` is a ${node?.kind ?? 'missing'} value, not a single value.`,
    };
  if (node.value === null || node.value === '')
    return { ok: false, reason: `\`${keys.join('.')}\` has no value.` };
  return { ok: true, value: String(node.value) };
}

/** Every path a placeholder may name in this section, for completion. */
export function placeholderPaths(runbook: Runbook, section: Section | undefined): string[] {
  const paths: string[] = [];
  const collect = (node: YNode | undefined, prefix: string): void => {
    if (node?.kind === 'scalar' && node.value !== null) paths.push(prefix);
    if (node?.kind === 'map')
      for (const entry of node.entries) collect(entry.value, prefix ? `${prefix}.${entry.key}` : entry.key);
  };
  const root = runbook.frontMatter?.root;
  for (const entry of root?.entries ?? []) if (entry.key !== 'smdr') collect(entry.value, entry.key);
  for (const server of runbook.inventory.servers) paths.push(`servers.${server.name}.name`);
  for (const role of ['failed', 'target'] as const) {
    const server = section && findServer(runbook.inventory, attr(section.heading, role)?.value);
    if (!server) continue;
    paths.push(`${role}.name`);
    collect(server.node, role);
  }
  return [...new Set(paths)].sort();
}
