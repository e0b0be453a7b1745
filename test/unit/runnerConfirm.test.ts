/**
 * The runner's safety question as VS Code gets it: a modal with the detail, Cancel first (the button
 * VS Code makes primary and focuses, so Enter answers it), and only the action confirms.
 */
import { fakeVscode } from './clientFakeVscode';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirm } from '../../client/src/runner/confirm';
import type { DialogItem } from '../../client/src/runner/dialogs';

type Call = { message: string; options: { modal: boolean; detail?: string }; items: DialogItem[] };

/** Answers the next question with what `pick` chooses among its items, as VS Code's modal would. */
function answering(pick: (items: DialogItem[]) => DialogItem | undefined): Call[] {
  const calls: Call[] = [];
  (fakeVscode.window as Record<string, unknown>).showWarningMessage = (
    message: string,
    options: Call['options'],
    ...items: DialogItem[]
  ) => {
    calls.push({ message, options, items });
    return Promise.resolve(pick(items));
  };
  return calls;
}

/** VS Code's primary button: the first item that is not the close affordance. */
const enter = (items: DialogItem[]) => items.find((i) => !i.isCloseAffordance);
const escape = (items: DialogItem[]) => items.find((i) => i.isCloseAffordance);

describe('the safety question', () => {
  it('runs nothing on Enter, Escape or dismissal, and runs on the action only', async () => {
    const calls = answering(enter);
    assert.equal(await confirm('Run "Restore ServiceManager"?', 'Run', 'Acts on: SQL01\\SCSM'), false);
    assert.deepEqual(calls[0]!.options, { modal: true, detail: 'Acts on: SQL01\\SCSM' });
    assert.deepEqual(
      calls[0]!.items.map((i) => i.title),
      ['Cancel', 'Run', 'Close'],
    );
    answering(escape);
    assert.equal(await confirm('Run?', 'Run'), false);
    answering(() => undefined);
    assert.equal(await confirm('Run?', 'Run'), false);
    answering((items) => items.find((i) => i.title === 'Run'));
    assert.equal(await confirm('Run?', 'Run'), true);
  });
});
