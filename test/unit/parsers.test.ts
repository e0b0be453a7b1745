import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSyntaxTree } from '../../server/src/code/parsers';
import { placeholderContexts } from '../../server/src/code/placeholderContext';

const contextsOf = (language: 'powershell' | 'sh', text: string) =>
  placeholderContexts(language, text).map((p) => p.context);

describe('the tree-sitter parse of a code block', () => {
  it('gives the same verdict however busy the machine: its budgets count work, not time', () => {
    // Dense code near the size limit (4 KiB): a placeholder on each of 280 lines.
    const block = 'ls ${media} x\n'.repeat(280);
    const now = performance.now.bind(performance);
    let skew = 0;
    // Every reading of the clock says another second has gone by.
    performance.now = () => now() + (skew += 1_000);
    try {
      const contexts = contextsOf('sh', block);
      assert.equal(contexts.length, 280);
      assert.ok(contexts.every((c) => c === 'code'));
    } finally {
      performance.now = now;
    }
  });

  it("reads every node of a long block after the parse: its read budget is the parse's alone", () => {
    // The tree reads node text through the parse's input; once a budget counted those reads too, a
    // command past the first few hundred characters had no name, and an evaluator passed for code.
    assert.deepEqual(
      contextsOf('powershell', `Invoke-Expression \${command}\n${'Write-Host "line"\n'.repeat(40)}`),
      ['evaluated'],
    );
    assert.deepEqual(contextsOf('sh', `eval \${command}\n${'echo line\n'.repeat(40)}`), ['evaluated']);
    assert.deepEqual(contextsOf('sh', `${'echo line\n'.repeat(40)}x=\`ls \${dir}\``), ['string']);
  });

  it('parses an ordinary heredoc, which bash re-reads from its start for every expansion in it', () => {
    const exports = Array.from({ length: 20 }, (_, i) => `export SMDR_DIR${i}="$SMDR_HOME/data/dir${i}"`);
    const heredoc = `cat > /etc/profile.d/smdr.sh <<EOF\n${exports.join('\n')}\nEOF\n`;
    assert.deepEqual(contextsOf('sh', `systemctl stop \${service}\n${heredoc}`), ['code']);
  });

  it('judges placeholders deep in a tangle within a budget of steps, refusing the rest', () => {
    for (const [language, block] of [
      ['powershell', `$a = ${'${x}.'.repeat(800)}\${x}`],
      ['powershell', `$a = ${'${x} + '.repeat(560)}\${x}`],
      ['sh', '${x}&&'.repeat(682)],
    ] as const) {
      const start = performance.now();
      const contexts = contextsOf(language, block);
      assert.ok(performance.now() - start < 3_000, `${language}: ${performance.now() - start} ms`);
      assert.ok(contexts.includes('unparsed'));
    }
  });

  it('abandons hostile text that overflows the parser, and parses the next block as before', () => {
    // A few thousand `;-` once grew PowerShell's error stack until the WebAssembly module trapped:
    // from then on every parse in the process failed.
    for (const unit of [';-', ';,', '-;', ';!']) {
      const hostile = `Write-Output \${media}\n${unit.repeat(2_000)}`;
      assert.deepEqual(contextsOf('powershell', hostile), ['unparsed']);
      assert.deepEqual(contextsOf('powershell', `Write-Output \${media} # ${unit}`), ['code']);
    }
  });

  it('frees each syntax tree (WebAssembly memory, which no garbage collector reclaims)', () => {
    const before = process.memoryUsage().rss;
    // Distinct texts, so nothing is answered from a memo; each tree of such a block takes over 100 KB.
    for (let i = 0; i < 3_000; i++) {
      readSyntaxTree(
        'powershell',
        `Write-Output ${i} \${media}\n`.repeat(60),
        (tree) => tree?.rootNode.hasError,
      );
    }
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    assert.ok(grown < 150, `the process grew by ${grown.toFixed(0)} MiB`);
  });
});
