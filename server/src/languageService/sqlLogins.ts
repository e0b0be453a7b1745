/**
 * Where a runbook's SQL logins go, as the client's requests need it: the target of each server, the
 * logins a refresh asks passwords for, and which given passwords may be used for a read.
 */
import { parseEndpoint, sqlSettings, sqlTarget, type Endpoints } from '../live/sqlSettings';
import { targetChange, type SqlTarget } from '../live/sqlTarget';
import type { Runbook, Server } from '../runbook/model';
import type { EndpointSettings, GivenPassword } from '../protocol';

/**
 * The client's `smdr.sql.endpoints` as the probes take them. A malformed entry throws (the request
 * answers with its message): an instance must not silently go to its default address instead.
 */
export function endpointsOf(endpoints: EndpointSettings | undefined): Endpoints {
  return new Map(Object.entries(endpoints ?? {}).map(([k, v]) => parseEndpoint(`${k}=${v}`)));
}

function databaseServers(runbook: Runbook): Server[] {
  return runbook.inventory.servers.filter((s) => s.roles.includes('database'));
}

/** By server name: where each server's SQL login goes. */
export function sqlTargets(runbook: Runbook, endpoints: Endpoints): Record<string, SqlTarget> {
  const settings = sqlSettings(runbook);
  return Object.fromEntries(
    runbook.inventory.servers.map((s) => [s.name, sqlTarget(s, settings, endpoints)]),
  );
}

export function databaseServerNames(runbook: Runbook): string[] {
  return databaseServers(runbook).map((s) => s.name);
}

/** The targets of the database servers that have a SQL login: what the client asks a password for. */
export function databaseLogins(runbook: Runbook, endpoints: Endpoints): SqlTarget[] {
  const settings = sqlSettings(runbook);
  return databaseServers(runbook)
    .map((s) => sqlTarget(s, settings, endpoints))
    .filter((t) => t.user !== null);
}

/**
 * The passwords of a live read that go where they were given: each came with the target the operator
 * gave it for, and is not used for an instance this runbook now sends elsewhere or protects otherwise.
 */
export function boundPasswords(
  runbook: Runbook,
  passwords: Readonly<Record<string, GivenPassword>>,
  endpoints: Endpoints,
): Map<string, string> {
  const bound = new Map<string, string>();
  for (const target of Object.values(sqlTargets(runbook, endpoints))) {
    const given = Object.hasOwn(passwords, target.instance) ? passwords[target.instance] : undefined;
    if (given && targetChange(given.target, target) === null) bound.set(target.instance, given.password);
  }
  return bound;
}
