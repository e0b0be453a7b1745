/** The runbook model: what the rules, features and command rendering read. Every element keeps its range. */
import type { Role } from '../domain/vocabulary';
import type { ScsmVersion } from '../domain/versions';
import type { Fence, Heading, HeadingAttr, HtmlComment } from './markdown';
import type { Range, SourceText } from './source';
import type { YamlProblem, YMap } from './yamlTree';

export interface Located<T> {
  value: T;
  range: Range;
}

export interface Database {
  name: string;
  nameRange: Range;
  /** Backup file path; undefined when null or empty. */
  backup: Located<string> | undefined;
}

export interface Server {
  name: string;
  nameRange: Range;
  /** The whole `NAME: {...}` entry. */
  entryRange: Range;
  roles: Role[];
  primary: Located<boolean> | undefined;
  fqdn: Located<string> | undefined;
  keyBackup: Located<string> | undefined;
  reportServer: Located<string> | undefined;
  installFolder: Located<string> | undefined;
  /** Database servers: where restored data and log files go when their original folders do not exist. */
  dataFolder: Located<string> | undefined;
  logFolder: Located<string> | undefined;
  instance: Located<string> | undefined;
  databases: Database[];
  /** The server's own map, for placeholder lookup and fixes. */
  node: YMap | undefined;
}

export interface FrontMatter {
  /** The opening `---` line. */
  openRange: Range;
  closeLine: number | undefined;
  root: YMap | undefined;
  problems: YamlProblem[];
}

export interface Inventory {
  servers: Server[];
  /** `scsm:`, the Service Manager version the runbook describes; undefined when absent or not one of the four. */
  version: Located<ScsmVersion> | undefined;
  /** `databaseNames:` default name → the name chosen at Setup (only the names the runbook lists). */
  databaseNames: ReadonlyMap<string, Located<string>>;
  /** False when the front matter is missing or does not parse: inventory-based rules stand down. */
  usable: boolean;
}

/**
 * The runbook's top-level settings, read once from the front matter so that no module walks the YAML
 * for them. A value is kept only when it has the type the reader needs (text, a boolean, a number);
 * the schema rules (SMDR003) report the rest. Read whenever the front matter has a mapping, even one
 * the inventory rules stand down for, as the modules that read them always did.
 */
export interface Settings {
  title: Located<string> | undefined;
  managementGroup: Located<string> | undefined;
  media: Located<string> | undefined;
  managementPacks: Located<string> | undefined;
  permissionScripts: Located<string> | undefined;
  objectives: { rpo: Located<string> | undefined; rto: Located<string> | undefined };
  sql: {
    authentication: Located<string> | undefined;
    user: Located<string> | undefined;
    domain: Located<string> | undefined;
    encrypt: Located<boolean> | undefined;
    trustServerCertificate: Located<boolean> | undefined;
    port: Located<number> | undefined;
    collation: Located<string> | undefined;
  };
}

export interface Placeholder {
  /** The dotted path inside `${...}`. */
  path: string;
  /** `${...}` as written. */
  range: Range;
  pathRange: Range;
}

export interface CodeBlock {
  fence: Fence;
  placeholders: Placeholder[];
}

export interface Step {
  heading: Heading;
  kind: HeadingAttr | undefined;
  server: HeadingAttr | undefined;
  codeBlocks: CodeBlock[];
  /** First and last line of the step (heading through its content). */
  startLine: number;
  endLine: number;
}

export interface Section {
  heading: Heading;
  scenario: HeadingAttr | undefined;
  failed: HeadingAttr | undefined;
  strategy: HeadingAttr | undefined;
  target: HeadingAttr | undefined;
  steps: Step[];
  startLine: number;
  endLine: number;
}

export interface Runbook {
  source: SourceText;
  frontMatter: FrontMatter | undefined;
  inventory: Inventory;
  settings: Settings;
  /** Level-2 headings carrying `scenario=`. */
  sections: Section[];
  /** `{step=...}` headings outside any scenario section. */
  straySteps: Step[];
  headings: Heading[];
  fences: Fence[];
  comments: HtmlComment[];
}

export function attr(heading: Heading, key: string): HeadingAttr | undefined {
  return heading.attrs.find((a) => a.key === key);
}

/** The first server of each name as written, and of each name in lower case. */
interface ServerIndex {
  exact: Map<string, Server>;
  lower: Map<string, Server>;
}

// Every section and placeholder looks servers up: by index, not by a scan of the inventory each time.
// Kept by the list of servers, read on each lookup, which the section memo sees as a read (rules/reads.ts).
const indexes = new WeakMap<readonly Server[], ServerIndex>();

function indexOf(inventory: Inventory): ServerIndex {
  const servers = inventory.servers;
  let index = indexes.get(servers);
  if (!index) {
    index = { exact: new Map(), lower: new Map() };
    for (const server of servers) {
      if (!index.exact.has(server.name)) index.exact.set(server.name, server);
      const lower = server.name.toLowerCase();
      if (!index.lower.has(lower)) index.lower.set(lower, server);
    }
    indexes.set(servers, index);
  }
  return index;
}

/** The server of that name, else the first whose name differs only in case. */
export function findServer(inventory: Inventory, name: string | undefined): Server | undefined {
  if (name === undefined) return undefined;
  const index = indexOf(inventory);
  return index.exact.get(name) ?? index.lower.get(name.toLowerCase());
}

/** This installation's name for a database known by its default name (`databaseNames`, else the default). */
export function databaseName(inventory: Inventory, defaultName: string): string {
  return inventory.databaseNames.get(defaultName)?.value ?? defaultName;
}

/**
 * Whether a hosted database is the one known by `defaultName`. SQL Server compares database names
 * case-insensitively under the collations Service Manager is installed with.
 */
export function isDatabase(inventory: Inventory, name: string, defaultName: string): boolean {
  return name.toLowerCase() === databaseName(inventory, defaultName).toLowerCase();
}

/** The server(s) hosting a database known by its default name. */
export function databaseHosts(inventory: Inventory, defaultName: string): Server[] {
  return inventory.servers.filter((s) => s.databases.some((d) => isDatabase(inventory, d.name, defaultName)));
}
