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

export const USAGE = `Usage: smdr <command> [options]

Commands:
  check [--format text|json|sarif] PATH...   Validate runbooks (files, or folders searched for *.runbook.md).
                                             Exit 0: no errors; 1: errors found; 2: usage or I/O error.
  plan [--format text|json] [--local-computer NAME] [--no-remoting] RUNBOOK
                                             Each scenario's steps, where they run, and the command each
                                             runs. Exit 1 when a step has no command (the text says why).
  report [--out FOLDER] RUNBOOK              Write the drill report of the runbook's journal (.smdr/journal.jsonl)
                                             as Markdown and printable HTML (into .smdr/ by default).
  status [--format text|json] [--endpoint INSTANCE=HOST:PORT]... [--allow-unencrypted] RUNBOOK
                                             Live state of the estate (SQL Server with mssql, key and
                                             backup files) judged against objectives.rpo. Exit 0: all
                                             within objectives; 1: otherwise. Password as for sql.
  sql RUNBOOK --line N [--endpoint INSTANCE=HOST:PORT]... [--allow-unencrypted]
                                             Run the T-SQL step whose heading is on line N against its
                                             server, streaming SQL Server's messages. Password from
                                             SMDR_SQL_PASSWORD, or asked for. Exit 1 on a SQL error,
                                             3 when the login is refused; Ctrl+C stops the
                                             statement (exit 130). A login the runbook sends
                                             unencrypted (encrypt: false) is refused (exit 2)
                                             unless --allow-unencrypted is given. A restore-databases
                                             step restores each backup chain to the newest point, or
                                             to --stop-at 'YYYY-MM-DD HH:MM[:SS]' (asked in a terminal).
  sql --job FILE --sha256 HEX                How VS Code runs a confirmed T-SQL step: the statement
                                             and server in FILE, refused if its SHA-256 differs.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.
`;
