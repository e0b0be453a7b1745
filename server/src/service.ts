/**
 * The pure language service: text in, model and findings out. The LSP server, the CLI and the
 * tests all call this, so that every face of the product reports the same diagnostics.
 */
import { parseRunbook } from './runbook/parse';
import type { Runbook } from './runbook/model';
import type { Severity } from './rules/catalog';
import type { Finding } from './rules/finding';
import { checkRunbook } from './rules/run';

/** Every rule's findings on a parsed runbook, suppression comments applied, in rule order. */
export { checkRunbook };

/** Per-code severity overrides from settings: `off` silences a rule. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface Analysis {
  runbook: Runbook;
  findings: Finding[];
}

/**
 * `more` adds findings that come from outside the pure core (SMDR318: PowerShell's own parser, whose
 * results the caller already has), so that suppressions and severity overrides apply to them too.
 */
export function analyze(
  text: string,
  overrides: SeverityOverrides = {},
  more: (runbook: Runbook) => Finding[] = () => [],
): Analysis {
  return analyzeRunbook(parseRunbook(text), overrides, more, false);
}

/** `analyze` with nothing reused from earlier analyses: what the incremental analysis must equal (tests). */
export function analyzeFromScratch(
  text: string,
  overrides: SeverityOverrides = {},
  more: (runbook: Runbook) => Finding[] = () => [],
): Analysis {
  return analyzeRunbook(parseRunbook(text, { fromScratch: true }), overrides, more, true);
}

function analyzeRunbook(
  runbook: Runbook,
  overrides: SeverityOverrides,
  more: (runbook: Runbook) => Finding[],
  fromScratch: boolean,
): Analysis {
  const kept = checkRunbook(runbook, more(runbook), fromScratch).flatMap((finding) => {
    const override = overrides[finding.rule.code];
    if (override === 'off') return [];
    return [override ? { ...finding, severity: override } : finding];
  });
  kept.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { runbook, findings: kept };
}
