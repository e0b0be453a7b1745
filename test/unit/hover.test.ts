/** Hover texts as short paragraphs, with runbook text that stays text (issue 11). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { hover } from '../../server/src/features/hover';
import { codeSpan, escapeMarkdown, paragraphs } from '../../server/src/features/hoverText';
import { parseRunbook } from '../../server/src/runbook/parse';
import { HOSTILE_PIECES } from '../hostile';
import { CONTOSO, edit, rangeOf } from '../helpers';

// As VS Code renders a hover: CommonMark, raw HTML allowed through to its sanitizer.
const markdown = new MarkdownIt({ html: true });

const hoverAt = (text: string, needle: string, anchor?: string) =>
  hover(parseRunbook(text), rangeOf(text, needle, 0, anchor).start)!.markdown;

describe('hover: short paragraphs', () => {
  it('puts each sentence of a description in a paragraph of its own', () => {
    const restoreKey = hoverAt(CONTOSO, 'restore-key', '## SM02 fails');
    const blocks = restoreKey.split('\n\n');
    assert.ok(blocks.length >= 4, restoreKey);
    assert.ok(
      blocks.includes(
        "Management server and data warehouse keys differ: never restore another server's key.",
      ),
    );
    assert.ok(
      blocks.every((b) => b.length <= 200),
      'no long line',
    );
    const scenario = hoverAt(CONTOSO, 'data-warehouse', '## DW01 fails');
    assert.ok(
      scenario.includes('The data warehouse management server failed.\n\nOnly one strategy'),
      scenario,
    );
  });

  it('lists the sections that recover a server, one per line, apart from the reference count', () => {
    const server = hoverAt(CONTOSO, 'SM01', 'failed=');
    assert.match(
      server,
      /\n\nRecovered by:\n\n- SM01 fails: promote SM02 \(line \d+\)\n- SM01 fails: rebuild it \(line \d+\)\n\nReferenced/,
    );
  });

  it('keeps the Microsoft page a version hover cites', () => {
    assert.ok(hoverAt(CONTOSO, 'scsm').includes('](https://learn.microsoft.com/'));
  });

  it('splits at sentence ends only: not in code, not after e.g.', () => {
    assert.equal(paragraphs('One. Two `a. B` three. e.g. Four'), 'One.\n\nTwo `a. B` three. e.g. Four');
    assert.equal(paragraphs('Say e.g. Something. Then'), 'Say e.g. Something.\n\nThen');
    assert.equal(paragraphs('No end'), 'No end');
  });
});

describe('hover: runbook text stays text', () => {
  const piece = fc.constantFrom(
    ...HOSTILE_PIECES,
    '<img src=x>',
    '[a](command:x)',
    '**',
    '_',
    '&amp;',
    '\n',
    '~~',
    '![i](x)',
  );
  const hostile = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

  it('escaped text renders as itself, without any element', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = markdown.renderInline(`x ${escapeMarkdown(text)}`);
        assert.doesNotMatch(html, /<(?!br)[a-z]/i, html);
      }),
      { numRuns: 500 },
    );
  });

  it('a code span holds the whole value, whatever backticks it has', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = markdown.renderInline(codeSpan(text));
        const match = /^<code>([\s\S]*)<\/code>$/.exec(html);
        assert.ok(match, html);
        const shown = match[1]!
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&');
        // CommonMark strips one space on each side when both are there; line breaks were made spaces.
        assert.equal(shown.trim(), text.replace(/[\r\n]+/g, ' ').trim());
      }),
      { numRuns: 500 },
    );
  });

  it('a hostile key path and section title in the server hover', () => {
    const text = edit(
      edit(
        CONTOSO,
        "keyBackup: '\\\\vault01\\dr\\keys\\SM01.bin'",
        "keyBackup: 'x` [a](command:rm) <img src=y>'",
      ),
      '## SM01 fails: rebuild it',
      '## SM01 fails: **[click](command:x)** <b>',
    );
    const html = markdown.render(hoverAt(text, 'SM01', 'failed='));
    assert.doesNotMatch(html, /<a |<img|<b>|<strong>click/);
  });
});
