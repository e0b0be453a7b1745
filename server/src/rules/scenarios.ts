/** SMDR201–208: each scenario section names a real failure and a strategy the procedure allows. */
import { SCENARIO_STRATEGIES } from '../domain/procedures';
import { ROLE_SCENARIO, SCENARIO_ROLE, SCENARIOS, type Role } from '../domain/vocabulary';
import type { HeadingAttr } from '../runbook/markdown';
import type { Runbook, Section, Server } from '../runbook/model';
import { scenarioInfo } from '../runbook/scenario';
import { RULES } from './catalog';
import { replaceFix, type Finding, type Fix } from './finding';
import { has } from './inventory';
import { list, nearest } from './nearest';

const SCENARIO_ATTRIBUTES = ['scenario', 'failed', 'strategy', 'target'];

/**
 * The rules run by section (`checkScenarioSection`, memoized by rules/run.ts) and across sections
 * (`scenarioDuplicates`, `scenarioCoverage`).
 */

function attrBlock(section: Section) {
  return section.heading.attrBlock ?? section.heading.lineRange;
}

function valueFix(attr: HeadingAttr, text: string, title = `Change to \`${text}\``): Fix {
  return replaceFix(title, attr.valueRange, text);
}

export function checkScenarioSection(runbook: Runbook, section: Section): Finding[] {
  const findings: Finding[] = [];
  const info = scenarioInfo(runbook, section);
  const scenario = section.scenario!;
  for (const a of section.heading.attrs) {
    const known = info.kind === 'preparation' ? ['scenario'] : SCENARIO_ATTRIBUTES;
    if (known.includes(a.key) || a.key === 'id' || a.key === 'class') continue;
    const suggestion = nearest(a.key, known);
    findings.push({
      rule: RULES.unknownKey,
      message:
        info.kind === 'preparation' && SCENARIO_ATTRIBUTES.includes(a.key)
          ? `A preparation section takes no \`${a.key}=\`: nothing has failed yet.`
          : `Unknown attribute \`${a.key}\` on a scenario heading.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Known: ${list(known)}.`}`,
      range: a.range,
    });
  }
  if (!info.kind) {
    const suggestion = nearest(scenario.value, SCENARIOS);
    findings.push({
      rule: RULES.scenarioUnknown,
      message: `${scenario.value ? `\`${scenario.value}\` is not a scenario` : 'The scenario is empty'}: use one of ${list(SCENARIOS)}.`,
      range: scenario.value ? scenario.valueRange : scenario.range,
      fixes: suggestion ? [valueFix(scenario, suggestion)] : undefined,
    });
    return findings;
  }
  if (info.kind === 'preparation') return findings;
  const role = SCENARIO_ROLE[info.kind];
  const inventory = runbook.inventory;
  if (inventory.usable) {
    if (!section.failed || !info.failed) {
      const names = inventory.servers.filter((s) => has(s, role)).map((s) => s.name);
      const suggestion = section.failed && nearest(section.failed.value, names);
      findings.push({
        rule: RULES.failedUnknown,
        message: section.failed
          ? `\`${section.failed.value}\` is not a server of the inventory.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`
          : `Say which server failed: add \`failed=\` with one of ${list(names)}.`,
        range: section.failed?.valueRange ?? attrBlock(section),
        fixes: section.failed && suggestion ? [valueFix(section.failed, suggestion)] : undefined,
      });
    } else if (!has(info.failed, role)) {
      findings.push({
        rule: RULES.failedRoleMismatch,
        message: `${info.failed.name} is not a ${roleName(role)} (it is ${info.failed.roles.join(', ') || 'without a role'}): a \`${info.kind}\` scenario recovers a ${roleName(role)}.${suggestScenario(info.failed.roles)}`,
        range: section.failed.valueRange,
      });
    }
  }
  findings.push(...checkStrategy(runbook, section));
  return findings;
}

function roleName(role: Role): string {
  return role === 'management'
    ? 'management server'
    : role === 'data-warehouse'
      ? 'data warehouse management server'
      : 'database server';
}

function suggestScenario(roles: Role[]): string {
  return roles.length ? ` Use \`scenario=${ROLE_SCENARIO[roles[0]!]}\` for it.` : '';
}

function checkStrategy(runbook: Runbook, section: Section): Finding[] {
  const info = scenarioInfo(runbook, section);
  const kind = info.kind!;
  const { allowed } = SCENARIO_STRATEGIES[kind];
  const strategy = section.strategy;
  if (!strategy && !info.strategy) {
    return [
      {
        rule: RULES.strategyNotAllowed,
        message: `Choose a strategy: ${list(allowed)}. Promote when an additional management server exists and time is short; replace when a computer with the same name can be had.`,
        range: attrBlock(section),
      },
    ];
  }
  if (strategy && (!info.strategy || !allowed.includes(info.strategy))) {
    const only = allowed.length === 1 ? allowed[0] : undefined;
    return [
      {
        rule: RULES.strategyNotAllowed,
        message:
          strategy.value === 'promote'
            ? `Promotion exists only for Service Manager management servers: a ${kind === 'database' ? 'database server' : 'data warehouse management server'} can only be replaced.`
            : `\`${strategy.value}\` is not a strategy for \`${kind}\`: use ${list(allowed)}.`,
        range: strategy.valueRange,
        fixes: only ? [valueFix(strategy, only)] : undefined,
      },
    ];
  }
  if (!runbook.inventory.usable) return [];
  return info.strategy === 'promote'
    ? [...checkPromoteFailed(runbook, section), ...checkPromoteTarget(runbook, section)]
    : checkReplaceTarget(section);
}

/**
 * SMDR209. The promotion page: an additional server is promoted "to take over the role of a failed
 * initial management server". When an additional server fails there is no role to take over.
 */
function checkPromoteFailed(runbook: Runbook, section: Section): Finding[] {
  const failed = scenarioInfo(runbook, section).failed;
  if (!failed || !section.failed || !has(failed, 'management') || failed.primary?.value === true) return [];
  return [
    {
      rule: RULES.promoteFailedNotPrimary,
      message: `${failed.name} is an additional management server: promotion takes over the workflows of a failed primary, and ${failed.name} runs none. Replace it (\`strategy=replace\`) or install a new additional server.`,
      range: section.failed.valueRange,
      fixes: section.strategy ? [valueFix(section.strategy, 'replace')] : undefined,
    },
  ];
}

/** SMDR210: `p_PromoteActiveWorkflowServer` takes the FQDN; a short name does nothing useful. */
function promoteTargetFqdn(section: Section, target: Server): Finding[] {
  const fqdn = target.fqdn?.value.replace(/\.$/, '');
  if (fqdn && fqdn.includes('.')) return [];
  return [
    {
      rule: RULES.promoteTargetFqdn,
      message: fqdn
        ? `${target.name}'s \`fqdn\` \`${fqdn}\` has no domain: \`p_PromoteActiveWorkflowServer\` takes the fully qualified name (${target.name.toLowerCase()}.example.local).`
        : `${target.name} has no \`fqdn\`: \`p_PromoteActiveWorkflowServer\` takes the fully qualified name of the server being promoted. Add it to the inventory.`,
      range: section.target!.valueRange,
    },
  ];
}

function checkPromoteTarget(runbook: Runbook, section: Section): Finding[] {
  const info = scenarioInfo(runbook, section);
  const target = info.target;
  const candidates = runbook.inventory.servers
    .filter((s) => has(s, 'management') && s.primary?.value !== true && s !== info.failed)
    .map((s) => s.name);
  let problem: string | undefined;
  if (!section.target)
    problem = `Name the additional management server to promote: \`target=\`${candidates.length ? ` (${list(candidates)})` : ''}.`;
  else if (!target) problem = `\`${section.target.value}\` is not a server of the inventory.`;
  else if (target === info.failed) problem = `${target.name} is the server that failed: promote another one.`;
  else if (!has(target, 'management'))
    problem = `${target.name} is not a management server: only an additional management server can be promoted.`;
  else if (target.primary?.value === true)
    problem = `${target.name} is the primary management server already: promote an additional one.`;
  if (!problem) return promoteTargetFqdn(section, target!);
  if (candidates.length === 0)
    problem +=
      ' The inventory has no additional management server: this failure can only be recovered with `strategy=replace`.';
  return [
    {
      rule: RULES.promoteTargetInvalid,
      message: problem,
      range: section.target?.valueRange ?? attrBlock(section),
      fixes:
        section.target && candidates.length === 1 ? [valueFix(section.target, candidates[0]!)] : undefined,
    },
  ];
}

function checkReplaceTarget(section: Section): Finding[] {
  const target = section.target;
  const failed = section.failed;
  if (!target || !failed || target.value.toLowerCase() === failed.value.toLowerCase()) return [];
  // Removing the attribute takes the blank before it too.
  const removal = {
    start: { ...target.range.start, character: Math.max(0, target.range.start.character - 1) },
    end: target.range.end,
  };
  return [
    {
      rule: RULES.replacementNameDiffers,
      message: `A replacement must bear the failed computer's name: the restored key and Setup expect ${failed.value}, not ${target.value}.`,
      range: target.range,
      fixes: [
        valueFix(target, failed.value, `Set \`target\` to \`${failed.value}\``),
        replaceFix('Remove `target`', removal, ''),
      ],
    },
  ];
}

export function scenarioDuplicates(runbook: Runbook): Finding[] {
  const seen = new Map<string, Section>();
  return runbook.sections.flatMap((section) => {
    const info = scenarioInfo(runbook, section);
    if (!info.kind || info.kind === 'preparation' || !section.failed) return [];
    const key = `${info.kind}|${section.failed.value.toLowerCase()}|${info.strategy ?? ''}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, section);
      return [];
    }
    return [
      {
        rule: RULES.duplicateScenario,
        message: `A second section for ${section.failed.value} failing (${info.strategy ?? 'no strategy'}); the first is on line ${first.startLine + 1}. Keep one, so that nobody follows the wrong one.`,
        range: section.heading.titleRange,
      },
    ];
  });
}

export function scenarioCoverage(runbook: Runbook): Finding[] {
  if (!runbook.inventory.usable) return [];
  const covered = new Set(runbook.sections.map((s) => s.failed?.value.toLowerCase()).filter(Boolean));
  return runbook.inventory.servers
    .filter((server) => server.roles.length > 0 && !covered.has(server.name.toLowerCase()))
    .map((server) => ({
      rule: RULES.scenarioNotCovered,
      message: `No recovery section for ${server.name}: add a \`## ... {scenario=${ROLE_SCENARIO[server.roles[0]!]} failed=${server.name}}\` section.`,
      range: server.nameRange,
    }));
}
