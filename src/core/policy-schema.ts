/**
 * The policy file's shape (SPEC §1). One source for both the loader's validation and the published
 * JSON Schema in schema/ (scripts/gen-schema.ts). Unknown keys are allowed and kept on rewrite.
 * zod/mini keeps this cheap to load: mamx starts on every `check`.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { isIsoDate } from './dates.js';
import { DEFAULTS_CHOICES, SEND_SETTINGS } from './types.js';

z.config(en());

const about = (description: string) => z.describe(description);

const isoDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'), z.refine(isIsoDate, 'not a real calendar date'));

const text = z.string().check(z.minLength(1, 'must not be empty'));

export const SCHEME_PATTERN = /^[a-z][a-z0-9+.-]*$/;
export const PACKAGE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const SCHEME_DESC = 'iOS URL scheme, lower case, without "://" (RFC 3986), e.g. wbx';
const PACKAGE_DESC = 'Android application ID, e.g. com.cisco.webex.meetings';

function valueSchema(description: string, pattern: RegExp) {
  return z.string().check(z.regex(pattern, `not a valid value: ${description}`), about(description));
}

function exceptionSchema(description: string, pattern: RegExp) {
  return z.looseObject({
    value: valueSchema(description, pattern),
    name: z.optional(text.check(about('Display name of the app'))),
    reason: z.optional(text.check(about('Why the exception exists: who needs it, for what'))),
    ticket: z.optional(text.check(about('Change or request ticket, e.g. CHG-1234'))),
    owner: z.optional(text.check(about('Who answers for the exception'))),
    added: z.optional(isoDate.check(about('Date the exception was added (YYYY-MM-DD)'))),
    expires: z.optional(isoDate.check(about('Date after which the exception should be reviewed or removed (YYYY-MM-DD)'))),
  });
}

const sendOrgData = z
  .enum(SEND_SETTINGS)
  .check(
    about(
      'Intune\'s "Send org data to other apps" (Graph allowedOutboundDataTransferDestinations); exceptions apply only under managedApps',
    ),
  );

const iosSection = z.looseObject({
  sendOrgData: z.optional(sendOrgData),
  defaults: z.optional(
    z.enum(DEFAULTS_CHOICES).check(about("Intune's built-in exemptions: current, legacy (pre-2020 bundle with tel;telprompt) or none")),
  ),
  managedApps: z.optional(z.array(valueSchema(SCHEME_DESC, SCHEME_PATTERN))),
  exceptions: z.optional(z.array(exceptionSchema(SCHEME_DESC, SCHEME_PATTERN))),
});

const androidSection = z.looseObject({
  sendOrgData: z.optional(sendOrgData),
  defaults: z.optional(
    z.enum(['current', 'none']).check(about("Intune's built-in exemptions: current or none (legacy applies to iOS only)")),
  ),
  managedApps: z.optional(z.array(valueSchema(PACKAGE_DESC, PACKAGE_PATTERN))),
  exceptions: z.optional(z.array(exceptionSchema(PACKAGE_DESC, PACKAGE_PATTERN))),
});

export const PolicyFileSchema = z
  .looseObject({
    $schema: z.optional(z.string()),
    version: z.literal(1).check(about('Policy file format version; this mamx reads 1')),
    extends: z.optional(
      z
        .union([z.string(), z.array(z.string())])
        .check(about('Policy files whose exceptions are inherited read-only, relative to this file')),
    ),
    ios: z.optional(iosSection),
    android: z.optional(androidSection),
  })
  .check(about('mamx policy: exceptions to the Intune app protection data-transfer policy'));

export type PolicyFile = z.infer<typeof PolicyFileSchema>;
