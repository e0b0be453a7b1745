/**
 * The front matter's schema, written once: validation (SMDR002/003), completion and hover read it,
 * and scripts/generate-schema.ts turns it into schemas/runbook-front-matter.schema.json.
 */
import { SCSM_VERSIONS } from '../domain/versions';
import { KNOWN_DATABASES, ROLES } from '../domain/vocabulary';

export type Schema =
  | {
      type: 'string';
      format?: 'path' | 'url' | 'duration' | 'dns' | 'instance' | 'database' | 'text';
      description: string;
    }
  | { type: 'integer'; const?: number; description: string }
  | { type: 'boolean'; description: string }
  | { type: 'enum'; values: readonly string[]; description: string }
  | { type: 'roles'; description: string }
  | { type: 'object'; properties: Record<string, Schema>; required?: readonly string[]; description: string }
  | { type: 'map'; keyDescription: string; values: Schema; nullable?: boolean; description: string };

export const DURATION_PATTERN = /^(\d+)([mhd])$/;

const path = (description: string): Schema => ({ type: 'string', format: 'path', description });

export const SERVER_SCHEMA: Schema = {
  type: 'object',
  description: 'One computer of the installation.',
  required: ['role'],
  properties: {
    role: {
      type: 'roles',
      description: `What the computer does: ${ROLES.join(', ')}; a list when one computer holds several roles.`,
    },
    primary: {
      type: 'boolean',
      description: 'Management servers only: the primary (initial, workflow) server. Exactly one is primary.',
    },
    fqdn: {
      type: 'string',
      format: 'dns',
      description: 'Fully qualified DNS name; its first label is the computer name. Promotion needs it.',
    },
    keyBackup: path(
      'Management and data warehouse servers: the encryption key file saved with SecureStorageBackup, kept off this server.',
    ),
    installFolder: path(
      'Management and data warehouse servers: the folder Service Manager is installed in, when the commands should not read it from the registry (Setup > InstallDirectory).',
    ),
    reportServer: {
      type: 'string',
      format: 'url',
      description:
        'Data warehouse server: the original report server URL, needed again when it is reinstalled.',
    },
    instance: {
      type: 'string',
      format: 'instance',
      description:
        'Database servers: the SQL Server instance name; absent means the default instance (MSSQLSERVER).',
    },
    dataFolder: path(
      'Database servers: where restored data files go when their original folders do not exist on the rebuilt computer.',
    ),
    logFolder: path(
      'Database servers: where restored log files go when their original folders do not exist on the rebuilt computer.',
    ),
    databases: {
      type: 'map',
      keyDescription: 'database name',
      nullable: true,
      values: path(
        'The backup file to restore this database from, or a folder (ending in `\\` or `/`) whose backup files the restore reads to rebuild the chain to the newest point (null when there is none yet).',
      ),
      description:
        'Database servers: the databases hosted here, each with the backup file to restore it from.',
    },
  },
};

export const FRONT_MATTER_SCHEMA: Schema & { type: 'object' } = {
  type: 'object',
  description: 'The inventory of a Service Manager recovery runbook.',
  required: ['smdr', 'managementGroup', 'servers'],
  properties: {
    smdr: { type: 'integer', const: 1, description: 'Runbook format version. Must be 1.' },
    scsm: {
      type: 'enum',
      values: SCSM_VERSIONS,
      description:
        'The Service Manager version this runbook describes (2016, 2019, 2022 or 2025): it decides the supported SQL Server versions, CLR strict security and full-text search.',
    },
    databaseNames: {
      type: 'object',
      description:
        'The database names chosen at Setup, by default name (`ServiceManager: SM_Prod`). A database not listed keeps its default name.',
      properties: Object.fromEntries(
        KNOWN_DATABASES.map((name): [string, Schema] => [
          name,
          {
            type: 'string',
            format: 'database',
            description: `This installation's name for the \`${name}\` database (at most 128 characters).`,
          },
        ]),
      ),
    },
    title: { type: 'string', format: 'text', description: 'Title of the runbook.' },
    managementGroup: {
      type: 'string',
      format: 'text',
      description: 'Name of the Service Manager management group. Setup asks for it again on reinstall.',
    },
    objectives: {
      type: 'object',
      description: 'Recovery objectives.',
      properties: {
        rpo: {
          type: 'string',
          format: 'duration',
          description: 'Recovery point objective (30m, 24h, 7d): the oldest a backup may be.',
        },
        rto: {
          type: 'string',
          format: 'duration',
          description: 'Recovery time objective (30m, 4h, 1d): how long a recovery may take; judges drills.',
        },
      },
    },
    media: path('Installation media root: holds Setup.exe and Tools\\SecureStorageBackup.'),
    managementPacks: path('Folder of the exported unsealed management packs, on another computer.'),
    permissionScripts: path('Folder of the saved SQL Server logins and permissions scripts.'),
    servers: {
      type: 'map',
      keyDescription: 'computer name (NetBIOS)',
      values: SERVER_SCHEMA,
      description: 'Every computer of the installation, by computer name.',
    },
    sql: {
      type: 'object',
      description:
        'How live state is read from SQL Server. Never a password: it is kept in the secret store.',
      properties: {
        authentication: {
          type: 'enum',
          values: ['sql', 'ntlm'],
          description: 'SQL Server or Windows (NTLM) authentication.',
        },
        user: { type: 'string', format: 'text', description: 'Login name (read-only rights suffice).' },
        domain: { type: 'string', format: 'text', description: 'Windows domain, for ntlm.' },
        encrypt: { type: 'boolean', description: 'Encrypt the connection (default true).' },
        trustServerCertificate: {
          type: 'boolean',
          description: 'Accept a server certificate that does not validate (default false).',
        },
        port: { type: 'integer', description: 'TCP port, when not 1433 or the SQL Browser.' },
        collation: {
          type: 'string',
          format: 'text',
          description:
            'The collation the databases were created with (e.g. SQL_Latin1_General_CP1_CI_AS): the live state compares it with the collation of a rebuilt instance (SMDR411).',
        },
      },
    },
  },
};

/** The schema at a path of keys (map keys are wildcards), or undefined past a leaf. */
export function schemaAt(keys: readonly string[]): Schema | undefined {
  let schema: Schema | undefined = FRONT_MATTER_SCHEMA;
  for (const key of keys) {
    if (!schema) return undefined;
    if (schema.type === 'object') schema = schema.properties[key];
    else if (schema.type === 'map') schema = schema.values;
    else return undefined;
  }
  return schema;
}
