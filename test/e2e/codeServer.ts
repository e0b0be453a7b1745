/** Starts code-server on a free loopback port with fresh user data and extensions folders. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installVsix } from './extension';
import { CODE_SERVER, NODE24_BIN } from './tools';

export interface CodeServer {
  url: string;
  workspace: string;
  userData: string;
  log: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface StartOptions {
  /** The workspace's files: path relative to the workspace → content. */
  files: Record<string, string>;
  /** Where the workspace goes (default: a new temporary folder). */
  workspace?: string;
  trust?: boolean;
  settings?: Record<string, unknown>;
  port?: number;
  /**
   * Added to the environment; a PATH given here follows Node 24's folder and is the extension host's and
   * the terminals' PATH too (see below).
   */
  env?: Record<string, string>;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const base = mkdtempSync(join(tmpdir(), 'smdr-code-'));
  const workspace = options.workspace ?? join(base, 'workspace');
  const userData = join(base, 'user-data');
  const extensions = join(base, 'extensions');
  for (const [path, content] of Object.entries(options.files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'workbench.enableExperiments': false,
      'security.workspace.trust.startupPrompt': 'never',
      'window.dialogStyle': 'custom',
      'chat.disableAIFeatures': true,
      // No late sections in the command palette: the tests pick from a list that has settled.
      'workbench.commandPalette.experimental.suggestCommands': false,
      'workbench.commandPalette.experimental.enableNaturalLanguageSearch': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      ...options.settings,
    }),
  );
  mkdirSync(extensions);
  installVsix(extensions, userData);
  const port = options.port ?? (await freePort());
  const args = [
    CODE_SERVER,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
  ];
  if (options.trust !== false) args.push('--disable-workspace-trust');
  args.push(workspace);
  const child: ChildProcess = spawn(join(NODE24_BIN, 'node'), args, {
    env: {
      ...process.env,
      ...options.env,
      PATH: `${NODE24_BIN}:${options.env?.PATH ?? process.env.PATH ?? ''}`,
      // Otherwise code-server gives its extension host and terminals the environment of a login shell
      // (VS Code's resolveShellEnv, as when not started from a shell), and Debian's /etc/profile sets
      // PATH anew: a folder put on PATH here would not reach the extension. VSCODE_CLI=1 says code-server
      // was started from a shell whose environment is already the user's, which is what the tests do.
      ...(options.env?.PATH === undefined ? {} : { VSCODE_CLI: '1' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HTTP server listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${output}`)));
  });
  await listening;
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    workspace,
    userData,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The whole process group: code-server, its extension host and the language server.
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/**
 * What the extension wrote to its log (the `SMDR` LogOutputChannel, which VS Code keeps in a file), or
 * undefined when no such file exists.
 */
export function extensionLog(server: CodeServer, channel = 'SMDR'): string | undefined {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === `${channel}.log`) found.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(server.userData, 'logs'));
  return found.length ? found.join('\n') : undefined;
}

/** The extension's log; throws when there is none, so a check of its contents cannot pass on nothing. */
export function extensionOutput(server: CodeServer): string {
  const log = extensionLog(server);
  if (log === undefined)
    throw new Error(`no SMDR.log under ${join(server.userData, 'logs')}: the extension's log was not found`);
  return log;
}
