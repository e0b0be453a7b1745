import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { commandLineFor, privateFolder } from '../../client/src/runner/commandLine';
import { sqlJob } from '../../client/src/runner/stepText';
import { previewName, SEPARATOR, stepPreview, type PreviewInput } from '../../client/src/runner/preview';
import type { SqlTarget } from '../../server/src/live/sqlTarget';
import { planRunbook, type PlannedStep } from '../../server/src/stepScripts/plan';
import { parseRunbook } from '../../server/src/runbook/parse';
import { CONTOSO, ROOT } from '../helpers';
import { HOSTILE_PIECES } from '../hostile';
import { terminalOn } from './terminalSamples';

const plan = planRunbook(parseRunbook(CONTOSO));
const broken = planRunbook(parseRunbook(readFileSync(join(ROOT, 'test/fixtures/broken.runbook.md'), 'utf8')));
const find = (scenarios: typeof plan, kind: string) => {
  for (const scenario of scenarios)
    for (const step of scenario.steps) if (step.kind === kind) return { scenario, step };
  throw new Error(`no ${kind} step`);
};
const folder = privateFolder(join(mkdtempSync(join(tmpdir(), 'smdr-preview-')), 'run'));
const cli = { node: '/opt/node/bin/node', script: '/ext/dist/cli.js' };
const target: SqlTarget = {
  instance: 'SQL01\\SCSM',
  host: 'sql01.contoso.com',
  port: 1433,
  browserInstance: null,
  authentication: 'sql',
  user: 'smdr-operator',
  domain: null,
  encrypt: true,
  trustServerCertificate: false,
};
const input = (step: PlannedStep, overrides: Partial<PreviewInput> = {}): PreviewInput => ({
  step,
  scenarioTitle: 'SQL01 fails',
  terminal: terminalOn('linux', false, '/bin/bash'),
  cli,
  remoting: true,
  localComputer: 'ADMIN01',
  sqlTarget: target,
  ...overrides,
});
const header = (text: string, bodyStart: number) => text.slice(0, bodyStart).split('\n').slice(0, -1);

describe('Show Command', () => {
  it("shows a PowerShell step's script file byte for byte (without its BOM), where it runs and that it is destructive", () => {
    const { step } = find(plan, 'restore-key');
    const preview = stepPreview(input(step, { scenarioTitle: 'SM01 fails: rebuild it' }));
    assert.equal(preview.language, 'powershell');
    const written = commandLineFor(folder, step, terminalOn('linux', false, '/bin/bash'), cli);
    assert.equal(
      preview.text.slice(preview.bodyStart),
      readFileSync(written.script, 'utf8').replace(/^\uFEFF/, ''),
    );
    const lines = header(preview.text, preview.bodyStart);
    assert.ok(
      lines.every((l) => l.startsWith('# ')),
      lines.join('\n'),
    );
    assert.equal(lines.at(-1), `# ${SEPARATOR}`);
    const head = lines.join('\n');
    assert.match(
      head,
      /Runs in the terminal "SMDR: SM01 fails: rebuild it" \(its own shell \/bin\/bash, whatever the default terminal profile is\) on this computer \(ADMIN01\)/,
    );
    assert.match(head, /It runs on this computer \(ADMIN01\) and reaches SM01 through PowerShell remoting/);
    assert.match(head, /DESTRUCTIVE: acts on SM01 and cannot simply be undone/);
    assert.match(head, /Typed into the terminal: '\/usr\/bin\/pwsh' -NoProfile -File '<a new file>\.ps1'/);
    assert.match(head, /byte order mark/);
    assert.equal(previewName(step), `${step.title.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').trim()}.ps1`);
  });

  it("shows a T-SQL step's job statement, its SQL Server target, database and login, and the smdr sql line", () => {
    const { step } = find(plan, 'restore-databases');
    const preview = stepPreview(input(step));
    assert.equal(preview.language, 'sql');
    assert.equal(preview.text.slice(preview.bodyStart), step.command);
    const head = header(preview.text, preview.bodyStart).join('\n');
    assert.ok(head.split('\n').every((l) => l.startsWith('-- ')));
    assert.match(
      head,
      /Against SQL Server SQL01\\SCSM at sql01\.contoso\.com:1433, database master, SQL login smdr-operator, encrypted\./,
    );
    assert.match(
      head,
      /'\/opt\/node\/bin\/node' '\/ext\/dist\/cli\.js' sql --job '<a new file>\.json' --sha256 <SHA-256 of the job>/,
    );
    assert.match(head, /DESTRUCTIVE: acts on SQL01\\SCSM, database ServiceManager/);
    const job = commandLineFor(
      folder,
      step,
      terminalOn('linux', false, '/bin/bash'),
      cli,
      sqlJob(step, target, null, false),
    );
    assert.equal(
      JSON.parse(readFileSync(job.script, 'utf8')).statement,
      preview.text.slice(preview.bodyStart),
    );
    const pwsh = stepPreview(input(step, { terminal: terminalOn('linux', false, '/usr/bin/pwsh') }));
    assert.match(pwsh.text, /Typed into the terminal: & '\/opt\/node\/bin\/node'/);
  });

  it('in a dry run shows the script file the terminal prints, and says so', () => {
    const { step } = find(plan, 'enable-clr');
    const preview = stepPreview(input(step, { terminal: terminalOn('linux', true, '/bin/bash') }));
    const written = commandLineFor(folder, step, terminalOn('linux', true, '/bin/bash'), cli);
    assert.equal(preview.text.slice(preview.bodyStart), readFileSync(written.script, 'utf8'));
    assert.match(preview.text, /smdr\.run\.dryRun is on/);
    assert.match(preview.text, /Typed into the terminal: '\/usr\/bin\/cat' '<a new file>\.sql'/);
  });

  it('shows a blocked step with its problems, and no command', () => {
    const { step } = find(broken, 'restore-key');
    const preview = stepPreview(input(step));
    assert.equal(preview.language, 'plaintext');
    assert.match(preview.text, /cannot run until its problems are fixed/);
    assert.match(preview.text, /^- SMDR\d{3} on line \d+: /m);
    assert.equal(preview.text.split('\n').filter((l) => l.startsWith('- ')).length, step.problems.length);
    const manual = stepPreview(input(find(plan, 'manual').step));
    assert.match(manual.text, /done by hand/);
  });

  it('keeps every hostile title, scenario and server on one comment line, and the command byte for byte (property)', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(...HOSTILE_PIECES, '\n', '\r', '\u2028', '\u202e', '\u001b[2J', '\u0085', '-- '),
      maxLength: 16,
    });
    const { step } = find(plan, 'restore-key');
    const lines = header(stepPreview(input(step)).text, stepPreview(input(step)).bodyStart).length;
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (title, scenario, server, command) => {
        fc.pre(command !== '');
        const hostileStep = { ...step, title, server, target: server, command };
        const preview = stepPreview(input(hostileStep, { scenarioTitle: scenario }));
        const head = header(preview.text, preview.bodyStart);
        assert.equal(head.length, lines);
        assert.ok(head.every((l) => l.startsWith('# ')));
        // eslint-disable-next-line no-control-regex -- what must not reach the header
        assert.doesNotMatch(head.join(''), /[\r\u2028\u202e\u001b\u0085]/);
        assert.equal(preview.text.slice(preview.bodyStart), `${command}\n`);
        assert.match(previewName(hostileStep), /^[\p{L}\p{N} ._-]+\.ps1$/u);
      }),
      { numRuns: 500 },
    );
  });
});
