/** The .vsix holds only what the extension needs. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGED } from '../e2e/extension';
import { ROOT } from '../helpers';

describe('extension package', () => {
  it('lists the bundles, grammar, docs, schema, examples, README and LICENSE, and nothing else', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const files = result.stdout.trim().split('\n').sort();
    for (const file of files) {
      assert.ok(
        PACKAGED.some((p) => file === p || file.startsWith(`${p}/`)) || /^dist\/[\w-]+\.wasm$/.test(file),
        `unexpected file in the package: ${file}`,
      );
    }
    for (const needed of [
      'dist/client.js',
      'dist/server.js',
      'dist/cli.js',
      // The SQL driver, which the server and the CLI load from beside them on first use.
      'dist/sql.js',
      // The code parsers load from beside the bundles: without them the server cannot start.
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-powershell.wasm',
      'dist/tree-sitter-bash.wasm',
      'docs/rules.md',
      'syntaxes/runbook.injection.tmLanguage.json',
      'package.json',
    ]) {
      assert.ok(files.includes(needed), `missing ${needed}`);
    }
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts')), 'no sources or maps');
  });

  it('keeps the SQL driver out of the extension host: only the language server and the CLI load mssql', () => {
    // By the modules esbuild put in each bundle (dist/meta.json): texts may name mssql.
    const { outputs } = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const driver = (bundle: string) =>
      Object.keys(outputs[bundle]!.inputs).filter((i) => /node_modules\/(?:mssql|tedious)\//.test(i));
    assert.deepEqual(driver('dist/client.js'), []);
    assert.ok(driver('dist/sql.js').length > 0);
  });
});
