/**
 * The risk rules (SPEC §4), each a small named pure function: the context in, one warning or none
 * out. Their knowledge of values and apps is data (src/data/risky-values.json, the catalog); their
 * basis is cited in each warning. Severities: high blocks `add` without --force.
 */
import riskData from '../../data/risky-values.json' with { type: 'json' };
import { findLookAlike, type Catalog } from '../catalog.js';
import { daysBetween } from '../dates.js';
import { defaultsFor } from '../defaults.js';
import { PLATFORM_LABEL, type EffectivePolicy, type ExceptionEntry, type Platform, type RiskWarning, type Severity } from '../types.js';

export interface RiskContext {
  platform: Platform;
  value: string;
  catalog: Catalog;
  /** Today as YYYY-MM-DD (time comes in as data). */
  today: string;
  /** The exception being assessed (metadata), when there is one. */
  entry?: ExceptionEntry;
  policy?: EffectivePolicy;
}

export type Rule = (ctx: RiskContext) => RiskWarning | null;

interface RiskyValue {
  platform: Platform;
  value: string;
  code: string;
  severity: Severity;
  why: string;
  source: string;
}
interface RiskyCategory {
  severity: Severity;
  why: string;
  source: string;
}
const RISKY_VALUES: Record<Platform, Map<string, RiskyValue>> = { ios: new Map(), android: new Map() };
for (const v of riskData.values as RiskyValue[]) RISKY_VALUES[v.platform].set(v.value, v);
const RISKY_CATEGORIES = riskData.categories as Record<string, RiskyCategory | undefined>;
const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}.`;

// --- rules about the value itself: they apply to any target -------------------------------------

/** Broad or non-app schemes, compose sheets, legacy telephony: values listed in risky-values.json. */
export const riskyValue: Rule = ({ platform, value }) => {
  const v = RISKY_VALUES[platform].get(value);
  return v ? { code: v.code, severity: v.severity, message: sentence(`exempting "${value}": ${v.why}`), basis: v.source } : null;
};

/** Browsers, file sharing, cloud storage, messaging, social and personal mail apps. */
export const riskyCategory: Rule = ({ platform, value, catalog }) => {
  const app = catalog.byValue[platform].get(value);
  const category = app && RISKY_CATEGORIES[app.category];
  if (!app || !category) return null;
  return {
    code: 'risky-category',
    severity: category.severity,
    message: sentence(`${app.name} is a ${app.category} app: ${category.why}`),
    basis: category.source,
  };
};

/** Apps that support Intune APP should be protected by the policy, not exempted from it. */
export const supportsIntuneApp: Rule = ({ platform, value, catalog }) => {
  const app = catalog.byValue[platform].get(value);
  if (!app?.supportsIntuneApp) return null;
  return {
    code: 'supports-intune-app',
    severity: 'medium',
    message: `${app.name} supports Intune APP: target it with the app protection policy instead of exempting it.`,
    basis: app.source,
  };
};

/** One character, or only case, away from a known identifier: a typo or an impostor. */
export const lookAlike: Rule = ({ platform, value, catalog }) => {
  const hit = findLookAlike(catalog, platform, value);
  if (!hit) return null;
  const { known } = hit;
  const how = hit.kind === 'case' ? 'only in case (Android package names are case-sensitive)' : 'by one character';
  return {
    code: 'look-alike',
    severity: 'medium',
    message: `"${value}" differs from ${known.value} (${known.label}) ${how}: a typo or an impostor; did you mean ${known.value}?`,
    basis: known.app ? known.app.source : 'Intune built-in exemptions',
  };
};

/** iOS values like com.apple.Maps are bundle IDs, which Intune does not match against schemes. */
export const bundleIdAsScheme: Rule = ({ platform, value }) => {
  if (platform !== 'ios' || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/.test(value)) return null;
  return {
    code: 'bundle-id',
    severity: 'medium',
    message: `"${value}" looks like an iOS bundle ID, not a URL scheme: Intune exempts schemes, so this matches nothing the app opens.`,
    basis: 'Intune takes URL schemes on iOS (MicrosoftDocs/memdocs app-protection-policies-exception.md)',
  };
};

/** One- or two-letter schemes are easily claimed by any app. */
export const shortScheme: Rule = ({ platform, value }) => {
  if (platform !== 'ios' || value.length > 2) return null;
  return {
    code: 'short-scheme',
    severity: 'low',
    message: `"${value}" is only ${value.length} character${value.length === 1 ? '' : 's'} long: any app can register the same scheme, and short ones are easily claimed.`,
    basis: "Apple: registering a scheme doesn't prevent other apps from registering the same one",
  };
};

// --- rules about an exception: its metadata and the policy it is in ----------------------------

/** Already allowed by Intune's own defaults: the exception adds nothing. */
export const coveredByDefaults: Rule = ({ platform, value, policy }) => {
  const choice = policy ? policy[platform].defaults : 'current';
  const d = defaultsFor(platform, choice).find((x) => x.value === value);
  if (!d) return null;
  return {
    code: 'intune-default',
    severity: 'info',
    message: `Already allowed by Intune's built-in ${PLATFORM_LABEL[platform]} exemptions (${d.name}): the exception is redundant.`,
    basis: d.source,
  };
};

/** Exceptions apply only under "Policy managed apps". */
export const inertException: Rule = ({ platform, policy }) => {
  const setting = policy?.[platform].sendOrgData;
  if (!setting || setting === 'managedApps') return null;
  return {
    code: 'inert',
    severity: 'medium',
    message: `The ${PLATFORM_LABEL[platform]} send setting is ${setting}: exceptions apply only under managedApps, so this one has no effect.`,
    basis: 'MicrosoftDocs/memdocs app-protection-policies-exception.md ("available when you select Policy managed apps")',
  };
};

export const expired: Rule = ({ entry, today }) => {
  if (!entry?.expires || entry.expires >= today) return null;
  return {
    code: 'expired',
    severity: 'high',
    message: `Expired on ${entry.expires}: Intune knows no dates and still allows it, so review or remove it.`,
  };
};

export const expiresSoon: Rule = ({ entry, today }) => {
  if (!entry?.expires || entry.expires < today) return null;
  const left = daysBetween(today, entry.expires);
  if (left > 30) return null;
  return {
    code: 'expires-soon',
    severity: 'low',
    message: `Expires on ${entry.expires}, in ${left} day${left === 1 ? '' : 's'}: renew or remove it.`,
  };
};

export const noReason: Rule = ({ entry }) => {
  if (!entry || entry.reason) return null;
  return { code: 'no-reason', severity: 'low', message: 'No reason recorded: a reviewer cannot tell why org data may go to this app.' };
};

export const VALUE_RULES: readonly Rule[] = [riskyValue, riskyCategory, supportsIntuneApp, lookAlike, bundleIdAsScheme, shortScheme];
export const EXCEPTION_RULES: readonly Rule[] = [coveredByDefaults, inertException, expired, expiresSoon, noReason];
