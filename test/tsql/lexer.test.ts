/**
 * smdr's own T-SQL reading (server/src/code/tsqlLexer.ts, used by SMDR316) against SQL Server's:
 * on generated batches full of quotes, brackets, N-prefixes and nested comments that ScriptDom
 * accepts, every string literal, quoted identifier and comment the lexer finds is exactly a token of
 * ScriptDom's stream with the same place and kind, and the lexer finds all of them.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { tsqlSpans } from '../../server/src/code/tsqlLexer';
import { controlCharacter } from '../../server/src/stepScripts/quote';
import { regionOf, startScriptDom } from './scriptDom';

const { scriptDom, skip } = startScriptDom();
after(() => scriptDom?.close());

const PIECES = [
  "'",
  "''",
  '"',
  ']',
  '[',
  '--',
  '/*',
  '*/',
  "N'",
  '*',
  '/',
  '-',
  ';',
  ' ',
  'x',
  'é',
  '😀',
  '\u2019',
  '`',
  '$',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 2 })), { maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((s) => controlCharacter(s) === undefined);
/** Comment text that neither opens nor closes a comment of its own. */
const inert = text.map((s) => s.replace(/\/\*|\*\//g, '').replace(/\/$|^\*/, ''));

const literal = fc.oneof(
  text.map((s) => `N'${s.replace(/'/g, "''")}'`),
  text.map((s) => `'${s.replace(/'/g, "''")}'`),
);
const identifier = fc.oneof(
  text.filter((s) => s.length > 0).map((s) => `[${s.replace(/\]/g, ']]')}]`),
  text.filter((s) => s.length > 0).map((s) => `"${s.replace(/"/g, '""')}"`),
);
const comment = fc.oneof(
  inert.map((s) => `-- ${s}\n`),
  inert.map((s) => `/* ${s} */`),
  fc.tuple(inert, inert).map(([a, b]) => `/* ${a} /* ${b} */ ${a} */`),
);
const statement = fc
  .tuple(literal, identifier, fc.array(comment, { maxLength: 2 }), literal)
  .map(([value, name, comments, other]) => `SELECT ${value} AS ${name}, ${other} ${comments.join(' ')};`);
const batch = fc.array(statement, { minLength: 1, maxLength: 4 }).map((s) => s.join('\n'));

describe("the T-SQL lexer of SMDR316 against ScriptDom's token stream", { skip }, () => {
  it('finds the same strings, quoted identifiers and comments, at the same offsets', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (sql) => {
        const parsed = await scriptDom!.parse(sql);
        if (parsed.errors.length > 0) return; // only what SQL Server itself reads is a reference
        compared++;
        const expected = parsed.tokens
          .filter((t) => regionOf(t) !== 'code')
          // ScriptDom's N'...' token includes the N; the lexer's string starts at the quote.
          .map((t) => ({
            start: t.offset + (t.type === 'UnicodeStringLiteral' ? 1 : 0),
            end: t.offset + t.text.length,
            region: regionOf(t),
          }));
        assert.deepEqual(tsqlSpans(sql), expected, sql);
      }),
      { numRuns: 300 },
    );
    assert.ok(compared > 200, `only ${compared} batches parsed`);
  });
});
