/**
 * SMDR207: a recovery section for a server that has none, with the steps its procedure requires, at
 * the end of the runbook. A management server gets the replacement, and the promotion too when it is
 * the primary and an additional management server with a qualified FQDN can take over.
 */
import { procedureFor } from '../../domain/procedures';
import { ROLE_SCENARIO, type Strategy } from '../../domain/vocabulary';
import type { Finding, Fix } from '../../rules/finding';
import { findServer, type Runbook, type Server } from '../../runbook/model';
import { isComputerName } from '../serverNames';

export function scenarioSectionFixes(runbook: Runbook, finding: Finding): Fix[] {
  const server = runbook.inventory.servers.find(
    (s) => JSON.stringify(s.nameRange) === JSON.stringify(finding.range),
  );
  const role = server?.roles[0];
  // The name goes into a heading attribute: only a valid computer name is safe to write there.
  if (!server || !role || !isComputerName(server.name)) return [];
  // After an unclosed code block, the new section would be read as code.
  if (runbook.fences.some((f) => !f.closed)) return [];
  const scenario = ROLE_SCENARIO[role];
  const fixes = [section(runbook, server, scenario, 'replace', undefined)];
  const target = role === 'management' ? promotionTarget(runbook, server) : undefined;
  if (target) fixes.push(section(runbook, server, scenario, 'promote', target));
  return fixes;
}

function promotionTarget(runbook: Runbook, failed: Server): Server | undefined {
  if (failed.primary?.value !== true) return undefined;
  return runbook.inventory.servers.find(
    (s) =>
      s !== failed &&
      s.roles.includes('management') &&
      s.primary?.value !== true &&
      isComputerName(s.name) &&
      findServer(runbook.inventory, s.name) === s &&
      /^[^.\s]+\.\S+$/.test(s.fqdn?.value ?? ''),
  );
}

function section(
  runbook: Runbook,
  server: Server,
  scenario: (typeof ROLE_SCENARIO)[keyof typeof ROLE_SCENARIO],
  strategy: Strategy,
  target: Server | undefined,
): Fix {
  const steps = procedureFor(scenario, strategy)!.steps.filter((s) => s.missingSeverity !== 'optional');
  const name = server.name;
  const heading = target
    ? `## ${name} fails: promote ${target.name} {scenario=${scenario} failed=${name} strategy=promote target=${target.name}}`
    : `## ${name} fails: replace it {scenario=${scenario} failed=${name} strategy=replace}`;
  const text = [heading, ...steps.map((s) => `### ${s.title} {step=${s.kind}}`)].join('\n\n');
  // After the last line that holds text, so that the file's trailing line break stays where it was.
  const source = runbook.source;
  let last = source.lineCount - 1;
  while (last > 0 && source.lineText(last).trim() === '') last--;
  const end = { line: last, character: source.lineText(last).length };
  return {
    title: target
      ? `Add a section: ${name} fails, promote ${target.name}`
      : `Add a section: ${name} fails, replace it`,
    edits: [{ range: { start: end, end }, text: `\n\n${text}` }],
  };
}
