/** Fixed facts of a Service Manager installation that commands rely on (domain.md). */

/** Windows services of a management server, by service name (display names changed between releases). */
export const MANAGEMENT_SERVICES = ['OMSDK', 'cshost', 'HealthService'] as const;

export const INSTALL_FOLDER = 'C:\\Program Files\\Microsoft System Center 2016\\Service Manager';
export const HEALTH_SERVICE_STATE = 'Health Service State';

/** Where a management server records the database it uses. */
export const DATABASE_REGISTRY_KEY = 'HKLM:\\SOFTWARE\\Microsoft\\System Center\\2010\\Common\\Database';

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
