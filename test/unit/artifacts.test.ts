/** The files users read beside the code stay true to it: examples, rule docs, JSON Schema, manifest. */
import './clientFakeVscode';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandTable } from '../../client/src/commandTable';
import type { CommandDeps } from '../../client/src/commands';
import { toJsonSchema } from '../../server/src/runbook/jsonSchema';
import { ALL_RULES } from '../../server/src/rules/catalog';
import { CONTOSO, describeFindings, findings, LAB, ROOT } from '../helpers';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('examples', () => {
  it('validate clean', () => {
    assert.equal(describeFindings(findings(CONTOSO)), '');
    assert.equal(describeFindings(findings(LAB)), '');
  });

  it('the complete example covers all three scenarios, both strategies and preparation', () => {
    for (const attribute of [
      'scenario=preparation',
      'strategy=promote',
      'strategy=replace',
      'scenario=data-warehouse',
      'scenario=database',
    ]) {
      assert.ok(CONTOSO.includes(attribute), attribute);
    }
    assert.equal((CONTOSO.match(/^ {2}[A-Z0-9]+:$/gm) ?? []).length, 5, 'five servers');
  });
});

describe('docs/rules.md', () => {
  const docs = read('docs/rules.md');
  it('has an anchor, a section and a table row for every rule', () => {
    for (const rule of ALL_RULES) {
      assert.ok(docs.includes(`<a id="${rule.code.toLowerCase()}"></a>`), `${rule.code} anchor`);
      assert.ok(docs.includes(`### ${rule.code} ${rule.slug} (${rule.severity})`), `${rule.code} heading`);
      assert.ok(
        docs.includes(`| [${rule.code}](#${rule.code.toLowerCase()}) | ${rule.slug} | ${rule.severity}`),
        `${rule.code} row`,
      );
    }
  });
});

describe('schemas/runbook-front-matter.schema.json', () => {
  it('is generated from the schema the validator uses (npm run schema)', () => {
    assert.deepEqual(JSON.parse(read('schemas/runbook-front-matter.schema.json')), toJsonSchema());
  });
});

describe('package.json', () => {
  const manifest = JSON.parse(read('package.json'));
  it('activates on runbooks, its views, commands and task type only, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(
      manifest.activationEvents.every((e: string) =>
        /runbook|^onView:smdr|^onCommand:smdr|^onTaskType:smdr$/.test(e),
      ),
      manifest.activationEvents.join(', '),
    );
  });
  it('maps smdr to the built CLI and contributes exactly the commands of the command table', () => {
    assert.equal(manifest.bin.smdr, './dist/cli.js');
    // The table only closes over its dependencies: building it runs no handler.
    const registered = Object.keys(commandTable({} as CommandDeps));
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual([...registered].sort(), [...contributed].sort());
  });
  it('registers commands only through the command table', () => {
    const files = readdirSync(join(ROOT, 'client/src'), { recursive: true, encoding: 'utf8' });
    const registering = files
      .filter((f) => f.endsWith('.ts') && /\bregisterCommand\(/.test(read(join('client/src', f))))
      .map((f) => f.replaceAll('\\', '/'));
    assert.deepEqual(registering, ['commandTable.ts']);
  });
});
