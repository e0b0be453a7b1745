/**
 * Where a SQL login goes, and whether a password given for one place may go to another (it imports
 * only terminalText, which imports nothing: the client bundles this file). Where a login goes: the host and port it is sent to, the instance and login it is for, and how the
 * connection is protected. A stored password is bound to all of it: a runbook or an endpoint setting
 * that changes any part must not receive the password without the operator being asked.
 */
import { terminalSafe } from '../cli/terminalText';
export interface SqlTarget {
  /** `COMPUTER\INSTANCE` (or `COMPUTER`) in capitals: what secret storage and the views name. */
  instance: string;
  host: string;
  port: number | null;
  /** A named instance without a known port, found through the SQL Server Browser. */
  browserInstance: string | null;
  authentication: 'sql' | 'ntlm';
  user: string | null;
  domain: string | null;
  encrypt: boolean;
  trustServerCertificate: boolean;
}

/** Why a password given for `given` must not go to `wanted` without asking, or null when both are the same place. */
export function targetChange(given: SqlTarget, wanted: SqlTarget): string | null {
  const where = (t: SqlTarget) => `${t.host}${t.port !== null ? `:${t.port}` : ''}`;
  if (given.instance !== wanted.instance || (given.user ?? '') !== (wanted.user ?? ''))
    return `it was given for ${given.user ?? 'the login'} on ${given.instance}`;
  if (given.authentication !== wanted.authentication || (given.domain ?? '') !== (wanted.domain ?? ''))
    return `it was given for ${given.authentication === 'ntlm' ? 'Windows' : 'SQL Server'} authentication${given.domain ? ` in ${given.domain}` : ''}`;
  if (
    given.host.toLowerCase() !== wanted.host.toLowerCase() ||
    given.port !== wanted.port ||
    given.browserInstance?.toUpperCase() !== wanted.browserInstance?.toUpperCase()
  )
    return `it was given for ${where(given)}, and would now go to ${where(wanted)}`;
  if (given.encrypt !== wanted.encrypt || given.trustServerCertificate !== wanted.trustServerCertificate)
    return `it was given for ${describeProtection(given)}, and would now be sent ${describeProtection(wanted)}`;
  return null;
}

/**
 * The place a password is given for, as one string: equal for two targets exactly when
 * {@link targetChange} finds no change between them. Secret storage keys a password by it (hashed).
 */
export function targetKey(t: SqlTarget): string {
  return JSON.stringify([
    t.instance,
    t.user ?? '',
    t.authentication,
    t.domain ?? '',
    t.host.toLowerCase(),
    t.port,
    t.browserInstance?.toUpperCase() ?? null,
    t.encrypt,
    t.trustServerCertificate,
  ]);
}

/** How a login to `target` is protected, in words for the operator. */
export function describeProtection(target: SqlTarget): string {
  if (!target.encrypt) return 'in clear text (encrypt: false)';
  return target.trustServerCertificate
    ? 'encrypted to any certificate (trustServerCertificate: true)'
    : 'encrypted to a verified certificate';
}

/**
 * The stored form of a password: the password with the target it was given for. A stored value that
 * is not this (written before passwords were bound, or tampered with) binds to nothing.
 */
export function bindPassword(password: string, target: SqlTarget): string {
  return JSON.stringify({ password, target });
}

/** The stored password when it was given for `wanted`, else why it may not go there without asking. */
export function boundPassword(
  stored: string | undefined,
  wanted: SqlTarget,
): { password: string } | { reason: string } {
  if (stored === undefined) return { reason: 'no password is stored' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  const record = parsed as { password?: unknown; target?: unknown } | undefined;
  if (typeof record?.password !== 'string' || !isTarget(record.target))
    return { reason: 'the stored password is not bound to a server' };
  const change = targetChange(record.target, wanted);
  return change === null ? { password: record.password } : { reason: change };
}

export function isTarget(value: unknown): value is SqlTarget {
  const t = value as Record<string, unknown> | null;
  const text = (v: unknown) => typeof v === 'string';
  const textOrNull = (v: unknown) => v === null || text(v);
  return (
    typeof t === 'object' &&
    t !== null &&
    text(t.instance) &&
    text(t.host) &&
    (t.port === null || Number.isInteger(t.port)) &&
    textOrNull(t.browserInstance) &&
    (t.authentication === 'sql' || t.authentication === 'ntlm') &&
    textOrNull(t.user) &&
    textOrNull(t.domain) &&
    typeof t.encrypt === 'boolean' &&
    typeof t.trustServerCertificate === 'boolean'
  );
}

/**
 * The targets grouped by the login they use (authentication, domain, user), in their order: the
 * operator is asked one password per login, not one per instance, and it is stored bound to each.
 * An instance name that comes at two places (two runbooks, or a runbook and an endpoint setting,
 * naming SQL01\SCSM on different hosts) is never in one question twice: each place is asked for in
 * a question of its own, which says so (see {@link passwordQuestion}).
 */
export function byLogin(targets: readonly SqlTarget[]): SqlTarget[][] {
  const groups: { login: string; targets: SqlTarget[] }[] = [];
  for (const target of targets) {
    const login = JSON.stringify([
      target.authentication,
      (target.domain ?? '').toUpperCase(),
      target.user ?? '',
    ]);
    const elsewhere = (t: SqlTarget) => t.instance === target.instance && targetKey(t) !== targetKey(target);
    const group = groups.find((g) => g.login === login && !g.targets.some(elsewhere));
    if (group) group.targets.push(target);
    else groups.push({ login, targets: [target] });
  }
  return groups.map((g) => g.targets);
}

function where(target: SqlTarget): string {
  return `${target.host}${target.port !== null ? `:${target.port}` : ''}`;
}

function list(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The input box asking one password for `targets`, which share one login: every instance it goes to,
 * where and how protected, and why a stored password was not sent (`notSent`, by {@link targetKey}).
 * `asked`, every target asked for in the same refresh, tells an instance named at another place too:
 * the question then names the host in its title and warns first. Runbook values are shown with their
 * control and bidirectional characters escaped, so none can make the text read as something else.
 */
export function passwordQuestion(
  targets: readonly SqlTarget[],
  notSent: ReadonlyMap<string, string> = new Map(),
  asked: readonly SqlTarget[] = targets,
): { title: string; prompt: string } {
  const login = targets[0]?.user ?? 'the login';
  const byProtection = new Map<string, string[]>();
  for (const t of targets) {
    const how = describeProtection(t);
    byProtection.set(how, [...(byProtection.get(how) ?? []), `${where(t)} (${t.instance})`]);
  }
  const others = (t: SqlTarget) =>
    asked.filter((o) => o.instance === t.instance && targetKey(o) !== targetKey(t)).map(where);
  const twice = targets.filter((t) => others(t).length > 0);
  const warning = twice
    .map(
      (t) =>
        `WARNING: ${t.instance} is named at more than one place (${list([where(t), ...new Set(others(t))])}); this password goes to ${where(t)} only: check which runbook or setting names each. `,
    )
    .join('');
  const why = targets
    .filter((t) => notSent.has(targetKey(t)))
    .map((t) => `The stored password of ${t.instance} is not sent: ${notSent.get(targetKey(t))}. `)
    .join('');
  const sent = [...byProtection].map(([how, places]) => `${list(places)}, ${how}`).join('; to ');
  const named = (t: SqlTarget) => (twice.includes(t) ? `${t.instance} at ${where(t)}` : t.instance);
  return {
    title: terminalSafe(`SQL Server password of ${login} on ${list(targets.map(named))}`),
    prompt: terminalSafe(
      `${warning}${why}Sent to ${sent}. Kept in VS Code secret storage for ${targets.length > 1 ? 'these servers' : 'this server'} only${targets.length > 1 ? '; an instance that refuses it is asked for alone' : ''}.`,
    ),
  };
}
