/**
 * Installs the packaged extension (`dist/smdr.vsix`, made by `npm run package`) the way a user does,
 * with `code-server --install-extension`: what users install is what the end-to-end suites test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, NODE24_BIN, ROOT } from './tools';

/** The files the .vsix holds (see .vscodeignore; with dist/*.wasm). */
export const PACKAGED = [
  'package.json',
  'package.nls.json',
  'README.md',
  'LICENSE',
  'dist/client.js',
  'dist/server.js',
  'dist/cli.js',
  'dist/sql.js',
  'syntaxes',
  'snippets',
  'media',
  'l10n',
  'docs/rules.md',
  'docs/runbook-format.md',
  'docs/images',
  'schemas',
  'examples',
];

export const VSIX = join(ROOT, 'dist', 'smdr.vsix');

/** The package must exist and be newer than what it is made of, or the suites would test an old build. */
export function packagedVsix(): string {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} does not exist: run npm run package first`);
  const made = statSync(VSIX).mtimeMs;
  const sources = [
    'package.json',
    ...readdirSync(join(ROOT, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `dist/${f}`),
  ];
  const newer = sources.filter((path) => statSync(join(ROOT, path)).mtimeMs > made);
  if (newer.length) throw new Error(`${VSIX} is older than ${newer.join(', ')}: run npm run package again`);
  return VSIX;
}

/** Installs the .vsix into `extensionsDir` with code-server's own installer. */
export function installVsix(extensionsDir: string, userData: string): void {
  execFileSync(
    join(NODE24_BIN, 'node'),
    [
      CODE_SERVER,
      '--install-extension',
      packagedVsix(),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userData,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
}
