/**
 * Rename of a server (issue 11): besides every reference, it offers the `fqdn`'s first label and the
 * headings whose text names the server as a word; never part of a longer word.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prepareRename, rename } from '../../server/src/features/navigation';
import { renameWorkspaceEdit, type RenameEdit } from '../../server/src/features/renameEdits';
import { parseRunbook } from '../../server/src/runbook/parse';
import { applyEdits, CONTOSO, edit, findings, LAB, rangeOf } from '../helpers';

function renamed(text: string, at: string, newName: string, anchor = 'servers:'): RenameEdit[] {
  const result = rename(parseRunbook(text), rangeOf(text, at, 0, anchor).start, newName);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.edits;
}

const companions = (edits: RenameEdit[], kind: string) => edits.filter((e) => e.companion === kind);

describe('rename: the fqdn and the headings', () => {
  it('offers the first label of the fqdn, in the case it was written in', () => {
    const edits = renamed(CONTOSO, 'SM02', 'SM09');
    const fqdn = companions(edits, 'fqdn');
    assert.equal(fqdn.length, 1);
    assert.equal(fqdn[0]!.text, 'sm09');
    assert.deepEqual(fqdn[0]!.range, rangeOf(CONTOSO, 'sm02', 0, 'SM02:'));
    const upper = edit(LAB, 'fqdn: labsm01.lab.local', "fqdn: 'LABSM01.lab.local'");
    const quoted = companions(renamed(upper, 'LABSM01', 'LABSM02'), 'fqdn');
    assert.equal(applyEdits(upper, quoted).includes("fqdn: 'LABSM02.lab.local'"), true);
  });

  it('leaves an fqdn alone when its first label is another name', () => {
    const text = edit(CONTOSO, 'fqdn: sm02.contoso.local', 'fqdn: sm02x.contoso.local');
    assert.deepEqual(companions(renamed(text, 'SM02', 'SM09'), 'fqdn'), []);
  });

  it('offers every heading that names the server as a word, and nothing else', () => {
    const edits = renamed(CONTOSO, 'SM02', 'SM09');
    const headings = companions(edits, 'headings');
    const after = applyEdits(CONTOSO, headings);
    for (const heading of [
      '## SM01 fails: promote SM09 {scenario=management-server failed=SM01 strategy=promote target=SM02}',
      '### Prepare SM09 {step=prepare-secondary}',
      "### Back up SM09's encryption key {step=backup-key server=SM02}",
      '## SM09 fails {scenario=management-server failed=SM02 strategy=replace}',
      "### Restore SM09's key {step=restore-key}",
    ])
      assert.ok(after.includes(heading), heading);
    assert.ok(after.includes('Close the Service Manager console on SM02 first.'), 'prose is not a heading');
    assert.ok(!after.includes('SM09.bin'), 'the key path is no heading');
    // With the references and the companions, the runbook is as clean as before.
    assert.deepEqual(findings(applyEdits(CONTOSO, edits)), []);
  });

  it('never replaces part of a longer word', () => {
    const text = edit(
      CONTOSO,
      '### Prepare SM02 {step=prepare-secondary}',
      '### Prepare SM02-old, SM022, XSM02, SM02_b, sm02, ÄSM02 and (SM02) {step=prepare-secondary}',
    );
    const after = applyEdits(text, companions(renamed(text, 'SM02', 'SM09'), 'headings'));
    assert.ok(
      after.includes(
        '### Prepare SM02-old, SM022, XSM02, SM02_b, SM09, ÄSM02 and (SM09) {step=prepare-secondary}',
      ),
    );
  });

  it('hostile headings: every companion edit replaces exactly the old name, standing alone', () => {
    const piece = fc.constantFrom(
      'SM02',
      'sm02',
      ' ',
      '-',
      '_',
      "'",
      '(',
      ')',
      'x',
      '0',
      'é',
      '😀',
      '{',
      '}',
      '`',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const title = pieces.join('').replace(/[{}]/g, '');
        const text = edit(
          CONTOSO,
          '### Prepare SM02 {step=prepare-secondary}',
          `### ${title} {step=prepare-secondary}`,
        );
        const runbook = parseRunbook(text);
        for (const e of companions(renamed(text, 'SM02', 'SM09'), 'headings')) {
          assert.equal(runbook.source.slice(e.range).toLowerCase(), 'sm02');
          const line = runbook.source.lineText(e.range.start.line);
          const around = `${line[e.range.start.character - 1] ?? ''}${line[e.range.end.character] ?? ''}`;
          assert.doesNotMatch(around, /[\p{L}\p{N}_-]/u);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prepareRename is unchanged: the name under the cursor', () => {
    const prepared = prepareRename(parseRunbook(CONTOSO), rangeOf(CONTOSO, 'SM02', 0, 'target=').start);
    assert.deepEqual(prepared, { range: rangeOf(CONTOSO, 'SM02', 0, 'target='), placeholder: 'SM02' });
  });
});

describe('rename: the workspace edit', () => {
  it('annotates the companions as needing confirmation, and only those', () => {
    const edits = renamed(CONTOSO, 'SM02', 'SM09');
    const workspace = renameWorkspaceEdit('file:///x.runbook.md', edits);
    const change = workspace.documentChanges![0]!;
    assert.ok('edits' in change);
    const annotated = change.edits.filter((e) => 'annotationId' in e);
    assert.equal(annotated.length, edits.filter((e) => e.companion).length);
    assert.equal(change.edits.length - annotated.length, 4, 'the key, server=, target= and failed=');
    assert.deepEqual(Object.keys(workspace.changeAnnotations!).sort(), ['fqdn', 'headings']);
    assert.ok(Object.values(workspace.changeAnnotations!).every((a) => a.needsConfirmation));
    assert.equal(renameWorkspaceEdit('file:///x', [edits[0]!]).changeAnnotations, undefined);
  });
});
