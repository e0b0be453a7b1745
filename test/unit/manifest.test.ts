/**
 * The manifest users meet first: one product name, localisable strings, settings with a scope, palette
 * entries where they apply, the walkthrough, the `smdr check` problem matcher and task, the
 * icon, the message bundle and the format reference.
 */
import './clientFakeVscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatText } from '../../server/src/cli/formats';
import { STEP_KINDS } from '../../server/src/domain/vocabulary';
import { toJsonSchema } from '../../server/src/runbook/jsonSchema';
import type { Finding } from '../../server/src/rules/finding';
import MarkdownIt from 'markdown-it';
import { bundleText, extractMessages } from '../../scripts/l10n';
import { PACKAGED } from '../e2e/extension';
import { CONTOSO, edit, findings, ROOT } from '../helpers';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const manifest = JSON.parse(read('package.json'));
const nls: Record<string, string> = JSON.parse(read('package.nls.json'));
const contributes = manifest.contributes;
/** A manifest string as users read it: `%key%` looked up in package.nls.json. */
const text = (value: string) => value.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? `MISSING ${key}`);
const severity = (f: Finding) => f.severity ?? f.rule.severity;

describe('manifest strings', () => {
  it('are all localisable: every %key% has its text in package.nls.json, and every text is used', () => {
    const raw = read('package.json');
    const used = new Set([...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
    for (const key of used) assert.ok(key in nls, `package.nls.json has no ${key}`);
    for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json's ${key} is unused`);
    for (const command of contributes.commands) assert.match(command.title, /^%.+%$/, command.command);
    for (const [key, setting] of Object.entries<Record<string, unknown>>(
      contributes.configuration.properties,
    ))
      assert.match(String(setting.markdownDescription), /^%.+%$/, key);
  });

  it('name one product, SMDR: display name, categories of commands, view container, settings', () => {
    assert.equal(text(manifest.displayName), 'SMDR');
    assert.match(text(manifest.description), /System Center Service Manager disaster recovery/);
    for (const command of contributes.commands) assert.equal(command.category, 'SMDR', command.command);
    assert.equal(text(contributes.viewsContainers.activitybar[0].title), 'SMDR');
    for (const view of contributes.views.smdr) assert.equal(text(view.contextualTitle), 'SMDR');
    assert.equal(text(contributes.configuration.title), 'SMDR');
    const all = Object.values(nls).join('\n');
    assert.doesNotMatch(all, /Service Manager (DR|Runbooks)\b/);
  });

  it('the message bundle holds every vscode.l10n.t message of the client (npx tsx scripts/l10n.ts)', () => {
    const { messages, notLiteral } = extractMessages();
    assert.deepEqual(notLiteral, [], 'each message is a string literal');
    assert.ok(messages.length > 0);
    assert.equal(read('l10n/bundle.l10n.json'), bundleText(messages));
    assert.equal(manifest.l10n, './l10n');
  });
});

describe('settings', () => {
  const properties = Object.entries<Record<string, unknown>>(contributes.configuration.properties);
  it('each has a scope and a Markdown description, and no plain one', () => {
    const scopes = [
      'application',
      'machine',
      'machine-overridable',
      'window',
      'resource',
      'language-overridable',
    ];
    for (const [key, setting] of properties) {
      assert.ok(scopes.includes(String(setting.scope)), `${key}: scope ${setting.scope}`);
      assert.ok(text(String(setting.markdownDescription)).length > 20, key);
      assert.equal(setting.description, undefined, key);
    }
  });
  it('where the computer decides, the machine does: the PowerShell path, the local computer, SQL endpoints', () => {
    const scope = (key: string) => contributes.configuration.properties[key].scope;
    assert.equal(scope('smdr.powershell.path'), 'machine');
    assert.equal(scope('smdr.run.localComputer'), 'machine-overridable');
    assert.equal(scope('smdr.sql.endpoints'), 'machine-overridable');
  });
});

describe('command palette', () => {
  const palette: { command: string; when: string }[] = contributes.menus.commandPalette;
  const ids = new Set(contributes.commands.map((c: { command: string }) => c.command));
  const whenOf = (id: string) => palette.find((p) => p.command === id)?.when;

  it('shows the runbook commands only with a runbook in the editor or an SMDR view open', () => {
    for (const id of [
      'smdr.runStep',
      'smdr.runNextStep',
      'smdr.markStepDone',
      'smdr.recordOutcome',
      'smdr.refreshLive',
    ])
      assert.equal(
        whenOf(id),
        'resourceFilename =~ /\\.runbook\\.md$/ || focusedView =~ /^smdr\\./ || view.smdr.recovery.visible || view.smdr.servers.visible || view.smdr.backups.visible',
        id,
      );
    assert.equal(whenOf('smdr.newRunbook'), 'workbenchState != empty');
    for (const entry of palette)
      assert.ok(ids.has(entry.command), `palette entry for unknown ${entry.command}`);
  });

  it('enables what runs steps, writes the journal or reads servers only in a trusted workspace', () => {
    const enablement = (id: string) =>
      contributes.commands.find((c: { command: string }) => c.command === id)?.enablement;
    for (const id of [
      'smdr.runStep',
      'smdr.runNextStep',
      'smdr.markStepDone',
      'smdr.recordOutcome',
      'smdr.resetScenario',
      'smdr.refreshLive',
    ])
      assert.equal(enablement(id), 'isWorkspaceTrusted', id);
    for (const id of ['smdr.newRunbook', 'smdr.showRules', 'smdr.showFormat', 'smdr.openJournal'])
      assert.equal(enablement(id), undefined, id);
  });
});

describe('walkthrough', () => {
  const walkthrough = contributes.walkthroughs[0];
  it('takes a new user from the template to the drill report, each step with its media and a command', () => {
    assert.equal(walkthrough.id, 'smdr.firstRun');
    assert.deepEqual(
      walkthrough.steps.map((s: { id: string }) => s.id),
      ['create', 'inventory', 'problems', 'estate', 'dryRun', 'report'],
    );
    const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(join(ROOT, step.media.markdown)), step.media.markdown);
      const links = [...text(step.description).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const link of links.filter((l) => l.startsWith('smdr.'))) assert.ok(commands.has(link), link);
    }
  });
  it('is linked from the views shown before any runbook exists', () => {
    for (const welcome of contributes.viewsWelcome)
      assert.match(text(welcome.contents), /openWalkthrough\?%22smdr\.smdr%23smdr\.firstRun%22/);
  });
});

describe('smdr check as a VS Code task', () => {
  const matcher = contributes.problemMatchers[0];
  const pattern = new RegExp(matcher.pattern.regexp);
  it('the $smdr problem matcher reads every line of `smdr check` text output', () => {
    const broken = edit(CONTOSO, 'fqdn: sm01.contoso.local', 'fqdn: xx01.contoso.local');
    const file = 'sub dir/weird: name.runbook.md';
    const reports = [{ file, findings: findings(edit(broken, 'scsm: 2016', 'scsm: 2015')) }];
    const lines = formatText(reports).split('\n');
    assert.deepEqual(new Set(reports[0]!.findings.map(severity)), new Set(['error', 'warning']));
    for (const [i, line] of lines.entries()) {
      const m = pattern.exec(line);
      assert.ok(m, line);
      const f = reports[0]!.findings[i]!;
      assert.equal(m[matcher.pattern.file], file);
      assert.equal(Number(m[matcher.pattern.line]), f.range.start.line + 1);
      assert.equal(Number(m[matcher.pattern.column]), f.range.start.character + 1);
      assert.equal(m[matcher.pattern.severity], severity(f));
      assert.equal(m[matcher.pattern.code], f.rule.code);
      assert.equal(m[matcher.pattern.message], f.message);
    }
  });
  it('owns its problems apart from the language server, and a task type runs it', () => {
    assert.equal(matcher.name, 'smdr');
    assert.notEqual(matcher.owner, 'smdr', 'the language client owns the smdr collection');
    assert.equal(matcher.source, 'smdr');
    assert.equal(contributes.taskDefinitions[0].type, 'smdr');
    assert.ok(manifest.activationEvents.includes('onTaskType:smdr'));
  });
});

describe('package', () => {
  it('has a 128 × 128 PNG icon, and names no repository until the project has one', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
    // A made-up URL would send the extension page's Repository link to whoever holds that name.
    assert.equal(manifest.repository, undefined);
    assert.match(manifest.scripts.package, /--allow-missing-repository/);
  });
  it("the README's relative links and images are files the .vsix ships (the extension page resolves them offline)", () => {
    const tokens = new MarkdownIt().parse(read('README.md'), {});
    const targets = tokens
      .flatMap((t) => [t, ...(t.children ?? [])])
      .map((t) => (t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null))
      .filter((target): target is string => typeof target === 'string' && !/^(?:#|[a-z]+:)/.test(target));
    assert.ok(targets.length > 0);
    for (const target of targets) {
      assert.ok(existsSync(join(ROOT, target)), `${target} exists`);
      assert.ok(
        PACKAGED.some((p) => target === p || target.startsWith(`${p}/`)),
        `${target} is in the package (test/e2e/extension.ts PACKAGED, .vscodeignore)`,
      );
    }
  });
  it('npm test builds the .vsix before the end-to-end suites, which install it', () => {
    const steps = manifest.scripts.test.split(' && ');
    assert.ok(steps.indexOf('npm run package') >= 0);
    assert.ok(steps.indexOf('npm run package') < steps.indexOf('npm run test:e2e'));
    assert.match(read('test/e2e/codeServer.ts'), /installVsix\(/);
  });
});

describe('docs/runbook-format.md', () => {
  const docs = read('docs/runbook-format.md');
  it('names every front matter key of the schema and every step kind', () => {
    const keys: string[] = [];
    const walk = (schema: Record<string, unknown>, prefix: string) => {
      const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, value] of Object.entries(properties ?? {})) {
        if (!value.properties && !value.additionalProperties) keys.push(prefix + key);
        walk(value, `${prefix}${key}.`);
      }
      const additional = schema.additionalProperties;
      if (additional && typeof additional === 'object' && prefix === 'servers.')
        walk(additional as Record<string, unknown>, 'servers.X.');
    };
    walk(toJsonSchema() as Record<string, unknown>, '');
    for (const key of keys.filter((k) => !k.startsWith('databaseNames.')))
      assert.ok(docs.includes(`\`${key}\``), key);
    for (const kind of STEP_KINDS) assert.ok(docs.includes(`\`${kind}\``), kind);
  });
});
