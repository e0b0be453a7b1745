/** Hover: what a server is, what a step does, what a scenario or strategy means, what a placeholder resolves to. */
import { STEP_DOCS, SCENARIO_DOCS, STRATEGY_DOCS } from '../domain/stepDocs';
import { describeSqlServers, versionFacts, type ScsmVersion } from '../domain/versions';
import {
  isOneOf,
  KNOWN_DATABASES,
  SCENARIOS,
  SERVICE_MANAGER_DATABASE,
  STEP_KINDS,
  STRATEGIES,
} from '../domain/vocabulary';
import { databaseName, isDatabase, type Runbook, type Server } from '../runbook/model';
import { resolvePlaceholder } from '../runbook/placeholders';
import { sectionAt } from '../runbook/scenario';
import { FRONT_MATTER_SCHEMA, type Schema } from '../runbook/schema';
import { contains, type Position, type Range } from '../runbook/source';
import type { YMap } from '../runbook/yamlTree';
import { codeSpan, escapeMarkdown, paragraphs } from './hoverText';
import { nameAt, referencesTo } from './serverNames';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export function hover(runbook: Runbook, position: Position): HoverResult | undefined {
  const name = nameAt(runbook, position);
  if (name?.server) return { markdown: describeServer(runbook, name.server), range: name.range };
  return (
    attributeHover(runbook, position) ?? placeholderHover(runbook, position) ?? keyHover(runbook, position)
  );
}

export function describeServer(runbook: Runbook, server: Server): string {
  const lines = [
    `**${escapeMarkdown(server.name)}**: ${server.roles.join(', ') || 'no role'}${server.primary?.value ? ' (primary)' : ''}`,
    '',
  ];
  const row = (label: string, value: string | undefined) =>
    value && lines.push(`- ${escapeMarkdown(label)}: ${codeSpan(value)}`);
  row('FQDN', server.fqdn?.value);
  if (server.roles.includes('database'))
    row(
      'instance',
      server.instance ? `${server.name}\\${server.instance.value}` : `${server.name} (default instance)`,
    );
  row('key backup', server.keyBackup?.value);
  row('report server', server.reportServer?.value);
  for (const database of server.databases) {
    const known = KNOWN_DATABASES.find((name) => isDatabase(runbook.inventory, database.name, name));
    const alias = known && known !== database.name ? ` (${known})` : '';
    row(`database ${database.name}${alias}`, database.backup?.value ?? '(no backup)');
  }
  const sections = runbook.sections.filter(
    (s) => s.failed?.value.toLowerCase() === server.name.toLowerCase(),
  );
  lines.push(
    '',
    ...(sections.length
      ? [
          'Recovered by:',
          '',
          ...sections.map((s) => `- ${escapeMarkdown(s.heading.title)} (line ${s.startLine + 1})`),
        ]
      : ['No recovery section yet.']),
  );
  lines.push('', `Referenced ${referencesTo(runbook, server).length - 1} time(s) in this runbook.`);
  return lines.join('\n');
}

function attributeHover(runbook: Runbook, position: Position): HoverResult | undefined {
  const heading = runbook.headings.find((h) => h.line === position.line);
  const a = heading?.attrs.find((x) => contains(x.range, position));
  if (!a) return undefined;
  let markdown: string | undefined;
  if (a.key === 'step' && isOneOf(STEP_KINDS, a.value)) {
    const doc = STEP_DOCS[a.value];
    const host = {
      target: 'the promoted server (`target`)',
      failed: 'the replacement computer (`failed`)',
      'service-manager-database': `the database server hosting ${escapeMarkdown(databaseName(runbook.inventory, SERVICE_MANAGER_DATABASE))}`,
      'step-server': 'the server named by `server=`',
      operator: 'the operator',
    }[doc.host];
    markdown = `**${a.value}**${doc.destructive ? ' (destructive: asks for confirmation before it runs)' : ''}\n\n${paragraphs(doc.summary)}\n\nRuns on ${host}.`;
  } else if (a.key === 'scenario' && isOneOf(SCENARIOS, a.value))
    markdown = `**${a.value}**\n\n${paragraphs(SCENARIO_DOCS[a.value])}`;
  else if (a.key === 'strategy' && isOneOf(STRATEGIES, a.value))
    markdown = `**${a.value}**\n\n${paragraphs(STRATEGY_DOCS[a.value])}`;
  return markdown ? { markdown, range: a.range } : undefined;
}

function placeholderHover(runbook: Runbook, position: Position): HoverResult | undefined {
  const steps = [...runbook.sections.flatMap((s) => s.steps), ...runbook.straySteps];
  const placeholder = steps
    .flatMap((s) => s.codeBlocks.flatMap((c) => c.placeholders))
    .find((p) => contains(p.range, position));
  if (!placeholder) return undefined;
  const resolution = resolvePlaceholder(runbook, placeholder.path, sectionAt(runbook, position.line));
  return {
    markdown: resolution.ok
      ? `${codeSpan(`\${${placeholder.path}}`)} = ${codeSpan(resolution.value)}\n\nInserted as a quoted literal of the code block's language: it can never become code.`
      : `${codeSpan(`\${${placeholder.path}}`)} does not resolve.\n\n${resolution.reason}`,
    range: placeholder.range,
  };
}

function keyHover(runbook: Runbook, position: Position): HoverResult | undefined {
  const visit = (map: YMap | undefined, schema: Schema | undefined): HoverResult | undefined => {
    for (const entry of map?.entries ?? []) {
      const child =
        schema?.type === 'object'
          ? schema.properties[entry.key]
          : schema?.type === 'map'
            ? schema.values
            : undefined;
      if (contains(entry.keyRange, position)) {
        const facts =
          map === runbook.frontMatter?.root && entry.key === 'scsm' ? runbook.inventory.version : undefined;
        return child
          ? {
              markdown: `**${entry.key}**\n\n${paragraphs(child.description)}${facts ? `\n\n${versionHover(facts.value)}` : ''}`,
              range: entry.keyRange,
            }
          : undefined;
      }
      if (contains(entry.range, position) && entry.value.kind === 'map') return visit(entry.value, child);
    }
    return undefined;
  };
  return visit(runbook.frontMatter?.root, FRONT_MATTER_SCHEMA);
}

/** What the runbook's version implies, each fact with the page it comes from. */
export function versionHover(version: ScsmVersion): string {
  const facts = versionFacts(version);
  return [
    `Service Manager ${version}, per [its system requirements](${facts.source.url}) (\`${facts.source.path}\`):`,
    `- databases on ${describeSqlServers(version)}`,
    `- CLR strict security: ${facts.clrStrictSecurity ? "the page gives the script that trusts Service Manager's assemblies (`sys.sp_add_trusted_assembly`)" : 'does not apply (SQL Server 2014 and 2016 have none)'}`,
    `- SQL Server full-text search: ${facts.fullTextSearch ? 'required on the database instances' : 'not listed as required'}`,
  ].join('\n');
}
