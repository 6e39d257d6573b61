/** Shared vocabulary of the core. Pure types: no I/O anywhere in src/core. */

export const PLATFORMS = ['ios', 'android'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How a platform is named in messages. */
export const PLATFORM_LABEL: Record<Platform, string> = { ios: 'iOS', android: 'Android' };

/** Intune's "Send org data to other apps" (Graph: allowedOutboundDataTransferDestinations). */
export const SEND_SETTINGS = ['allApps', 'managedApps', 'none'] as const;
export type SendSetting = (typeof SEND_SETTINGS)[number];

/** Which of Intune's built-in exemption sets applies (iOS: current or pre-2020 legacy bundle). */
export const DEFAULTS_CHOICES = ['current', 'legacy', 'none'] as const;
export type DefaultsChoice = (typeof DEFAULTS_CHOICES)[number];

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

export interface ExceptionEntry extends ExceptionMeta {
  value: string;
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

export interface PlatformPolicy {
  sendOrgData: SendSetting;
  defaults: DefaultsChoice;
  managedApps: string[];
  exceptions: SourcedException[];
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
  'all-apps' | 'transfer-blocked' | 'managed-app' | 'exception' | 'intune-default' | 'intune-default-conditional' | 'not-exempt';

export interface IntuneDefault {
  platform: Platform;
  value: string;
  name: string;
  /** full: always allowed; conditional: allowed only for the action in `condition`. */
  kind: 'full' | 'conditional';
  condition?: string;
  /** iOS: which bundle carries it (current, or only the pre-2020 legacy one). */
  sets: DefaultsChoice[];
  source: string;
}

export interface Verdict {
  platform: Platform;
  target: string;
  verdict: VerdictKind;
  reason: ReasonCode;
  message: string;
  /** Where the deciding entry comes from: "file:line" for an exception, the documentation for a default. */
  source?: string;
  entry?: ExceptionEntry | DefaultEntry;
  warnings: RiskWarning[];
}

/** An Intune default as a verdict shows it. */
export interface DefaultEntry {
  value: string;
  name: string;
  kind: 'full' | 'conditional';
  condition?: string;
}
