/** How `smdr sql` and `smdr status` reach SQL Server: endpoints from the environment and flags, the password from the environment or a prompt. */
import { parseEndpoint, type Endpoints } from '../live/connection';
import { promptHidden } from './prompt';
import { UsageError } from './usage';

/**
 * SMDR_SQL_ENDPOINTS ("SQL01\SCSM=host:port;...") is how the extension's terminals pass the
 * smdr.sql.endpoints setting; --endpoint flags add to it.
 */
export function endpointsFrom(flags: readonly string[]): Endpoints {
  const fromEnvironment = (process.env.SMDR_SQL_ENDPOINTS ?? '').split(';').filter(Boolean);
  try {
    return new Map([...fromEnvironment, ...flags].map(parseEndpoint));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function sqlPassword(question: string): Promise<string> {
  const password = process.env.SMDR_SQL_PASSWORD;
  return password === undefined ? promptHidden(question) : Promise.resolve(password);
}
