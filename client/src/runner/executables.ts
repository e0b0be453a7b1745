/**
 * The programs a step's terminal runs, by absolute path: the terminal's own shell (Windows PowerShell on
 * Windows, bash elsewhere: never the default terminal profile, which could be Command Prompt, where a
 * planted `bash.cmd` or `Get-Content.cmd` in the folder would run), and the PowerShell, bash and cat the
 * typed line starts. Found in the absolute folders of PATH only: a relative entry (`.`, empty) would
 * let a file of the working folder stand in for the program.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';

/** Absolute paths of what the typed line starts; null where the program was not found. */
export interface Tools {
  /** The terminal's own shell. */
  shell: string | null;
  /** The PowerShell a PowerShell step runs in: Windows PowerShell on Windows, pwsh elsewhere. */
  powershell: string | null;
  bash: string | null;
  /** What prints a script in a dry run outside Windows (Windows uses Get-Content). */
  cat: string | null;
}

export interface Environment {
  platform: NodeJS.Platform;
  PATH: string | undefined;
  PATHEXT: string | undefined;
  SystemRoot: string | undefined;
}

/** `name` in the first absolute folder of PATH that holds it as a file (with PATHEXT's extensions on Windows). */
export function findExecutable(
  name: string,
  env: Environment,
  isFile: (file: string) => boolean,
): string | null {
  const paths = env.platform === 'win32' ? path.win32 : path.posix;
  const separator = env.platform === 'win32' ? ';' : ':';
  const extensions =
    env.platform === 'win32' && !/\.[a-z]+$/i.test(name)
      ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
      : [''];
  for (const folder of (env.PATH ?? '').split(separator)) {
    const clean = folder.replace(/^"(.*)"$/, '$1');
    if (!paths.isAbsolute(clean)) continue;
    for (const extension of extensions) {
      const file = paths.join(clean, name + extension);
      if (isFile(file)) return file;
    }
  }
  return null;
}

/** The tools of a terminal on `env.platform`. */
export function toolsFor(env: Environment, isFile: (file: string) => boolean): Tools {
  if (env.platform === 'win32') {
    // Windows PowerShell's own place, as Windows installs it; PATH only when SystemRoot is not known.
    const system = env.SystemRoot && path.win32.isAbsolute(env.SystemRoot) ? env.SystemRoot : null;
    const inSystem =
      system && path.win32.join(system, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    const powershell =
      inSystem && isFile(inSystem) ? inSystem : findExecutable('powershell.exe', env, isFile);
    return { shell: powershell, powershell, bash: findExecutable('bash.exe', env, isFile), cat: null };
  }
  const bash = findExecutable('bash', env, isFile);
  return {
    shell: bash,
    powershell: findExecutable('pwsh', env, isFile),
    bash,
    cat: findExecutable('cat', env, isFile),
  };
}

/** The tools of this computer, as the extension host's environment finds them. */
export function localTools(): Tools {
  const isFile = (file: string) => {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  return toolsFor(
    {
      platform: process.platform,
      PATH: process.env.PATH ?? process.env.Path,
      PATHEXT: process.env.PATHEXT,
      SystemRoot: process.env.SystemRoot ?? process.env.windir,
    },
    isFile,
  );
}
