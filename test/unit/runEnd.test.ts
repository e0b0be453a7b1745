import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endNotice, exitCodeOf, outcomeOf, type RunEnd } from '../../server/src/journal/runEnd';

const finished = (exitCode: number | undefined): RunEnd => ({ kind: 'finished', exitCode });

describe('the end of a run', () => {
  it('records what the terminal saw: an exit code, or an end nobody saw', () => {
    assert.equal(outcomeOf(finished(0), false), 'succeeded');
    assert.equal(outcomeOf(finished(3), false), 'failed');
    assert.equal(outcomeOf(finished(undefined), false), 'sent');
    assert.equal(outcomeOf({ kind: 'sent' }, false), 'sent');
    assert.equal(outcomeOf({ kind: 'closed' }, false), 'sent');
    assert.equal(outcomeOf(finished(0), true), 'dry-run');
    assert.equal(exitCodeOf(finished(3)), 3);
    assert.equal(exitCodeOf(finished(undefined)), null);
    assert.equal(exitCodeOf({ kind: 'closed' }), null);
  });

  it('tells the operator, and asks for the outcome only when nobody saw the end', () => {
    assert.deepEqual(endNotice('Enable CLR', finished(0), 'succeeded'), {
      level: 'information',
      text: '"Enable CLR": succeeded (exit code 0).',
      askOutcome: false,
    });
    assert.deepEqual(endNotice('Enable CLR', finished(1), 'failed'), {
      level: 'error',
      text: '"Enable CLR": failed (exit code 1).',
      askOutcome: false,
    });
    const sent = endNotice('Enable CLR', { kind: 'sent' }, 'sent');
    assert.equal(sent.level, 'warning');
    assert.equal(sent.askOutcome, true);
    assert.match(sent.text, /reports no exit code: record the outcome/);
    const closed = endNotice('Enable CLR', { kind: 'closed' }, 'sent');
    assert.equal(closed.askOutcome, true);
    assert.match(closed.text, /^"Enable CLR": its terminal closed before it ended/);
    assert.equal(endNotice('Enable CLR', finished(0), 'dry-run').level, 'information');
  });
});
