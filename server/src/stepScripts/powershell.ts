/** Small builders for the PowerShell the generated steps are made of. Every value goes through powershellString. */
import type { Server } from '../runbook/model';
import { SETUP_REGISTRY_KEY } from '../domain/installation';
import { powershellString as q } from './quote';

export interface RemotingOptions {
  /** Wrap commands for another computer in Invoke-Command (else they run where the terminal is). */
  remoting: boolean;
  /** The computer the terminal runs on, when known: its own steps are not wrapped. */
  localComputer?: string;
}

export function isLocal(server: Server, options: RemotingOptions): boolean {
  return !!options.localComputer && options.localComputer.toLowerCase() === server.name.toLowerCase();
}

/** `body` runs on `server`: inside Invoke-Command when it is another computer. */
export function onServer(server: Server | undefined, body: string[], options: RemotingOptions): string[] {
  if (!server || !options.remoting || isLocal(server, options))
    return ["$ErrorActionPreference = 'Stop'", ...body];
  const address = server.fqdn?.value ?? server.name;
  return [
    "$ErrorActionPreference = 'Stop'",
    `Invoke-Command -ComputerName ${q(address)} -ErrorAction Stop -ScriptBlock {`,
    "  $ErrorActionPreference = 'Stop'",
    ...body.map((line) => `  ${line}`),
    '}',
  ];
}

/**
 * Interactive tools (SecureStorageBackup asks for the key password, Setup is a wizard) cannot run in a
 * remote session: the step runs in a terminal on that computer, and refuses to run anywhere else.
 */
export function onlyOn(server: Server, body: string[]): string[] {
  return [
    "$ErrorActionPreference = 'Stop'",
    `if ($env:COMPUTERNAME -ne ${q(server.name)}) { throw ("Run this step in a terminal on {0}; this is {1}." -f ${q(server.name)}, $env:COMPUTERNAME) }`,
    ...body,
  ];
}

/**
 * `Write-Host` of a message whose `{0}`, `{1}`... are values: each value is its own literal, formatted
 * in by `-f`, never spliced into the message's text.
 */
export function say(template: string, ...values: string[]): string {
  if (values.length === 0) return `Write-Host ${q(template)}`;
  return `Write-Host (${q(template)} -f ${values.map((v) => q(v)).join(', ')})`;
}

/**
 * Sets `$installFolder` on the computer the lines run on: the runbook's `installFolder`, else what
 * Setup recorded in the registry. A folder that cannot be found throws: a step must never report
 * success after silently skipping what it was to do there.
 */
export function findInstallFolder(server: Server): string[] {
  return [
    server.installFolder
      ? `$installFolder = ${q(server.installFolder.value)}`
      : `$installFolder = (Get-ItemProperty -LiteralPath ${q(SETUP_REGISTRY_KEY)} -ErrorAction Stop).InstallDirectory`,
    "if (-not $installFolder -or -not (Test-Path -LiteralPath $installFolder)) { throw ('No Service Manager install folder on {0} ({1}): set installFolder for this server in the runbook.' -f $env:COMPUTERNAME, $installFolder) }",
  ];
}
