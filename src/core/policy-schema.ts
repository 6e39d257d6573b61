/**
 * The policy file's shape (SPEC §1). One definition for the loader's validation, the TypeScript type
 * and the published JSON Schema in schema/ (`npm run schema`). Settings use Graph's value names.
 * Values are kept as Intune stores them: any text without control characters is accepted, and what
 * Intune could never match is a warning, not a rewrite. Unknown keys are kept on rewrite; a near miss
 * of a known key (`sendOrgdata`) is an error.
 */
import { isIsoDate } from './dates.js';
import { s, toJsonSchema, type Infer } from './schema.js';
import { firstUnsafeChar } from './text.js';
import { SEND_SETTINGS } from './types.js';

const isoDate = (description: string) =>
  s.string({
    pattern: /^\d{4}-\d{2}-\d{2}$/,
    patternMessage: 'expected a date as YYYY-MM-DD',
    format: 'date',
    check: (v) => (isIsoDate(v) ? null : 'not a real calendar date'),
    description,
  });

const text = (description: string) => s.string({ minLength: 1, description });

const noControl = (v: string) => (firstUnsafeChar(v) === undefined ? null : 'contains a control or text-direction character');

/** A value as Intune stores it: kept verbatim; one that no app can match draws a warning. */
const stored = (description: string) => s.string({ minLength: 1, check: noControl, description });

const SCHEME_DESC = 'iOS URL scheme as Intune stores it (e.g. wbx); a ;-separated list is matched part by part';
const PACKAGE_DESC =
  'Android application ID as Intune stores it (e.g. com.cisco.webex.meetings); a ;-separated list is matched part by part';

const exception = (description: string) =>
  s.object({
    value: stored(description),
    name: s.optional(text("Display name of the app (Intune's keyValuePair name)")),
    reason: s.optional(text('Why the exception exists: who needs it, for what')),
    ticket: s.optional(text('Change or request ticket, e.g. CHG-1234')),
    owner: s.optional(text('Who answers for the exception')),
    added: s.optional(isoDate('Date the exception was added (YYYY-MM-DD)')),
    expires: s.optional(isoDate('Date after which the exception should be reviewed or removed (YYYY-MM-DD)')),
    accepted: s.optional(
      s.object(
        {
          by: text('Who accepted the risk'),
          ticket: text('The review or risk-acceptance ticket'),
          until: isoDate('The acceptance holds until this day (YYYY-MM-DD); it is required'),
          reason: s.optional(text('Why the risk is accepted')),
        },
        { description: 'A recorded risk acceptance: audit --fail-on lets its findings pass until the date, and still lists them' },
      ),
    ),
  });

const sendOrgData = s.enum(
  SEND_SETTINGS,
  '"Send org data to other apps" (Graph allowedOutboundDataTransferDestinations); exceptions apply only under managedApps',
);
const receiveOrgData = s.enum(
  SEND_SETTINGS,
  '"Receive data from other apps" (Graph allowedInboundDataTransferSources); recorded and shown, mamx answers the outbound question',
);

const dialer = (app: string) =>
  s.union(
    [
      s.enum(['allApps', 'managedApps', 'blocked']),
      s.object({ customApp: stored(app), name: s.optional(text('Display name of the app')) }),
    ],
    {
      description:
        '"Transfer telecommunication data to" (Graph dialerRestrictionLevel): allApps (Intune\'s default), managedApps, blocked, or {customApp: <the dialer app>}',
      message: 'expected allApps, managedApps, blocked or {customApp: <the dialer app>}',
    },
  );

const messaging = (app: string) =>
  s.union(
    [
      s.enum(['anyApp', 'anyManagedApp', 'blocked']),
      s.object({ specificApps: stored(app), name: s.optional(text('Display name of the app')) }),
    ],
    {
      description:
        '"Transfer messaging data to" (Graph protectedMessagingRedirectAppType): anyApp (Intune\'s default), anyManagedApp, blocked, or {specificApps: <the messaging app>}',
      message: 'expected anyApp, anyManagedApp, blocked or {specificApps: <the messaging app>}',
    },
  );

/** Which tenant policy a file's platform stands for (recorded by import and pull; push and diff --tenant use it). */
const binding = s.object(
  {
    id: s.optional(text('The policy id in Intune')),
    displayName: s.optional(text('The policy name in Intune')),
    version: s.optional(
      s.string({ description: 'The policy version Intune reported when it was last read (push refuses a policy changed since)' }),
    ),
  },
  { description: 'The Intune policy this platform stands for' },
);

const iosSection = s.object({
  intune: s.optional(binding),
  sendOrgData: s.optional(sendOrgData),
  disableProtectionOfManagedOutboundOpenInData: s.optional(
    s.boolean('With managedApps: "Policy managed apps with OS sharing" (Graph property of the same name)'),
  ),
  filterOpenInToOnlyManagedApps: s.optional(
    s.boolean('With managedApps: "Policy managed apps with Open-In/Share filtering" (Graph property of the same name)'),
  ),
  receiveOrgData: s.optional(receiveOrgData),
  defaults: s.optional(
    s.union([s.enum(['current', 'legacy', 'none']), s.object({ custom: stored('The Default row exactly as the policy stores it') })], {
      description:
        "Intune's built-in exemptions, the policy's Default row: current, legacy (before 2020-06-15, with tel;telprompt), none, or {custom: <the row verbatim>}",
      message: 'expected current, legacy, none or {custom: <the Default row verbatim>}',
    }),
  ),
  dialer: s.optional(dialer('iOS URL scheme of the dialer app (Graph customDialerAppProtocol)')),
  messaging: s.optional(messaging('iOS URL scheme of the messaging app (Graph messagingRedirectAppUrlScheme)')),
  managedApps: s.optional(s.array(stored('URL scheme of an app the policy targets'))),
  exceptions: s.optional(s.array(exception(SCHEME_DESC))),
  universalLinks: s.optional(
    s.object(
      {
        exempted: s.optional(s.array(stored('A link that opens in its (unmanaged) app; wildcards allowed (Graph exemptedUniversalLinks)'))),
        managed: s.optional(s.array(stored('A link that opens in its managed app; wildcards allowed (Graph managedUniversalLinks)'))),
      },
      { description: "iOS universal links; a list left out is Microsoft's default list" },
    ),
  ),
});

const androidSection = s.object({
  intune: s.optional(binding),
  sendOrgData: s.optional(sendOrgData),
  receiveOrgData: s.optional(receiveOrgData),
  defaults: s.optional(
    s.string({
      description: "Android's built-in exemptions are always on: only 'current' is accepted (and has no effect)",
      check: (v) =>
        v === 'current'
          ? null
          : "Android's built-in exemptions cannot be turned off: Intune applies them itself, and they are not in the policy's list",
    }),
  ),
  dialer: s.optional(dialer('Android package of the dialer app (Graph customDialerAppPackageId)')),
  messaging: s.optional(messaging('Android package of the messaging app (Graph messagingRedirectAppPackageId)')),
  managedApps: s.optional(s.array(stored('Application ID of an app the policy targets'))),
  exceptions: s.optional(s.array(exception(PACKAGE_DESC))),
});

export const PolicyFileSchema = s.object(
  {
    $schema: s.optional(s.string()),
    version: s.literal(1, 'Policy file format version; this mamx reads 1'),
    extends: s.optional(
      s.union([s.string(), s.array(s.string())], {
        description: 'Policy files whose exceptions are inherited read-only, relative to this file',
      }),
    ),
    ios: s.optional(iosSection),
    android: s.optional(androidSection),
  },
  { description: 'mamx policy: exceptions to the Intune app protection data-transfer policy, and the settings that decide them' },
);

export type PolicyFile = Infer<typeof PolicyFileSchema>;
export type IosSection = Infer<typeof iosSection>;
export type AndroidSection = Infer<typeof androidSection>;

/** The published JSON Schema of the policy file. */
export function policyJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'mamx policy file', ...toJsonSchema(PolicyFileSchema.def) };
}
