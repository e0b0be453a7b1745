/**
 * The answer to `smdr/liveState` for one runbook: the Servers and Backups views, the live findings as
 * diagnostics, and the logins a refresh asks passwords for, from the runbook and a live state (the one
 * just read, the last one kept, or none before a first refresh).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { instanceKey } from '../live/sqlSettings';
import { backupsTree, serversTree } from '../live/estate';
import type { LiveState } from '../live/facts';
import { liveFindings } from '../live/findings';
import type { SqlTarget } from '../live/sqlTarget';
import type { LiveStateRequest } from '../protocol';
import type { Finding } from '../rules/finding';
import type { Runbook } from '../runbook/model';

/** The management group names the views' root; the client shows the file's path without one. */
function titleOf(runbook: Runbook): string | null {
  return runbook.settings.managementGroup?.value ?? null;
}

/** Views without live state and nothing read, saying why. */
export function liveProblem(runbook: Runbook, problem: string, logins: SqlTarget[]): LiveStateRequest.Result {
  return {
    title: titleOf(runbook),
    servers: [],
    backups: [],
    diagnostics: [],
    checkedAt: null,
    logins,
    loginRefused: [],
    problem,
  };
}

/**
 * `probed` says whether `live` was read for this request: only then are refused logins reported (the
 * client forgets those passwords), never from a state kept from an earlier read.
 */
export function liveAnswer(
  runbook: Runbook,
  live: LiveState | undefined,
  probed: boolean,
  logins: SqlTarget[],
  toDiagnostic: (finding: Finding) => Diagnostic,
): LiveStateRequest.Result {
  const now = live ? new Date(live.checkedAt) : new Date();
  const refused = new Set(live?.instances.filter((i) => i.loginRefused).map((i) => i.server));
  return {
    title: titleOf(runbook),
    servers: serversTree(runbook, live, now),
    backups: backupsTree(runbook, live, now),
    diagnostics: live ? liveFindings(runbook, live, now).map(toDiagnostic) : [],
    checkedAt: live?.checkedAt ?? null,
    logins,
    loginRefused: probed ? runbook.inventory.servers.filter((s) => refused.has(s.name)).map(instanceKey) : [],
    problem: null,
  };
}
