/**
 * What to change when an instance cannot be read, named by the runbook key, setting or flag that
 * decides it: a certificate error names `sql.trustServerCertificate`, a refused login names the
 * login and `sql.user`, an address that does not answer names the server's `fqdn`, `instance` and
 * `sql.port` and the endpoint mapping. The driver's own message stays first, as it was.
 */
import type { SqlTarget } from './sqlTarget';

/** Where the address of an instance is mapped, in VS Code and on the command line. */
const ENDPOINTS = 'smdr.sql.endpoints in VS Code, --endpoint on the command line';

/** The sentence to add to `error` (the driver's message) for `server`'s instance at `target`, or undefined when none applies. */
export function remedyFor(
  error: string,
  server: string,
  target: SqlTarget,
  loginRefused: boolean,
): string | undefined {
  if (loginRefused) {
    const login =
      target.authentication === 'ntlm'
        ? `sql.user, sql.domain and sql.authentication`
        : `sql.user and sql.authentication`;
    return `SQL Server refused the login ${target.user ?? '(none)'} on ${target.instance}: check its password, or the login the runbook names in ${login}.`;
  }
  if (/certificate|self[- ]signed|altnames/i.test(error))
    return `This machine does not trust the certificate ${target.host} presented: install the certificate of its issuer here, or set sql.trustServerCertificate: true in the runbook if you trust this server and the network to it.`;
  if (/encrypt/i.test(error))
    return `The server and the runbook disagree on encryption: the runbook's sql.encrypt is ${target.encrypt}.`;
  if (/Request failed to complete|request timeout/i.test(error))
    return 'A query took longer than the request timeout: smdr.live.requestTimeout in VS Code, --request-timeout on the command line.';
  if (
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|getaddrinfo|Failed to connect|Port for .* not found/i.test(
      error,
    )
  ) {
    const where = `${target.host}${target.port !== null ? `:${target.port}` : target.browserInstance ? ` (instance ${target.browserInstance} through the SQL Server Browser)` : ''}`;
    return `Nothing answered as SQL Server at ${where}: check servers.${server}.fqdn, servers.${server}.instance and sql.port in the runbook, or map ${target.instance} to HOST:PORT (${ENDPOINTS}); a slow network needs a longer connect timeout (smdr.live.connectTimeout, --connect-timeout).`;
  }
  return undefined;
}

/** `error` with its remedy, when one applies. */
export function withRemedy(error: string, server: string, target: SqlTarget, loginRefused: boolean): string {
  const remedy = remedyFor(error, server, target, loginRefused);
  return remedy ? `${error.trimEnd().replace(/\.$/, '')}. ${remedy}` : error;
}
