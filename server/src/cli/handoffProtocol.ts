/**
 * The password handoff between the extension (client/src/runner/handoff.ts) and `smdr sql`
 * (sqlAccess.ts): a run presents its one-time token on a line to get the password, and may later send
 * this prefix and the same token to say SQL Server refused it.
 */
export const REFUSED = 'refused ';
