/**
 * Where a SQL login goes, and whether a password given for one place may go to another (no imports:
 * the client bundles this file). Where a login goes: the host and port it is sent to, the instance and login it is for, and how the
 * connection is protected. A stored password is bound to all of it: a runbook or an endpoint setting
 * that changes any part must not receive the password without the operator being asked.
 */
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
