/**
 * How `smdr sql` and `smdr status` reach SQL Server: endpoints from the environment and flags, the
 * password from the environment or a prompt, and for a step run from VS Code, the confirmed job file
 * and the password handed over once by the extension.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { parseEndpoint, type Endpoints } from '../live/sqlSettings';
import { describeProtection, isTarget, type SqlTarget } from '../live/sqlTarget';
import { REFUSED } from './handoffProtocol';
import { promptHidden } from './prompt';
import { terminalSafe } from './terminalText';
import { UsageError } from './usage';

/**
 * SMDR_SQL_ENDPOINTS ("SQL01\SCSM=host:port;...") passes endpoints through the environment; --endpoint
 * flags add to it.
 */
export function endpointsFrom(flags: readonly string[]): Endpoints {
  const fromEnvironment = (process.env.SMDR_SQL_ENDPOINTS ?? '').split(';').filter(Boolean);
  try {
    return new Map([...fromEnvironment, ...flags].map(parseEndpoint));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The password from SMDR_SQL_PASSWORD, or asked for; the question names runbook values, so it is escaped for the terminal. */
export function sqlPassword(question: string): Promise<string> {
  const password = process.env.SMDR_SQL_PASSWORD;
  return password === undefined ? promptHidden(terminalSafe(question)) : Promise.resolve(password);
}

/**
 * A login that would cross the network in clear text is refused unless the command line (or, for a
 * step run from VS Code, the operator's recorded consent) says so:
 * a runbook's `encrypt: false` alone must not send a password anyone on the path can read.
 */
export function refuseUnencrypted(
  targets: readonly SqlTarget[],
  allowed: boolean,
  remedy = 'Pass --allow-unencrypted to send it anyway.',
): void {
  const clear = targets.filter((t) => !t.encrypt);
  if (clear.length === 0 || allowed) return;
  throw new UsageError(
    `the runbook sends the login to ${clear.map((t) => t.instance).join(', ')} ${describeProtection(clear[0]!)}: ` +
      `nothing was sent. ${remedy}`,
  );
}

/**
 * What the extension hands `smdr sql` for one confirmed T-SQL step: the exact statement, where it runs
 * and how the login is protected (as the operator confirmed them), and where to collect the password.
 * Its SHA-256 is on the command line, so neither the statement nor the target can change in between.
 */
export interface SqlJob {
  v: 1;
  title: string;
  kind: string;
  statement: string;
  database: string;
  target: SqlTarget;
  /**
   * Where the extension hands the password over, once, to whoever presents the token. Null: no password
   * was handed over, and `smdr sql --job` refuses to log in (it never asks or reads the environment).
   */
  handoff: { address: string; token: string } | null;
  /** The operator agreed in VS Code to send this login in clear text (the target's `encrypt: false`). */
  allowUnencrypted: boolean;
}

const MAX_JOB_BYTES = 4 * 1024 * 1024;

/** The job file, when it is a regular file whose SHA-256 is `sha256`; a clear UsageError otherwise. */
export function readSqlJob(file: string, sha256: string): SqlJob {
  let bytes: Buffer;
  try {
    // O_NOFOLLOW: a symlink put where the job was is not followed; a FIFO would block, so only a regular file is read.
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new UsageError(`${file} is not a regular file`);
      if (stat.size > MAX_JOB_BYTES) throw new UsageError(`${file} is larger than a step can be`);
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the step ${file}: ${(error as Error).message}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256.toLowerCase())
    throw new UsageError(
      `${file} is not the step that was confirmed (its SHA-256 differs): nothing ran. Run the step again from VS Code.`,
    );
  let job: Partial<SqlJob> | undefined;
  try {
    job = JSON.parse(bytes.toString('utf8')) as Partial<SqlJob>;
  } catch {
    job = undefined;
  }
  const handoff = job?.handoff;
  if (
    job?.v !== 1 ||
    typeof job.title !== 'string' ||
    typeof job.kind !== 'string' ||
    typeof job.statement !== 'string' ||
    typeof job.database !== 'string' ||
    typeof job.allowUnencrypted !== 'boolean' ||
    !isTarget(job.target) ||
    (handoff !== null && (typeof handoff?.address !== 'string' || typeof handoff.token !== 'string'))
  )
    throw new UsageError(`${file} is not a step job of this version of smdr`);
  return job as SqlJob;
}

/**
 * The password the extension holds for this run, collected once by presenting the token. Refused
 * when the token was already used or the run ended: the password is never left lying around.
 */
export function collectPassword(
  handoff: { address: string; token: string },
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(handoff.address);
    let answer = '';
    const fail = (why: string) => {
      socket.destroy();
      reject(
        new UsageError(
          `the password for this step could not be collected from VS Code (${why}): run the step again from VS Code`,
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail('no answer'));
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => socket.write(`${handoff.token}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.length > 1_000_000) fail('an answer too long');
    });
    socket.on('end', () => {
      socket.destroy();
      let password: unknown;
      try {
        password = (JSON.parse(answer) as { password?: unknown }).password;
      } catch {
        password = undefined;
      }
      if (typeof password === 'string') resolve(password);
      else fail('the token was refused: it was used already, or the run ended');
    });
  });
}

/**
 * Tells VS Code that SQL Server refused the password it handed over, so that it forgets it: the exit
 * code cannot say so in every terminal. Best effort, within `timeoutMs`: the exit code still says it.
 */
export function reportRefused(handoff: { address: string; token: string }, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(handoff.address);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('error', done);
    socket.on('connect', () => socket.write(`${REFUSED}${handoff.token}\n`));
    socket.on('data', () => undefined);
    socket.on('end', done);
  });
}
