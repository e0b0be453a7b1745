/** The runbook's content hash (SHA-256, hex), recorded with each journal entry: it tells when the runbook changed during a run. */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
