/**
 * Where a step's code really runs, in words, for the destructive step's question and the Show Command
 * preview alike: a step's own code block runs in the scenario's terminal on this computer (whatever
 * server its heading names); a generated PowerShell command reaches another computer through remoting
 * only when smdr.run.remoting is on; a T-SQL step goes through `smdr sql` to a host and port, with a
 * login and a protection. Runbook values are escaped (terminalSafe): none can break the line.
 */
import { terminalSafe, type PlannedStep, type SqlTarget } from '../../../server/src/api';

export interface Placement {
  /** The computer the terminal runs on (smdr.run.localComputer, else this host's name). */
  localComputer: string;
  remoting: boolean;
  dryRun: boolean;
  /** A T-SQL step's target; null when the runbook names none. */
  sqlTarget: SqlTarget | null;
}

/** "SQL Server X at host:port, database D, SQL login U, encrypted": where a T-SQL statement goes. */
export function sqlPlace(target: SqlTarget, database: string): string {
  const v = terminalSafe;
  const port = target.port !== null ? `:${target.port}` : '';
  return `SQL Server ${v(target.instance)} at ${v(target.host)}${port}, database ${v(database)}, ${login(target)}`;
}

function login(target: SqlTarget): string {
  const v = terminalSafe;
  const who =
    target.authentication === 'ntlm'
      ? `Windows login ${target.domain ? `${v(target.domain)}\\` : ''}${v(target.user ?? '')}`
      : target.user !== null
        ? `SQL login ${v(target.user)}`
        : 'no login named';
  const protection = target.encrypt
    ? target.trustServerCertificate
      ? 'encrypted, server certificate trusted without validation'
      : 'encrypted'
    : 'NOT encrypted';
  return `${who}, ${protection}`;
}

/** Where `step` runs, as the rest of a sentence that starts "It ": "runs on this computer (ADMIN01)". */
export function runsOn(step: PlannedStep, place: Placement): string {
  const v = terminalSafe;
  const here = `this computer (${v(place.localComputer)})`;
  if (place.dryRun) return `only prints its text in a terminal on ${here} (smdr.run.dryRun is on)`;
  if (step.language === 'tsql')
    return place.sqlTarget
      ? `runs through smdr sql against ${sqlPlace(place.sqlTarget, step.database ?? 'master')}`
      : 'runs against no SQL Server: the runbook names no database server for it, so it does not run';
  const server = step.server;
  if (!server || server.toLowerCase() === place.localComputer.toLowerCase()) return `runs on ${here}`;
  if (!step.generated)
    return `runs on ${here}, not on ${v(server)}: a step's own code block runs in the terminal here`;
  return place.remoting
    ? `runs on ${here} and reaches ${v(server)} through PowerShell remoting (Invoke-Command, smdr.run.remoting) where its command says so; the rest must run in a terminal on ${v(server)}`
    : `runs on ${here}: smdr.run.remoting is off, so it acts on ${v(server)} only when run in a terminal there`;
}
