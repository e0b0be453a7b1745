/**
 * No inventory value can end its literal. Hostile strings (quotes of every kind, $(), backticks, ;,
 * Unicode look-alikes) are quoted, then read back with a reference reader of each language's literal
 * syntax; POSIX shell literals are also read back by a real `sh`. Control characters are refused.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  refusedCharacter,
  powershellString,
  QuoteError,
  shellString,
  tsqlIdentifier,
  tsqlString,
} from '../../server/src/stepScripts/quote';
import { QUOTABLE_PIECES } from '../hostile';

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...QUOTABLE_PIECES),
      fc.string({ maxLength: 3 }).filter((s) => refusedCharacter(s) === undefined),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));
const controls = fc.constantFrom('\u0000', '\n', '\r', '\u001B', '\u0085', '\u2028', '\u007F');

/** Reads one quoted literal from the start of `text` (quote chars `quotes`, doubled to escape); returns its value and length. */
function readDoubledLiteral(
  text: string,
  open: string,
  quotes: RegExp,
  close = open,
): { value: string; length: number } {
  assert.ok(text.startsWith(open), `starts with ${open}`);
  let value = '';
  let i = open.length;
  for (;;) {
    assert.ok(i < text.length, 'literal is closed');
    const c = text[i]!;
    if (close === ']' ? c === ']' : quotes.test(c)) {
      if (text[i + 1] === c) {
        value += c;
        i += 2;
        continue;
      }
      return { value, length: i + 1 };
    }
    value += c;
    i++;
  }
}

describe('quoting', () => {
  it('PowerShell: the literal is the whole output and reads back as the value', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const quoted = powershellString(value);
        // PowerShell ends single-quoted strings at ' and at the typographic single quotes U+2018..U+201B.
        const read = readDoubledLiteral(quoted, "'", /['\u2018\u2019\u201A\u201B]/);
        assert.equal(read.length, quoted.length, 'nothing after the literal');
        assert.equal(read.value, value);
      }),
      { numRuns: 2000 },
    );
  });

  it('T-SQL strings and identifiers', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const quoted = tsqlString(value);
        const read = readDoubledLiteral(quoted, "N'", /'/, "'");
        assert.equal(read.length, quoted.length);
        assert.equal(read.value, value);
        if (value.length > 0 && value.length <= 128) {
          const identifier = tsqlIdentifier(value);
          const id = readDoubledLiteral(identifier, '[', /\]/, ']');
          assert.equal(id.length, identifier.length);
          assert.equal(id.value, value);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('POSIX shell: a real sh reads the literal back as one word with the value', () => {
    const values = fc.sample(hostile, { numRuns: 150, seed: 42 });
    const script = values.map((v) => `printf '%s\\0' ${shellString(v)}`).join('\n');
    const words = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
    assert.deepEqual(words, values);
  });

  it('refuses control characters, naming the value', () => {
    fc.assert(
      fc.property(hostile, controls, hostile, (a, control, b) => {
        for (const quote of [powershellString, tsqlString, shellString, tsqlIdentifier]) {
          assert.throws(
            () => quote(`${a}${control}${b}`.slice(0, 120), 'servers.SM01.fqdn'),
            (e: unknown) => e instanceof QuoteError && /servers\.SM01\.fqdn/.test(e.message),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses hidden characters, naming the character and the value', () => {
    const hidden = fc.constantFrom(
      '\u200B',
      '\u202E',
      '\u2066',
      '\u034F',
      '\uFE0F',
      '\u{E0072}',
      '\u3164',
      '\u2800',
    );
    fc.assert(
      fc.property(hostile, hidden, hostile, (a, character, b) => {
        for (const quote of [powershellString, tsqlString, shellString, tsqlIdentifier]) {
          assert.throws(
            () => quote(`${a}${character}${b}`.slice(0, 120), 'media'),
            (e: unknown) =>
              e instanceof QuoteError &&
              /^media contains a hidden character \(U\+[0-9A-F]{4,5} /.test(e.message),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses identifiers SQL Server cannot have', () => {
    assert.throws(() => tsqlIdentifier(''), QuoteError);
    assert.throws(() => tsqlIdentifier('x'.repeat(129)), QuoteError);
  });
});
