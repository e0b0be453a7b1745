/**
 * Live state judged against the runbook's objectives: every node of the Servers and Backups views,
 * and every live finding, gets a verdict (ok, stale, missing, unknown, error) and a reason a person
 * can act on ("newest full backup 3 days old; RPO is 24 h").
 */
import { durationMs } from '../report/report';
import { restoreChain, type Chain } from './chain';
import type { DatabaseFacts, FileFacts, InstanceFacts } from './facts';

export type Verdict = 'ok' | 'stale' | 'missing' | 'unknown' | 'error';

export interface Judgement {
  verdict: Verdict;
  reason: string;
  /** Dated in the future: a clock is wrong, and the age could not be judged (SMDR414). */
  future?: true;
}

/** How far ahead of this machine's clock a date may be before it counts as in the future. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

export function ageText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

function rpoText(rpo: string | undefined): string {
  return rpo ? `RPO is ${ageText(durationMs(rpo) ?? 0)}` : 'no RPO set';
}

function judgeAge(what: string, at: string, now: Date, rpo: string | undefined): Judgement {
  const age = now.getTime() - Date.parse(at);
  if (!Number.isFinite(age))
    return { verdict: 'unknown', reason: `${what}: its date (${at}) cannot be read` };
  if (age < -CLOCK_TOLERANCE_MS)
    return {
      verdict: 'unknown',
      reason: `${what} is dated ${at}, ${ageText(-age)} in the future: a clock (the server's or this machine's) is wrong, so its age cannot be judged`,
      future: true,
    };
  const limit = durationMs(rpo);
  const text = `${what} ${ageText(age)} old; ${rpoText(rpo)}`;
  return { verdict: limit !== undefined && age > limit ? 'stale' : 'ok', reason: text };
}

export interface DatabaseJudgement extends Judgement {
  chain: Chain;
}

export function judgeDatabase(
  database: DatabaseFacts,
  now: Date,
  rpo: string | undefined,
): DatabaseJudgement {
  const chain = restoreChain(database.backups);
  if (database.state === undefined)
    return { verdict: 'missing', reason: `the instance has no database ${database.name}`, chain };
  if (database.state === null)
    return {
      verdict: 'unknown',
      reason: `the instance did not say what state ${database.name} is in`,
      chain,
    };
  if (database.state !== 'ONLINE')
    return { verdict: 'error', reason: `${database.name} is ${database.state}, not ONLINE`, chain };
  const unreadable = database.unreadableBackups ?? 0;
  if (!chain.full && unreadable > 0)
    return {
      verdict: 'unknown',
      reason: `no usable full backup of ${database.name}: ${unreadable} row(s) of msdb's history could not be read (a NULL or invalid type, date or LSN)`,
      chain,
    };
  if (!chain.full)
    return { verdict: 'missing', reason: `no full backup of ${database.name} in msdb's history`, chain };
  if (chain.broken) return { verdict: 'stale', reason: `the log chain is broken: ${chain.broken}`, chain };
  const newest = chain.lastLog
    ? 'newest log backup'
    : chain.differential
      ? 'newest differential backup'
      : 'newest full backup';
  return { ...judgeAge(newest, chain.restorableTo!, now, rpo), chain };
}

export function judgeInstance(
  instance: InstanceFacts,
  expectedComputer: string,
  expectedInstance: string | undefined,
): Judgement {
  if (instance.error) return { verdict: 'error', reason: instance.error };
  const problems: string[] = [];
  if (instance.machineName && instance.machineName.toLowerCase() !== expectedComputer.toLowerCase()) {
    problems.push(
      `the instance reports machine name ${instance.machineName}, not ${expectedComputer}: the rebuilt computer must bear the original name`,
    );
  }
  const reported = instance.instanceName ?? 'MSSQLSERVER';
  const expected = expectedInstance ?? 'MSSQLSERVER';
  if (reported.toLowerCase() !== expected.toLowerCase())
    problems.push(`the instance is named ${reported}, not ${expected}`);
  if (instance.clrEnabled === false)
    problems.push('CLR is disabled (a restore does not enable it: run the enable-clr step)');
  return problems.length
    ? { verdict: 'error', reason: problems.join('; ') }
    : { verdict: 'ok', reason: `${instance.address} answers` };
}

export function judgeKeyFile(file: FileFacts | undefined): Judgement {
  if (!file) return { verdict: 'unknown', reason: 'not checked' };
  if (file.state === 'missing') return { verdict: 'missing', reason: `no file at ${file.path}` };
  if (file.state === 'unreachable')
    return {
      verdict: 'unknown',
      reason: `this machine cannot reach ${file.path}${file.reason ? ` (${file.reason})` : ''}`,
    };
  return { verdict: 'ok', reason: `${file.size ?? 0} bytes, saved ${file.modified ?? 'at an unknown time'}` };
}

export function judgeFolder(file: FileFacts | undefined, now: Date, rpo: string | undefined): Judgement {
  if (!file || file.state !== 'present') return judgeKeyFile(file);
  if (!file.files || !file.newest) return { verdict: 'missing', reason: `${file.path} holds no file` };
  return judgeAge(`${file.files} file(s); newest`, file.newest, now, rpo);
}
