/**
 * `smdr sql`: runs a T-SQL step of a runbook against its server with mssql, streaming SQL Server's
 * informational messages (a restore's STATS progress) as they come. This is how T-SQL steps run in
 * the integrated terminal without sqlcmd. From VS Code it runs a confirmed job file (`--job FILE
 * --sha256 HEX`: the statement and target as confirmed, the password handed over once by the
 * extension, and nothing else: no environment variable, no prompt); on its own, a runbook's step
 * (`RUNBOOK --line N`), the password from SMDR_SQL_PASSWORD or a prompt.
 */
import type sql from 'mssql';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { planStep } from '../stepScripts/plan';
import { readRestoreChainCommand } from '../stepScripts/restoreChain';
import { sqlSettings, sqlTarget, type Endpoints } from '../live/sqlSettings';
import { targetConfig } from '../live/connection';
import { withRemedy } from '../live/remedy';
import { sqlDriver } from '../live/driver';
import type { SqlTarget } from '../live/sqlTarget';
import { findServer } from '../runbook/model';
import { parseRunbook } from '../runbook/parse';
import type { Output } from './check';
import { readRunbookFile } from './files';
import { secondsFlag, wholeNumber } from './args';
import { EXIT } from './exitCodes';
import { pointInTime, RestorePlanError, runRestoreChain } from './restoreRun';
import {
  collectPassword,
  endpointsFrom,
  readSqlJob,
  refuseUnencrypted,
  reportRefused,
  sqlPassword,
} from './sqlAccess';
import { terminalSafe } from './terminalText';
import { UsageError } from './usage';

/** One T-SQL step, resolved: what runs, where, and how its password is had. */
interface SqlRun {
  title: string;
  kind: string;
  statement: string;
  database: string;
  target: SqlTarget;
  password: () => Promise<string>;
}

export async function runSql(args: string[], terminal: Output): Promise<number> {
  // Titles come from the runbook and messages from SQL Server: neither reaches the terminal raw.
  const out: Output = {
    stdout: (text) => terminal.stdout(terminalSafe(text)),
    stderr: (text) => terminal.stderr(terminalSafe(text)),
  };
  const { values, positionals } = parseArgs({
    args,
    options: {
      line: { type: 'string' },
      job: { type: 'string' },
      sha256: { type: 'string' },
      endpoint: { type: 'string', multiple: true, default: [] },
      'allow-unencrypted': { type: 'boolean', default: false },
      'connect-timeout': { type: 'string', default: '15' },
      'request-timeout': { type: 'string', default: '0' },
      'stop-at': { type: 'string' },
    },
    allowPositionals: true,
  });
  // Checked before anything is read or asked for.
  const timeouts = {
    connectMs: secondsFlag('--connect-timeout', values['connect-timeout'], { min: 1, max: 3600 }),
    requestMs: secondsFlag('--request-timeout', values['request-timeout'], { min: 0, max: 86_400 }),
  };
  const flagStopAt = values['stop-at'] === undefined ? undefined : pointInTime(values['stop-at']);
  let run: SqlRun;
  let reportRefusal = () => Promise.resolve();
  if (values.job !== undefined) {
    if (positionals.length !== 0 || !values.sha256)
      throw new UsageError('sql --job needs the SHA-256 of the job: smdr sql --job FILE --sha256 HEX');
    // The step as confirmed in VS Code. Its password comes only through the handoff, bound there to
    // this very target: never SMDR_SQL_PASSWORD (the terminal's environment) nor a prompt, which would
    // send whatever the operator has at hand to wherever the job points.
    const job = readSqlJob(values.job, values.sha256);
    const handoff = job.handoff;
    if (!handoff)
      throw new UsageError(
        `"${job.title}" carries no password from VS Code: the runbook's sql: names no login (sql.user) for ${job.target.instance}, and a step run from VS Code logs in only with a password VS Code hands over. Nothing was sent.`,
      );
    // Clear text only when the operator said so in VS Code (recorded in the confirmed job).
    refuseUnencrypted(
      [job.target],
      job.allowUnencrypted,
      'Run the step again from VS Code and agree there to send it unencrypted.',
    );
    reportRefusal = () => reportRefused(handoff);
    run = { ...job, password: () => collectPassword(handoff) };
  } else {
    if (positionals.length !== 1 || !values.line)
      throw new UsageError('sql needs a runbook and a step: smdr sql RUNBOOK --line N');
    run = stepOfRunbook(positionals[0]!, values.line, endpointsFrom(values.endpoint as string[]));
    refuseUnencrypted([run.target], values['allow-unencrypted']);
  }
  // A generated restore-databases step builds its chain from the backup headers at run time.
  const chain = run.kind === 'restore-databases' ? readRestoreChainCommand(run.statement) : undefined;
  const stopAt = chain ? (flagStopAt ?? (await askStopAt())) : undefined;
  const config = targetConfig(run.target, await run.password(), run.database, timeouts);
  const { ConnectionPool } = await sqlDriver();
  const pool = new ConnectionPool(config);
  pool.on('error', () => undefined);
  let interrupted = false;
  try {
    await pool.connect();
    out.stdout(
      `-- ${run.title} (${run.kind}) on ${config.server}${config.port ? `:${config.port}` : ''}, database ${config.database}`,
    );
    let current: sql.Request | undefined;
    const track = (request: sql.Request) => (current = request);
    // Ctrl+C asks SQL Server to stop the statement (an ATTENTION) rather than dropping the connection
    // under it; a second Ctrl+C quits at once.
    const interrupt = () => {
      if (interrupted) process.exit(EXIT.interrupted);
      interrupted = true;
      out.stderr('smdr sql: asking SQL Server to stop the statement (Ctrl+C again to quit at once)');
      current?.cancel();
    };
    process.on('SIGINT', interrupt);
    try {
      if (chain) await runRestoreChain(pool, chain, out, track, stopAt);
      else {
        const request = track(pool.request());
        request.on('info', (info: { message: string }) => out.stdout(info.message));
        await request.batch(run.statement);
      }
    } finally {
      process.off('SIGINT', interrupt);
    }
    out.stdout(`-- ${run.title}: done`);
    return EXIT.ok;
  } catch (error) {
    if (interrupted) {
      out.stderr(
        `smdr sql: stopped; SQL Server ended "${run.title}" before it finished. ${
          run.kind === 'restore-databases'
            ? 'A restore stopped midway leaves its database RESTORING until the step runs again to the end.'
            : 'Check what it changed before running it again.'
        }`,
      );
      return EXIT.interrupted;
    }
    if (error instanceof RestorePlanError) {
      out.stderr(`smdr sql: ${error.message}`);
      return EXIT.failed;
    }
    const e = error as { message?: string; number?: number; lineNumber?: number; code?: string };
    const where = e.number
      ? ` (SQL Server error ${e.number}${e.lineNumber ? `, line ${e.lineNumber}` : ''})`
      : e.code
        ? ` (${e.code})`
        : '';
    const message = `${e.message ?? String(error)}${where}`;
    // A connection that failed names the runbook key to change; an error SQL Server answered is the statement's.
    const computer = run.target.instance.split('\\')[0]!;
    out.stderr(
      `smdr sql: ${e.number ? message : withRemedy(message, computer, run.target, e.code === 'ELOGIN')}`,
    );
    if (e.code !== 'ELOGIN') return EXIT.failed;
    await reportRefusal();
    return EXIT.loginRefused;
  } finally {
    await pool.close().catch(() => undefined);
  }
}

/**
 * The point in time to restore to, asked in a terminal (empty: the newest point the backups allow);
 * without a terminal, the newest point.
 */
async function askStopAt(): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const question =
    "Restore to a point in time? YYYY-MM-DD HH:MM[:SS] on the SQL Server's clock, or Enter for the newest point: ";
  // Lines read as a stream, so that answers typed ahead are not lost between questions.
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    process.stderr.write(question);
    for await (const line of lines) {
      const answer = line.trim();
      if (!answer) return undefined;
      try {
        return pointInTime(answer);
      } catch (error) {
        process.stderr.write(`${(error as Error).message}\n${question}`);
      }
    }
    throw new UsageError('no point in time was given (the input ended): nothing was restored');
  } finally {
    lines.close();
    process.stdin.pause();
  }
}

/** `smdr sql RUNBOOK --line N`: the T-SQL step whose heading is on line N of the file as it is on disk. */
function stepOfRunbook(file: string, lineFlag: string, endpoints: Endpoints): SqlRun {
  const line = wholeNumber('--line', lineFlag, { min: 1, max: 100_000_000 });
  const runbook = parseRunbook(readRunbookFile(file));
  const found = [
    ...runbook.sections.flatMap((section) => section.steps.map((step) => ({ section, step }))),
    ...runbook.straySteps.map((step) => ({ section: undefined, step })),
  ].find(({ step }) => step.startLine + 1 === line);
  if (!found) throw new UsageError(`no step heading on line ${line} of ${file}`);
  const planned = planStep(runbook, found.section, found.step);
  if (planned.error) throw new UsageError(`the step on line ${line} cannot run: ${planned.error}`);
  if (planned.language !== 'tsql' || !planned.command)
    throw new UsageError(`the step on line ${line} is not a T-SQL step`);
  const server = findServer(runbook.inventory, planned.server ?? undefined);
  if (!server) throw new UsageError(`the step on line ${line} names no database server to run on`);
  const settings = sqlSettings(runbook);
  // SMDR319's case: no login to ask a password for, and none to sign in with.
  if (settings.user === undefined)
    throw new UsageError(
      `the step on line ${line} cannot run: the runbook's sql: names no login; set sql.user (and sql.authentication) in its front matter`,
    );
  return {
    title: planned.title,
    kind: planned.kind,
    statement: planned.command,
    database: planned.database ?? 'master',
    target: sqlTarget(server, settings, endpoints),
    password: () => sqlPassword(`Password for ${settings.user} on ${server.name}: `),
  };
}
