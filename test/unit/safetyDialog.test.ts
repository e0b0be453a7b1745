import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  safetyDialog,
  SHOWN_CHARACTERS,
  SHOWN_LINES,
  statementDetail,
} from '../../client/src/runner/dialogs';
import { HOSTILE_PIECES } from '../hostile';

const labels = { cancel: 'Cancel', close: 'Close' };
const words = {
  target: 'Acts on:',
  statement: 'Runs:',
  more: (n: number) => `… and ${n} more lines`,
  cut: (n: number) => `… (cut: ${n} more characters)`,
};

describe('safety dialogs', () => {
  it("make Cancel VS Code's default button: the first item that is not the close affordance, which does not confirm", () => {
    const dialog = safetyDialog('Run "Restore ServiceManager"?', 'Run', labels, 'detail');
    assert.deepEqual(
      dialog.items.map((i) => [i.title, i.isCloseAffordance, i.confirms]),
      [
        ['Cancel', false, false],
        ['Run', false, true],
        ['Close', true, false],
      ],
    );
    // VS Code's modal: the close affordance becomes the cancel button; the rest keep their order, the first is primary.
    const primary = dialog.items.find((i) => !i.isCloseAffordance)!;
    assert.equal(primary.title, 'Cancel');
    assert.equal(primary.confirms, false);
    assert.equal(dialog.items.filter((i) => i.isCloseAffordance).length, 1, 'VS Code takes only one');
    assert.equal(dialog.items.filter((i) => i.confirms).length, 1);
    assert.equal(dialog.items.find((i) => i.isCloseAffordance)!.confirms, false, 'Escape runs nothing');
    assert.equal(dialog.detail, 'detail');
  });

  it("names a destructive step's target and shows its statement", () => {
    const detail = statementDetail(
      'SQL01\\SCSM, database ServiceManager',
      'RESTORE DATABASE [ServiceManager]\nGO\n',
      words,
    );
    assert.equal(
      detail,
      'Acts on: SQL01\\SCSM, database ServiceManager\n\nRuns:\nRESTORE DATABASE [ServiceManager]\nGO',
    );
  });

  it('cuts a long statement and says how much is left out', () => {
    const long = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const detail = statementDetail('SQL01', long, words).split('\n');
    assert.equal(detail.length, 3 + SHOWN_LINES + 1);
    assert.equal(detail.at(-1), `… and ${50 - SHOWN_LINES} more lines`);
    const wide = statementDetail('SQL01', 'x'.repeat(SHOWN_CHARACTERS * 2), words);
    assert.ok(wide.length < SHOWN_CHARACTERS + 100);
    assert.ok(wide.endsWith(`x … (cut: ${SHOWN_CHARACTERS} more characters)`));
  });

  it('says on which line code was cut and how much of it was not shown, whatever line it is', () => {
    // Code pushed past the edge of one line (the red team's 12,000 spaces): the cut is said, with its size.
    const hidden = '; Remove-Item -Recurse -Force C:\\Users';
    const line = 'Write-Host "Listing the backup folder"' + ' '.repeat(12_000) + hidden;
    const detail = statementDetail('this computer', `Get-Date\n${line}\nGet-Date`, words).split('\n');
    const shownOfLine = SHOWN_CHARACTERS - 'Get-Date'.length;
    assert.deepEqual(detail.slice(3), [
      'Get-Date',
      `${line.slice(0, shownOfLine)} … (cut: ${line.length - shownOfLine} more characters)`,
      '… and 1 more lines',
    ]);
    // A cut never splits a surrogate pair.
    const emoji = statementDetail('x', 'a'.repeat(SHOWN_CHARACTERS - 1) + '😀'.repeat(3), words);
    assert.ok(emoji.includes(`${'a'.repeat(SHOWN_CHARACTERS - 1)} … (cut: 6 more characters)`));
  });

  it('escapes control and bidirectional characters of hostile targets and statements (property)', () => {
    const hostile = fc.string({
      unit: fc.constantFrom(
        ...HOSTILE_PIECES,
        '\n',
        '\r',
        '\u2028',
        '\u202e',
        '\u2066',
        '\u001b[2J',
        '\u009b',
        '\u0000',
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(hostile, hostile, (target, statement) => {
        const lines = statementDetail(target, statement, words).split('\n');
        assert.ok(lines[0]!.startsWith('Acts on: '));
        assert.equal(lines[1], '');
        assert.equal(lines[2], 'Runs:');
        assert.ok(lines.length <= 3 + SHOWN_LINES + 1);
        assert.doesNotMatch(
          lines.join(''),
          // eslint-disable-next-line no-control-regex -- what must not reach the dialog
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
