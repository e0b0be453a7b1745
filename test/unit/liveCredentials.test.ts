/**
 * SQL passwords in the extension: one question per login, not per instance, the answer stored bound to
 * each instance it was given for; an instance that refused it is forgotten and asked for alone; a
 * stored password the runbook now sends elsewhere is not sent, and the question says why.
 */
import { fakeVscode } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { Credentials } from '../../client/src/credentials';
import { refusedNotice } from '../../client/src/live';
import { bindPassword, boundPassword, type SqlTarget } from '../../server/src/live/sqlTarget';
import { target } from './liveTargets';

const SQL01 = target('SQL01\\SCSM');
const SQL02 = target('SQL02\\DW');
const SQL03 = target('SQL03');

describe('passwords asked once per login', () => {
  let secrets: Map<string, string>;
  let questions: { title?: string; prompt?: string }[];
  let answers: (string | undefined)[];
  let credentials: Credentials;

  beforeEach(() => {
    secrets = new Map();
    questions = [];
    answers = [];
    (fakeVscode.window as Record<string, unknown>).showInputBox = (options: {
      title?: string;
      prompt?: string;
    }) => {
      questions.push(options);
      return Promise.resolve(answers.shift());
    };
    const storage = {
      get: (key: string) => Promise.resolve(secrets.get(key)),
      store: (key: string, value: string) => Promise.resolve(void secrets.set(key, value)),
      delete: (key: string) => Promise.resolve(void secrets.delete(key)),
    };
    credentials = new Credentials(storage as unknown as vscode.SecretStorage);
  });

  const storedFor = (t: SqlTarget) =>
    [...secrets.values()].map((s) => boundPassword(s, t)).find((b) => 'password' in b);

  it('asks one question for every instance of a login, and stores the answer bound to each', async () => {
    answers.push('pw');
    const passwords = await credentials.passwords([SQL01, SQL02], true);
    assert.deepEqual(passwords, ['pw', 'pw']);
    assert.equal(questions.length, 1);
    assert.equal(questions[0]!.title, 'SQL Server password of smdr-reader on SQL01\\SCSM and SQL02\\DW');
    assert.deepEqual(storedFor(SQL01), { password: 'pw' });
    assert.deepEqual(storedFor(SQL02), { password: 'pw' });
    // The next refresh asks nothing; an automatic one never asks.
    assert.deepEqual(await credentials.passwords([SQL01, SQL02], true), ['pw', 'pw']);
    assert.deepEqual(await credentials.passwords([SQL01, SQL02, SQL03], false), ['pw', 'pw', undefined]);
    assert.equal(questions.length, 1);
  });

  it('asks for an instance that refused the password alone', async () => {
    answers.push('pw', 'other');
    await credentials.passwords([SQL01, SQL02], true);
    await credentials.forget(SQL02);
    assert.deepEqual(await credentials.passwords([SQL01, SQL02], true), ['pw', 'other']);
    assert.equal(questions.length, 2);
    assert.equal(questions[1]!.title, 'SQL Server password of smdr-reader on SQL02\\DW');
  });

  it('asks one question per login, and for the same target named twice only once', async () => {
    const admin = target('SQL03', { user: 'sa' });
    answers.push('reader', 'admin');
    assert.deepEqual(await credentials.passwords([SQL01, admin, SQL02, SQL01], true), [
      'reader',
      'admin',
      'reader',
      'reader',
    ]);
    assert.deepEqual(
      questions.map((q) => q.title),
      [
        'SQL Server password of smdr-reader on SQL01\\SCSM and SQL02\\DW',
        'SQL Server password of sa on SQL03',
      ],
    );
  });

  it('does not send a stored password where the runbook now sends the login, and says why', async () => {
    answers.push('pw', 'new');
    await credentials.passwords([SQL01], true);
    const moved = { ...SQL01, host: 'collector.example' };
    assert.deepEqual(await credentials.passwords([moved], true), ['new']);
    assert.match(
      questions[1]!.prompt!,
      /^The stored password of SQL01\\SCSM is not sent: it was given for sql01\.contoso\.local:1433, and would now go to collector\.example:1433\. Sent to collector\.example:1433/,
    );
    assert.deepEqual(storedFor(moved), { password: 'new' }, 'the new answer is bound to the new target');
    assert.deepEqual(storedFor(SQL01), { password: 'pw' }, 'the old place keeps its own password');
  });

  it('keeps one instance named at two hosts apart: two questions, two secrets, each forgotten alone', async () => {
    const evil = { ...SQL01, host: 'sql01.contoso.local.evil.example' };
    answers.push('real', 'other');
    assert.deepEqual(await credentials.passwords([SQL01, SQL02, evil], true), ['real', 'real', 'other']);
    assert.deepEqual(
      questions.map((q) => q.title),
      [
        'SQL Server password of smdr-reader on SQL01\\SCSM at sql01.contoso.local:1433 and SQL02\\DW',
        'SQL Server password of smdr-reader on SQL01\\SCSM at sql01.contoso.local.evil.example:1433',
      ],
    );
    assert.match(questions[1]!.prompt!, /^WARNING: SQL01\\SCSM is named at more than one place/);
    // Neither answer overwrote the other: an automatic refresh sends each where it was given, and asks nothing.
    assert.deepEqual(await credentials.passwords([SQL01, evil], false), ['real', 'other']);
    assert.deepEqual(await credentials.passwords([SQL01, evil], true), ['real', 'other']);
    assert.equal(questions.length, 2);
    // The place that refused its password is forgotten alone, and asked for alone, still with the warning.
    await credentials.forget(evil);
    assert.deepEqual(await credentials.passwords([SQL01, evil], false), ['real', undefined]);
    answers.push('again');
    assert.deepEqual(await credentials.passwords([SQL01, evil], true), ['real', 'again']);
    assert.match(questions[2]!.prompt!, /^WARNING: SQL01\\SCSM is named at more than one place/);
    assert.ok(
      [...secrets.values()].every((value) => !value.includes('"password":"other"')),
      'the forgotten password is gone from storage',
    );
  });

  it('asks once for one place named twice, its host written in another case', async () => {
    answers.push('pw');
    const shouted = { ...SQL01, host: SQL01.host.toUpperCase() };
    assert.deepEqual(await credentials.passwords([SQL01, shouted], true), ['pw', 'pw']);
    assert.deepEqual(
      questions.map((q) => q.title),
      ['SQL Server password of smdr-reader on SQL01\\SCSM'],
    );
  });

  it('never sends a password stored by instance and login alone, and deletes it once a new one is given', async () => {
    const legacy = 'smdr.sql.password:SQL01\\SCSM|smdr-reader';
    secrets.set(legacy, bindPassword('old', { ...SQL01, host: 'sql01.contoso.local.evil.example' }));
    assert.deepEqual(await credentials.passwords([SQL01], false), [undefined]);
    answers.push('new');
    assert.deepEqual(await credentials.passwords([SQL01], true), ['new']);
    assert.equal(secrets.has(legacy), false);
  });

  it('leaves a cancelled login without a password, and stores nothing', async () => {
    answers.push(undefined);
    assert.deepEqual(await credentials.passwords([SQL01, SQL02], true), [undefined, undefined]);
    assert.equal(secrets.size, 0);
  });
});

describe('the notice of a refused password', () => {
  it("names the place, and shows the runbook's control and bidirectional characters escaped", () => {
    const spoofed = target('SQL01\\SCSM', {
      user: 'smdr-reader\u202E\u2066 (verified)\u2069',
      host: 'sql01\nevil',
    });
    assert.equal(
      refusedNotice('SQL01\\SCSM', spoofed),
      'SQL01\\SCSM at sql01\\x0aevil refused the login smdr-reader\\u202e\\u2066 (verified)\\u2069: the stored password was forgotten, and Refresh asks for it again, for SQL01\\SCSM alone.',
    );
  });
});
