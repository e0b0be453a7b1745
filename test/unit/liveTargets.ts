/** SQL targets for the password tests: `instance` at its computer's contoso.local name, port 1433, the runbook's reader login, encrypted. */
import type { SqlTarget } from '../../server/src/live/sqlTarget';

export const target = (instance: string, changes: Partial<SqlTarget> = {}): SqlTarget => ({
  instance,
  host: `${instance.split('\\')[0]!.toLowerCase()}.contoso.local`,
  port: 1433,
  browserInstance: null,
  authentication: 'sql',
  user: 'smdr-reader',
  domain: null,
  encrypt: true,
  trustServerCertificate: false,
  ...changes,
});
