/** The `smdr` command. Every failure ends in a one-line message and an exit code, never a stack trace. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, type Output } from './cli/check';
import { loadCodeParsers } from './code/load';
import { plan } from './cli/plan';
import { report } from './cli/report';
import { EXIT } from './cli/exitCodes';
import { terminalSafe } from './cli/terminalText';
import { commandHelp, USAGE, UsageError } from './cli/usage';

const VERSION = process.env.SMDR_VERSION ?? '0';
const DOCS = pathToFileURL(join(__dirname, '..', 'docs', 'rules.md')).href;

export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  const help = commandHelp(command, rest);
  if (help !== undefined) {
    out.stdout(help);
    return 0;
  }
  try {
    // The code parsers (WASM) load before any analysis: the rules that use them are synchronous.
    await loadCodeParsers();
    switch (command) {
      case 'check':
        return check(rest, out, VERSION, DOCS);
      case 'plan':
        return plan(rest, out);
      case 'report':
        return report(rest, out);
      case 'status':
        return await (await import('./cli/status.js')).status(rest, out);
      case 'sql':
        return await (await import('./cli/sql.js')).runSql(rest, out);
      case '-v':
      case '--version':
        out.stdout(VERSION);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (see smdr --help)`);
    }
  } catch (error) {
    const message =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? (error as Error).message
        : `internal error: ${(error as Error).message}`;
    out.stderr(`smdr: ${terminalSafe(message)}`);
    return EXIT.usage;
  }
}

const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(`${text}\n`);
let finished = false;
// Node ends a process with nothing left to wait for with exit code 0, even while main() has not
// finished (a promise that never settles, a WebAssembly module that never loads): that is no pass.
process.on('exit', (code) => {
  if (finished || code !== 0) return;
  process.stderr.write('smdr: internal error: stopped before finishing\n');
  process.exitCode = EXIT.usage;
});
void main(process.argv.slice(2), { stdout: write(process.stdout), stderr: write(process.stderr) }).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
);
