/** The one-time password handoff from the extension to a `smdr sql` run. */
import assert from 'node:assert/strict';
import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { PasswordHandoff } from '../../client/src/runner/handoff';
import { collectPassword, reportRefused } from '../../server/src/cli/sqlAccess';

describe('password handoff', () => {
  const handoff = new PasswordHandoff();
  after(() => handoff.dispose());

  it('gives the password once, to the token it was offered with, over a socket only this user can reach', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), async (password) => {
        const offer = await handoff.offer(password);
        assert.equal(await collectPassword(offer), password);
        await assert.rejects(collectPassword(offer), /the token was refused/);
      }),
      { numRuns: 30 },
    );
    const { address } = await handoff.offer('x');
    assert.equal(lstatSync(address).mode & 0o777, 0o600);
    assert.equal(lstatSync(dirname(address)).mode & 0o777, 0o700);
  });

  it('refuses any other token, and a revoked offer', async () => {
    const offer = await handoff.offer('S3cret!');
    for (const token of ['', 'x', offer.token.slice(1), `${offer.token}0`, offer.token.toUpperCase(), '\n'])
      await assert.rejects(collectPassword({ ...offer, token }), /could not be collected/);
    offer.revoke();
    await assert.rejects(collectPassword(offer), /the token was refused/);
  });

  it('hears that SQL Server refused the password only from the run that took it, until revoked', async () => {
    const offer = await handoff.offer('S3cret!');
    await reportRefused(offer); // not taken yet: nobody ran with it
    assert.equal(offer.refused(), false);
    assert.equal(await collectPassword(offer), 'S3cret!');
    for (const token of ['', offer.token.slice(1), offer.token.toUpperCase()])
      await reportRefused({ ...offer, token });
    assert.equal(offer.refused(), false);
    await reportRefused(offer);
    assert.equal(offer.refused(), true);
    offer.revoke();
    assert.equal(offer.refused(), false);
  });
});
