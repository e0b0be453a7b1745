/** Generated runbooks of a given size: a valid estate that grows by database servers and their sections. */
import { CONTOSO } from '../helpers';

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
