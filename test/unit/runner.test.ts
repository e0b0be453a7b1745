/**
 * The runner through the vscode stand-in, with its edges (terminals, credentials, handoff) recorded:
 * what it asks, what it refuses and what it types, for T-SQL logins, destructive steps and a scenario
 * whose terminal is busy.
 */
import { fake, fakeVscode, Uri } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { localTools } from '../../client/src/runner/executables';
import { beforeEach, describe, it } from 'node:test';
import { Runner, type RunnerEdges, type StepRef } from '../../client/src/runner/runner';
import type { DialogItem } from '../../client/src/runner/dialogs';
import type { PlanStore } from '../../client/src/plans';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { sqlTargets } from '../../server/src/languageService/sqlLogins';
import { journalPath, readJournal, scenarioProgress, type RunEnd } from '../../server/src/api';
import { CONTOSO } from '../helpers';

const SQL_LINE = 'sql: { authentication: sql, user: smdr-reader, encrypt: true }';

type Modal = { message: string; detail: string | undefined };

/** Every modal question asked, answered by `answer` (by default: the action). */
let modals: Modal[] = [];
let answer: (modal: Modal) => boolean = () => true;

beforeEach(() => {
  fake.reset();
  modals = [];
  answer = () => true;
  Object.assign(fakeVscode.workspace, {
    isTrusted: true,
    getConfiguration: () => ({
      get: <T>(key: string, fallback: T) => (key === 'run.localComputer' ? 'ADMIN01' : fallback),
    }),
  });
  Object.assign(fakeVscode.env, { shell: '/bin/bash' });
  Object.assign(fakeVscode.window, {
    showWarningMessage: (message: string, options: unknown, ...items: unknown[]) => {
      const modal = (options as { modal?: boolean } | undefined)?.modal;
      if (!modal) {
        fake.shown.push({ level: 'warning', message, items: [] });
        return Promise.resolve(undefined);
      }
      const asked = { message, detail: (options as { detail?: string }).detail };
      modals.push(asked);
      return Promise.resolve(
        answer(asked) ? (items as DialogItem[]).find((i) => i.confirms) : (items as DialogItem[])[0],
      );
    },
  });
});

/** A runner over `text` (contoso with what a test appends), its edges recorded. */
function harness(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'smdr-runner-'));
  const file = join(dir, 'contoso.runbook.md');
  const runbook = parseRunbook(text);
  const scenarios = planRunbook(runbook);
  const plan = { uri: Uri.file(file), hash: 'h', scenarios };
  const plans = {
    progress: (_uri: unknown, scenario: (typeof scenarios)[number]) =>
      scenarioProgress(readJournal(journalPath(file)).entries, 'contoso.runbook.md', scenario),
    journalFile: () => journalPath(file),
    refresh: () => undefined,
  } as unknown as PlanStore;
  const typed: string[] = [];
  const terminalsAt: { cwd: string; shellPath: string }[] = [];
  const waiting: (() => void)[] = [];
  /** The nth line typed, once it is (within 5 s). */
  const typedLine = async (n: number): Promise<string> => {
    while (typed.length < n) await withTimeout(new Promise<void>((wake) => waiting.push(wake)));
    return typed[n - 1]!;
  };
  const passwordsAsked: unknown[] = [];
  /** Each run ends when the test says so. */
  const ends: ((end: RunEnd) => void)[] = [];
  const edges = {
    terminals: {
      terminalFor: (_key: string, _name: string, where: { cwd: string; shellPath: string }) => {
        terminalsAt.push(where);
        return { name: 'SMDR: scenario' };
      },
      ready: () => Promise.resolve({}),
      run: (_terminal: unknown, _delivery: unknown, line: string) => {
        typed.push(line);
        waiting.splice(0).forEach((wake) => wake());
        return new Promise<RunEnd>((resolve) => ends.push(resolve));
      },
    },
    credentials: {
      password: (target: unknown) => {
        passwordsAsked.push(target);
        return Promise.resolve('S3cret!');
      },
      forget: () => Promise.resolve(),
    },
    targets: { of: () => Promise.resolve({ hash: 'h', targets: sqlTargets(runbook, new Map()) }) },
    handoff: {
      offer: () =>
        Promise.resolve({ address: '/nowhere', token: 'ab', revoke: () => undefined, refused: () => false }),
    },
    cli: { node: '/opt/node', script: '/ext/dist/cli.js' },
    scripts: join(dir, 'scripts'),
  } as unknown as RunnerEdges;
  const runner = new Runner(plans, edges);
  const step = (title: string): StepRef => {
    const scenario = scenarios.find((s) => s.steps.some((st) => st.title === title))!;
    return {
      plan: plan as unknown as StepRef['plan'],
      scenario,
      step: scenario.steps.find((s) => s.title === title)!,
    };
  };
  /** The job file a typed `smdr sql --job` line names. */
  const job = (line: string) =>
    JSON.parse(readFileSync(/--job '([^']+)'/.exec(line)![1]!, 'utf8')) as Record<string, unknown>;
  return { runner, step, typed, typedLine, passwordsAsked, ends, job, terminalsAt, dir };
}

const SQL_STEP = '\n### Count {step=custom server=SQL01}\n```sql\nSELECT 1;\n```\n';

describe('the runner: T-SQL logins', () => {
  it('refuses a T-SQL step whose runbook names no sql.user, asking no password and typing nothing', async () => {
    const h = harness(CONTOSO.replace(SQL_LINE, 'sql: { encrypt: true }') + SQL_STEP);
    await h.runner.run(h.step('Count'));
    assert.deepEqual(h.typed, []);
    assert.deepEqual(h.passwordsAsked, []);
    const error = fake.shown.find((s) => s.level === 'error');
    assert.match(error?.message ?? '', /"Count" was not run: .*names no login \(sql\.user\)/);
  });

  it('asks before sending a login unencrypted, and records the consent in the job; a refusal runs nothing', async () => {
    const text = CONTOSO.replace(SQL_LINE, 'sql: { authentication: sql, user: smdr-reader, encrypt: false }');
    const refused = harness(text + SQL_STEP);
    answer = (m) => !/unencrypted/.test(m.message);
    await refused.runner.run(refused.step('Count'));
    assert.ok(
      modals.some((m) => /send the login smdr-reader to sql01\.contoso\.local unencrypted/.test(m.message)),
    );
    assert.deepEqual(refused.typed, []);
    assert.deepEqual(refused.passwordsAsked, []);

    answer = () => true;
    const agreed = harness(text + SQL_STEP);
    const run = agreed.runner.run(agreed.step('Count'));
    assert.equal(agreed.job(await agreed.typedLine(1)).allowUnencrypted, true);
    agreed.ends[0]!({ kind: 'finished', exitCode: 0 });
    await run;
  });

  it('an encrypted login asks nothing more and records no consent', async () => {
    const h = harness(CONTOSO + SQL_STEP);
    const run = h.runner.run(h.step('Count'));
    const line = await h.typedLine(1);
    assert.ok(!modals.some((m) => /unencrypted/.test(m.message)));
    assert.equal(h.job(line).allowUnencrypted, false);
    assert.deepEqual(h.job(line).handoff, { address: '/nowhere', token: 'ab' });
    h.ends[0]!({ kind: 'finished', exitCode: 0 });
    await run;
  });
});

describe('the runner: the destructive question says where the code runs', () => {
  const question = () => modals.find((m) => /cannot simply be undone/.test(m.message));

  it('a code block runs on this computer, whatever server its heading names; the message is escaped', async () => {
    const h = harness(
      CONTOSO +
        // SMDR006 reports the override before the attributes; suppressed, the question still escapes it.
        '\n<!-- smdr-disable-next-line SMDR006 -->\n### Tidy \u202Etxt.golkcab\u202C {step=custom server=SM01}\n```sh\nrm -rf /tmp/smdr-demo\n```\n',
    );
    answer = (m) => !/cannot simply be undone/.test(m.message);
    await h.runner.run(h.step('Tidy \u202Etxt.golkcab\u202C'));
    const asked = question();
    assert.ok(asked, JSON.stringify(modals));
    assert.match(
      asked.message,
      /acts on this computer and cannot simply be undone\. It runs on this computer \(ADMIN01\), not on SM01/,
    );
    assert.doesNotMatch(asked.message + (asked.detail ?? ''), /[\u202A-\u202E\u2066-\u2069]/);
    assert.match(asked.message, /Tidy \\u202etxt/);
    assert.deepEqual(h.typed, []);
  });

  it('a T-SQL step names host and port, database, login and protection, as Show Command does', async () => {
    const h = harness(CONTOSO + '\n### Drop it {step=custom server=SQL01}\n```sql\nDROP TABLE dbo.x;\n```\n');
    answer = (m) => !/cannot simply be undone/.test(m.message);
    await h.runner.run(h.step('Drop it'));
    assert.match(
      question()?.message ?? '',
      /It runs through smdr sql against SQL Server SQL01\\SCSM at sql01\.contoso\.local, database master, SQL login smdr-reader, encrypted\. Run it\?/,
    );
    assert.deepEqual(h.passwordsAsked, []);
  });

  it('a generated step for another computer says it goes through remoting', async () => {
    const h = harness(CONTOSO);
    answer = (m) => !/cannot simply be undone/.test(m.message);
    await h.runner.run(h.step("Restore SM01's key"));
    assert.match(
      question()?.message ?? '',
      /acts on SM01 .*It runs on this computer \(ADMIN01\) and reaches SM01 through PowerShell remoting/,
    );
  });
});

describe("the runner: one step at a time in a scenario's terminal", () => {
  const TWO_STEPS =
    '\n### First {step=custom}\n```sh\necho first\n```\n\n### Long copy {step=custom}\n```sh\nsleep 3600\n```\n';

  it('refuses a second step of the scenario while one runs, naming it, and types nothing into that terminal', async () => {
    const h = harness(CONTOSO + TWO_STEPS);
    const long = h.runner.run(h.step('Long copy'));
    await h.typedLine(1);
    await h.runner.run(h.step('First'));
    assert.equal(h.typed.length, 1);
    const refusal = fake.shown.find((s) => /was not run/.test(s.message));
    assert.match(
      refusal?.message ?? '',
      /"First" was not run: "Long copy" is still running in the terminal "SMDR: SQL02 fails", and a second command there would interrupt it/,
    );
    // Once it has ended, the next step runs.
    h.ends[0]!({ kind: 'finished', exitCode: 0 });
    await long;
    const first = h.runner.run(h.step('First'));
    await h.typedLine(2);
    h.ends[1]!({ kind: 'finished', exitCode: 0 });
    await first;
  });

  it('keeps the terminal busy after a step sent without its exit code, until its outcome is on record', async () => {
    const h = harness(CONTOSO + TWO_STEPS);
    const long = h.runner.run(h.step('Long copy'));
    await h.typedLine(1);
    h.ends[0]!({ kind: 'sent' });
    await long;
    await h.runner.run(h.step('First'));
    assert.equal(h.typed.length, 1);
    assert.ok(
      fake.shown.some((s) =>
        /"First" was not run: "Long copy" was sent to the terminal "SMDR: SQL02 fails" without its exit code and may still be running there/.test(
          s.message,
        ),
      ),
    );
    // Its outcome on record: the terminal is free.
    await h.runner.markDone(h.step('Long copy'));
    const first = h.runner.run(h.step('First'));
    await h.typedLine(2);
    h.ends[1]!({ kind: 'finished', exitCode: 0 });
    await first;
  });

  it('checks again after the questions: a step started meanwhile keeps the other out', async () => {
    const h = harness(
      CONTOSO +
        '\n### First {step=custom}\n```sh\necho first\n```\n\n### Second {step=custom}\n```sh\necho second\n```\n',
    );
    // While "Second" waits on its question, "First" starts.
    let release: (yes: boolean) => void = () => undefined;
    const held = new Promise<boolean>((resolve) => (release = resolve));
    const realWarning = fakeVscode.window.showWarningMessage;
    let asked = 0;
    Object.assign(fakeVscode.window, {
      showWarningMessage: (message: string, options: unknown, ...items: DialogItem[]) =>
        (options as { modal?: boolean } | undefined)?.modal && asked++ === 0
          ? held.then((yes) => (yes ? items.find((i) => i.confirms) : undefined))
          : (realWarning as (...a: unknown[]) => unknown)(message, options, ...items),
    });
    const second = h.runner.run(h.step('Second'));
    const first = h.runner.run(h.step('First'));
    await h.typedLine(1);
    release(true);
    await second;
    assert.equal(h.typed.length, 1);
    assert.ok(fake.shown.some((s) => /"Second" was not run: "First" is still running/.test(s.message)));
    h.ends[0]!({ kind: 'finished', exitCode: 0 });
    await first;
  });
});

describe("the runner: the scenario's terminal", () => {
  it('has its own shell by absolute path and the private script folder as working folder, and types absolute paths', async () => {
    const h = harness(CONTOSO + '\n### Echo {step=custom}\n```sh\necho hi\n```\n');
    const run = h.runner.run(h.step('Echo'));
    const line = await h.typedLine(1);
    const [where] = h.terminalsAt;
    assert.equal(where?.shellPath, localTools().shell);
    assert.ok(isAbsolute(where!.shellPath));
    assert.equal(where!.cwd, join(h.dir, 'scripts'));
    assert.match(
      line,
      new RegExp(`^'${localTools().bash!}' '${join(h.dir, 'scripts')}/[0-9a-f-]{36}\\.sh'$`),
    );
    h.ends[0]!({ kind: 'finished', exitCode: 0 });
    await run;
  });
});

/** `promise`, or a failure after 5 s: a wait for the runner never hangs the test. */
function withTimeout<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the runner did not get there within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
