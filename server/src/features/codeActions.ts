/**
 * Quick fixes for the findings that touch the requested range: the fixes a finding carries, the ones
 * that need more of the runbook than its rule has at hand (a whole recovery section, the failed
 * server's own key, `managementPacks`, every missing step of a section at once), and, last, the
 * suppression comment that disables the finding's rule for its line.
 */
import { RULES } from '../rules/catalog';
import type { Finding, Fix } from '../rules/finding';
import type { Runbook } from '../runbook/model';
import type { Range } from '../runbook/source';
import { allMissingStepsFixes } from './fixes/allMissingSteps';
import { disableFix } from './fixes/disable';
import { managementPacksFix } from './fixes/managementPacks';
import { ownKeyFix } from './fixes/ownKey';
import { scenarioSectionFixes } from './fixes/scenarioSection';

export interface QuickFix {
  title: string;
  finding: Finding;
  edits: { range: Range; text: string }[];
  isPreferred: boolean;
}

const MORE_FIXES: Record<string, (runbook: Runbook, finding: Finding) => Fix[]> = {
  [RULES.scenarioNotCovered.code]: scenarioSectionFixes,
  [RULES.wrongKey.code]: (runbook, finding) => [ownKeyFix(runbook, finding)].filter((f) => !!f),
  [RULES.managementPacksMissing.code]: (runbook, finding) =>
    [managementPacksFix(runbook, finding)].filter((f) => !!f),
};

function overlaps(a: Range, b: Range): boolean {
  const startsAfter =
    a.start.line > b.end.line || (a.start.line === b.end.line && a.start.character > b.end.character);
  const endsBefore =
    a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character);
  return !startsAfter && !endsBefore;
}

export function quickFixes(
  analysis: { runbook: Runbook; findings: readonly Finding[] },
  range: Range,
): QuickFix[] {
  const { runbook, findings } = analysis;
  const allMissing = allMissingStepsFixes(findings);
  return findings
    .filter((finding) => overlaps(finding.range, range))
    .flatMap((finding) => {
      const own = [...(finding.fixes ?? []), ...(MORE_FIXES[finding.rule.code]?.(runbook, finding) ?? [])];
      const all = allMissing.get(finding);
      const disable = disableFix(runbook, finding);
      return [
        ...own.map((fix) => ({ ...fix, finding, isPreferred: own.length === 1 })),
        ...[all, disable].filter((f) => !!f).map((fix) => ({ ...fix, finding, isPreferred: false })),
      ];
    });
}
