/** The shape of a user's catalog file (config key `catalog`): extra known apps, each with a source. */
import { PACKAGE_PATTERN, SCHEME_PATTERN } from './policy-schema.js';
import { s, type Infer } from './schema.js';

const identifier = (pattern: RegExp, what: string) =>
  s.union([
    s.string({ pattern, patternMessage: `not a valid ${what}` }),
    s.object({
      value: s.string({ pattern, patternMessage: `not a valid ${what}` }),
      source: s.optional(s.string()),
      confidence: s.optional(s.enum(['docs', 'community', 'local'])),
    }),
  ]);

export const CatalogFileSchema = s.object({
  apps: s.array(
    s.object({
      id: s.string({ pattern: /^[a-z0-9][a-z0-9-]*$/, patternMessage: 'an id is lower-case letters, digits and "-"' }),
      name: s.string({ minLength: 1 }),
      category: s.string({ minLength: 1 }),
      supportsIntuneApp: s.optional(s.boolean()),
      source: s.string({ minLength: 1, patternMessage: 'say where the identifiers come from' }),
      ios: s.optional(s.array(identifier(SCHEME_PATTERN, 'iOS URL scheme (lower case, no "://")'))),
      android: s.optional(s.array(identifier(PACKAGE_PATTERN, 'Android application ID'))),
    }),
  ),
});

export type CatalogFile = Infer<typeof CatalogFileSchema>;
