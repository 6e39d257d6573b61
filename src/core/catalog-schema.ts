/** The shape of a user's catalog file (config key `catalog`): extra known apps, each with a source. */
import { PACKAGE as PACKAGE_PATTERN, SCHEME as SCHEME_PATTERN } from './values.js';
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
      links: s.optional(s.array(s.object({ host: s.string({ minLength: 1 }), source: s.string({ minLength: 1 }) }))),
      override: s.optional(
        s.string({
          minLength: 1,
          description:
            'Why this entry may replace an app mamx ships, or lower the risk of an identifier mamx knows; shown by apps and audit',
        }),
      ),
    }),
  ),
});

export type CatalogFile = Infer<typeof CatalogFileSchema>;
