/**
 * The policy file's shape (SPEC §1). One definition for the loader's validation, the TypeScript type
 * and the published JSON Schema in schema/ (`npm run schema`). Unknown keys are allowed and kept on
 * rewrite; a near miss of a known key (`sendOrgdata`) is an error.
 */
import { isIsoDate } from './dates.js';
import { s, toJsonSchema, type Infer } from './schema.js';
import { DEFAULTS_CHOICES, SEND_SETTINGS } from './types.js';

const isoDate = (description: string) =>
  s.string({
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    patternMessage: 'expected a date as YYYY-MM-DD',
    format: 'date',
    check: (v) => (isIsoDate(v) ? null : 'not a real calendar date'),
    description,
  });

const text = (description: string) => s.string({ minLength: 1, description });

export const SCHEME_PATTERN = /^[a-z][a-z0-9+.-]*$/;
export const PACKAGE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const SCHEME_DESC = 'iOS URL scheme, lower case, without "://" (RFC 3986), e.g. wbx';
const PACKAGE_DESC = 'Android application ID, e.g. com.cisco.webex.meetings';

const value = (description: string, pattern: RegExp) =>
  s.string({ pattern, patternMessage: `not a valid value: ${description}`, description });

const exception = (description: string, pattern: RegExp) =>
  s.object({
    value: value(description, pattern),
    name: s.optional(text('Display name of the app')),
    reason: s.optional(text('Why the exception exists: who needs it, for what')),
    ticket: s.optional(text('Change or request ticket, e.g. CHG-1234')),
    owner: s.optional(text('Who answers for the exception')),
    added: s.optional(isoDate('Date the exception was added (YYYY-MM-DD)')),
    expires: s.optional(isoDate('Date after which the exception should be reviewed or removed (YYYY-MM-DD)')),
  });

const sendOrgData = s.enum(
  SEND_SETTINGS,
  'Intune\'s "Send org data to other apps" (Graph allowedOutboundDataTransferDestinations); exceptions apply only under managedApps',
);

const iosSection = s.object({
  sendOrgData: s.optional(sendOrgData),
  defaults: s.optional(
    s.enum(DEFAULTS_CHOICES, "Intune's built-in exemptions: current, legacy (pre-2020 bundle with tel;telprompt) or none"),
  ),
  managedApps: s.optional(s.array(value(SCHEME_DESC, SCHEME_PATTERN))),
  exceptions: s.optional(s.array(exception(SCHEME_DESC, SCHEME_PATTERN))),
});

const androidSection = s.object({
  sendOrgData: s.optional(sendOrgData),
  defaults: s.optional(s.enum(['current', 'none'], "Intune's built-in exemptions: current or none (legacy applies to iOS only)")),
  managedApps: s.optional(s.array(value(PACKAGE_DESC, PACKAGE_PATTERN))),
  exceptions: s.optional(s.array(exception(PACKAGE_DESC, PACKAGE_PATTERN))),
});

export const PolicyFileSchema = s.object(
  {
    $schema: s.optional(s.string()),
    version: s.literal(1, 'Policy file format version; this mamx reads 1'),
    extends: s.optional(
      s.union([s.string(), s.array(s.string())], 'Policy files whose exceptions are inherited read-only, relative to this file'),
    ),
    ios: s.optional(iosSection),
    android: s.optional(androidSection),
  },
  { description: 'mamx policy: exceptions to the Intune app protection data-transfer policy' },
);

export type PolicyFile = Infer<typeof PolicyFileSchema>;

/** The published JSON Schema of the policy file. */
export function policyJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'mamx policy file', ...toJsonSchema(PolicyFileSchema.def) };
}
