/**
 * Every custom message between the extension (client) and the language server, in one place both
 * sides import: each request is a namespace with its `method`, its `type` (what `sendRequest` and
 * `onRequest` take, so that params and result are checked on both sides) and its params and result.
 * Only types are imported from the core, so the client bundle gains nothing but the request types.
 *
 * Every request that names a runbook carries the text the client sees (`text`): the server answers
 * from it when it differs from the synced document (a file not open, or an edit the server has not
 * heard of yet), and from the document's memoized analysis otherwise. A `uri` that does not end in
 * `.runbook.md` is answered with `null`.
 */
/* eslint-disable @typescript-eslint/no-namespace -- one namespace per request, as in vscode-eslint's customMessages.ts: a request's method, type, params and result read as one name */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { EstateNode } from './live/estate';
import type { SqlTarget } from './live/sqlTarget';
import type { PlannedScenario } from './stepScripts/plan';

/** The runbook a request is about, and the text the client sees of it. */
export interface RunbookParams {
  uri: string;
  text?: string;
}

/** Instance addresses by instance name (`smdr.sql.endpoints`): `{"SQL01": "127.0.0.1:14330"}`. */
export type EndpointSettings = Record<string, string>;

/**
 * Client → server: the resolved plan of a runbook (each scenario's steps, where each runs, its
 * command or why it has none), for the Recovery view, the code lenses, the status bar and the runner.
 */
export namespace PlanRequest {
  export const method = 'smdr/plan';
  export interface Params extends RunbookParams {
    /** `smdr.run.remoting`: a step for another computer runs through `Invoke-Command` (default true). */
    remoting?: boolean;
    /** The computer VS Code runs on, whose steps need no remoting. */
    localComputer?: string;
  }
  export interface Result {
    /** The hash of the text planned: the journal records it, and the runner compares it before a step. */
    hash: string;
    scenarios: PlannedScenario[];
    /** `managementGroup` and `objectives.rto` as written (null when absent), for the drill report. */
    managementGroup: string | null;
    rto: string | null;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/**
 * Client → server: where each server's SQL login goes (host, port, instance, login, protection) with
 * the endpoints the client uses, and the hash of the text it was read from. The client binds stored
 * passwords to these targets (Set/Forget SQL Server Password), and a T-SQL step runs against the
 * target of the text that was planned and confirmed.
 */
export namespace SqlTargetsRequest {
  export const method = 'smdr/sqlTargets';
  export interface Params extends RunbookParams {
    endpoints?: EndpointSettings;
  }
  export interface Result {
    /** The hash of the text the targets were read from (the plan's hash when that text was planned). */
    hash: string;
    /** By server name. */
    targets: Record<string, SqlTarget>;
    /** The names of the servers with the database role, in inventory order. */
    databaseServers: string[];
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}

/** A password the operator gave, with the target it was given for (the server checks it again). */
export interface GivenPassword {
  password: string;
  target: SqlTarget;
}

/**
 * Client → server: the Servers and Backups views and the live findings of one runbook, read in the
 * server process (mssql never loads in the extension host). One refresh is one request per runbook:
 * every answer names the `logins` the runbook needs, so the client, holding the answer that shows the
 * views (`probe: false`), gathers their passwords and sends them with the read (`probe: true`).
 */
export namespace LiveStateRequest {
  export const method = 'smdr/liveState';
  export interface Params extends RunbookParams {
    /** Read the servers (false: the views from the runbook and the last read state, no I/O). */
    probe: boolean;
    /** By instance. A password is used only for the target it was given for. */
    passwords?: Record<string, GivenPassword>;
    endpoints?: EndpointSettings;
    connectTimeoutMs?: number;
    requestTimeoutMs?: number;
  }
  export interface Result {
    /** The management group, or null when the runbook names none (the client shows its path). */
    title: string | null;
    servers: EstateNode[];
    backups: EstateNode[];
    /** The live findings (SMDR401–414), on the lines that declare what they are about. */
    diagnostics: Diagnostic[];
    checkedAt: string | null;
    /** The targets of the database servers that have a SQL login: what a password is asked for. */
    logins: SqlTarget[];
    /** Instances that refused the login in this read (not a cached one): the client forgets their password. */
    loginRefused: string[];
    /** Why nothing could be read (an inventory with errors, a failure), or null. */
    problem: string | null;
  }
  export const type = new RequestType<Params, Result | null, void>(method);
}
