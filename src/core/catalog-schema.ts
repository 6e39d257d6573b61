/** The shape of a user's catalog file (config key `catalog`): extra known apps, each with a source. */
import * as z from 'zod/mini';
import { PACKAGE_PATTERN, SCHEME_PATTERN } from './policy-schema.js';

const identifier = (pattern: RegExp, what: string) =>
  z.union([
    z.string().check(z.regex(pattern, `not a valid ${what}`)),
    z.looseObject({
      value: z.string().check(z.regex(pattern, `not a valid ${what}`)),
      source: z.optional(z.string()),
      confidence: z.optional(z.enum(['docs', 'community', 'local'])),
    }),
  ]);

export const CatalogFileSchema = z.looseObject({
  apps: z.array(
    z.looseObject({
      id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lower-case letters, digits and "-"')),
      name: z.string().check(z.minLength(1)),
      category: z.string().check(z.minLength(1)),
      supportsIntuneApp: z.optional(z.boolean()),
      source: z.string().check(z.minLength(1, 'say where the identifiers come from')),
      ios: z.optional(z.array(identifier(SCHEME_PATTERN, 'iOS URL scheme (lower case, no "://")'))),
      android: z.optional(z.array(identifier(PACKAGE_PATTERN, 'Android application ID'))),
    }),
  ),
});

export type CatalogFile = z.infer<typeof CatalogFileSchema>;
