/**
 * Runbooks for the PowerShell and T-SQL tests: the complete example's scenarios (every step kind) over
 * an inventory whose every free value is hostile, plus custom PowerShell and T-SQL blocks made of
 * placeholders. Each hostile value starts with a marker of its own (`§3§`), so that a test can find
 * where it landed in a command; the rest of it is the attack.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { refusedCharacter } from '../../server/src/stepScripts/quote';
import { CONTOSO } from '../helpers';
import { QUOTABLE_PIECES } from '../hostile';

/** A hostile string of 0 to 8 pieces (no control characters: those are refused upstream, tested there). */
export const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...QUOTABLE_PIECES),
      fc.string({ maxLength: 3 }).filter((s) => refusedCharacter(s) === undefined && !s.includes('§')),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** The inventory slots that take a free value, in the order `values` fills them. */
const SLOTS = [
  'media',
  'managementPacks',
  'permissionScripts',
  'managementGroup',
  'SM01.fqdn',
  'SM01.keyBackup',
  'SM02.fqdn',
  'SM02.keyBackup',
  'DW01.fqdn',
  'DW01.keyBackup',
  'DW01.reportServer',
  'SQL01.fqdn',
  'SQL01.instance',
  'SQL01.ServiceManager',
  'SQL01.extraDatabase',
  'SQL01.extraBackup',
  'SQL02.fqdn',
  'SQL02.instance',
  'SQL02.DWStagingAndConfig',
  'SQL02.DWRepository',
  'SQL02.DWDataMart',
] as const;
export const SLOT_COUNT = SLOTS.length;

export interface HostileRunbook {
  text: string;
  /** By marker (`§3§`), the whole value that starts with it. */
  values: Map<string, string>;
  /** By slot, the value. */
  slots: Record<(typeof SLOTS)[number], string>;
}

const CUSTOM = `
## Custom steps {scenario=database failed=SQL01}

### Custom PowerShell {step=custom server=SQL01}
\`\`\`powershell
& (Join-Path \${media} 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe') Restore \${servers.SM01.keyBackup} \${failed.fqdn} \${managementGroup}
Write-Host \${failed.instance} \${servers.DW01.reportServer}
\`\`\`

### Custom T-SQL {step=custom}
\`\`\`sql
RESTORE DATABASE [ServiceManager] FROM DISK = \${failed.databases.ServiceManager} WITH RECOVERY, STATS = 10;
SELECT \${managementGroup} AS managementGroup, \${failed.fqdn} AS fqdn;
\`\`\`
`;

/**
 * The example runbook with `attacks[i]` in slot i (missing ones empty). An fqdn starts with the
 * computer's name as its first label, so that a remote step still reaches the right computer.
 */
export function hostileRunbook(attacks: readonly string[]): HostileRunbook {
  const values = new Map<string, string>();
  const slots = Object.fromEntries(
    SLOTS.map((slot, i) => {
      const marker = `§${i}§`;
      const server = slot.split('.')[0]!;
      const value = slot.endsWith('.fqdn')
        ? `${server.toLowerCase()}.${marker}${attacks[i] ?? ''}`
        : `${marker}${attacks[i] ?? ''}`;
      values.set(marker, value);
      return [slot, value];
    }),
  ) as HostileRunbook['slots'];
  const s = slots;
  const inventory = {
    smdr: 1,
    title: 'Hostile',
    managementGroup: s.managementGroup,
    media: s.media,
    managementPacks: s.managementPacks,
    permissionScripts: s.permissionScripts,
    servers: {
      SM01: { role: 'management', primary: true, fqdn: s['SM01.fqdn'], keyBackup: s['SM01.keyBackup'] },
      SM02: { role: 'management', fqdn: s['SM02.fqdn'], keyBackup: s['SM02.keyBackup'] },
      DW01: {
        role: 'data-warehouse',
        fqdn: s['DW01.fqdn'],
        keyBackup: s['DW01.keyBackup'],
        reportServer: s['DW01.reportServer'],
      },
      SQL01: {
        role: 'database',
        fqdn: s['SQL01.fqdn'],
        instance: s['SQL01.instance'],
        databases: {
          ServiceManager: s['SQL01.ServiceManager'],
          [s['SQL01.extraDatabase']]: s['SQL01.extraBackup'],
        },
      },
      SQL02: {
        role: 'database',
        fqdn: s['SQL02.fqdn'],
        instance: s['SQL02.instance'],
        databases: {
          DWStagingAndConfig: s['SQL02.DWStagingAndConfig'],
          DWRepository: s['SQL02.DWRepository'],
          DWDataMart: s['SQL02.DWDataMart'],
        },
      },
    },
  };
  const body = CONTOSO.slice(CONTOSO.indexOf('\n---\n', 4) + 5);
  return { text: `---\n${stringify(inventory)}---\n${body}${CUSTOM}`, values, slots };
}

/** Every marker in `text`, with the offset of each occurrence. */
export function markersIn(text: string): { marker: string; offset: number }[] {
  return [...text.matchAll(/§\d+§/g)].map((m) => ({ marker: m[0], offset: m.index }));
}
