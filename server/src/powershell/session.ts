/**
 * The language server's side of SMDR318: which PowerShell to use (the `smdr.powershell.path` setting or
 * one found on the machine), its checker, and a single log line when there is none. Validation stays
 * synchronous: it shows the results known so far, and `check` parses the rest off the typing path,
 * calling back when new results can be published.
 */
import type { Runbook } from '../runbook/model';
import type { Finding } from '../rules/finding';
import { findPowerShell, PowerShellChecker } from './checker';
import { powershellTexts, syntaxFindings } from './syntax';

export class PowerShellSession {
  private checker: PowerShellChecker | undefined;
  /** The setting the checker was made for; null before the first configuration. */
  private configured: string | undefined | null = null;
  private readonly told = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  /** `raw` is the `smdr` settings object as the client sent it: anything malformed counts as unset. */
  configure(raw: unknown): void {
    const value = (raw as { powershell?: { path?: unknown } } | null | undefined)?.powershell?.path;
    const configured = typeof value === 'string' && value.trim() ? value.trim() : undefined;
    if (configured === this.configured) return;
    this.configured = configured;
    this.dispose();
    const found = findPowerShell(configured);
    if (found.path !== undefined) {
      this.checker = new PowerShellChecker(found.path, this.log);
      this.log(`smdr: PowerShell syntax check (SMDR318) uses ${found.path}`);
    } else if (!this.told.has(found.reason)) {
      this.told.add(found.reason);
      this.log(`smdr: ${found.reason}: PowerShell syntax errors (SMDR318) are not reported`);
    }
  }

  readonly findings = (runbook: Runbook): Finding[] =>
    this.checker ? syntaxFindings(runbook, this.checker.lookup) : [];

  check(runbook: Runbook, learned: () => void): void {
    const checker = this.checker;
    if (!checker) return;
    checker.parse(powershellTexts(runbook)).then(
      (news) => {
        if (news && checker === this.checker) learned();
      },
      () => undefined, // the checker logged it
    );
  }

  dispose(): void {
    this.checker?.dispose();
    this.checker = undefined;
  }
}
