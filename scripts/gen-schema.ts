// Writes schema/mam-policy.schema.json from the same definition the loader validates with.
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../src/core/policy-schema.js';

writeFileSync(new URL('../schema/mam-policy.schema.json', import.meta.url), `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
