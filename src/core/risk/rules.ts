/**
 * The risk rules (SPEC §4), each a small named pure function: the context in, one warning or none
 * out. Their knowledge of values and apps is data (src/data/risky-values.json, the catalog); their
 * basis is cited in each warning. Severities: high blocks `add` without --force. A value here is one
 * value: a ";"-packed row is assessed part by part (assess.ts).
 */
import riskData from '../../data/risky-values.json' with { type: 'json' };
import { findLookAlike, type Catalog } from '../catalog.js';
import { daysBetween } from '../dates.js';
import { defaultsFor } from '../defaults.js';
import { HANDOFFS } from '../handoffs.js';
import { normaliseValue } from '../normalise.js';
import { PLATFORM_LABEL, type EffectivePolicy, type ExceptionEntry, type Platform, type RiskWarning, type Severity } from '../types.js';
import { isWellFormed, matchKey } from '../values.js';

export interface RiskContext {
  platform: Platform;
  value: string;
  /** matchKey(platform, value), when the caller has it (the rules need it several times). */
  key?: string;
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
for (const v of riskData.values as RiskyValue[]) RISKY_VALUES[v.platform].set(matchKey(v.platform, v.value), v);
const RISKY_CATEGORIES = riskData.categories as Record<string, RiskyCategory | undefined>;
const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}.`;
const INTUNE_MAM = '-intunemam';

/** "a browser", "an SMS", "a personal-mail": the category with its article. */
export function categoryLabel(category: string): string {
  const label = category === 'sms' ? 'SMS' : category;
  return `${/^[aeiou]/i.test(label) || label === 'SMS' ? 'an' : 'a'} ${label}`;
}

// --- rules about the value itself: they apply to any target -------------------------------------

/** Broad or non-app schemes, compose sheets, legacy telephony: values listed in risky-values.json. */
export const riskyValue: Rule = ({ platform, value, key }) => {
  const v = RISKY_VALUES[platform].get(key ?? matchKey(platform, value));
  return v ? { code: v.code, severity: v.severity, message: sentence(`exempting "${value}": ${v.why}`), basis: v.source } : null;
};

/** Browsers, file sharing, cloud storage, messaging, social and personal mail apps. */
export const riskyCategory: Rule = ({ platform, value, catalog, key }) => {
  const app = catalog.byValue[platform].get(key ?? matchKey(platform, value));
  const category = app && RISKY_CATEGORIES[app.category];
  if (!app || !category) return null;
  return {
    code: 'risky-category',
    severity: category.severity,
    message: sentence(`${app.name} is ${categoryLabel(app.category)} app: ${category.why}`),
    basis: category.source,
  };
};

/** Apps that support Intune APP should be protected by the policy, not exempted from it. */
export const supportsIntuneApp: Rule = ({ platform, value, catalog, key }) => {
  const app = catalog.byValue[platform].get(key ?? matchKey(platform, value));
  if (!app?.supportsIntuneApp) return null;
  return {
    code: 'supports-intune-app',
    severity: 'medium',
    message: `${app.name} supports Intune APP: target it with the app protection policy instead of exempting it.`,
    basis: app.source,
  };
};

/** `<scheme>-intunemam`: the scheme the Intune SDK has a managed app register, for managed apps to reach it. */
export const intuneMamScheme: Rule = ({ platform, value, key }) => {
  if (platform !== 'ios' || !(key ?? value.toLowerCase()).endsWith(INTUNE_MAM) || value.length === INTUNE_MAM.length) return null;
  const base = value.slice(0, -INTUNE_MAM.length);
  return {
    code: 'intunemam-scheme',
    severity: 'medium',
    message: `"${value}" is the scheme an app built with the Intune SDK registers so that managed apps can reach it: that app supports Intune APP, so target it with the policy rather than exempt it; its own scheme is "${base}".`,
    basis: 'Intune App SDK for iOS developer guide (learn.microsoft.com/intune/intune-service/developer/app-sdk-ios)',
  };
};

/** One character, or only case, away from a known identifier: a typo or an impostor. */
export const lookAlike: Rule = ({ platform, value, catalog, key }) => {
  const hit = findLookAlike(catalog, platform, value, key);
  if (!hit) return null;
  const { known } = hit;
  const how = hit.kind === 'case' ? 'only in case (Android application IDs are case-sensitive)' : 'by one character';
  return {
    code: 'look-alike',
    severity: 'medium',
    message: `"${value}" differs from ${known.value} (${known.label}) ${how}: a typo or an impostor; did you mean ${known.value}?`,
    basis: known.app ? known.app.source : "Intune's built-in exemptions",
  };
};

/** iOS values like com.apple.Maps are bundle IDs; they work as exemptions only where the app registers them as a scheme. */
export const bundleIdAsScheme: Rule = ({ platform, value, key }) => {
  // Most schemes have no dot at all: the regular expression only for those that do.
  if (platform !== 'ios' || !value.includes('.') || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/i.test(value)) return null;
  if ((key ?? value.toLowerCase()).endsWith(INTUNE_MAM)) return null;
  return {
    code: 'bundle-id',
    severity: 'medium',
    message: `"${value}" looks like an iOS bundle ID, not a URL scheme: Intune exempts URL schemes, so this works only if the app registers "${value}" as one of its schemes; check the app's own scheme.`,
    basis: 'Intune takes URL schemes on iOS (learn.microsoft.com/intune/intune-service/apps/app-protection-policies-exception)',
  };
};

/** A value stored as it is, that no app can be opened by: it allows nothing, and hides what was meant. */
export const malformedValue: Rule = ({ platform, value }) => {
  if (isWellFormed(platform, value)) return null;
  const meant = normaliseValue(platform, value);
  const what = platform === 'ios' ? 'a URL scheme (RFC 3986)' : 'an Android application ID';
  return {
    code: 'malformed-value',
    severity: 'medium',
    message: `"${value}" is not ${what}: Intune keeps it, but no app can be opened by it${meant.ok ? `; did you mean ${meant.value}?` : '.'}`,
    basis: platform === 'ios' ? 'RFC 3986 section 3.1 (scheme syntax)' : 'developer.android.com: application ID',
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
  const d = defaultsFor(platform, policy ? policy[platform].defaults : 'current').find(
    (x) => x.kind === 'full' && matchKey(platform, x.value) === matchKey(platform, value),
  );
  if (!d) return null;
  return {
    code: 'intune-default',
    severity: 'info',
    message: `Already allowed by Intune's built-in ${PLATFORM_LABEL[platform]} exemptions (${d.name}): the exception is redundant.`,
    basis: d.source,
  };
};

/** An exempted dialer or messaging app: the exemption, not the setting for phone numbers or messages, decides. */
export const handoffExempted: Rule = ({ platform, value, policy, entry }) => {
  if (!entry || !policy) return null;
  const h = HANDOFFS.find((x) => x.platform === platform && matchKey(platform, x.value) === matchKey(platform, value));
  if (!h) return null;
  const p = policy[platform];
  const [setting, level, open] =
    h.kind === 'dialer'
      ? (['Transfer telecommunication data to', p.dialer.level, 'allApps'] as const)
      : (['Transfer messaging data to', p.messaging.type, 'anyApp'] as const);
  if (level === open) return null;
  return {
    code: 'handoff-exempted',
    severity: 'medium',
    message: `${h.name} is exempted, so the exemption decides and "${setting}" (${level}) does not: Microsoft says to remove such exemptions for that setting to take effect.`,
    basis:
      'https://learn.microsoft.com/intune/intune-service/apps/app-protection-policy-settings-ios (Transfer telecommunication data to; Transfer messaging data to)',
  };
};

/** Exceptions apply only under "Policy managed apps" (and its iOS variants). */
export const inertException: Rule = ({ platform, policy }) => {
  const setting = policy?.[platform].sendOrgData;
  if (!setting || setting === 'managedApps') return null;
  return {
    code: 'inert',
    severity: 'medium',
    message: `The ${PLATFORM_LABEL[platform]} send setting is ${setting}: exceptions apply only under managedApps, so this one has no effect.`,
    basis:
      'https://learn.microsoft.com/intune/intune-service/apps/app-protection-policies-exception ("available when you select Policy managed apps")',
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

export const VALUE_RULES: readonly Rule[] = [
  malformedValue,
  riskyValue,
  riskyCategory,
  supportsIntuneApp,
  intuneMamScheme,
  lookAlike,
  bundleIdAsScheme,
  shortScheme,
];
/** The value rules that fire only for a value a list names: risky-values.json, or the catalog. */
export const LISTED_VALUE_RULES: readonly Rule[] = [riskyValue, riskyCategory, supportsIntuneApp];
/** The value rules that fire only for an iOS value (a scheme). */
export const IOS_VALUE_RULES: readonly Rule[] = [intuneMamScheme, bundleIdAsScheme, shortScheme];

const listed = new WeakMap<Catalog, Record<Platform, ReadonlySet<string>>>();
/** The keys a list names (risky-values.json, or the catalog): one lookup, for the rules that each look a value up in their own. */
export function listedKeys(catalog: Catalog): Record<Platform, ReadonlySet<string>> {
  let keys = listed.get(catalog);
  if (!keys) {
    const of = (p: Platform) => new Set([...RISKY_VALUES[p].keys(), ...catalog.byValue[p].keys()]);
    listed.set(catalog, (keys = { ios: of('ios'), android: of('android') }));
  }
  return keys;
}

export const EXCEPTION_RULES: readonly Rule[] = [coveredByDefaults, handoffExempted, inertException, expired, expiresSoon, noReason];
