/** A problem with how the command was called or what it was given: a one-line message and exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: smdr <command> [options]

Commands:
  check [--format text|json|sarif] PATH...   Validate runbooks (files, or folders searched for *.runbook.md).
                                             Exit 0: no errors; 1: errors found; 2: usage or I/O error.

Options:
  -h, --help      Show this help.
  -v, --version   Show the version.
`;
