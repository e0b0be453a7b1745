// A journal writer for the crash test: appends numbered entries as fast as it can and acknowledges
// each one on stdout only after appendEntry returned (the entry is on disk). The test kills it.
import { appendEntry } from '../../server/src/journal/writer';
import { sampleStep } from './journalSamples';

const path = process.argv[2]!;
for (let n = 0; ; n++) {
  appendEntry(path, { ...sampleStep, stepTitle: `step ${n}`, command: `echo ${'x'.repeat(n % 500)}` });
  process.stdout.write(`ack ${n}\n`);
}
