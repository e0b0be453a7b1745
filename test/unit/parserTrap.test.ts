// A file of its own: the trap it provokes turns parsing off for the rest of its process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Parser } from '@vscode/tree-sitter-wasm';
import { registerCodeParsers } from '../../server/src/code/parsers';
import { placeholderContexts } from '../../server/src/code/placeholderContext';

it('after the WebAssembly module traps, no block is parsed again: every placeholder is refused', () => {
  assert.deepEqual(
    placeholderContexts('powershell', 'Write-Output ${media}').map((p) => p.context),
    ['code'],
  );
  let parsed = 0;
  const trapping = {
    setLanguage: () => trapping,
    reset: () => undefined,
    parse: () => {
      parsed++;
      // What WebAssembly.RuntimeError says when the module's stack has overflowed.
      throw new Error('memory access out of bounds');
    },
  } as unknown as Parser;
  registerCodeParsers({ parser: trapping, powershell: {} as never, sh: {} as never });
  assert.deepEqual(
    placeholderContexts('powershell', 'Write-Output ${managementGroup}').map((p) => p.context),
    ['unparsed'],
  );
  assert.deepEqual(
    placeholderContexts('sh', 'ls ${media}').map((p) => p.context),
    ['unparsed'],
  );
  // Its memory can no longer be trusted: it is not asked again.
  assert.equal(parsed, 1);
});
