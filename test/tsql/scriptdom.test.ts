/**
 * Every T-SQL statement smdr generates, renders or sends is read by SQL Server's own parser
 * (Microsoft.SqlServer.TransactSql.ScriptDom 180.140.0, TSql160Parser): the T-SQL steps, the statements
 * the backup step hands to Invoke-Sqlcmd, and every query of the live probes. A statement ScriptDom
 * rejects fails the test. Inventory values appear in its token stream only inside string literals or
 * quoted identifiers, whole.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { planRunbook } from '../../server/src/stepScripts/plan';
import { TRUST_ASSEMBLIES } from '../../server/src/stepScripts/clr';
import { assembliesQuery, backupsQuery, databasesQuery, INSTANCE_QUERY } from '../../server/src/live/queries';
import { parseRunbook } from '../../server/src/runbook/parse';
import { restoreChainCommand } from '../../server/src/stepScripts/restoreChain';
import type { BackupHeader } from '../../server/src/restore/chain';
import {
  FILE_LIST_QUERY,
  FOLDER_EXISTS_QUERY,
  headerQuery,
  INSTANCE_CLOCK_QUERY,
  LIST_FOLDER_QUERY,
  recoveryStatement,
  restoreStatement,
} from '../../server/src/restore/statements';
import { CONTOSO, LAB } from '../helpers';
import { hostile, hostileRunbook, markersIn, SLOT_COUNT, type HostileRunbook } from '../powershell/inventory';
import { startPwsh } from '../powershell/pwsh';
import { regionOf, startScriptDom, valueOf, type ScriptDom } from './scriptDom';

const { scriptDom, skip } = startScriptDom();
const pwshStarted = startPwsh();
after(() => {
  scriptDom?.close();
  pwshStarted.pwsh?.close();
});

function tsqlSteps(text: string): { name: string; command: string; kind: string }[] {
  return planRunbook(parseRunbook(text), { remoting: true }, []).flatMap((scenario) =>
    scenario.steps
      .filter((step) => step.language === 'tsql')
      .map((step) => ({
        name: `${scenario.title} / ${step.title}`,
        command: step.command!,
        kind: step.kind,
      })),
  );
}

/** Parses `text`: no error, and every marked value whole inside one literal or quoted identifier. */
async function checkTsql(dom: ScriptDom, name: string, text: string, values = new Map<string, string>()) {
  const parsed = await dom.parse(text);
  assert.deepEqual(
    parsed.errors,
    [],
    `${name}: ScriptDom rejects it:\n${parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n')}\n---\n${text}`,
  );
  for (const { marker, offset } of markersIn(text)) {
    const token = parsed.tokens.find((t) => t.offset <= offset && offset < t.offset + t.text.length)!;
    const value = values.get(marker)!;
    assert.ok(
      regionOf(token) === 'string' || regionOf(token) === 'quoted-identifier',
      `${name}: ${JSON.stringify(value)} stands in a ${token.type} token:\n${text}`,
    );
    assert.ok(
      valueOf(token).includes(value),
      `${name}: ${JSON.stringify(value)} is not whole in ${JSON.stringify(token.text)}`,
    );
  }
  return parsed;
}

describe('T-SQL read by ScriptDom (TSql160Parser)', { skip }, () => {
  it('parses every T-SQL step of the examples: the promotion, the restores, CLR, a custom block', async () => {
    const statements = new Set<string>();
    const kinds = new Set<string>();
    for (const text of [CONTOSO, LAB]) {
      for (const step of tsqlSteps(text)) {
        kinds.add(step.kind);
        (await checkTsql(scriptDom!, step.name, step.command)).statements.forEach((s) => statements.add(s));
      }
    }
    assert.deepEqual([...kinds].sort(), ['enable-clr', 'promote-workflow-server', 'restore-databases']);
    for (const expected of ['ExecuteStatement', 'RestoreStatement', 'ReconfigureStatement'])
      assert.ok(statements.has(expected), `${expected} among ${[...statements].join(', ')}`);
  });

  it('parses every query of the live probes', async () => {
    const queries = {
      instance: INSTANCE_QUERY,
      databases: databasesQuery(['d0', 'd1', 'd2']),
      backups: backupsQuery(['d0', 'd1']),
      'one database': databasesQuery(['d0']),
    };
    for (const [name, query] of Object.entries(queries)) {
      const parsed = await checkTsql(scriptDom!, name, query);
      assert.deepEqual(parsed.statements, ['SelectStatement'], name);
    }
  });

  it('parses the assemblies query and the trust script enable-clr runs in each database', async () => {
    for (const [name, text] of [
      ['assemblies', assembliesQuery(['d0', 'd1'])],
      ['trust', TRUST_ASSEMBLIES],
    ] as const) {
      const parsed = await checkTsql(scriptDom!, name, text);
      assert.ok(
        parsed.statements.includes('DeclareCursorStatement'),
        `${name}: ${parsed.statements.join(', ')}`,
      );
    }
  });

  it('parses what smdr sql sends for a restore chain: the header reads, and each restore with hostile values whole', async () => {
    const reads = {
      clock: INSTANCE_CLOCK_QUERY,
      'folder listing': LIST_FOLDER_QUERY,
      'folder exists': FOLDER_EXISTS_QUERY,
      'file list': FILE_LIST_QUERY,
      'headers, SQL Server 2016': headerQuery(13),
      'headers, SQL Server 2022': headerQuery(16),
    };
    for (const [name, query] of Object.entries(reads)) await checkTsql(scriptDom!, name, query);
    assert.deepEqual((await scriptDom!.parse(headerQuery(16))).statements, [
      'CreateTableStatement',
      'InsertStatement',
      'SelectStatement',
      'DropTableStatement',
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 6, maxLength: 6 }), async (attacks) => {
        const values = new Map<string, string>();
        const [database, file, logical, to, backup, folder] = attacks.map((attack, i) => {
          const marker = `§${i}§`;
          values.set(marker, `${marker}${attack}`);
          return `${marker}${attack}`;
        });
        const set = (type: BackupHeader['type']): BackupHeader => ({
          file: file!,
          position: 2,
          databaseName: database!,
          type,
          firstLsn: '1',
          lastLsn: '2',
          checkpointLsn: '1',
          databaseBackupLsn: '0',
          finishedAt: '2026-11-24T01:00:00',
          copyOnly: false,
        });
        const statements = [
          restoreStatement(database!, set('full'), { moves: [{ logicalName: logical!, to: to! }] }),
          restoreStatement(database!, set('differential')),
          restoreStatement(database!, set('log'), { stopAt: '2026-11-24T03:30:00' }),
          recoveryStatement(database!),
        ];
        const parsed = await checkTsql(scriptDom!, 'restore chain', statements.join('\n'), values);
        assert.deepEqual(parsed.statements, Array(4).fill('RestoreStatement'));
        const command = restoreChainCommand({
          targets: [{ database: database!, backup: backup!, dataFolder: folder!, logFolder: to! }],
          rpo: logical!,
        });
        await checkTsql(scriptDom!, 'restore-databases command', command, values);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every hostile inventory value inside a literal or quoted identifier of the T-SQL steps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostile, { minLength: SLOT_COUNT, maxLength: SLOT_COUNT }),
        async (attacks) => {
          const { text, values } = hostileRunbook(attacks);
          const steps = tsqlSteps(text);
          assert.deepEqual([...new Set(steps.map((s) => s.kind))].sort(), [
            'custom',
            'enable-clr',
            'promote-workflow-server',
            'restore-databases',
          ]);
          for (const step of steps) await checkTsql(scriptDom!, step.name, step.command, values);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never lets an instance name end a comment and run as T-SQL', async () => {
    const attacks: string[] = Array(SLOT_COUNT).fill('');
    attacks[12] = 'SCSM\nDROP DATABASE [ServiceManager]; --'; // SQL01's instance
    for (const step of tsqlSteps(hostileRunbook(attacks).text).filter((s) =>
      s.name.startsWith('SQL01 fails'),
    )) {
      const parsed = await scriptDom!.parse(step.command);
      assert.ok(
        !parsed.statements.includes('DropDatabaseStatement'),
        `${step.name} runs a DROP DATABASE:\n${step.command}`,
      );
    }
  });

  it(
    'parses the statements the backup step hands to Invoke-Sqlcmd, as pwsh binds them',
    { skip: pwshStarted.skip },
    async () => {
      const check = async (h: HostileRunbook) => {
        const backup = planRunbook(parseRunbook(h.text), { remoting: true }, [])
          .flatMap((s) => s.steps)
          .find((s) => s.kind === 'backup-databases')!;
        const ran = await pwshStarted.pwsh!.run(backup.command!, { computerName: 'OPERATOR' });
        assert.equal(ran.error, null);
        const queries = ran.calls
          .filter((c) => c.command === 'Invoke-Sqlcmd')
          .map((c) => String(c.parameters.Query));
        assert.equal(queries.length, 5);
        for (const query of queries) {
          const parsed = await checkTsql(scriptDom!, 'backup-databases', query, h.values);
          assert.deepEqual(parsed.statements, ['BackupDatabaseStatement', 'RestoreStatement']);
        }
      };
      await check(hostileRunbook(Array(SLOT_COUNT).fill("'];--/*N'")));
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostile, { minLength: SLOT_COUNT, maxLength: SLOT_COUNT }),
          async (attacks) => check(hostileRunbook(attacks)),
        ),
        { numRuns: 10 },
      );
    },
  );
});
