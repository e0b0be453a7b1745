/**
 * The pure language service: text in, model and findings out. The LSP server, the CLI and the
 * tests all call this, so that every face of the product reports the same diagnostics.
 */
import { parseRunbook } from './runbook/parse';
import type { Runbook } from './runbook/model';
import type { Severity } from './rules/catalog';
import { checkCodeBlocks } from './rules/codeBlocks';
import type { Finding } from './rules/finding';
import { checkFrontMatter } from './rules/frontMatter';
import { checkGeneration } from './rules/generation';
import { checkInventory } from './rules/inventory';
import { checkScenarios } from './rules/scenarios';
import { checkSteps } from './rules/steps';
import { applySuppressions } from './rules/suppression';

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
  return analyzeRunbook(parseRunbook(text), overrides, more);
}

/** `analyze` with nothing reused from earlier analyses: what the incremental analysis must equal (tests). */
export function analyzeFromScratch(
  text: string,
  overrides: SeverityOverrides = {},
  more: (runbook: Runbook) => Finding[] = () => [],
): Analysis {
  return analyzeRunbook(parseRunbook(text, { fromScratch: true }), overrides, more);
}

function analyzeRunbook(
  runbook: Runbook,
  overrides: SeverityOverrides,
  more: (runbook: Runbook) => Finding[],
): Analysis {
  const kept = checkRunbook(runbook, more(runbook)).flatMap((finding) => {
    const override = overrides[finding.rule.code];
    if (override === 'off') return [];
    return [override ? { ...finding, severity: override } : finding];
  });
  kept.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { runbook, findings: kept };
}

/** Every rule's findings on a parsed runbook, suppression comments applied, in rule order. */
export function checkRunbook(runbook: Runbook, more: readonly Finding[] = []): Finding[] {
  const findings = [
    ...checkFrontMatter(runbook),
    ...checkInventory(runbook),
    ...checkScenarios(runbook),
    ...checkSteps(runbook),
    ...checkCodeBlocks(runbook),
    ...more,
  ];
  findings.push(...checkGeneration(runbook, findings));
  return applySuppressions(runbook, findings);
}
