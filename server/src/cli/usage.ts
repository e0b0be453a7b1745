/** A problem with how the command was called or what it was given: a one-line message and exit code 2. */
export class UsageError extends Error {}

/** The one runbook a command takes; `synopsis` is the command line shown when it is missing. */
export function oneRunbook(positionals: string[], synopsis: string): string {
  if (positionals.length !== 1)
    throw new UsageError(`${synopsis.split(' ')[0]} needs one runbook: smdr ${synopsis}`);
  return positionals[0]!;
}

/** `--format` of the commands that print text or JSON. */
export function textOrJson(format: string | undefined): 'text' | 'json' {
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown format '${format}': use text or json`);
  return format;
}

/** Each command's help: `smdr COMMAND --help` prints it (exit 0, to stdout). */
export const COMMAND_HELP = {
  check: `Usage: smdr check [--format text|json|sarif] PATH...

Validate runbooks: files, or folders searched for *.runbook.md (links out of the folder are not
followed). Prints one line per problem (FILE:LINE:COLUMN SEVERITY CODE message) and a summary on stderr.

Options:
  --format text|json|sarif   How problems are printed (default text).
  -h, --help                 Show this help.

Exit 0: no errors; 1: errors found; 2: usage or I/O error.`,
  plan: `Usage: smdr plan [--format text|json] [--local-computer NAME] [--no-remoting] RUNBOOK

Each scenario's steps, where they run, and the command each runs.

Options:
  --format text|json        How the plan is printed (default text).
  --local-computer NAME     The computer the steps are run from: its steps need no remoting.
  --no-remoting             Steps for other computers run where they are typed, not through Invoke-Command.
  -h, --help                Show this help.

Exit 0: every step has a command; 1: a step has none (the text says why); 2: usage or I/O error.`,
  report: `Usage: smdr report [--out FOLDER] RUNBOOK

Write the drill report of the runbook's journal (.smdr/journal.jsonl beside it) as Markdown and
printable HTML, and print the two paths.

Options:
  --out FOLDER   Where to write the report (default: the .smdr folder beside the runbook).
  -h, --help     Show this help.

Exit 0: written; 2: usage or I/O error.`,
  status: `Usage: smdr status [--format text|json] [--endpoint INSTANCE=HOST:PORT]... [--allow-unencrypted]
                   [--connect-timeout SECONDS] [--request-timeout SECONDS] RUNBOOK

The live state of the estate: each database server read with mssql (instance, databases, backup
history from msdb) and each key, backup and management pack path checked, judged against the
runbook's objectives.rpo.

Options:
  --format text|json               How the state is printed (default text).
  --endpoint INSTANCE=HOST:PORT    Reach INSTANCE (as the runbook names it: SQL01\\SCSM) at HOST:PORT;
                                   repeatable. SMDR_SQL_ENDPOINTS="SQL01\\SCSM=HOST:PORT;..." adds more.
  --allow-unencrypted              Send the login although the runbook says encrypt: false.
  --connect-timeout SECONDS        Per instance (default 15).
  --request-timeout SECONDS        Per query (default 30).
  -h, --help                       Show this help.

The password of the runbook's sql.user is read from SMDR_SQL_PASSWORD, or asked for once.

Exit 0: everything within objectives; 1: otherwise; 2: usage or I/O error.`,
  sql: `Usage: smdr sql RUNBOOK --line N [--endpoint INSTANCE=HOST:PORT]... [--allow-unencrypted]
                [--connect-timeout SECONDS] [--request-timeout SECONDS] [--stop-at 'YYYY-MM-DD HH:MM[:SS]']
       smdr sql --job FILE --sha256 HEX

Run the T-SQL step whose heading is on line N against its server, streaming SQL Server's messages
(a restore's STATS progress). A restore-databases step restores each backup chain to the newest
point, or to --stop-at (asked in a terminal when not given). Ctrl+C asks SQL Server to stop the
statement. The second form is how VS Code runs a confirmed step: the statement and server in FILE,
refused if its SHA-256 differs.

Options:
  --line N                         The line of the step's heading.
  --endpoint INSTANCE=HOST:PORT    Reach INSTANCE at HOST:PORT; repeatable (also SMDR_SQL_ENDPOINTS).
  --allow-unencrypted              Send the login although the runbook says encrypt: false.
  --connect-timeout SECONDS        Default 15.
  --request-timeout SECONDS        Default 0: a restore may take hours.
  --stop-at 'YYYY-MM-DD HH:MM[:SS]'  The point in time a restore-databases step restores to.
  -h, --help                       Show this help.

The password of the runbook's sql.user is read from SMDR_SQL_PASSWORD, or asked for. A job (--job)
takes it only from VS Code, and sends it unencrypted only when the operator agreed there.

Exit 0: done; 1: SQL Server reported an error; 2: usage or I/O error (a login the runbook sends
unencrypted without --allow-unencrypted); 3: the login was refused; 130: stopped with Ctrl+C.`,
} as const;

/** The help of `command` when its arguments ask for it (`-h` or `--help` before any `--`), else undefined. */
export function commandHelp(command: string | undefined, args: readonly string[]): string | undefined {
  if (!command || !Object.hasOwn(COMMAND_HELP, command)) return undefined;
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return options.some((a) => a === '--help' || a === '-h')
    ? COMMAND_HELP[command as keyof typeof COMMAND_HELP]
    : undefined;
}

export const USAGE = `Usage: smdr <command> [options]

Commands:
  check PATH...     Validate runbooks (files, or folders searched for *.runbook.md).
  plan RUNBOOK      Each scenario's steps, where they run, and the command each runs.
  report RUNBOOK    Write the drill report of the runbook's journal as Markdown and HTML.
  status RUNBOOK    Live state of the estate (SQL Server, key and backup files) against objectives.rpo.
  sql RUNBOOK --line N
                    Run the T-SQL step whose heading is on line N against its server.

Run smdr <command> --help for a command's options and exit codes.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.
`;
