/** Fixed facts of a Service Manager installation that commands rely on (domain.md). */

/** Windows services of a management server, by service name (display names changed between releases). */
export const MANAGEMENT_SERVICES = ['OMSDK', 'cshost', 'HealthService'] as const;

/**
 * Where Setup records the install folder (`InstallDirectory`, ending in `\`), as Microsoft's support
 * scripts read it: the folder differs by version and Setup lets the administrator choose it.
 */
export const SETUP_REGISTRY_KEY = 'HKLM:\\SOFTWARE\\Microsoft\\System Center\\2010\\Service Manager\\Setup';
export const HEALTH_SERVICE_STATE = 'Health Service State';

/**
 * Where a management server records the database it uses. The docs write the key three ways; the
 * check after Setup reads the first that exists and says which.
 */
export const DATABASE_REGISTRY_KEYS = [
  'HKLM:\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Database',
  'HKLM:\\SOFTWARE\\Microsoft\\System Center\\2012\\Common\\Database',
] as const;

export const SECURE_STORAGE_BACKUP = 'Tools\\SecureStorageBackup\\SecureStorageBackup.exe';
export const SERVICE_MANAGER_MODULE = 'Powershell\\System.Center.Service.Manager.psd1';

export const DEFAULT_INSTANCE = 'MSSQLSERVER';

/** The Windows service of a SQL Server instance. */
export function sqlServiceName(instance: string | undefined): string {
  return !instance || instance.toUpperCase() === DEFAULT_INSTANCE ? DEFAULT_INSTANCE : `MSSQL$${instance}`;
}

/** How clients address an instance: COMPUTER or COMPUTER\INSTANCE. */
export function instanceAddress(computer: string, instance: string | undefined): string {
  return !instance || instance.toUpperCase() === DEFAULT_INSTANCE ? computer : `${computer}\\${instance}`;
}
