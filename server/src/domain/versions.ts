/**
 * What differs between the Service Manager versions in use today (domain.md, "Versions in use
 * today"), each fact with the documentation page it was checked against (MicrosoftDocs/SystemCenterDocs).
 * Pure data and arithmetic on version numbers: rules, hover and live findings read it.
 */

export const SCSM_VERSIONS = ['2016', '2019', '2022', '2025'] as const;
export type ScsmVersion = (typeof SCSM_VERSIONS)[number];

export interface DocsPage {
  /** Path in the MicrosoftDocs/SystemCenterDocs repository. */
  path: string;
  /** The page as published on learn.microsoft.com. */
  url: string;
}

/** The system-requirements page of a version: it includes `includes/system-reqs-sm-<version>.md`. */
export function requirementsPage(version: ScsmVersion): DocsPage {
  return {
    path: `SystemCenterDocs/includes/system-reqs-sm-${version}.md`,
    url: `https://learn.microsoft.com/system-center/scsm/system-requirements?view=sc-sm-${version}`,
  };
}

/** A SQL Server release, by the major version `SERVERPROPERTY('ProductMajorVersion')` reports. */
export interface SqlServerRelease {
  name: '2014' | '2016' | '2017' | '2019' | '2022' | '2025';
  major: number;
  /** The lowest build supported (SQL Server 2019 is supported from CU8 only, not RTM). */
  minimumBuild?: readonly [number, number, number, number];
  /** A condition the requirements page adds that the instance cannot show (an update rollup). */
  note?: string;
}

const SQL_2014: SqlServerRelease = { name: '2014', major: 12 };
const SQL_2016: SqlServerRelease = { name: '2016', major: 13 };
const SQL_2017: SqlServerRelease = { name: '2017', major: 14 };
/** SQL Server 2019 CU8 is build 15.0.4073.23: "supports SQL 2019 with CU8 or later; ... doesn't support SQL 2019 RTM". */
const SQL_2019_CU8: SqlServerRelease = { name: '2019', major: 15, minimumBuild: [15, 0, 4073, 23] };
const SQL_2022: SqlServerRelease = { name: '2022', major: 16 };
const SQL_2025: SqlServerRelease = {
  name: '2025',
  major: 17,
  note: 'supported from Service Manager 2025 Update Rollup 1',
};

export interface VersionFacts {
  version: ScsmVersion;
  /** SQL Server releases supported for the Service Manager and data warehouse databases. */
  sqlServers: readonly SqlServerRelease[];
  /**
   * Whether the requirements page gives the script that trusts Service Manager's assemblies
   * (`sys.sp_add_trusted_assembly`) for `clr strict security`, on by default from SQL Server 2017.
   */
  clrStrictSecurity: boolean;
  /** Whether the page requires SQL Server full-text search on the database instances. */
  fullTextSearch: boolean;
  source: DocsPage;
}

const FACTS: Record<ScsmVersion, VersionFacts> = {
  '2016': {
    version: '2016',
    sqlServers: [SQL_2014, SQL_2016],
    clrStrictSecurity: false,
    fullTextSearch: false,
    source: requirementsPage('2016'),
  },
  '2019': {
    version: '2019',
    sqlServers: [SQL_2016, SQL_2017, SQL_2019_CU8],
    clrStrictSecurity: true,
    fullTextSearch: true,
    source: requirementsPage('2019'),
  },
  '2022': {
    version: '2022',
    sqlServers: [SQL_2017, SQL_2019_CU8],
    clrStrictSecurity: true,
    fullTextSearch: true,
    source: requirementsPage('2022'),
  },
  '2025': {
    version: '2025',
    sqlServers: [SQL_2019_CU8, SQL_2022, SQL_2025],
    clrStrictSecurity: true,
    fullTextSearch: true,
    source: requirementsPage('2025'),
  },
};

export function versionFacts(version: ScsmVersion): VersionFacts {
  return FACTS[version];
}

export function isScsmVersion(value: unknown): value is ScsmVersion {
  return typeof value === 'string' && (SCSM_VERSIONS as readonly string[]).includes(value);
}

/** SQL Server enables `clr strict security` by default from 2017 (major version 14). */
export const CLR_STRICT_SECURITY_FROM_MAJOR = 14;

export function clrStrictSecurityApplies(version: ScsmVersion): boolean {
  return FACTS[version].clrStrictSecurity;
}

export function fullTextSearchRequired(version: ScsmVersion): boolean {
  return FACTS[version].fullTextSearch;
}

/** `15.0.4073.23` as four numbers; undefined for anything else (a server answer is hostile input). */
export function parseProductVersion(text: string): [number, number, number, number] | undefined {
  const match = /^(\d{1,5})\.(\d{1,5})\.(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
}

function compareBuilds(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 4; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The supported release a SQL Server `ProductVersion` falls in, or undefined when that version of
 * Service Manager does not support it (another release, or SQL Server 2019 before CU8).
 */
export function supportedSqlRelease(
  version: ScsmVersion,
  productVersion: readonly [number, number, number, number],
): SqlServerRelease | undefined {
  return FACTS[version].sqlServers.find(
    (release) =>
      release.major === productVersion[0] &&
      (!release.minimumBuild || compareBuilds(productVersion, release.minimumBuild) >= 0),
  );
}

/** "SQL Server 2017, 2019 CU8 or later": the supported list in words, for messages and hover. */
export function describeSqlServers(version: ScsmVersion): string {
  const names = FACTS[version].sqlServers.map(
    (r) => `${r.name}${r.minimumBuild ? ' CU8 or later' : ''}${r.note ? ` (${r.note})` : ''}`,
  );
  return `SQL Server ${names.join(', ')}`;
}
