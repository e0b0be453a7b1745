/**
 * `smdr sql`: runs a T-SQL step of a runbook against its server with mssql, streaming SQL Server's
 * informational messages (a restore's STATS progress) as they come. This is how T-SQL steps run in
 * the integrated terminal without sqlcmd. The password comes from SMDR_SQL_PASSWORD or a prompt.
 */
import sql from 'mssql';
import { parseArgs } from 'node:util';
import { planStep } from '../commands/plan';
import { connectionConfig, sqlSettings } from '../live/connection';
import { findServer } from '../runbook/model';
import { parseRunbook } from '../runbook/parse';
import type { Output } from './check';
import { readRunbookFile } from './plan';
import { EXIT } from './exitCodes';
import { endpointsFrom, sqlPassword } from './sqlAccess';
import { UsageError } from './usage';

export async function runSql(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      line: { type: 'string' },
      endpoint: { type: 'string', multiple: true, default: [] },
      'connect-timeout': { type: 'string', default: '15' },
      'request-timeout': { type: 'string', default: '0' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !values.line)
    throw new UsageError('sql needs a runbook and a step: smdr sql RUNBOOK --line N');
  const file = positionals[0]!;
  const line = Number(values.line);
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
  const endpoints = endpointsFrom(values.endpoint as string[]);
  const settings = sqlSettings(runbook);
  const password = await sqlPassword(`Password for ${settings.user ?? 'the SQL login'} on ${server.name}: `);
  const config = connectionConfig(
    server,
    settings,
    password,
    planned.database ?? 'master',
    {
      connectMs: Number(values['connect-timeout']) * 1000,
      requestMs: Number(values['request-timeout']) * 1000,
    },
    endpoints,
  );
  const pool = new sql.ConnectionPool(config);
  pool.on('error', () => undefined);
  let interrupted = false;
  try {
    await pool.connect();
    out.stdout(
      `-- ${planned.title} (${planned.kind}) on ${config.server}${config.port ? `:${config.port}` : ''}, database ${config.database}`,
    );
    const request = pool.request();
    request.on('info', (info: { message: string }) => out.stdout(info.message));
    // Ctrl+C asks SQL Server to stop the statement (an ATTENTION) rather than dropping the connection
    // under it; a second Ctrl+C quits at once.
    const interrupt = () => {
      if (interrupted) process.exit(EXIT.interrupted);
      interrupted = true;
      out.stderr('smdr sql: asking SQL Server to stop the statement (Ctrl+C again to quit at once)');
      request.cancel();
    };
    process.on('SIGINT', interrupt);
    try {
      await request.batch(planned.command);
    } finally {
      process.off('SIGINT', interrupt);
    }
    out.stdout(`-- ${planned.title}: done`);
    return EXIT.ok;
  } catch (error) {
    if (interrupted) {
      out.stderr(
        `smdr sql: stopped; SQL Server ended "${planned.title}" before it finished. ${
          planned.kind === 'restore-databases'
            ? 'A restore stopped midway leaves its database RESTORING until the step runs again to the end.'
            : 'Check what it changed before running it again.'
        }`,
      );
      return EXIT.interrupted;
    }
    const e = error as { message?: string; number?: number; lineNumber?: number; code?: string };
    const where = e.number
      ? ` (SQL Server error ${e.number}${e.lineNumber ? `, line ${e.lineNumber}` : ''})`
      : e.code
        ? ` (${e.code})`
        : '';
    out.stderr(`smdr sql: ${e.message ?? String(error)}${where}`);
    return e.code === 'ELOGIN' ? EXIT.loginRefused : EXIT.failed;
  } finally {
    await pool.close().catch(() => undefined);
  }
}
