/** `smdr check`'s side of SMDR318: every PowerShell block of every runbook, parsed in one PowerShell process. */
import type { Runbook } from '../runbook/model';
import { parseRunbook } from '../runbook/parse';
import type { Finding } from '../rules/finding';
import { terminalSafe } from '../cli/terminalText';
import { findPowerShell, parseAll } from './checker';
import { powershellTexts, syntaxFindings } from './syntax';

/** The SMDR318 findings of each runbook among `texts`; `warn` says why, when they cannot be had. */
export function cliSyntaxCheck(
  texts: readonly string[],
  warn: (line: string) => void,
): (runbook: Runbook) => Finding[] {
  const found = findPowerShell(undefined);
  if (found.path === undefined) {
    // Only whether any runbook has a PowerShell block matters then: the first one usually tells.
    if (texts.some((text) => powershellTexts(parseRunbook(text)).length > 0))
      warn(`smdr: ${found.reason}: PowerShell syntax errors (SMDR318) were not checked`);
    return () => [];
  }
  const blocks = texts.flatMap((text) => powershellTexts(parseRunbook(text)));
  if (blocks.length === 0) return () => [];
  const parsed = parseAll(found.path, blocks);
  if (parsed.lookup === undefined) {
    warn(`smdr: ${terminalSafe(parsed.problem)}: PowerShell syntax errors (SMDR318) were not checked`);
    return () => [];
  }
  return (runbook) => syntaxFindings(runbook, parsed.lookup);
}
