/** Lays the built extension out unpacked, the way code-server loads it from --extensions-dir. */
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools';

/** The files the .vsix holds (see .vscodeignore; with dist/*.wasm), copied into `extensionsDir/smdr.smdr-<version>`. */
export const PACKAGED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/client.js',
  'dist/server.js',
  'dist/cli.js',
  'syntaxes',
  'media',
  'docs/rules.md',
  'schemas',
  'examples',
];

export function installUnpacked(extensionsDir: string): string {
  const { publisher, name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    string
  >;
  const target = join(extensionsDir, `${publisher}.${name}-${version}`);
  // The tree-sitter runtime and grammars the build copies beside the bundles (`!dist/*.wasm`).
  const wasm = readdirSync(join(ROOT, 'dist'))
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => `dist/${f}`);
  for (const path of [...PACKAGED, ...wasm]) {
    mkdirSync(join(target, path, '..'), { recursive: true });
    cpSync(join(ROOT, path), join(target, path), { recursive: true });
  }
  return target;
}
