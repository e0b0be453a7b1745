/** A plain-text snapshot: written when missing (or with UPDATE_SNAPSHOTS=1) outside CI; compared otherwise. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function matchSnapshot(name: string, actual: string): void {
  const path = join(__dirname, 'unit', '__snapshots__', `${name}.txt`);
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!existsSync(path) && !process.env.CI)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(
    existsSync(path),
    `snapshot ${name} is missing (run the tests with UPDATE_SNAPSHOTS=1 and review it)`,
  );
  assert.equal(actual, readFileSync(path, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}
