/** A stored SQL password is bound to where it was given: host, port, instance, login and protection. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sqlSettings, sqlTarget } from '../../server/src/live/sqlSettings';
import {
  bindPassword,
  boundPassword,
  byLogin,
  passwordQuestion,
  targetChange,
  targetKey,
  type SqlTarget,
} from '../../server/src/live/sqlTarget';
import { parseRunbook } from '../../server/src/runbook/parse';
import { edit, LAB } from '../helpers';
import { target } from './liveTargets';

const GIVEN: SqlTarget = target('LABSQL01', { host: 'labsql01.lab.local' });

const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom('', 'evil.example', 'LABSQL01.LAB.LOCAL ', 'labsql01.lab.local\u0000', '127.0.0.1', '::1'),
);

/** Every way a target can differ from GIVEN, one field at a time. */
const changed: fc.Arbitrary<SqlTarget> = fc.oneof(
  hostile.filter((h) => h.toLowerCase() !== GIVEN.host).map((host) => ({ ...GIVEN, host })),
  fc
    .oneof(fc.constant(null), fc.integer({ min: 0, max: 65535 }))
    .filter((p) => p !== 1433)
    .map((port) => ({ ...GIVEN, port })),
  hostile.filter((i) => i !== GIVEN.instance).map((instance) => ({ ...GIVEN, instance })),
  fc
    .oneof(fc.constant(null), hostile)
    .filter((u) => (u ?? '') !== GIVEN.user)
    .map((user) => ({ ...GIVEN, user })),
  hostile.filter(Boolean).map((browserInstance) => ({ ...GIVEN, browserInstance })),
  fc.constant({ ...GIVEN, encrypt: false }),
  fc.constant({ ...GIVEN, trustServerCertificate: true }),
  fc.constant({ ...GIVEN, authentication: 'ntlm' as const }),
  hostile.filter(Boolean).map((domain) => ({ ...GIVEN, domain })),
);

describe('passwords bound to their target', () => {
  it('gives a stored password back only for the target it was given for', () => {
    fc.assert(
      fc.property(fc.string(), changed, (password, wanted) => {
        const stored = bindPassword(password, GIVEN);
        assert.deepEqual(boundPassword(stored, GIVEN), { password });
        assert.deepEqual(boundPassword(stored, { ...GIVEN, host: GIVEN.host.toUpperCase() }), { password });
        const elsewhere = boundPassword(stored, wanted);
        assert.ok(
          'reason' in elsewhere,
          `a password for ${JSON.stringify(GIVEN)} went to ${JSON.stringify(wanted)}`,
        );
        assert.equal(targetChange(GIVEN, wanted), elsewhere.reason);
      }),
    );
  });

  it('says where it would go and how, in words', () => {
    assert.equal(
      targetChange(GIVEN, { ...GIVEN, host: 'evil.example', port: 1434 }),
      'it was given for labsql01.lab.local:1433, and would now go to evil.example:1434',
    );
    assert.equal(
      targetChange(GIVEN, { ...GIVEN, encrypt: false }),
      'it was given for encrypted to a verified certificate, and would now be sent in clear text (encrypt: false)',
    );
  });

  it('binds nothing to a value stored before binding, or tampered with', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constant(JSON.stringify({ password: 'x' })),
          fc.constant(JSON.stringify({ password: 'x', target: { ...GIVEN, port: '1433' } })),
          fc.constant(JSON.stringify({ password: 5, target: GIVEN })),
          fc.constant('null'),
        ),
        (stored) => {
          assert.ok('reason' in boundPassword(stored, GIVEN));
        },
      ),
    );
    assert.deepEqual(boundPassword(undefined, GIVEN), { reason: 'no password is stored' });
  });

  it('a runbook that points the instance at another host, or turns encryption off, is another target', () => {
    const target = (text: string, endpoints = new Map<string, { host: string; port: number }>()) => {
      const runbook = parseRunbook(text);
      const server = runbook.inventory.servers.find((s) => s.name === 'LABSQL01')!;
      return sqlTarget(server, sqlSettings(runbook), endpoints);
    };
    const base = target(LAB);
    const moved = target(edit(LAB, 'fqdn: labsql01.lab.local', 'fqdn: collector.example'));
    const clear = target(edit(LAB, 'user: smdr-reader }', 'user: smdr-reader, encrypt: false }'));
    const tunnelled = target(LAB, new Map([['LABSQL01', { host: '10.9.9.9', port: 1433 }]]));
    for (const other of [moved, clear, tunnelled]) assert.notEqual(targetChange(base, other), null);
    assert.equal(targetChange(base, target(LAB)), null);
  });

  it('asks one password per login, not per instance: the targets grouped by authentication, domain and user', () => {
    const sql01 = target('SQL01\\SCSM');
    const sql02 = target('SQL02\\DW', { trustServerCertificate: true });
    const admin = target('SQL03', { user: 'sa' });
    const windows = target('SQL04', { authentication: 'ntlm', domain: 'CONTOSO' });
    assert.deepEqual(byLogin([sql01, admin, sql02, windows]), [[sql01, sql02], [admin], [windows]]);
    fc.assert(
      fc.property(fc.array(changed, { maxLength: 8 }), (targets) => {
        const groups = byLogin(targets);
        const texts = (ts: SqlTarget[]) => ts.map((t) => JSON.stringify(t)).sort();
        assert.deepEqual(texts(groups.flat()), texts(targets), 'every target asked for exactly once');
        for (const group of groups)
          for (const t of group) {
            assert.equal(t.authentication, group[0]!.authentication);
            assert.equal(t.user ?? '', group[0]!.user ?? '');
            assert.equal((t.domain ?? '').toUpperCase(), (group[0]!.domain ?? '').toUpperCase());
          }
      }),
    );
    const question = passwordQuestion(
      [sql01, sql02],
      new Map([[targetKey(sql01), 'it was given for sa on SQL01\\SCSM']]),
    );
    assert.equal(question.title, 'SQL Server password of smdr-reader on SQL01\\SCSM and SQL02\\DW');
    assert.equal(
      question.prompt,
      'The stored password of SQL01\\SCSM is not sent: it was given for sa on SQL01\\SCSM. ' +
        'Sent to sql01.contoso.local:1433 (SQL01\\SCSM), encrypted to a verified certificate; ' +
        'to sql02.contoso.local:1433 (SQL02\\DW), encrypted to any certificate (trustServerCertificate: true). ' +
        'Kept in VS Code secret storage for these servers only; an instance that refuses it is asked for alone.',
    );
    assert.equal(
      passwordQuestion([GIVEN]).prompt,
      'Sent to labsql01.lab.local:1433 (LABSQL01), encrypted to a verified certificate. Kept in VS Code secret storage for this server only.',
    );
  });
});

describe('one instance name at two places', () => {
  it('keys a password by its whole target: two keys are equal exactly when nothing changed (property)', () => {
    fc.assert(
      fc.property(changed, changed, (a, b) => {
        assert.equal(targetKey(a) === targetKey(b), targetChange(a, b) === null);
      }),
    );
  });

  it('never asks one question for one instance name at two places, and says so loudly', () => {
    const real = target('SQL01\\SCSM');
    const evil = target('SQL01\\SCSM', { host: 'sql01.contoso.local.evil.example' });
    const sql02 = target('SQL02\\DW');
    assert.deepEqual(byLogin([real, sql02, evil]), [[real, sql02], [evil]]);
    fc.assert(
      fc.property(fc.array(changed, { maxLength: 8 }), (targets) => {
        for (const group of byLogin(targets))
          for (const a of group)
            for (const b of group)
              if (a.instance === b.instance)
                assert.equal(targetKey(a), targetKey(b), 'one place per instance');
      }),
    );
    const asked = [real, sql02, evil];
    const first = passwordQuestion([real, sql02], new Map(), asked);
    const second = passwordQuestion([evil], new Map(), asked);
    assert.equal(
      first.title,
      'SQL Server password of smdr-reader on SQL01\\SCSM at sql01.contoso.local:1433 and SQL02\\DW',
    );
    assert.equal(
      second.title,
      'SQL Server password of smdr-reader on SQL01\\SCSM at sql01.contoso.local.evil.example:1433',
    );
    assert.match(
      second.prompt,
      /^WARNING: SQL01\\SCSM is named at more than one place \(sql01\.contoso\.local\.evil\.example:1433 and sql01\.contoso\.local:1433\); this password goes to sql01\.contoso\.local\.evil\.example:1433 only/,
    );
    assert.doesNotMatch(passwordQuestion([sql02], new Map(), asked).prompt, /WARNING/);
  });

  it("shows the runbook's control and bidirectional characters escaped (property)", () => {
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    const unsafe = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
    const spoof = fc.oneof(
      hostile,
      fc.constantFrom(
        'smdr-reader\u202E\u2066 on SQL01 (verified)\u2069',
        'sql01.contoso.local\u202Eevil',
        'a\nb\r\u001b[2J',
      ),
    );
    fc.assert(
      fc.property(spoof, spoof, spoof, (user, host, instance) => {
        const t = target('SQL01', { user, host, instance });
        const other = { ...t, host: `${host}.other` };
        const { title, prompt } = passwordQuestion(
          [t],
          new Map([[targetKey(t), `it was given for ${host}`]]),
          [t, other],
        );
        assert.doesNotMatch(title, unsafe);
        assert.doesNotMatch(prompt, unsafe);
      }),
    );
    assert.equal(
      passwordQuestion([target('SQL01', { user: 'r\u202Eeader' })]).title,
      'SQL Server password of r\\u202eeader on SQL01',
    );
  });
});
