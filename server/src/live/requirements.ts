/**
 * What the system requirements page of the runbook's `scsm` version asks of a database instance,
 * judged on what the instance answered (SMDR410-413). An answer that is missing or unreadable is
 * unknown and judges nothing: only a fact the instance stated can break a requirement.
 */
import {
  CLR_STRICT_SECURITY_FROM_MAJOR,
  clrStrictSecurityApplies,
  describeSqlServers,
  fullTextSearchRequired,
  parseProductVersion,
  requirementsPage,
  supportedSqlRelease,
} from '../domain/versions';
import type { Runbook } from '../runbook/model';
import { RULES, type Rule } from '../rules/catalog';
import type { InstanceFacts } from './facts';

export interface Unmet {
  rule: Rule;
  message: string;
}

export function collationOf(runbook: Runbook): string | undefined {
  return runbook.settings.sql.collation?.value;
}

export function unmetRequirements(runbook: Runbook, instance: InstanceFacts): Unmet[] {
  if (instance.error) return [];
  const unmet: Unmet[] = [];
  const version = runbook.inventory.version?.value;
  const page = version && requirementsPage(version).url;
  const build = instance.productVersion ? parseProductVersion(instance.productVersion) : undefined;
  if (version && build && !supportedSqlRelease(version, build))
    unmet.push({
      rule: RULES.liveSqlVersionUnsupported,
      message: `${instance.address} runs SQL Server ${instance.productVersion}: Service Manager ${version} supports ${describeSqlServers(version)} (${page}).`,
    });
  const expected = collationOf(runbook);
  if (expected && instance.collation && expected.toLowerCase() !== instance.collation.toLowerCase())
    unmet.push({
      rule: RULES.liveCollationMismatch,
      message: `${instance.address} uses the collation ${instance.collation}, not ${expected} (\`sql.collation\`): the databases, Analysis Services and Reporting Services must share one collation.`,
    });
  if (version && fullTextSearchRequired(version) && instance.fullTextInstalled === false)
    unmet.push({
      rule: RULES.liveFullTextMissing,
      message: `Full-text search is not installed on ${instance.address}: Service Manager ${version} requires it on the instances of its databases (${page}).`,
    });
  const untrusted = (instance.assemblies ?? []).filter((a) => !a.trusted);
  const strict =
    instance.clrStrictSecurity === true && (!build || build[0] >= CLR_STRICT_SECURITY_FROM_MAJOR);
  if (strict && untrusted.length > 0 && (!version || clrStrictSecurityApplies(version)))
    unmet.push({
      rule: RULES.liveClrAssembliesUntrusted,
      message: `clr strict security is on on ${instance.address} and ${untrusted.length} assembl${untrusted.length === 1 ? 'y is' : 'ies are'} not trusted (${untrusted
        .slice(0, 5)
        .map((a) => `${a.name} in ${a.database}`)
        .join(', ')}${untrusted.length > 5 ? ', ...' : ''}): they will not load. Run the enable-clr step.`,
    });
  return unmet;
}
