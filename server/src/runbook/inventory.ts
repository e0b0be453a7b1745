/** Reads the servers of the inventory out of the located YAML tree, keeping only well-typed values. */
import { isScsmVersion, type ScsmVersion } from '../domain/versions';
import { isOneOf, KNOWN_DATABASES, ROLES, type Role } from '../domain/vocabulary';
import type { Database, Located, Server, Settings } from './model';
import { asMap, entryOf, type YEntry, type YMap, type YNode } from './yamlTree';

// A server's entry that did not change between two parses is the same object (yamlParts.ts): so is
// its server, and what is derived from it (rules/reads.ts) need not be derived again.
const serversByEntry = new WeakMap<YEntry, Server>();

export function readServers(root: YMap | undefined): Server[] {
  const servers = asMap(entryOf(root, 'servers')?.value);
  return (servers?.entries ?? []).map((entry) => {
    let server = serversByEntry.get(entry);
    if (!server) {
      server = readServer(entry);
      serversByEntry.set(entry, server);
    }
    return server;
  });
}

/** `scsm: 2022` parses as a number; `'2022'` as text: both name the version. */
export function readVersion(root: YMap | undefined): Located<ScsmVersion> | undefined {
  const node = entryOf(root, 'scsm')?.value;
  if (node?.kind !== 'scalar' || (typeof node.value !== 'number' && typeof node.value !== 'string'))
    return undefined;
  const text = String(node.value);
  return isScsmVersion(text) ? { value: text, range: node.range } : undefined;
}

/** `databaseNames`: only the known defaults, each mapped to a non-empty name (the rules report the rest). */
export function readDatabaseNames(root: YMap | undefined): Map<string, Located<string>> {
  const names = new Map<string, Located<string>>();
  for (const entry of asMap(entryOf(root, 'databaseNames')?.value)?.entries ?? []) {
    const name = locatedString(entry.value);
    if (name && isOneOf(KNOWN_DATABASES, entry.key) && !names.has(entry.key)) names.set(entry.key, name);
  }
  return names;
}

function readServer(entry: YEntry): Server {
  const node = asMap(entry.value);
  const field = (key: string) => entryOf(node, key)?.value;
  return {
    name: entry.key,
    nameRange: entry.keyRange,
    entryRange: entry.range,
    roles: readRoles(field('role')),
    primary: located(field('primary'), (v): v is boolean => typeof v === 'boolean'),
    fqdn: locatedString(field('fqdn')),
    keyBackup: locatedString(field('keyBackup')),
    reportServer: locatedString(field('reportServer')),
    installFolder: locatedString(field('installFolder')),
    dataFolder: locatedString(field('dataFolder')),
    logFolder: locatedString(field('logFolder')),
    instance: locatedString(field('instance')),
    databases: readDatabases(asMap(field('databases'))),
    node,
  };
}

function readRoles(node: YNode | undefined): Role[] {
  const items = node?.kind === 'seq' ? node.items : node ? [node] : [];
  return items.flatMap((item) => (item.kind === 'scalar' && isOneOf(ROLES, item.value) ? [item.value] : []));
}

function readDatabases(map: YMap | undefined): Database[] {
  return (map?.entries ?? []).map((entry) => ({
    name: entry.key,
    nameRange: entry.keyRange,
    backup: locatedString(entry.value),
  }));
}

function located<T>(node: YNode | undefined, is: (value: unknown) => value is T): Located<T> | undefined {
  return node?.kind === 'scalar' && is(node.value) ? { value: node.value, range: node.range } : undefined;
}

function locatedString(node: YNode | undefined): Located<string> | undefined {
  const value = located(
    node,
    (v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number',
  );
  return value && { value: String(value.value), range: value.range };
}

/** The top-level settings (see `Settings`): text as text, booleans and numbers as such, each with its value's range. */
export function readSettings(root: YMap | undefined): Settings {
  const text = (map: YMap | undefined, key: string) =>
    located(entryOf(map, key)?.value, (v): v is string => typeof v === 'string');
  const objectives = asMap(entryOf(root, 'objectives')?.value);
  const sql = asMap(entryOf(root, 'sql')?.value);
  const flag = (key: string) =>
    located(entryOf(sql, key)?.value, (v): v is boolean => typeof v === 'boolean');
  return {
    title: text(root, 'title'),
    managementGroup: text(root, 'managementGroup'),
    media: text(root, 'media'),
    managementPacks: text(root, 'managementPacks'),
    permissionScripts: text(root, 'permissionScripts'),
    objectives: { rpo: text(objectives, 'rpo'), rto: text(objectives, 'rto') },
    sql: {
      authentication: text(sql, 'authentication'),
      user: text(sql, 'user'),
      domain: text(sql, 'domain'),
      encrypt: flag('encrypt'),
      trustServerCertificate: flag('trustServerCertificate'),
      port: located(entryOf(sql, 'port')?.value, (v): v is number => typeof v === 'number'),
      collation: text(sql, 'collation'),
    },
  };
}
