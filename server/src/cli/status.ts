/** `smdr status`: the live state of a runbook's estate, judged against its objectives. */
import { parseArgs } from 'node:util';
import { instanceKey, sqlSettings, sqlTarget } from '../live/sqlSettings';
import { backupsTree, serversTree, type EstateNode } from '../live/estate';
import { liveFindings } from '../live/findings';
import { closePools } from '../live/probeSql';
import { readLiveState } from '../live/refresh';
import { parseRunbook } from '../runbook/parse';
import type { Output } from './check';
import { secondsFlag } from './args';
import { readRunbookFile } from './files';
import { diagnosticJson, diagnosticLine } from './formats';
import { endpointsFrom, refuseUnencrypted, sqlPassword } from './sqlAccess';
import { jsonText, terminalSafe } from './terminalText';
import { oneRunbook, textOrJson, UsageError } from './usage';

/** Fields of a view node that only the tree uses: no click, icon or node id exists on the command line. */
const VIEW_ONLY = new Set(['id', 'icon', 'retry']);

const MARK = { ok: 'ok', stale: 'STALE', missing: 'MISSING', unknown: 'unknown', error: 'ERROR' } as const;

export async function status(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'text' },
      endpoint: { type: 'string', multiple: true, default: [] },
      'allow-unencrypted': { type: 'boolean', default: false },
      'connect-timeout': { type: 'string', default: '15' },
      'request-timeout': { type: 'string', default: '30' },
    },
    allowPositionals: true,
  });
  textOrJson(values.format);
  const timeouts = {
    connectMs: secondsFlag('--connect-timeout', values['connect-timeout'], { min: 1, max: 3600 }),
    requestMs: secondsFlag('--request-timeout', values['request-timeout'], { min: 1, max: 86_400 }),
  };
  const file = oneRunbook(positionals, 'status [--format text|json] RUNBOOK');
  const runbook = parseRunbook(readRunbookFile(file));
  if (!runbook.inventory.usable)
    throw new UsageError(`${file} has no usable inventory: run smdr check ${file}`);
  const endpoints = endpointsFrom(values.endpoint as string[]);
  const databaseServers = runbook.inventory.servers.filter((s) => s.roles.includes('database'));
  const passwords = new Map<string, string>();
  const settings = sqlSettings(runbook);
  refuseUnencrypted(
    databaseServers.map((server) => sqlTarget(server, settings, endpoints)),
    values['allow-unencrypted'],
  );
  if (databaseServers.length) {
    // One login for every instance of the runbook: asked once, and named with where it goes.
    if (settings.user === undefined)
      throw new UsageError(
        `${file} names no SQL login for its database servers: set sql.user (and sql.authentication) in its front matter`,
      );
    const instances = databaseServers.map(instanceKey).join(', ');
    const password = await sqlPassword(`Password of ${settings.user} (sql.user) on ${instances}: `);
    for (const server of databaseServers) passwords.set(instanceKey(server), password);
  }
  const live = await readLiveState(runbook, {
    passwords,
    endpoints,
    timeouts,
  });
  await closePools();
  const now = new Date(live.checkedAt);
  const servers = serversTree(runbook, live, now);
  const backups = backupsTree(runbook, live, now);
  const findings = liveFindings(runbook, live, now);
  if (values.format === 'json') {
    out.stdout(
      jsonText(
        { file, checkedAt: live.checkedAt, servers, backups, findings: findings.map(diagnosticJson) },
        // Ids, icons and the instance to retry are the views' own bookkeeping.
        (key, value: unknown) => (VIEW_ONLY.has(key) ? undefined : value),
      ),
    );
  } else {
    const lines: string[] = [`${file}, checked ${live.checkedAt}`];
    const walk = (nodes: EstateNode[], depth: number) => {
      for (const node of nodes) {
        const verdict = node.verdict ? `[${MARK[node.verdict]}] ` : '';
        lines.push(
          `${'  '.repeat(depth)}${verdict}${node.label}${node.description ? `: ${node.description}` : ''}`,
        );
        walk(node.children ?? [], depth + 1);
      }
    };
    lines.push('', 'Servers');
    walk(servers, 1);
    lines.push('', 'Backups');
    walk(backups, 1);
    if (findings.length) lines.push('', ...findings.map((f) => diagnosticLine(file, f)));
    // Labels and descriptions hold what SQL Server answered: one printed line stays one line.
    out.stdout(lines.map(terminalSafe).join('\n'));
  }
  const notOk = [...servers, ...backups].some(function bad(node: EstateNode): boolean {
    return (node.verdict !== undefined && node.verdict !== 'ok') || (node.children ?? []).some(bad);
  });
  return notOk || findings.length ? 1 : 0;
}
