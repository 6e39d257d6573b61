/** Shared vocabulary of the core. Pure types: no I/O anywhere in src/core. */

export const PLATFORMS = ['ios', 'android'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How a platform is named in messages. */
export const PLATFORM_LABEL: Record<Platform, string> = { ios: 'iOS', android: 'Android' };

/** Intune's "Send org data to other apps" (Graph allowedOutboundDataTransferDestinations); "Receive data from other apps" likewise. */
export const SEND_SETTINGS = ['allApps', 'managedApps', 'none'] as const;
export type SendSetting = (typeof SEND_SETTINGS)[number];

/** The iOS variants of "Policy managed apps": Graph booleans beside managedApps. */
export type SendVariant = 'osSharing' | 'openInFiltering';

/** Intune's built-in iOS exemptions, the policy's `Default` row: Microsoft's current or pre-2020 string, an admin's own, or none. */
export type IosDefaults = 'current' | 'legacy' | 'none' | { custom: string };

/** "Transfer telecommunication data to" (Graph dialerRestrictionLevel). */
export const DIALER_LEVELS = ['allApps', 'managedApps', 'customApp', 'blocked'] as const;
export type DialerLevel = (typeof DIALER_LEVELS)[number];

/** "Transfer messaging data to" (Graph protectedMessagingRedirectAppType). */
export const MESSAGING_TYPES = ['anyApp', 'anyManagedApp', 'specificApps', 'blocked'] as const;
export type MessagingType = (typeof MESSAGING_TYPES)[number];

/** The one app a dialer or messaging setting names: an iOS URL scheme or an Android package (with its display name). */
export interface NamedApp {
  value: string;
  name?: string;
}

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Most severe first, by SEVERITIES' order. */
export const bySeverity = (a: { severity: Severity }, b: { severity: Severity }): number =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);

/** Whether `severity` is `threshold` or more severe. */
export const atLeast = (severity: Severity, threshold: Severity): boolean => SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);

export interface ExceptionMeta {
  name?: string;
  reason?: string;
  ticket?: string;
  owner?: string;
  added?: string;
  expires?: string;
}

/** A reviewed risk, accepted by someone, under a ticket, until a day (never open-ended). */
export interface Acceptance {
  by: string;
  ticket: string;
  until: string;
  reason?: string;
}

export interface ExceptionEntry extends ExceptionMeta {
  value: string;
  accepted?: Acceptance;
}

/** Where an entry was read from: the policy file and, where the format allows, its line. */
export interface SourceRef {
  file: string;
  line?: number;
}

export interface SourcedException extends ExceptionEntry {
  platform: Platform;
  source: SourceRef;
}

/** A universal link (iOS) as the policy lists it, with where it was read from (none: Microsoft's defaults). */
export interface SourcedLink {
  value: string;
  source?: SourceRef;
}

export interface PlatformPolicy {
  sendOrgData: SendSetting;
  /** iOS only: the variant of managedApps, if one is set. */
  sendVariant?: SendVariant;
  receiveOrgData: SendSetting;
  /** iOS: the Default row. Android's built-ins are always on: always 'current'. */
  defaults: IosDefaults;
  dialer: { level: DialerLevel; app?: NamedApp };
  messaging: { type: MessagingType; app?: NamedApp };
  managedApps: string[];
  exceptions: SourcedException[];
  /** iOS only: universal links, the file's lists or Microsoft's defaults. */
  universalLinks: { exempted: SourcedLink[]; managed: SourcedLink[]; fromFile: { exempted: boolean; managed: boolean } };
}

/** The policy as the evaluator sees it: the file plus what it extends, defaults filled in. */
export interface EffectivePolicy {
  /** The policy file, or null for the embedded default. */
  file: string | null;
  ios: PlatformPolicy;
  android: PlatformPolicy;
}

export interface RiskWarning {
  code: string;
  severity: Severity;
  message: string;
  basis?: string;
}

export type VerdictKind = 'allow' | 'deny' | 'limited';

export type ReasonCode =
  | 'all-apps'
  | 'transfer-blocked'
  | 'managed-app'
  | 'dialer-any-app'
  | 'dialer-managed-apps'
  | 'dialer-custom-app'
  | 'dialer-blocked'
  | 'messaging-any-app'
  | 'messaging-any-managed-app'
  | 'messaging-specific-app'
  | 'messaging-blocked'
  | 'exception'
  | 'intune-default'
  | 'intune-default-conditional'
  | 'intune-default-restricted'
  | 'universal-link-exempted'
  | 'universal-link-managed'
  | 'universal-link-not-listed'
  | 'not-exempt';

export interface IntuneDefault {
  platform: Platform;
  value: string;
  name: string;
  /** full: always allowed; conditional: allowed only under `condition`; restricted: listed, but data flow is always restricted. */
  kind: 'full' | 'conditional' | 'restricted';
  condition?: string;
  /** iOS: which of Microsoft's Default rows carries it (current, or only the pre-2020 legacy one). */
  sets?: Array<'current' | 'legacy'>;
  source: string;
}

export interface Verdict {
  platform: Platform;
  /** The target as checked (after the tidying a person's input gets). */
  target: string;
  verdict: VerdictKind;
  reason: ReasonCode;
  message: string;
  /** What an allow covers, where that is narrower than everything (iOS exceptions: URL-scheme launches only). */
  covers?: string;
  /** Where the deciding entry comes from: "file:line" for an exception, the documentation for a default. */
  source?: string;
  /** The value that matched, as the policy holds it (iOS matches ignore case; a ;-list matches by its parts). */
  matched?: string;
  entry?: ExceptionEntry | DefaultEntry;
  warnings: RiskWarning[];
}

/** An Intune default as a verdict shows it. */
export interface DefaultEntry {
  value: string;
  name: string;
  kind: IntuneDefault['kind'];
  condition?: string;
}

/** What `audit --format` writes (json is also --json). */
export const AUDIT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'md', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];
