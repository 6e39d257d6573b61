/** The published JSON Schema of the policy file, derived from the validator's own schema. */
import * as z from 'zod/mini';
import { PolicyFileSchema } from './policy-schema.js';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PolicyFileSchema, { target: 'draft-2020-12', io: 'input' }),
    title: 'mamx policy file',
  };
}
