/** Reads a secret from the terminal without echoing it. Refuses when there is no terminal to ask on. */
import { UsageError } from './usage';

export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY)
    return Promise.reject(
      new UsageError('no password: set SMDR_SQL_PASSWORD, or run in a terminal to be asked for it'),
    );
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') {
          finish();
          return resolve(answer);
        }
        if (c === '\u0003') {
          finish();
          return reject(new UsageError('cancelled'));
        }
        answer = c === '\u007f' ? answer.slice(0, -1) : answer + c;
      }
    };
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}
