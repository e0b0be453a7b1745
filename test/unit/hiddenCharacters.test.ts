/** SMDR006 beyond its rule cases: the words, one finding per run, every character of the list, hostile text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CONTOSO, describeFindings, edit, findings, rangeOf } from '../helpers';
import { HOSTILE_PIECES } from '../hostile';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { firstHidden } from '../../server/src/runbook/hiddenCharacters';

const RESTORE = 'Restore ${failed.keyBackup}';

/** Every character the rule names, one string each (the tag characters as surrogate pairs). */
const HIDDEN = [
  0x00ad, 0x061c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
  0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xe0000, 0xe0001, 0xe0041,
  0xe007f,
  // Default-ignorable too, and what else shows as nothing: joiners, fillers, selectors, blanks.
  0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x2065, 0x206a, 0x206f, 0x3164, 0xfe00, 0xfe0f, 0xffa0,
  0x1bca0, 0x1d173, 0xe0100, 0xe0fff, 0x2800, 0xfffc,
].map((code) => String.fromCodePoint(code));

/** The characters that reorder what follows them: reported in a heading's title before its attributes. */
const REORDERING = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Look-alikes that are visible, or not on the list: never reported. */
const VISIBLE = ['\u00A0', '\u2212', '\u05D0', '\u0627', 'é', '😀', '\u2070', '\u3000'];

const hidden = (text: string) => findings(text, 'SMDR006');

describe('SMDR006 hidden-character', () => {
  it('names the character by code point and name, says why, and offers to remove it', () => {
    const text = edit(CONTOSO, RESTORE, `${RESTORE} 'x\u202E'`);
    const [finding, ...more] = hidden(text);
    assert.equal(more.length, 0, describeFindings(hidden(text)));
    assert.equal(
      finding!.message,
      'Hidden character U+202E RIGHT-TO-LEFT OVERRIDE in this code block: VS Code does not show it in Markdown, and it would make the text read differently from what runs. Remove it.',
    );
    assert.deepEqual(finding!.range, rangeOf(text, '\u202E'));
    assert.deepEqual(finding!.fixes, [
      { title: 'Remove the hidden character', edits: [{ range: finding!.range, text: '' }] },
    ]);
  });

  it('reports a run of adjacent characters once, naming each kind and what tag characters spell', () => {
    const tags = [...'rm -rf'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const run = `\u2066\u2066${tags}`;
    const text = edit(CONTOSO, RESTORE, `${RESTORE} ${run}`);
    const reported = hidden(text);
    assert.equal(reported.length, 1, describeFindings(reported));
    assert.deepEqual(reported[0]!.range, rangeOf(text, run));
    assert.match(
      reported[0]!.message,
      /^8 hidden characters \(U\+2066 LEFT-TO-RIGHT ISOLATE, U\+E0072 TAG CHARACTER, U\+E006D TAG CHARACTER and 3 other kinds\) in this code block, spelling out "rm -rf": .* Remove them\.$/,
    );
    assert.equal(reported[0]!.fixes?.[0]?.title, 'Remove the hidden characters');
  });

  it('finds every character of the list in a value, an attribute and a code block, and none in prose', () => {
    for (const c of HIDDEN) {
      const places = [
        edit(CONTOSO, 'title: Contoso', `title: Con${c}toso`),
        edit(CONTOSO, '{step=restore-key}', `{step=restore-key server=DW${c}01}`),
        edit(CONTOSO, RESTORE, `${RESTORE} # ${c}`),
      ];
      for (const text of places) {
        const reported = hidden(text);
        assert.equal(
          reported.length,
          1,
          `U+${c.codePointAt(0)!.toString(16)}: ${describeFindings(reported)}`,
        );
        assert.deepEqual(reported[0]!.range, rangeOf(text, c));
      }
      const prose = edit(
        CONTOSO,
        'Close the Service Manager console',
        `Close the Service${c} Manager console`,
      );
      assert.deepEqual(hidden(prose), [], `U+${c.codePointAt(0)!.toString(16)} in prose`);
      const title = edit(CONTOSO, '### Prepare SM02 {', `### Prepare${c} SM02 {`);
      if (REORDERING.has(c.codePointAt(0)!)) {
        const [reordering, ...others] = hidden(title);
        assert.equal(others.length, 0, describeFindings(others));
        assert.match(reordering!.message, / in the title before the attributes: /);
        assert.deepEqual(reordering!.range, rangeOf(title, c));
        // A title without attributes is only shown: right-to-left text may reorder it as it likes.
        assert.deepEqual(hidden(edit(CONTOSO, '# Contoso', `# Con${c}toso`)), []);
      } else assert.deepEqual(hidden(title), [], `U+${c.codePointAt(0)!.toString(16)} in a heading title`);
    }
    for (const c of VISIBLE) {
      const text = edit(edit(CONTOSO, RESTORE, `${RESTORE} '${c}'`), 'title: Contoso', `title: ${c}Contoso`);
      assert.deepEqual(hidden(text), [], JSON.stringify(c));
    }
  });

  it('reports exactly the runs of hidden characters among hostile pieces of a command (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HOSTILE_PIECES.filter((p) => !p.includes('\n') && !p.includes('`'))),
      fc.constantFrom(...HIDDEN, ...VISIBLE),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const line = pieces.join('');
        const text = edit(CONTOSO, RESTORE, `${RESTORE} ${line}`);
        const lineNumber = rangeOf(text, RESTORE).start.line;
        const expected = [...line.matchAll(new RegExp(`(?:${HIDDEN.join('|')})+`, 'gu'))].map((m) => {
          const start = text.split('\n')[lineNumber]!.indexOf(line) + m.index;
          return {
            start: { line: lineNumber, character: start },
            end: { line: lineNumber, character: start + m[0].length },
          };
        });
        assert.deepEqual(
          hidden(text).map((f) => f.range),
          expected,
        );
        const prose = edit(CONTOSO, 'Close the Service Manager console', `Close ${line} console`);
        assert.deepEqual(hidden(prose), []);
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on a long line of hidden characters and on one of near misses', () => {
    for (const line of ['\u202Ex'.repeat(100_000), '\u2070'.repeat(200_000), '\u200B'.repeat(200_000)]) {
      const text = edit(CONTOSO, RESTORE, `${RESTORE} ${line}`);
      const started = performance.now();
      const reported = hidden(text);
      const elapsed = performance.now() - started;
      // About half a second alone; quadratic work on 200,000 characters would take minutes.
      assert.ok(elapsed < 10_000, `${elapsed.toFixed(0)} ms`);
      // At most 100 runs one by one, and one finding for the rest.
      assert.equal(reported.length, line.startsWith('\u202E') ? 101 : line.startsWith('\u200B') ? 1 : 0);
    }
  });

  it("shows the hidden characters of another rule's message by code point in the editor", () => {
    // SMDR301 quotes the unknown step kind, zero-width space and override included.
    const text = edit(CONTOSO, '{step=manual}', '{step=man\u200Bual\u202E}');
    const unknown = findings(text, 'SMDR301')[0]!;
    assert.match(unknown.message, /man\u200Bual\u202E/);
    const shown = toDiagnostic(unknown, 'docs/rules.md').message;
    assert.ok(shown.includes('man\\u200bual\\u202e'), shown);
    assert.equal(firstHidden(shown), undefined);
  });

  it('reports a flood of runs as 100 and one for the rest, in every block (no stack overflow)', () => {
    const line = `# ${'a\u200B'.repeat(1_500)}`;
    const block = Array.from({ length: 100 }, () => line).join('\n');
    const text = edit(CONTOSO, RESTORE, `${RESTORE}\n${block}`);
    const reported = hidden(text);
    assert.equal(reported.length, 101);
    assert.match(reported[100]!.message, /^149900 more runs of hidden characters in this code block/);
    assert.equal(reported[100]!.range.end.line, rangeOf(text, RESTORE).start.line + 100);
  });
});
