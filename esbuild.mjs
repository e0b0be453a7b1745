// Bundles the three entry points, and the SQL driver on its own. esbuild does not type-check:
// `npm run typecheck` does. dist/meta.json (esbuild's metafile of every bundle, not shipped) shows
// what each bundle holds; test/cli/startup.test.ts reads it.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.SMDR_VERSION': JSON.stringify(version) },
};

// mssql and tedious are three quarters of the code and only live state, `smdr sql` and `smdr status`
// use them: server/src/live/driver.ts imports them on first use, from dist/sql.js beside the bundle.
// Any other import of them would put the driver back on the start-up path, so it fails the build.
const DRIVER = join('server', 'src', 'live', 'driver.ts');
const driverOnDemand = {
  name: 'driver-on-demand',
  setup(build) {
    build.onResolve({ filter: /^(?:mssql|tedious)(?:\/.*)?$/ }, ({ path, importer, kind }) =>
      kind === 'dynamic-import' && importer.endsWith(DRIVER)
        ? { path: './sql.js', external: true }
        : { errors: [{ text: `${path} loads only through ${DRIVER} (sqlDriver()), not from ${importer}` }] },
    );
  },
};

// markdown-it ships an ESM and a CommonJS build: our `import` would take the first and
// markdown-it-attrs' `require` the second, two copies of the parser. Both take the CommonJS one.
const markdownIt = require.resolve('markdown-it');
const oneMarkdownIt = {
  name: 'one-markdown-it',
  setup(build) {
    build.onResolve({ filter: /^markdown-it$/ }, () => ({ path: markdownIt }));
  },
};

// tedious hands the host it connects to to tls.connect as the TLS server name (SNI) even when it is
// an IP address, which RFC 6066 forbids: Node prints DEP0123 in the operator's terminal for every
// instance reached by address (`--endpoint`, `smdr.sql.endpoints`) and plans to refuse it. Patched
// in the bundle: an address is no server name, and it is still the name the certificate is checked
// against (tls.connect checks `host` when there is no `servername`; the socket is a local pair).
const TLS_CALL = 'servername: hostname,';
const ipIsNoServerName = {
  name: 'ip-is-no-server-name',
  setup(build) {
    build.onLoad({ filter: /[\\/]tedious[\\/]lib[\\/]message-io\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (source.split(TLS_CALL).length !== 2)
        return { errors: [{ text: `${path} changed: no single '${TLS_CALL}' to patch (see esbuild.mjs)` }] };
      return {
        contents: source.replace(
          TLS_CALL,
          'host: hostname, servername: require("net").isIP(hostname) ? undefined : hostname,',
        ),
        loader: 'js',
      };
    });
  },
};

const results = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    plugins: [driverOnDemand, oneMarkdownIt],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [driverOnDemand, oneMarkdownIt],
  }),
  esbuild.build({
    ...common,
    entryPoints: [require.resolve('mssql')],
    outfile: 'dist/sql.js',
    plugins: [ipIsNoServerName],
  }),
]);

mkdirSync('dist', { recursive: true });
const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
writeFileSync(join('dist', 'meta.json'), JSON.stringify({ outputs }));

// The tree-sitter runtime and the PowerShell and bash grammars load from beside the bundles
// (server/src/code/load.ts); they ship in the .vsix with them.
const wasm = dirname(require.resolve('@vscode/tree-sitter-wasm'));
for (const file of ['tree-sitter.wasm', 'tree-sitter-powershell.wasm', 'tree-sitter-bash.wasm'])
  copyFileSync(join(wasm, file), join('dist', file));
