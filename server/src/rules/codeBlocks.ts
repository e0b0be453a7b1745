/**
 * SMDR307–312: what a step's own code block says. The checks read the command as text: they catch
 * the mistakes the procedure warns about (another server's key, a new database, another instance)
 * when they are written plainly or through placeholders, not every way a script could hide them.
 */
import { placeholderContexts, unsafePlacement } from '../code/placeholderContext';
import { CODE_LANGUAGES } from '../domain/vocabulary';
import { type CodeBlock, type Runbook, type Section, type Server, type Step } from '../runbook/model';
import { languageOf } from '../runbook/parse';
import { resolvePlaceholder } from '../runbook/placeholders';
import { scenarioInfo } from '../runbook/scenario';
import type { Range } from '../runbook/source';
import { RULES } from './catalog';
import type { Finding } from './finding';
import { has } from './inventory';
import { list } from './nearest';

/** A step's code block, read in its section (none for a stray step); rules/run.ts memoizes it by section. */
export function checkCodeBlock(runbook: Runbook, step: Step, section: Section | undefined): Finding[] {
  const command = step.codeBlocks[0];
  if (!command) return [];
  const findings = [
    ...language(command),
    ...placeholders(runbook, command, section),
    ...placeholdersInStrings(command),
  ];
  if (section && runbook.inventory.usable) findings.push(...procedureChecks(runbook, section, step, command));
  return findings;
}

function language(command: CodeBlock): Finding[] {
  if (languageOf(command)) return [];
  const runnable = Object.values(CODE_LANGUAGES).flat();
  const fence = command.fence;
  return [
    {
      rule: RULES.languageNotRunnable,
      message: fence.info
        ? `\`${fence.info.split(/\s+/)[0]}\` code cannot be run by this tool: use one of ${list(runnable)}.`
        : `Say which language this command is in (${list(runnable)}) after the opening fence, so that it can be run.`,
      range: fence.info
        ? fence.infoRange
        : { start: { line: fence.startLine, character: 0 }, end: fence.infoRange.end },
    },
  ];
}

function placeholders(runbook: Runbook, command: CodeBlock, section: Section | undefined): Finding[] {
  if (!runbook.inventory.usable) return [];
  return command.placeholders.flatMap((placeholder) => {
    const resolution = resolvePlaceholder(runbook, placeholder.path, section);
    return resolution.ok
      ? []
      : [
          {
            rule: RULES.placeholderUnresolved,
            message: `\`\${${placeholder.path}}\` names nothing: ${resolution.reason}`,
            range: placeholder.path ? placeholder.pathRange : placeholder.range,
          },
        ];
  });
}

/**
 * SMDR316: a placeholder becomes a quoted literal, which is safe only where a literal is a whole token
 * of code. Where it stands is decided by a parser of the block's language (see code/placeholderContext),
 * the same one the renderer uses to refuse the step.
 */
function placeholdersInStrings(command: CodeBlock): Finding[] {
  const language = languageOf(command);
  if (!language || command.placeholders.length === 0) return [];
  const placed = placeholderContexts(language, command.fence.content);
  // The content's placeholders are the document's, in the same order (a fence's indent holds none).
  return command.placeholders.flatMap((placeholder, index) => {
    const unsafe = unsafePlacement(placed[index]?.context ?? 'unparsed');
    if (!unsafe) return [];
    return [
      {
        rule: RULES.placeholderInString,
        message: `\`\${${placeholder.path}}\` ${unsafe}`,
        range: placeholder.range,
      },
    ];
  });
}

function procedureChecks(runbook: Runbook, section: Section, step: Step, command: CodeBlock): Finding[] {
  const info = scenarioInfo(runbook, section);
  const kind = step.kind!.value;
  const findings: Finding[] = [];
  if (kind === 'restore-key' && info.failed)
    findings.push(...wrongKey(runbook, section, command, info.failed));
  if (kind.startsWith('install-')) findings.push(...newDatabase(runbook, command));
  if (info.kind === 'database' && info.failed)
    findings.push(...otherInstance(runbook, section, command, info.failed));
  if (kind === 'restore-databases' && info.failed)
    findings.push(...restoreSet(runbook, command, info.failed));
  return findings;
}

/** Each match of `pattern` in the command's lines, with its range. */
function matches(
  runbook: Runbook,
  command: CodeBlock,
  pattern: RegExp,
): { match: RegExpMatchArray; range: Range }[] {
  const found: { match: RegExpMatchArray; range: Range }[] = [];
  const fence = command.fence;
  const last = fence.closed ? fence.endLine - 1 : fence.endLine;
  for (let line = fence.startLine + 1; line <= last; line++) {
    for (const match of runbook.source.lineText(line).matchAll(pattern)) {
      const start = match.index;
      found.push({
        match,
        range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
      });
    }
  }
  return found;
}

function wrongKey(runbook: Runbook, section: Section, command: CodeBlock, failed: Server): Finding[] {
  const findings: Finding[] = [];
  const others = runbook.inventory.servers.filter((s) => s !== failed && s.keyBackup);
  for (const placeholder of command.placeholders) {
    const resolution = resolvePlaceholder(runbook, placeholder.path, section);
    if (
      resolution.ok &&
      resolution.server &&
      resolution.server !== failed &&
      /\.keyBackup$/.test(placeholder.path)
    ) {
      findings.push(wrongKeyFinding(failed, resolution.server, placeholder.range));
    }
  }
  for (const other of others) {
    const escaped = other.keyBackup!.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const { range } of matches(runbook, command, new RegExp(escaped, 'gi')))
      findings.push(wrongKeyFinding(failed, other, range));
  }
  return findings;
}

function wrongKeyFinding(failed: Server, owner: Server, range: Range): Finding {
  return {
    rule: RULES.wrongKey,
    message: `This restores ${owner.name}'s key file onto ${failed.name}: every server's key is different. Restore ${failed.name}'s own key (\`\${failed.keyBackup}\`).`,
    range,
  };
}

const NEW_DATABASE = /\bCREATE\s+DATABASE\b|[/-]CreateNewDatabase\b|[/-]NewDatabase\b/gi;

function newDatabase(runbook: Runbook, command: CodeBlock): Finding[] {
  return matches(runbook, command, NEW_DATABASE).map(({ match, range }) => ({
    rule: RULES.newDatabase,
    message: `\`${match[0]}\` creates a new database: a recovery installs on the existing database, or every work item, configuration and history is lost.`,
    range,
  }));
}

function otherInstance(runbook: Runbook, section: Section, command: CodeBlock, failed: Server): Finding[] {
  const findings: Finding[] = [];
  const instanceOf = (s: Server) => s.instance?.value ?? 'MSSQLSERVER';
  const describe = (s: Server) =>
    s.instance ? `${s.name}\\${s.instance.value}` : `${s.name} (default instance)`;
  for (const placeholder of command.placeholders) {
    const resolution = resolvePlaceholder(runbook, placeholder.path, section);
    const server = resolution.server;
    if (server && server !== failed && has(server, 'database')) {
      findings.push({
        rule: RULES.instanceChanged,
        message: `This addresses ${describe(server)}, but the restore belongs on ${describe(failed)}: databases are restored on the same instance name.`,
        range: placeholder.range,
      });
    }
  }
  const names = [failed.name, failed.fqdn?.value]
    .filter((n): n is string => !!n)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const addressed = new RegExp(`\\b(?:${names.join('|')})\\\\([A-Za-z_&][A-Za-z0-9_$#]*)`, 'gi');
  for (const { match, range } of matches(runbook, command, addressed)) {
    if (match[1]!.toLowerCase() !== instanceOf(failed).toLowerCase()) {
      findings.push({
        rule: RULES.instanceChanged,
        message: `\`${match[0]}\` is not the failed server's instance ${describe(failed)}: restore on the same instance name, or the management servers will not find their databases.`,
        range,
      });
    }
  }
  return findings;
}

const RESTORE_DATABASE = /\bRESTORE\s+DATABASE\s+(\[[^\]]+\]|"[^"]+"|[A-Z_][\w@$#]*)/gi;

function restoreSet(runbook: Runbook, command: CodeBlock, failed: Server): Finding[] {
  const restored = matches(runbook, command, RESTORE_DATABASE).map(({ match, range }) => ({
    name: match[1]!.replace(/^[["]|[\]"]$/g, ''),
    range,
  }));
  // A command that restores through a variable or a tool names no database we can read: nothing to compare.
  if (restored.length === 0) return [];
  const hosted = failed.databases.map((d) => d.name.toLowerCase());
  const findings: Finding[] = restored
    .filter((r) => !hosted.includes(r.name.toLowerCase()))
    .map((r) => ({
      rule: RULES.restoreSetMismatch,
      message: `${failed.name} did not host ${r.name}: its databases are ${list(failed.databases.map((d) => d.name))}.`,
      range: r.range,
    }));
  const names = restored.map((r) => r.name.toLowerCase());
  const left = failed.databases.filter((d) => !names.includes(d.name.toLowerCase()));
  if (left.length > 0) {
    findings.push({
      rule: RULES.restoreSetMismatch,
      message: `This restore leaves out ${list(left.map((d) => d.name))}, which ${failed.name} hosted.`,
      range: runbook.source.lineRange(command.fence.startLine),
    });
  }
  return findings;
}
