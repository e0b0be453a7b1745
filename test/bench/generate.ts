/** Generated runbooks of a given size: a valid estate that grows by database servers and their sections. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO, ROOT } from '../helpers';

export function generateRunbook(targetLines: number): string {
  const [front, body] = [
    CONTOSO.slice(0, CONTOSO.indexOf('sql: {')),
    CONTOSO.slice(CONTOSO.indexOf('sql: {')),
  ];
  const extraServers: string[] = [];
  const extraSections: string[] = [];
  let lines = CONTOSO.split('\n').length;
  for (let i = 0; lines < targetLines; i++) {
    const name = `SQLX${i}`;
    extraServers.push(
      `  ${name}:`,
      '    role: database',
      `    fqdn: ${name.toLowerCase()}.contoso.local`,
      '    instance: SCSM',
      '    databases:',
      `      Analyst${i}: '\\\\vault01\\dr\\sql\\${name}-Analyst.bak'`,
    );
    extraSections.push(
      `## ${name} fails {scenario=database failed=${name}}`,
      '',
      '### Same computer and instance name {step=same-name-computer}',
      '',
      `### Restore the databases {step=restore-databases}`,
      '```sql',
      `RESTORE DATABASE [Analyst${i}] FROM DISK = \${failed.databases.Analyst${i}} WITH RECOVERY, STATS = 10;`,
      '```',
      '',
      '### Enable CLR {step=enable-clr}',
      '',
      '### Restore logins and permissions {step=restore-permissions}',
      '',
    );
    lines += 6 + 13;
  }
  return `${front}${extraServers.join('\n')}\n${body}\n${extraSections.join('\n')}`;
}

/** The YAML between the front matter's fences. */
export function frontMatterOf(text: string): string {
  return text.slice(4, text.indexOf('\n---\n', 4) + 1);
}

const EXAMPLES = ['contoso.runbook.md', 'contoso-2022.runbook.md', 'lab.runbook.md'].map((name) =>
  readFileSync(join(ROOT, 'examples', name), 'utf8'),
);

/**
 * `count` runbooks as sites write them: the three examples in turn, each with its own management
 * group, title, domain and backup share (the values a site changes; the structure stays valid).
 */
export function realisticRunbooks(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    EXAMPLES[i % EXAMPLES.length]!.replace(/^managementGroup: (\w+)$/m, `managementGroup: $1${i}`)
      .replace(/^title: (.+)$/m, `title: $1, site ${i}`)
      .replaceAll('.contoso.local', `.site${i}.contoso.local`)
      .replaceAll('.lab.local', `.site${i}.lab.local`)
      .replaceAll('\\\\vault01\\', `\\\\vault${i % 50}\\`)
      .replaceAll('\\\\nas01\\', `\\\\nas${i % 50}\\`),
  );
}
