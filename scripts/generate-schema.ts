// Writes schemas/runbook-front-matter.schema.json from server/src/runbook/schema.ts (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonSchema } from '../server/src/runbook/jsonSchema';

writeFileSync(
  join(__dirname, '..', 'schemas', 'runbook-front-matter.schema.json'),
  `${JSON.stringify(toJsonSchema(), null, 2)}\n`,
);
