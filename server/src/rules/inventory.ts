/** SMDR101–122: the inventory describes an installation that can be recovered. */
import { DEFAULT_INSTANCE, instanceAddress } from '../domain/installation';
import {
  DATA_WAREHOUSE_DATABASES,
  ROLE_DATABASES,
  SERVICE_MANAGER_DATABASE,
  type Role,
} from '../domain/vocabulary';
import {
  databaseName,
  isDatabase,
  type Database,
  type Inventory,
  type Runbook,
  type Server,
} from '../runbook/model';
import type { Range, SourceText } from '../runbook/source';
import { entryOf, type YNode } from '../runbook/yamlTree';
import { trimEndOf } from '../runbook/text';
import { RULES } from './catalog';
import { insertFix, type Finding } from './finding';

const NETBIOS = /^[A-Z0-9-]{1,15}$/i;
const INSTANCE = /^[A-Z_&][\w$#]{0,15}$/i;
const DNS_LABEL = /^(?!-)[A-Z0-9-]{1,63}(?<!-)$/i;

export function checkInventory(runbook: Runbook): Finding[] {
  if (!runbook.inventory.usable) return [];
  const servers = runbook.inventory.servers;
  const folder = keyFolder(servers);
  // All a server's own findings read besides the server itself.
  const facts = JSON.stringify([[...runbook.inventory.databaseNames].map(([k, v]) => [k, v.value]), folder]);
  return [
    ...servers.flatMap((server) => serverFindings(runbook.source, server, runbook.inventory, folder, facts)),
    ...mappedNames(runbook.inventory),
    ...duplicateServers(servers),
    ...primaryCount(servers),
    ...sharedKeyBackups(servers),
    ...databasePlacement(runbook, servers),
    ...dataWarehouseSplit(runbook.inventory),
    ...missingFolders(runbook, servers),
  ];
}

export const has = (server: Server, role: Role): boolean => server.roles.includes(role);

// A server read again from an entry that did not change is the same object (runbook/inventory.ts), at
// the same lines: its findings are the same while the few facts it reads of the others are.
const byServer = new WeakMap<Server, { facts: string; findings: Finding[] }>();

function serverFindings(
  source: SourceText,
  server: Server,
  inventory: Inventory,
  folder: string,
  facts: string,
): Finding[] {
  let stored = byServer.get(server);
  if (stored?.facts !== facts) {
    stored = { facts, findings: checkServer(source, server, inventory, folder) };
    byServer.set(server, stored);
  }
  return stored.findings;
}

function checkServer(source: SourceText, server: Server, inventory: Inventory, folder: string): Finding[] {
  const findings: Finding[] = [];
  if (!NETBIOS.test(server.name) || /^\d+$/.test(server.name)) {
    findings.push({
      rule: RULES.computerNameInvalid,
      message: `\`${server.name}\` is not a valid computer name: 1 to 15 letters, digits and hyphens, not all digits.`,
      range: server.nameRange,
    });
  }
  if (server.fqdn) findings.push(...checkFqdn(server));
  if (server.instance && !INSTANCE.test(server.instance.value)) {
    findings.push({
      rule: RULES.instanceNameInvalid,
      message: `\`${server.instance.value}\` is not a valid SQL Server instance name: 1 to 16 characters, starting with a letter, \`_\` or \`&\`, then letters, digits, \`_\`, \`$\` or \`#\`.`,
      range: server.instance.range,
    });
  }
  for (const database of server.databases) {
    findings.push(...databaseNameProblems(database.name, database.nameRange));
  }
  const needsKey = has(server, 'management') || has(server, 'data-warehouse');
  if (needsKey && !server.keyBackup) findings.push(missingKey(source, server, folder));
  // An unfilled `<fill: ...>` is no path yet: SMDR122 says so, not that it is on this server.
  const key = server.keyBackup && !isUnfilled(server.keyBackup.value) ? server.keyBackup : undefined;
  if (key && onSameServer(key.value, server)) {
    findings.push({
      rule: RULES.keyBackupOnSameServer,
      message: `The key backup of ${server.name} is kept on ${server.name} itself: when the computer is lost, so is its key. Keep it on another computer.`,
      range: key.range,
    });
  }
  for (const database of server.databases) {
    findings.push(...colocated(inventory, server, database));
    if (has(server, 'database') && !database.backup) {
      findings.push({
        rule: RULES.databaseBackupMissing,
        message: `${database.name} on ${server.name} has no backup path: nothing to restore it from.`,
        range: database.nameRange,
      });
    }
  }
  findings.push(...roleFieldMismatches(server));
  return findings;
}

function databaseNameProblems(name: string, range: Range): Finding[] {
  if (name.trim() !== '' && name.length <= 128) return [];
  return [
    {
      rule: RULES.databaseNameInvalid,
      message:
        name.trim() === ''
          ? 'A database name is empty.'
          : `The database name is ${name.length} characters long; SQL Server allows 128.`,
      range,
    },
  ];
}

/** `databaseNames`: each name chosen at Setup is a valid database name. */
function mappedNames(inventory: Inventory): Finding[] {
  return [...inventory.databaseNames.values()].flatMap((name) =>
    databaseNameProblems(name.value, name.range),
  );
}

/**
 * SMDR114. The disaster-recovery page asks for "a deployment strategy that separates the Service
 * Manager and data warehouse management servers from the computers that host their respective
 * databases", yet Setup's own one- and two-computer installs put them together: a best practice.
 * Losing that computer is recoverable (same name, restore the database, then Setup on it) as long as
 * the database has a backup; without one, nothing restores it, and that is an error.
 */
function colocated(inventory: Inventory, server: Server, database: Database): Finding[] {
  const roles = (['management', 'data-warehouse'] as const).filter(
    (role) =>
      has(server, role) && ROLE_DATABASES[role].some((name) => isDatabase(inventory, database.name, name)),
  );
  return roles.map((role) => {
    const what = role === 'management' ? 'management' : 'data warehouse management';
    return database.backup
      ? {
          rule: RULES.colocatedDatabase,
          severity: 'warning',
          message: `${server.name} is a ${what} server and also hosts ${database.name}: one failure takes both, and recovering means rebuilding ${server.name}, restoring ${database.name}, then running Setup again. The disaster-recovery page recommends the database on a separate computer.`,
          range: database.nameRange,
        }
      : {
          rule: RULES.colocatedDatabase,
          message: `${server.name} is a ${what} server, hosts ${database.name}, and that database has no backup: if ${server.name} fails, nothing can restore ${database.name} and the server cannot be recovered. Give it a backup, or host it on a separate computer.`,
          range: database.nameRange,
        };
  });
}

function checkFqdn(server: Server): Finding[] {
  const fqdn = server.fqdn!;
  const labels = fqdn.value.replace(/\.$/, '').split('.');
  const valid = fqdn.value.length <= 253 && labels.every((label) => DNS_LABEL.test(label));
  let message: string | undefined;
  if (!valid) message = `\`${fqdn.value}\` is not a valid DNS name.`;
  else if (labels.length < 2)
    message = `\`${fqdn.value}\` is not fully qualified: add the domain (${server.name.toLowerCase()}.example.local).`;
  else if (labels[0]!.toLowerCase() !== server.name.toLowerCase()) {
    message = `The FQDN \`${fqdn.value}\` names computer \`${labels[0]}\`, not ${server.name}.`;
  }
  return message ? [{ rule: RULES.fqdnMismatch, message, range: fqdn.range }] : [];
}

function missingKey(source: SourceText, server: Server, folder: string): Finding {
  const finding: Finding = {
    rule: RULES.keyBackupMissing,
    message: `${server.name} has no \`keyBackup\`: without its encryption key, a replacement server cannot be installed. Back it up with SecureStorageBackup and record where.`,
    range: server.nameRange,
  };
  const keys = server.node?.entries;
  const last = keys?.[keys.length - 1];
  // Block mappings only: a flow mapping ({...}) is left for the user to edit.
  if (last && server.node && server.node.range.start.line !== server.nameRange.start.line) {
    const indent = ' '.repeat(keys[0]!.keyRange.start.character);
    finding.fixes = [
      insertFix(
        `Add \`keyBackup\` to ${server.name}`,
        source,
        last.range.end.line + 1,
        `${indent}keyBackup: '${`${folder}${server.name}.bin`.replace(/'/g, "''")}'\n`,
      ),
    ];
  }
  return finding;
}

/** Next to the other key files when there are some, else an obvious placeholder to edit. */
function keyFolder(servers: Server[]): string {
  const sibling = servers.find((s) => s.keyBackup && /[\\/]/.test(s.keyBackup.value))?.keyBackup?.value;
  return sibling
    ? sibling.slice(0, Math.max(sibling.lastIndexOf('\\'), sibling.lastIndexOf('/')) + 1)
    : '\\\\BACKUP-SERVER\\share\\keys\\';
}

/** A key file on the server it protects: a local path, or a UNC path to that server. */
function onSameServer(path: string, server: Server): boolean {
  const unc = /^[\\/]{2}([^\\/]+)/.exec(path);
  if (!unc) return /^[A-Z]:|^[^\\/]/i.test(path);
  const host = unc[1]!.toLowerCase();
  return host === server.name.toLowerCase() || host.split('.')[0] === server.name.toLowerCase();
}

function roleFieldMismatches(server: Server): Finding[] {
  const applies: Record<string, boolean> = {
    primary: has(server, 'management'),
    keyBackup: has(server, 'management') || has(server, 'data-warehouse'),
    reportServer: has(server, 'data-warehouse'),
    installFolder: has(server, 'management') || has(server, 'data-warehouse'),
    instance: has(server, 'database'),
    databases: has(server, 'database'),
    dataFolder: has(server, 'database'),
    logFolder: has(server, 'database'),
  };
  const roles = server.roles.join(', ') || 'no role';
  return Object.entries(applies).flatMap(([key, ok]) => {
    const entry = entryOf(server.node, key);
    return !entry || ok
      ? []
      : [
          {
            rule: RULES.roleFieldMismatch,
            message: `\`${key}\` does not apply to ${server.name} (${roles}); it is ignored.`,
            range: entry.keyRange,
          },
        ];
  });
}

function duplicateServers(servers: Server[]): Finding[] {
  const seen = new Map<string, Server>();
  return servers.flatMap((server) => {
    const key = server.name.toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, server);
      return [];
    }
    return [
      {
        rule: RULES.duplicateServer,
        message: `${server.name} is listed twice (computer names ignore case; first as ${first.name}, line ${first.nameRange.start.line + 1}).`,
        range: server.nameRange,
      },
    ];
  });
}

function primaryCount(servers: Server[]): Finding[] {
  const managers = servers.filter((s) => has(s, 'management'));
  if (managers.length === 0) return [];
  const primaries = managers.filter((s) => s.primary?.value === true);
  if (primaries.length === 1) return [];
  if (primaries.length === 0) {
    return [
      {
        rule: RULES.primaryCount,
        message: 'No management server is marked `primary: true`: say which one runs the workflows.',
        range: managers[0]!.nameRange,
      },
    ];
  }
  return primaries.map((server) => ({
    rule: RULES.primaryCount,
    message: `${primaries.length} management servers are marked primary (${primaries.map((s) => s.name).join(', ')}); exactly one is.`,
    range: server.primary!.range,
  }));
}

function normalisePath(path: string): string {
  return trimEndOf(path.trim().replace(/\//g, '\\'), '\\').toLowerCase();
}

function sharedKeyBackups(servers: Server[]): Finding[] {
  const byPath = new Map<string, Server[]>();
  for (const server of servers) {
    // Two servers left with the same `<fill: ...>` name no file yet (SMDR122).
    if (!server.keyBackup || isUnfilled(server.keyBackup.value)) continue;
    const path = normalisePath(server.keyBackup.value);
    byPath.set(path, [...(byPath.get(path) ?? []), server]);
  }
  return [...byPath.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((server) => ({
        rule: RULES.keyBackupShared,
        message: `${group.map((s) => s.name).join(' and ')} name the same key file: every management server has its own key, and the data warehouse key differs from the others. Give each its own file.`,
        range: server.keyBackup!.range,
      })),
    );
}

function databasePlacement(runbook: Runbook, servers: Server[]): Finding[] {
  const hosts = (name: string) =>
    servers.flatMap((s) =>
      s.databases
        .filter((d) => isDatabase(runbook.inventory, d.name, name))
        .map((d) => ({ server: s, database: d })),
    );
  const required = [
    SERVICE_MANAGER_DATABASE,
    ...(servers.some((s) => has(s, 'data-warehouse')) ? DATA_WAREHOUSE_DATABASES : []),
  ];
  const serversKey =
    entryOf(runbook.frontMatter?.root, 'servers')?.keyRange ?? runbook.frontMatter!.openRange;
  return required.flatMap((defaultName) => {
    const found = hosts(defaultName);
    const name = databaseName(runbook.inventory, defaultName);
    const mapped = name === defaultName ? '' : ` (\`databaseNames\` maps ${defaultName} to it)`;
    if (found.length === 1) return [];
    if (found.length === 0) {
      return [
        {
          rule: RULES.databaseUnplaced,
          message: `No server hosts the ${name} database${mapped}: list it under the \`databases\` of its database server${mapped ? '' : ', or map its name with `databaseNames` if Setup gave it another'}.`,
          range: serversKey,
        },
      ];
    }
    return found.map(({ database }) => ({
      rule: RULES.databaseUnplaced,
      message: `${name} is listed on ${found.map((f) => f.server.name).join(' and ')}: a database lives on exactly one server.`,
      range: database.nameRange,
    }));
  });
}

/**
 * SMDR121. Setup's pages: "DWStagingAndConfig and DWRepository, must reside on the same instance of
 * Microsoft SQL Server" (install-four-computers.md); restoring them apart is not supported.
 */
function dataWarehouseSplit(inventory: Inventory): Finding[] {
  const [staging, repository] = DATA_WAREHOUSE_DATABASES;
  const locate = (name: string) =>
    inventory.servers.flatMap((server) =>
      server.databases
        .filter((d) => isDatabase(inventory, d.name, name))
        .map((database) => ({ server, database })),
    );
  const stagings = locate(staging);
  const repositories = locate(repository);
  if (stagings.length !== 1 || repositories.length !== 1) return []; // SMDR115 says so.
  const a = stagings[0]!;
  const b = repositories[0]!;
  if (sameInstance(a.server, b.server)) return [];
  const where = (s: Server) => instanceAddress(s.name, s.instance?.value);
  return [a, b].map(({ database }) => ({
    rule: RULES.dwDatabasesSplit,
    message: `${a.database.name} is on ${where(a.server)} and ${b.database.name} on ${where(b.server)}: Service Manager requires the staging and repository databases on the same SQL Server instance. Restore them together.`,
    range: database.nameRange,
  }));
}

function sameInstance(a: Server, b: Server): boolean {
  const instance = (s: Server) => (s.instance?.value ?? DEFAULT_INSTANCE).toUpperCase();
  return a.name.toLowerCase() === b.name.toLowerCase() && instance(a) === instance(b);
}

function missingFolders(runbook: Runbook, servers: Server[]): Finding[] {
  const root = runbook.frontMatter!.root;
  const range = runbook.frontMatter!.openRange;
  const findings: Finding[] = [];
  if (!entryOf(root, 'managementPacks')) {
    findings.push({
      rule: RULES.managementPacksMissing,
      message:
        '`managementPacks` is not set: say where the exported unsealed management packs are kept, off the management servers.',
      range,
    });
  }
  if (!entryOf(root, 'permissionScripts') && servers.some((s) => has(s, 'database'))) {
    findings.push({
      rule: RULES.permissionScriptsMissing,
      message:
        '`permissionScripts` is not set: a rebuilt database server needs its logins and permissions scripts.',
      range,
    });
  }
  return findings;
}

/**
 * A value the New Runbook template (media/template.runbook.md) and the skeleton leave for the user to
 * write: `<fill: what goes here>`, and `<fill-SM>` for a computer name.
 */
export function isUnfilled(value: string): boolean {
  return /^\s*<fill[-:]/.test(value);
}

// Every placeholder of the template shown whole; a longer value cut.
const SHOWN_VALUE = 160;

/**
 * SMDR122: every value of the front matter still holding a template placeholder, on the value. A value
 * that another front-matter rule already reports where it stands (`reported`) is left to that rule: a
 * FQDN is SMDR102's, an instance SMDR103's, a value outside its vocabulary or format SMDR003's. Keys
 * are not looked at: a placeholder server name is SMDR101's, any other key SMDR002's.
 */
export function unfilledValues(runbook: Runbook, reported: readonly Finding[]): Finding[] {
  const root = runbook.frontMatter?.root;
  if (!runbook.inventory.usable || !root) return [];
  const at = (range: Range) =>
    `${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
  const taken = new Set(reported.map((f) => at(f.range)));
  const findings: Finding[] = [];
  // Depth first in document order, without recursion: a hostile front matter may nest deeply.
  const stack: { node: YNode; path: string }[] = [{ node: root, path: '' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, path } = next;
    if (node.kind === 'map') {
      for (let i = node.entries.length - 1; i >= 0; i--) {
        const entry = node.entries[i]!;
        stack.push({ node: entry.value, path: path ? `${path}.${entry.key}` : entry.key });
      }
    } else if (node.kind === 'seq') {
      for (let i = node.items.length - 1; i >= 0; i--)
        stack.push({ node: node.items[i]!, path: `${path}[${i}]` });
    } else if (typeof node.value === 'string' && isUnfilled(node.value) && !taken.has(at(node.range))) {
      // An alias repeats a value at its anchor's range: reported once.
      taken.add(at(node.range));
      findings.push(unfilled(path, node.value.trim(), node.range));
    }
  }
  return findings;
}

function unfilled(path: string, value: string, range: Range): Finding {
  const shown = value.length > SHOWN_VALUE ? `${value.slice(0, SHOWN_VALUE)}...` : value;
  return {
    rule: RULES.valueUnfilled,
    message: `\`${path}\` still holds the template's placeholder \`${shown}\`: replace it with the real value.`,
    range,
  };
}
