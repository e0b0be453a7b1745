import type { Tools } from '../../client/src/runner/executables';
import type { Terminal } from '../../client/src/runner/stepText';

/** What a Linux terminal starts, by absolute path. */
export const LINUX_TOOLS: Tools = {
  shell: '/bin/bash',
  powershell: '/usr/bin/pwsh',
  bash: '/bin/bash',
  cat: '/usr/bin/cat',
};

const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** What a Windows terminal starts: Windows PowerShell, no bash. */
export const WINDOWS_TOOLS: Tools = { shell: POWERSHELL, powershell: POWERSHELL, bash: null, cat: null };

/** A step's terminal on `platform` (its own shell unless `shell` says another). */
export function terminalOn(platform: 'linux' | 'win32', dryRun = false, shell?: string): Terminal {
  const tools = platform === 'win32' ? WINDOWS_TOOLS : LINUX_TOOLS;
  return { platform, shell: shell ?? tools.shell!, dryRun, tools };
}
