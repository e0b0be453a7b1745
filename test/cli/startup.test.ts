/**
 * Start-up without the SQL driver: dist/server.js and dist/cli.js stay small, mssql and tedious are
 * dist/sql.js, which `smdr check`, `smdr plan` and a language server that reads no server never load;
 * markdown-it is bundled once. Reads the build (`npm run build`) and esbuild's metafile beside it.
 * test/sql/driver.test.ts shows the other side: what reads a server loads dist/sql.js.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LAB, ROOT } from '../helpers';
import { runChild } from '../bench/measure';
import { NODE24_BIN } from '../e2e/tools';
import { SERVER } from '../lsp/client';
import { recordedServer, recordModules } from './loadedModules';

const DIST = join(ROOT, 'dist');
const CLI = join(DIST, 'cli.js');
const DRIVER = join(DIST, 'sql.js');
const BUNDLES = ['dist/server.js', 'dist/cli.js'];

interface Output {
  bytes: number;
  inputs: Record<string, unknown>;
  imports: { path: string; kind: string; external?: boolean }[];
}

function output(name: string): Output {
  const meta = JSON.parse(readFileSync(join(DIST, 'meta.json'), 'utf8')) as {
    outputs: Record<string, Output>;
  };
  const found = meta.outputs[name];
  assert.ok(found, `${name} is not in dist/meta.json: run npm run build`);
  return found;
}

const inputsOf = (name: string, pattern: RegExp) =>
  Object.keys(output(name).inputs).filter((i) => pattern.test(i));

describe('start-up without the SQL driver', () => {
  it('dist/server.js and dist/cli.js are each under 800 KB and hold none of the driver, which is dist/sql.js', () => {
    for (const bundle of BUNDLES) {
      const bytes = statSync(join(ROOT, bundle)).size;
      assert.ok(bytes < 800_000, `${bundle} is ${bytes} bytes`);
      assert.deepEqual(inputsOf(bundle, /node_modules\/(?:mssql|tedious|@azure|@js-joda)\//), [], bundle);
      assert.ok(
        output(bundle).imports.some(
          (i) => i.path === './sql.js' && i.kind === 'dynamic-import' && i.external,
        ),
        `${bundle} does not load ./sql.js on demand`,
      );
    }
    assert.ok(inputsOf('dist/sql.js', /node_modules\/tedious\/lib\/connection\.js$/).length === 1);
    assert.ok(inputsOf('dist/sql.js', /node_modules\/mssql\/lib\//).length > 0);
  });

  it('bundles markdown-it once: our import and markdown-it-attrs’ require resolve to one build', () => {
    for (const bundle of BUNDLES) {
      assert.deepEqual(inputsOf(bundle, /node_modules\/markdown-it\//), [
        'node_modules/markdown-it/dist/markdown-it.cjs.js',
      ]);
      assert.equal(inputsOf(bundle, /node_modules\/markdown-it-attrs\//).length > 0, true, bundle);
    }
  });

  it('smdr check and smdr plan run without loading the SQL driver', () => {
    for (const args of [
      ['check', 'examples'],
      ['plan', join('examples', 'lab.runbook.md')],
    ]) {
      const modules = recordModules();
      const run = spawnSync(process.execPath, [...modules.nodeArgs, CLI, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const loaded = modules.loaded();
      assert.ok(loaded.includes(CLI), `the recorder saw no dist/cli.js: ${loaded.join(', ')}`);
      assert.ok(!loaded.includes(DRIVER), `smdr ${args[0]} loaded dist/sql.js`);
    }
  });

  it('a one-file smdr check costs a fraction of a second of CPU, not seconds of V8 recompiling the grammars', async () => {
    // Without the tiering budget of server/src/code/load.ts V8's optimising compiler recompiles the
    // tree-sitter lexers on background threads, which the process waits for: 1.5-10 s of CPU here.
    // This Node, and Node 24 too where the end-to-end tools installed it (its V8 behaves otherwise).
    const node24 = join(NODE24_BIN, 'node');
    for (const node of [process.execPath, ...(existsSync(node24) ? [node24] : [])]) {
      const run = await runChild(node, [CLI, 'check', join('examples', 'contoso.runbook.md')], ROOT);
      assert.equal(run.status, 0, node);
      assert.ok(run.cpuMs < 1_000, `smdr check of one runbook took ${run.cpuMs} ms of CPU on ${node}`);
    }
  });

  it('a CLI that ends with its work unfinished exits 2 with a message, not 0', () => {
    // WebAssembly that never loads: nothing is left for Node to wait for while main() still waits.
    const hang = join(mkdtempSync(join(tmpdir(), 'smdr-hang-')), 'hang.cjs');
    writeFileSync(hang, 'WebAssembly.instantiate = WebAssembly.compile = () => new Promise(() => {});\n');
    const run = spawnSync(process.execPath, ['-r', hang, CLI, 'check', join('examples', 'lab.runbook.md')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^smdr: internal error: stopped before finishing$/m);
  });

  it('the language server starts, validates and shows the views from the runbook without loading the driver', async () => {
    const uri = 'file:///lab.runbook.md';
    const { client, loaded: modulesLoaded } = await recordedServer(uri, LAB);
    // The views from the runbook alone (probe: false): a live request that reads no server.
    const views = await client.request<{ servers: unknown[] } | null>('smdr/liveState', {
      uri,
      probe: false,
    });
    assert.ok(views && views.servers.length > 0);
    assert.equal(await client.shutdown(), 0);
    const loaded = modulesLoaded();
    assert.ok(loaded.includes(SERVER), `the recorder saw no dist/server.js: ${loaded.join(', ')}`);
    assert.ok(!loaded.includes(DRIVER), 'the language server loaded dist/sql.js');
  });
});
