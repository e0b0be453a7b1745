/**
 * The Servers and Backups views as data: built from the runbook and, when there is one, the live
 * state. The client only renders these nodes; a node's range reveals its definition in the runbook.
 */
import { instanceAddress } from '../domain/installation';
import type { Runbook, Server } from '../runbook/model';
import type { Range } from '../runbook/source';
import type { LiveState } from './facts';
import { fileFacts, instanceFacts, rpoOf } from './findings';
import {
  ageText,
  judgeDatabase,
  judgeFolder,
  judgeInstance,
  judgeKeyFile,
  type Judgement,
  type Verdict,
} from './judge';
import { unmetRequirements } from './requirements';

export interface EstateNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  verdict?: Verdict;
  /** A codicon for nodes without a verdict. */
  icon?: string;
  range?: Range;
  /** The instance to retry, on error nodes. */
  retry?: string;
  children?: EstateNode[];
}

/** Verdicts from best to worst: a node that stands for others shows the worst of them. */
const SEVERITY: readonly Verdict[] = ['ok', 'unknown', 'stale', 'missing', 'error'];
const worse = (a: Verdict, b: Verdict) => SEVERITY.indexOf(a) > SEVERITY.indexOf(b);

/** How many of the nodes below a rolled-up one its tooltip names before saying how many more there are. */
const NAMED_BELOW = 3;

/**
 * The node, its children rolled up first, showing the worst verdict among itself and its children,
 * with the children that made it so named in its tooltip: a green server over a stale database
 * would hide the one thing the operator must see.
 */
export function rolledUp(node: EstateNode): EstateNode {
  if (!node.children?.length) return node;
  const children = node.children.map(rolledUp);
  const own = node.verdict;
  const worst = children.reduce<Verdict | undefined>(
    (w, c) => (c.verdict && (!w || worse(c.verdict, w)) ? c.verdict : w),
    undefined,
  );
  if (!worst || (own && !worse(worst, own))) return { ...node, children };
  const below = children.filter((c) => c.verdict && c.verdict !== 'ok' && !(own && !worse(c.verdict, own)));
  const named = below
    .slice(0, NAMED_BELOW)
    .map((c) => `${c.label}: ${c.tooltip ?? c.verdict}`)
    .join('; ');
  const more = below.length > NAMED_BELOW ? `; and ${below.length - NAMED_BELOW} more` : '';
  const belowText = below.length ? `${named}${more}` : 'everything below is ok';
  return {
    ...node,
    verdict: worst,
    tooltip: node.tooltip ? `${node.tooltip}; ${belowText}` : belowText,
    children,
  };
}

function roleLabel(server: Server): string {
  const roles = server.roles.map((role) =>
    role === 'management'
      ? server.primary?.value
        ? 'primary management server'
        : 'additional management server'
      : role === 'data-warehouse'
        ? 'data warehouse management server'
        : `database server ${instanceAddress(server.name, server.instance?.value)}`,
  );
  return roles.join(', ') || 'no role';
}

function judged(node: EstateNode, judgement: Judgement): EstateNode {
  return {
    ...node,
    verdict: judgement.verdict,
    tooltip: judgement.reason,
    description: node.description ?? judgement.reason,
  };
}

function age(at: string | undefined, now: Date): string {
  return at ? `${ageText(now.getTime() - Date.parse(at))} ago` : 'none';
}

export function serversTree(runbook: Runbook, live: LiveState | undefined, now = new Date()): EstateNode[] {
  return runbook.inventory.servers.map((server) => rolledUp(serverNode(runbook, server, live, now)));
}

function serverNode(runbook: Runbook, server: Server, live: LiveState | undefined, now: Date): EstateNode {
  const rpo = rpoOf(runbook);
  const node: EstateNode = {
    id: `server:${server.name}`,
    label: server.name,
    description: roleLabel(server),
    range: server.nameRange,
    icon: 'server',
  };
  if (!server.roles.includes('database')) return node;
  const instance = live && instanceFacts(live, server);
  if (!instance)
    return {
      ...node,
      children: server.databases.map((d) => ({
        id: `db:${server.name}:${d.name}`,
        label: d.name,
        description: 'not read yet',
        range: d.nameRange,
        icon: 'database',
      })),
    };
  if (instance.error) {
    const unread = `${instance.address} could not be read`;
    return {
      ...node,
      verdict: 'error',
      tooltip: instance.error,
      children: [
        // The tooltip holds the whole message, with what to change, where the tree cuts the label short.
        {
          id: `error:${server.name}`,
          label: instance.error,
          tooltip: instance.error,
          verdict: 'error',
          retry: instance.address,
        },
        // What the instance holds is not known while it cannot be read: not absent, not without backups.
        ...server.databases.map((d): EstateNode => ({
          id: `db:${server.name}:${d.name}`,
          label: d.name,
          description: 'unknown',
          tooltip: unread,
          verdict: 'unknown',
          range: d.nameRange,
        })),
      ],
    };
  }
  const named = judgeInstance(instance, server.name, server.instance?.value);
  const unmet = unmetRequirements(runbook, instance).map((u) => `${u.rule.code}: ${u.message}`);
  const status: Judgement = unmet.length
    ? {
        verdict: 'error',
        reason: [...(named.verdict === 'error' ? [named.reason] : []), ...unmet].join('; '),
      }
    : named;
  return {
    ...judged(node, status),
    description: roleLabel(server),
    children: server.databases.map((d): EstateNode => {
      const facts = instance.databases.find((f) => f.name.toLowerCase() === d.name.toLowerCase()) ?? {
        name: d.name,
        state: undefined,
        recoveryModel: undefined,
        backups: [],
      };
      const db = judgeDatabase(facts, now, rpo);
      return {
        id: `db:${server.name}:${d.name}`,
        label: d.name,
        description: `${facts.state === null ? 'state unknown' : (facts.state ?? 'absent')}${facts.recoveryModel ? ` · ${facts.recoveryModel}` : ''} · full ${age(db.chain.full?.finishedAt, now)}`,
        tooltip: db.reason,
        verdict: db.verdict,
        range: d.nameRange,
        children: [
          {
            id: `db:${server.name}:${d.name}:full`,
            label: 'Last full',
            description: age(db.chain.full?.finishedAt, now),
            tooltip: db.chain.full?.device,
            icon: 'archive',
          },
          {
            id: `db:${server.name}:${d.name}:diff`,
            label: 'Last differential',
            description: age(db.chain.differential?.finishedAt, now),
            tooltip: db.chain.differential?.device,
            icon: 'diff',
          },
          {
            id: `db:${server.name}:${d.name}:log`,
            label: 'Last log',
            description: age(db.chain.lastLog?.finishedAt, now),
            tooltip: db.chain.lastLog?.device,
            icon: 'list-ordered',
          },
        ],
      };
    }),
  };
}

export function backupsTree(runbook: Runbook, live: LiveState | undefined, now = new Date()): EstateNode[] {
  const rpo = rpoOf(runbook);
  const servers = runbook.inventory.servers;
  const unchecked: Judgement = { verdict: 'unknown', reason: 'not checked yet: refresh' };
  const keys: EstateNode[] = servers
    .filter((s) => s.keyBackup)
    .map((s) =>
      judged(
        { id: `key:${s.name}`, label: `${s.name} key`, range: s.keyBackup!.range },
        live ? judgeKeyFile(fileFacts(live, s.keyBackup!.value)) : unchecked,
      ),
    );
  const databases: EstateNode[] = servers.flatMap((server) =>
    server.databases.map((d): EstateNode => {
      const instance = live && instanceFacts(live, server);
      const facts = instance?.databases.find((f) => f.name.toLowerCase() === d.name.toLowerCase());
      const history: Judgement = !live
        ? unchecked
        : instance?.error
          ? { verdict: 'unknown', reason: `${instance.address} could not be read: ${instance.error}` }
          : facts
            ? judgeDatabase(facts, now, rpo)
            : { verdict: 'unknown', reason: 'not read' };
      const chain = facts && judgeDatabase(facts, now, rpo).chain;
      const file = d.backup && live ? judgeKeyFile(fileFacts(live, d.backup.value)) : undefined;
      return {
        ...judged({ id: `backup:${server.name}:${d.name}`, label: d.name, range: d.nameRange }, history),
        description: `${instanceAddress(server.name, server.instance?.value)} · ${history.reason}`,
        children: [
          {
            id: `backup:${server.name}:${d.name}:chain`,
            label: 'Chain',
            description: chain
              ? chain.broken
                ? `broken: ${chain.broken}`
                : chain.full
                  ? 'full, differential and logs hang together'
                  : 'no full backup'
              : 'not read',
            verdict: chain ? (chain.broken || !chain.full ? 'stale' : 'ok') : 'unknown',
            icon: 'link',
          },
          {
            id: `backup:${server.name}:${d.name}:newest`,
            label: 'Newest full',
            // 'none' only when the history was read: an instance that could not be read may hold any.
            description: chain?.full
              ? `${chain.full.device} · ${age(chain.full.finishedAt, now)}`
              : chain
                ? 'none'
                : 'unknown',
            icon: 'archive',
          },
          ...(d.backup
            ? [
                judged(
                  {
                    id: `backup:${server.name}:${d.name}:file`,
                    label: 'File in the runbook',
                    description: d.backup.value,
                    range: d.backup.range,
                  },
                  file ?? unchecked,
                ),
              ]
            : []),
        ],
      };
    }),
  );
  const packsSetting = runbook.settings.managementPacks;
  const packs: EstateNode[] = packsSetting?.value
    ? [
        judged(
          { id: 'packs', label: 'Management packs', range: packsSetting.range },
          live ? judgeFolder(fileFacts(live, packsSetting.value), now, rpo) : unchecked,
        ),
      ]
    : [];
  return [
    { id: 'keys', label: 'Encryption keys', icon: 'key', children: keys },
    { id: 'databases', label: 'Database backups', icon: 'database', children: databases },
    ...packs,
  ].map(rolledUp);
}
