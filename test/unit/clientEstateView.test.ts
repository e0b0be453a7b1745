/** The Servers and Backups views let go of the stores' events when disposed (the extension owns them). */
import './clientFakeVscode';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveStore } from '../../client/src/live';
import type { PlanStore } from '../../client/src/plans';
import { EstateView } from '../../client/src/views/estateView';

/** A store's event with its listeners counted. */
function event() {
  const listeners = new Set<() => void>();
  return {
    listeners,
    onDidChange: (listener: () => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

describe('the estate views', () => {
  it('redraw on the stores’ changes while they live, and release both subscriptions when disposed', () => {
    const plans = event();
    const live = event();
    const view = new EstateView('servers', plans as unknown as PlanStore, live as unknown as LiveStore);
    let redrawn = 0;
    view.onDidChangeTreeData(() => redrawn++);
    for (const listener of [...plans.listeners, ...live.listeners]) listener();
    assert.equal(redrawn, 2);
    view.dispose();
    assert.equal(plans.listeners.size + live.listeners.size, 0);
  });
});
