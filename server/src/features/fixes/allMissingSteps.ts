/**
 * SMDR302, all at once: one fix that inserts every missing step of a section, merged from the fixes
 * the rule offers one by one (each already knows where its step belongs).
 */
import type { Finding, Fix } from '../../rules/finding';
import { before } from '../../runbook/source';

type Edit = Fix['edits'][number];

/** One fix per section missing two or more steps, carried by the first of that section's findings. */
export function allMissingStepsFixes(findings: readonly Finding[]): Map<Finding, Fix> {
  const bySection = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.rule.code !== 'SMDR302' || !finding.fixes?.length) continue;
    const key = JSON.stringify(finding.range);
    bySection.set(key, [...(bySection.get(key) ?? []), finding]);
  }
  const fixes = new Map<Finding, Fix>();
  for (const group of bySection.values()) {
    if (group.length < 2) continue;
    fixes.set(group[0]!, {
      title: `Insert the ${group.length} missing steps`,
      edits: merge(group.flatMap((f) => f.fixes![0]!.edits)),
    });
  }
  return fixes;
}

/** Inserts at one place become one, joined with a single blank line between steps. */
function merge(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) =>
    before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0,
  );
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && JSON.stringify(previous.range) === JSON.stringify(edit.range)) {
      const text = previous.text.endsWith('\n\n') ? edit.text.replace(/^\n/, '') : edit.text;
      merged[merged.length - 1] = { range: previous.range, text: previous.text + text };
    } else merged.push(edit);
  }
  return merged;
}
