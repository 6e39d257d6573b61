import { readFileSync } from 'node:fs';
import path from 'node:path';
import { policyJsonSchema } from '../../src/core/policy-schema.js';
import { ROOT } from '../helpers.js';

it('schema/mam-policy.schema.json is what the validator generates (npm run schema)', () => {
  const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'mam-policy.schema.json'), 'utf8'));
  expect(committed).toEqual(policyJsonSchema());
});

it('describes the fields editors show', () => {
  const schema = policyJsonSchema() as { properties: Record<string, { description?: string }>; required: string[] };
  expect(schema.required).toEqual(['version']);
  expect(schema.properties.version?.description).toMatch(/version/);
  expect(JSON.stringify(schema)).toContain('allowedOutboundDataTransferDestinations');
});
