// Bundles the three entry points. esbuild does not type-check: `npm run typecheck` does.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.SMDR_VERSION': JSON.stringify(version) },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

// The tree-sitter runtime and the PowerShell and bash grammars load from beside the bundles
// (server/src/code/load.ts); they ship in the .vsix with them.
const wasm = dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm'));
mkdirSync('dist', { recursive: true });
for (const file of ['tree-sitter.wasm', 'tree-sitter-powershell.wasm', 'tree-sitter-bash.wasm'])
  copyFileSync(join(wasm, file), join('dist', file));
