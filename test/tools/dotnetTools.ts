/**
 * PowerShell 7.6.9 (a .NET tool) and a small ScriptDom checker (a C# console program, test/tsql/
 * ScriptDomCheck), installed idempotently into the git-ignored .cache/dotnet with the .NET SDK.
 *
 * Each install goes to a fresh folder that is renamed into place when complete, so test files running in
 * parallel never see half an install, and an interrupted one leaves nothing that looks finished.
 * `SMDR_REQUIRE_PWSH=1` (CI) turns a tool that cannot be had into a failure; without it, and only when
 * the .NET SDK is missing, the tests are skipped with that reason.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, '.cache', 'dotnet');
export const PWSH_VERSION = '7.6.9';
const PWSH_DIR = join(CACHE, `pwsh-${PWSH_VERSION}`);
const CHECKER_SOURCE = join(ROOT, 'test', 'tsql', 'ScriptDomCheck');

/** A tool's path, or why it cannot be had (then the tests that need it are skipped). */
export type Tool = { path: string; skip?: undefined } | { path?: undefined; skip: string };

const required = (): boolean => process.env.SMDR_REQUIRE_PWSH === '1';

function hasDotnet(): boolean {
  try {
    execFileSync('dotnet', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

function dotnet(args: string[], cwd = ROOT): void {
  execFileSync('dotnet', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
}

/** Builds `finalDir` with `build(staging)` unless it exists; a lost race with another process is fine. */
function installOnce(finalDir: string, build: (staging: string) => void): void {
  if (existsSync(finalDir)) return;
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(join(CACHE, '.staging-'));
  try {
    build(staging);
    try {
      renameSync(staging, finalDir);
    } catch (error) {
      if (!existsSync(finalDir)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function ensure(name: string, install: () => string): Tool {
  if (!required() && !hasDotnet())
    return {
      skip: `${name} needs the .NET SDK (dotnet), which is not on PATH; set SMDR_REQUIRE_PWSH=1 to fail instead`,
    };
  try {
    return { path: install() };
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    throw new Error(`cannot install ${name}: ${detail}`);
  }
}

function installPwsh(): string {
  installOnce(PWSH_DIR, (staging) => {
    const args = [
      'tool',
      'install',
      '--tool-path',
      join(staging, 'tool'),
      'PowerShell',
      '--version',
      PWSH_VERSION,
    ];
    try {
      dotnet(args);
    } catch {
      // The first install on a machine has been seen to fail once in NuGet's staging folder; a second try works.
      rmSync(join(staging, 'tool'), { recursive: true, force: true });
      dotnet(args);
    }
  });
  return join(PWSH_DIR, 'tool', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
}

/** The checker is rebuilt when its source changes: its folder is named by the hash of the source. */
function installScriptDomCheck(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(CHECKER_SOURCE).sort()) {
    if (/\.(?:cs|csproj)$/.test(file)) hash.update(file).update(readFileSync(join(CHECKER_SOURCE, file)));
  }
  const dir = join(CACHE, `scriptdom-${hash.digest('hex').slice(0, 16)}`);
  installOnce(dir, (staging) => {
    const source = join(staging, 'src');
    cpSync(CHECKER_SOURCE, source, { recursive: true, filter: (path) => !/[\\/](?:bin|obj)$/.test(path) });
    dotnet(['build', source, '--configuration', 'Release', '--output', join(staging, 'bin')]);
  });
  return join(dir, 'bin', 'ScriptDomCheck.dll');
}

let pwsh: Tool | undefined;
let scriptDom: Tool | undefined;

/** PowerShell 7.6.9: installed on first use (a few seconds), then reused. */
export function pwshTool(): Tool {
  return (pwsh ??= ensure(`PowerShell ${PWSH_VERSION}`, installPwsh));
}

/** The path of pwsh, installing it if needed; throws when it cannot be had (for the e2e tests). */
export function pwshPath(): string {
  const tool = pwshTool();
  if (tool.skip !== undefined) throw new Error(tool.skip);
  return tool.path;
}

/** test/tsql/ScriptDomCheck built against Microsoft.SqlServer.TransactSql.ScriptDom; run it with `dotnet`. */
export function scriptDomTool(): Tool {
  return (scriptDom ??= ensure('the ScriptDom checker', installScriptDomCheck));
}

if (require.main === module) {
  for (const tool of [pwshTool(), scriptDomTool()]) console.log(tool.path ?? `skipped: ${tool.skip}`);
}
