/** Generated commands and code blocks, per step kind: a reviewed snapshot of the whole plan, and targeted checks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRunbook, type PlannedScenario, type PlannedStep } from '../../server/src/stepScripts/plan';
import { checkRunbook } from '../../server/src/rules/run';
import { parseRunbook } from '../../server/src/runbook/parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SCSM_VERSIONS } from '../../server/src/domain/versions';
import { CONTOSO, edit, findings, LAB, ROOT } from '../helpers';
import { matchSnapshot } from '../snapshot';
import { readRestoreChainCommand } from '../../server/src/stepScripts/restoreChain';

const CONTOSO_2022 = readFileSync(join(ROOT, 'examples', 'contoso-2022.runbook.md'), 'utf8');

function render(plan: PlannedScenario[]): string {
  return plan
    .map((s) =>
      [
        `## ${s.title} [${s.scenario}/${s.strategy ?? '-'} failed=${s.failed ?? '-'} target=${s.target ?? '-'}] line ${s.line}`,
        ...s.steps.map(
          (st) =>
            `### ${st.kind} on ${st.server ?? '(operator)'} ${st.language ?? '-'}${st.database ? ` in ${st.database}` : ''}${st.generated ? ' generated' : ''}${st.destructive ? ' DESTRUCTIVE' : ''} line ${st.line}${st.error ? `\nERROR ${st.error}` : ''}\n${st.command ?? '(no command)'}`,
        ),
      ].join('\n\n'),
    )
    .join('\n\n');
}

function step(
  text: string,
  scenarioTitle: string,
  kind: string,
  options?: Parameters<typeof planRunbook>[1],
): PlannedStep {
  const found = planRunbook(parseRunbook(text), options)
    .find((s) => s.title === scenarioTitle)
    ?.steps.find((s) => s.kind === kind);
  assert.ok(found, `${scenarioTitle} / ${kind}`);
  return found;
}

describe('plan', () => {
  it('matches the reviewed snapshot for the complete example', () => {
    matchSnapshot('contoso-plan', render(planRunbook(parseRunbook(CONTOSO))));
  });

  it('matches the reviewed snapshot for the lab', () => {
    matchSnapshot('lab-plan', render(planRunbook(parseRunbook(LAB))));
  });

  it('matches the reviewed snapshots of every Service Manager version', () => {
    matchSnapshot('contoso-2022-plan', render(planRunbook(parseRunbook(CONTOSO_2022))));
    // The procedure is the same in all four versions (domain.md): the same installation described as
    // 2019 or 2025 plans exactly as the reviewed 2016 snapshot; what differs by version is judged live.
    for (const version of SCSM_VERSIONS.filter((v) => v !== '2016'))
      matchSnapshot(
        'contoso-plan',
        render(planRunbook(parseRunbook(edit(CONTOSO, 'scsm: 2016', `scsm: ${version}`)))),
      );
  });

  it('a 2022 runbook with custom database names validates clean and its plan holds no 2016 path', () => {
    assert.deepEqual(findings(CONTOSO_2022), []);
    const plan = planRunbook(parseRunbook(CONTOSO_2022));
    const text = render(plan);
    assert.doesNotMatch(text, /2016/);
    // Only the names chosen at Setup, in every literal and identifier.
    assert.doesNotMatch(
      text,
      /'ServiceManager'|\[ServiceManager\]|'DWStagingAndConfig'|\[DWStagingAndConfig\]/,
    );
    for (const scenario of plan)
      for (const s of scenario.steps) assert.equal(s.error, null, `${scenario.title} / ${s.kind}`);
    const promote = step(CONTOSO_2022, 'SM01 fails: promote SM02', 'promote-workflow-server');
    assert.equal(promote.database, 'SM_Prod');
    assert.equal(promote.server, 'SQL01');
    const install = step(CONTOSO_2022, 'SM02 fails', 'install-management-server');
    assert.ok(install.command!.includes("-ne 'SM_Prod'"), 'the check after Setup expects SM_Prod');
  });

  it('data warehouse Setup: the staging database on its instance, and the report server computer', () => {
    const install = step(CONTOSO_2022, 'DW01 fails', 'install-data-warehouse-server');
    assert.ok(
      install.command!.includes(
        "Write-Host ('  Data warehouse databases: database server {0}, the EXISTING database {1} (never a new one)' -f 'SQL02\\DW', 'SMDW_Staging')",
      ),
      install.command!,
    );
    assert.ok(
      install.command!.includes("-f 'ssrs01.contoso.local', 'http://ssrs01.contoso.local/ReportServer')"),
    );
    assert.doesNotMatch(install.command!, /SMDW_Repository|SMDW_DataMart/);
  });

  it('imports the exported management packs on the primary, from the module in the install folder', () => {
    const imported = step(CONTOSO_2022, 'SQL01 fails', 'import-management-packs');
    assert.equal(imported.server, 'SM01');
    assert.equal(imported.language, 'powershell');
    const lines = imported.command!.split('\n').map((l) => l.trim());
    const module = lines.findIndex((l) => l.startsWith('Import-Module (Join-Path $installFolder'));
    assert.ok(
      module > 0 && lines[module - 1]!.includes('No Service Manager install folder'),
      'folder checked first',
    );
    assert.ok(
      lines.includes(
        "$packs = @(Get-ChildItem -LiteralPath '\\\\vault01\\dr\\mp' -Filter '*.xml' | Sort-Object Name)",
      ),
    );
    assert.ok(lines.some((l) => l.includes('Import-SCSMManagementPack -Fullname $pack.FullName')));
    const noFolder = step(
      edit(CONTOSO_2022, "managementPacks: '\\\\vault01\\dr\\mp'\n", ''),
      'SQL01 fails',
      'import-management-packs',
    );
    assert.match(noFolder.error!, /no `managementPacks`/);
  });

  it('a hostile managementPacks or database name stays one literal', () => {
    let built = 0;
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter((v) => [...v].every((c) => c >= ' ' && c !== '\u007f') && v.trim() !== ''),
        (value) => {
          const yaml = JSON.stringify(value);
          const text = edit(
            edit(CONTOSO_2022, "managementPacks: '\\\\vault01\\dr\\mp'", `managementPacks: ${yaml}`),
            'ServiceManager: SM_Prod',
            `ServiceManager: ${yaml}`,
          ).replace("      SM_Prod: '", `      ${yaml}: '`);
          const quoted = `'${value.replace(/['\u2018-\u201b]/g, (q) => q + q)}'`;
          const imported = step(text, 'SQL01 fails', 'import-management-packs');
          if (imported.error === null) {
            built++;
            assert.ok(imported.command!.includes(`-LiteralPath ${quoted} -Filter`), imported.command!);
          }
          const install = step(text, 'SM02 fails', 'install-management-server');
          if (install.error === null)
            assert.ok(install.command!.includes(`-ne ${quoted})`), install.command!);
        },
      ),
      { numRuns: 60 },
    );
    // Values the runbook refuses (an error elsewhere blocks the step) must not be all there is.
    assert.ok(built > 30, `only ${built} of 60 runbooks built a command`);
  });

  it('builds a command for every step but manual ones, with no errors', () => {
    for (const scenario of planRunbook(parseRunbook(CONTOSO))) {
      for (const s of scenario.steps) {
        assert.equal(s.error, null, `${scenario.title} / ${s.kind}`);
        assert.equal(s.command === null, s.kind === 'manual', `${scenario.title} / ${s.kind}`);
      }
    }
  });

  it('restores every database the failed server hosted, without REPLACE', () => {
    const restore = step(CONTOSO, 'SQL02 fails', 'restore-databases');
    assert.equal(restore.language, 'tsql');
    assert.equal(restore.server, 'SQL02');
    // The chain is built at run time from the backup headers: the plan shows its inputs and sequence.
    assert.deepEqual(
      readRestoreChainCommand(restore.command!)?.targets.map((t) => [t.database, t.backup]),
      ['DWStagingAndConfig', 'DWRepository', 'DWDataMart'].map((db) => [
        db,
        `\\\\vault01\\dr\\sql\\${db}.bak`,
      ]),
    );
    for (const db of ['DWStagingAndConfig', 'DWRepository', 'DWDataMart']) {
      assert.match(
        restore.command!,
        new RegExp(`RESTORE DATABASE \\[${db}\\] FROM DISK = @full WITH FILE = @position, NORECOVERY`),
      );
      assert.ok(restore.command!.includes(`RESTORE DATABASE [${db}] WITH RECOVERY;`), db);
    }
    assert.doesNotMatch(restore.command!, /REPLACE\b(?!:)/);
    assert.ok(restore.destructive);
  });

  it('promotes with the FQDN of the target, on the ServiceManager database', () => {
    const promote = step(CONTOSO, 'SM01 fails: promote SM02', 'promote-workflow-server');
    assert.equal(promote.server, 'SQL01');
    assert.equal(promote.database, 'ServiceManager');
    assert.match(promote.command!, /EXEC dbo\.p_PromoteActiveWorkflowServer N'sm02\.contoso\.local';/);
    const noFqdn = edit(CONTOSO, '    fqdn: sm02.contoso.local\n', '');
    const failed = step(noFqdn, 'SM01 fails: promote SM02', 'promote-workflow-server');
    assert.equal(failed.command, null);
    assert.match(failed.error!, /SM02 has no `fqdn`/);
  });

  it('stops the services by name and clears the state folder on the target, remotely unless it is local', () => {
    const prepare = step(CONTOSO, 'SM01 fails: promote SM02', 'prepare-secondary');
    assert.match(prepare.command!, /Invoke-Command -ComputerName 'sm02\.contoso\.local'/);
    assert.match(prepare.command!, /Stop-Service -Name 'OMSDK', 'cshost', 'HealthService' -Force/);
    assert.match(prepare.command!, /Remove-Item -LiteralPath \$state -Recurse -Force/);
    assert.ok(prepare.destructive);
    const local = step(CONTOSO, 'SM01 fails: promote SM02', 'prepare-secondary', {
      remoting: true,
      localComputer: 'sm02',
    });
    assert.doesNotMatch(local.command!, /Invoke-Command/);
    const off = step(CONTOSO, 'SM01 fails: promote SM02', 'prepare-secondary', { remoting: false });
    assert.doesNotMatch(off.command!, /Invoke-Command/);
  });

  it("restores the failed server's own key, only on that computer", () => {
    const restore = step(CONTOSO, 'SM01 fails: rebuild it', 'restore-key');
    assert.match(restore.command!, /if \(\$env:COMPUTERNAME -ne 'SM01'\)/);
    assert.match(restore.command!, /SecureStorageBackup\.exe'\) Restore '\\\\vault01\\dr\\keys\\SM01\.bin'/);
  });

  it('checks the reinstall against the registry and the services', () => {
    const install = step(CONTOSO, 'SM02 fails', 'install-management-server');
    assert.match(
      install.command!,
      /DatabaseServerName -ne 'SQL01\\SCSM' -or \$database\.DatabaseName -ne 'ServiceManager'/,
    );
    assert.match(
      install.command!,
      /' {2}Database: use the EXISTING database \{0\} on \{1\} \(never a new one\)' -f 'ServiceManager', 'SQL01\\SCSM'/,
    );
    // Whichever database key this version wrote is read, and named.
    assert.match(install.command!, /Common\\Database', 'HKLM:.*2012\\Common\\Database'\) \| Where-Object/);
  });

  it('reads the install folder from the registry, or the runbook, and throws without it', () => {
    const prepare = step(CONTOSO, 'SM01 fails: promote SM02', 'prepare-secondary');
    assert.match(
      prepare.command!,
      /\(Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup' -ErrorAction Stop\)\.InstallDirectory/,
    );
    assert.match(prepare.command!, /if \(-not \(Test-Path -LiteralPath \$state\)\) \{ throw/);
    assert.doesNotMatch(prepare.command!, /Program Files/);
    const custom = step(
      edit(
        CONTOSO,
        '    fqdn: sm02.contoso.local\n',
        "    fqdn: sm02.contoso.local\n    installFolder: 'D:\\SM'\n",
      ),
      'SM01 fails: promote SM02',
      'prepare-secondary',
    );
    assert.match(custom.command!, /\$installFolder = 'D:\\SM'/);
  });

  it('puts no inventory value in a comment', () => {
    const text = planRunbook(parseRunbook(CONTOSO))
      .flatMap((s) => s.steps)
      .filter((s) => s.generated)
      .map((s) => s.command!)
      .join('\n');
    for (const line of text.split('\n').filter((l) => /^\s*(?:--|#)/.test(l)))
      assert.doesNotMatch(line, /SM0|SQL0|DW0|vault|contoso/i, line);
    // That each value is one literal of its own is checked on PowerShell's own parse: test/powershell.
  });

  it('checks the name, and for a database server the instance, of the replacement', () => {
    const sameName = step(CONTOSO, 'SQL01 fails', 'same-name-computer');
    assert.match(sameName.command!, /\$env:COMPUTERNAME -ne 'SQL01'/);
    assert.match(sameName.command!, /Get-Service -Name 'MSSQL\$SCSM'/);
    const lab = step(LAB, 'LABSQL01 fails', 'same-name-computer');
    assert.match(lab.command!, /Get-Service -Name 'MSSQLSERVER'/);
  });

  it('renders a code block with placeholders as literals of its language', () => {
    const restore = step(CONTOSO, 'DW01 fails', 'restore-key');
    assert.equal(restore.generated, false);
    assert.equal(
      restore.command,
      "& (Join-Path '\\\\deploy01\\media\\SCSM2016' 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore '\\\\vault01\\dr\\keys\\DW01.bin'",
    );
    const lab = step(LAB, 'LABSQL01 fails', 'restore-databases');
    assert.equal(
      lab.command,
      "RESTORE DATABASE [ServiceManager] FROM DISK = N'\\\\nas01\\lab\\sql\\ServiceManager.bak' WITH RECOVERY, STATS = 10;",
    );
  });

  it('keeps a hostile inventory value inside its literal', () => {
    const hostile = edit(
      CONTOSO,
      "media: '\\\\deploy01\\media\\SCSM2016'",
      'media: "x\'); Remove-Item C:\\\\ -Recurse; (\'"',
    );
    const install = step(hostile, 'SM02 fails', 'install-management-server');
    assert.ok(
      install.command!.includes("Join-Path 'x''); Remove-Item C:\\ -Recurse; (''' 'Setup.exe'"),
      install.command!,
    );
    const sh = edit(
      CONTOSO,
      '### Tell the service desk {step=manual}',
      '### Notify {step=custom}\n```sh\necho ${managementGroup} ${media}\n```\n\n### Tell the service desk {step=manual}',
    );
    const notify = step(
      edit(sh, "media: '\\\\deploy01\\media\\SCSM2016'", 'media: "$(rm -rf /)\'`x`"'),
      'SQL01 fails',
      'custom',
    );
    assert.equal(notify.command, "echo 'CONTOSO' '$(rm -rf /)'\\''`x`'");
  });

  it('refuses an inventory value with a line break, saying which', () => {
    const broken = edit(CONTOSO, "media: '\\\\deploy01\\media\\SCSM2016'", 'media: "a\\nb"');
    const install = step(broken, 'SM02 fails', 'install-management-server');
    assert.equal(install.command, null);
    const notify = step(
      edit(
        broken,
        '### Tell the service desk {step=manual}',
        '### N {step=custom}\n```powershell\nWrite-Output ${media}\n```\n\n### Tell the service desk {step=manual}',
      ),
      'SQL01 fails',
      'custom',
    );
    assert.match(notify.error!, /\$\{media\} contains a control character/);
  });

  it('names the computer, instance and databases a destructive step acts on', () => {
    assert.equal(
      step(CONTOSO, 'SQL02 fails', 'restore-databases').target,
      'SQL02\\DW, databases DWStagingAndConfig, DWRepository, DWDataMart',
    );
    assert.equal(
      step(CONTOSO, 'SM01 fails: promote SM02', 'promote-workflow-server').target,
      'SQL01\\SCSM, database ServiceManager',
    );
    assert.equal(step(CONTOSO, 'SM01 fails: promote SM02', 'prepare-secondary').target, 'SM02');
    assert.equal(step(CONTOSO, 'SM01 fails: promote SM02', 'restart-services').target, null);
  });

  it('marks custom steps destructive by what they run, or as the heading says', () => {
    const custom = (code: string, attributes = '') =>
      step(
        edit(
          CONTOSO,
          '### Tell the service desk {step=manual}',
          `### C {step=custom${attributes}}\n\`\`\`powershell\n${code}\n\`\`\`\n\n### Tell the service desk {step=manual}`,
        ),
        'SQL01 fails',
        'custom',
      );
    assert.equal(custom('Remove-Item C:\\temp -Recurse').destructive, true);
    assert.equal(custom('Get-Service').destructive, false);
    // destructive=false cannot lower what the code does (red team M3); it is only the runbook's claim.
    assert.equal(custom('Remove-Item x', ' destructive=false').destructive, true);
    assert.equal(custom('Get-Service', ' destructive=false').declaredNotDestructive, true);
    assert.equal(custom('Get-Service', ' destructive=true').destructive, true);
  });
});

describe('a step whose runbook has errors it depends on', () => {
  it('does not run: an instance name with a line break never reaches a T-SQL line of its own', () => {
    const text = edit(
      CONTOSO,
      '    instance: SCSM\n',
      '    instance: "SCSM\\nDROP DATABASE ServiceManager"\n',
    );
    const restore = step(text, 'SQL01 fails', 'restore-databases');
    assert.equal(restore.command, null);
    assert.equal(restore.language, null);
    assert.ok(restore.problems.some((p) => p.code === 'SMDR103' && p.line === 28));
    assert.match(restore.error ?? '', /line 28: SMDR103/);
    // Every step is built from the inventory: none of them runs while it has an error.
    for (const scenario of planRunbook(parseRunbook(text)))
      for (const s of scenario.steps) assert.equal(s.command, null, `${scenario.title} / ${s.title}`);
  });

  it("an error in one section stops that section's steps, not another's", () => {
    const text = edit(
      CONTOSO,
      '{scenario=database failed=SQL02}',
      '{scenario=database failed=SQL02 target=SQL09}',
    );
    assert.notEqual(step(text, 'SQL02 fails', 'restore-databases').error, null);
    assert.equal(step(text, 'SQL01 fails', 'restore-databases').error, null);
  });

  it('does not run a section whose code block hides a character (SMDR006), nor anything when the front matter does', () => {
    const text = edit(
      CONTOSO,
      'Restore ${failed.keyBackup}',
      "Restore ${failed.keyBackup} 'x\u202E' # \u2066",
    );
    const restore = step(text, 'DW01 fails', 'restore-key');
    assert.equal(restore.command, null);
    assert.deepEqual(
      restore.problems.map((p) => `${p.code} ${p.line}`),
      ['SMDR006 97', 'SMDR006 97'],
    );
    assert.match(restore.error ?? '', /hidden character \(U\+202E RIGHT-TO-LEFT OVERRIDE\)/);
    // The section's other steps are built from what it says too; another section's are not.
    assert.notEqual(step(text, 'DW01 fails', 'install-data-warehouse-server').error, null);
    assert.equal(step(text, 'SQL01 fails', 'restore-databases').error, null);

    const inValue = edit(CONTOSO, "media: '\\\\deploy01", "media: '\\\\deploy01\u2066");
    const steps = planRunbook(parseRunbook(inValue)).flatMap((s) => s.steps);
    assert.ok(steps.length > 20);
    for (const s of steps) {
      assert.equal(s.command, null, s.title);
      assert.ok(
        s.problems.some((p) => p.code === 'SMDR006' && p.line === 7),
        s.title,
      );
    }
  });

  it('does not run a hidden character whatever SMDR006 is set to: in a code block, or a value written as a YAML escape', () => {
    const inBlock = parseRunbook(
      edit(CONTOSO, 'Restore ${failed.keyBackup}', "Restore ${failed.keyBackup} 'x\u202E'"),
    );
    // The rule turned off or suppressed by whoever wrote the runbook: its findings gone.
    const withoutRule = checkRunbook(inBlock).filter((f) => f.rule.code !== 'SMDR006');
    const restore = planRunbook(inBlock, undefined, withoutRule)
      .find((s) => s.title === 'DW01 fails')!
      .steps.find((s) => s.kind === 'restore-key')!;
    assert.equal(restore.command, null);
    assert.match(restore.error ?? '', /U\+202E RIGHT-TO-LEFT OVERRIDE/);
    // A double-quoted YAML escape: the front matter's text shows none, the value holds one.
    const escaped = edit(
      CONTOSO,
      "media: '\\\\deploy01\\media\\SCSM2016'",
      'media: "\\\\\\\\deploy01\\\\media\\u200B"',
    );
    assert.ok(!/\u200B/.test(escaped));
    const key = step(escaped, 'DW01 fails', 'restore-key');
    assert.equal(key.command, null);
    assert.match(key.error ?? '', /hidden character \(U\+200B ZERO WIDTH SPACE\)/);
    assert.ok(
      findings(escaped).some((f) => f.rule.code === 'SMDR317' && /U\+200B/.test(f.message)),
      'check says so where the plan refuses',
    );
  });

  it('smdr check reports an error wherever the plan refuses a step', () => {
    // Each front-matter line of the example removed in turn: either check finds an error, or every step has a command.
    const lines = CONTOSO.split('\n');
    const close = lines.indexOf('---', 1);
    for (let i = 1; i < close; i++) {
      const text = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
      const errors = findings(text).filter((f) => (f.severity ?? f.rule.severity) === 'error');
      const refused = planRunbook(parseRunbook(text))
        .flatMap((s) => s.steps)
        .filter((s) => s.error);
      if (refused.length) assert.ok(errors.length > 0, `without line ${i + 1}: ${refused[0]!.error}`);
    }
  });
});
