/**
 * What mamx knows of apps and their identifiers: the shipped catalog (src/data/known-apps.json),
 * extended by the user's, and Intune's built-in exemptions. Pure: the apps come in as data.
 */
import knownApps from '../data/known-apps.json' with { type: 'json' };
import riskData from '../data/risky-values.json' with { type: 'json' };
import { INTUNE_DEFAULTS } from './defaults.js';
import { editDistance } from './text-distance.js';
import { PLATFORMS, SEVERITIES, type Platform, type Severity } from './types.js';
import { matchKey, sameValue } from './values.js';

export interface AppIdentifier {
  value: string;
  source: string;
  /** docs: a primary source; community: widely published, unconfirmed; local: the user's own catalog. */
  confidence: 'docs' | 'community' | 'local';
}

export interface KnownApp {
  id: string;
  name: string;
  category: string;
  supportsIntuneApp: boolean;
  source: string;
  ios: AppIdentifier[];
  android: AppIdentifier[];
  /** Web hosts the app owns ("*.webex.com"), to point a pasted web link at the app. */
  links?: Array<{ host: string; source: string }>;
  /** A user's catalog: why this entry may change what mamx knows of an app or identifier. */
  override?: string;
  /** A user's catalog: the file the entry comes from. */
  file?: string;
}

/** A user's entry that changes what mamx ships, and lowers its risk: taken with an override, ignored without. */
export interface CatalogChange {
  platform: Platform;
  value: string;
  /** What mamx ships for the identifier, and what the user's catalog says instead. */
  shipped: KnownApp;
  user: KnownApp;
  /** The override's reason; undefined when the change was ignored for want of one. */
  override?: string;
}

export interface KnownIdentifier {
  platform: Platform;
  value: string;
  /** What it is, for messages: the app's name. */
  label: string;
  app?: KnownApp;
}

export interface Catalog {
  apps: KnownApp[];
  /** By matchKey (iOS ignores case). */
  byValue: Record<Platform, Map<string, KnownApp>>;
  /** Changes a user's catalog made to what mamx ships, taken (with an override) or ignored. */
  changes: CatalogChange[];
  /** Every known identifier (catalog and Intune defaults), indexed for look-alike search. */
  known: Record<Platform, LookAlikeIndex>;
}

interface LookAlikeIndex {
  exact: Map<string, KnownIdentifier>;
  lower: Map<string, KnownIdentifier>;
  /** By length, then by first half / second half of the identifier. */
  prefix: Map<number, Map<string, KnownIdentifier[]>>;
  suffix: Map<number, Map<string, KnownIdentifier[]>>;
  /**
   * The start of each identifier's first half and the end of its second half (up to EDGE characters),
   * with its length, hashed to one bit each of a bit set: a value whose start no identifier of a
   * nearby length shares cannot be one edit away by its first half; the same for the end. A batch asks
   * a million times, mostly about values that share "com." with many identifiers and nothing more:
   * a bit test is what most of them cost.
   */
  starts: Uint32Array;
  ends: Uint32Array;
}

const EDGE = 6;

/** One more character into a running hash. */
const step = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;

/** How many characters the screens read of an identifier of `length`: at most EDGE of each half. */
const startChars = (length: number) => Math.min(EDGE, length >> 1);
const endChars = (length: number) => Math.min(EDGE, length - (length >> 1));

/** A hash of characters and a length as one number: a screen (a collision costs one lookup). */
const withLength = (h: number, length: number) => Math.imul((h + Math.imul(length, 0x01000193)) | 0, 0x9e3779b1);

/** 2^16 bits (8 KiB) per screen: a few thousand identifiers set a few percent of them. */
const SCREEN_WORDS = 1 << 11;
/** The bit of a hash: its top 16 bits (a multiplicative hash mixes its top bits best). */
const mark = (bits: Uint32Array, h: number) => (bits[h >>> 21]! |= 1 << ((h >>> 16) & 31));
const marked = (bits: Uint32Array, h: number) => (bits[h >>> 21]! & (1 << ((h >>> 16) & 31))) !== 0;

/** The screens' hashes of an identifier: its first characters, and its last ones read from the end. */
function startOf(value: string): number {
  let h = 0;
  for (let i = 0; i < startChars(value.length); i++) h = step(h, value.charCodeAt(i));
  return withLength(h, value.length);
}
function endOf(value: string): number {
  let h = 0;
  for (let i = 1; i <= endChars(value.length); i++) h = step(h, value.charCodeAt(value.length - i));
  return withLength(h, value.length);
}

/** A category's severity from the risk data: what a change of category could lower. */
const CATEGORY_RANK: Record<string, number> = Object.fromEntries(
  Object.entries(riskData.categories as Record<string, { severity: Severity }>).map(([k, v]) => [k, 4 - SEVERITIES.indexOf(v.severity)]),
);
/** How risky mamx holds an app to be: its category's severity, or medium when it supports Intune APP. */
const riskRank = (app: KnownApp) =>
  Math.max(CATEGORY_RANK[app.category] ?? 0, app.supportsIntuneApp ? 4 - SEVERITIES.indexOf('medium') : 0);

/**
 * mamx's own apps, then the user's. A user's app may add apps and identifiers freely; one that would
 * replace a shipped app (same id) or lower the risk of an identifier mamx knows is taken only with
 * an `override` that says why, and recorded either way, so that `apps` and `audit` can show it.
 */
export function buildCatalog(shipped: readonly KnownApp[], user: readonly KnownApp[] = []): Catalog {
  const byId = new Map<string, KnownApp>(shipped.map((a) => [a.id, a]));
  const shippedByValue = { ios: new Map<string, KnownApp>(), android: new Map<string, KnownApp>() };
  for (const app of shipped)
    for (const platform of PLATFORMS) for (const i of app[platform]) shippedByValue[platform].set(matchKey(platform, i.value), app);
  const changes: CatalogChange[] = [];
  for (const app of user) {
    const replaced = byId.get(app.id);
    // The shipped app an identifier belongs to (or the app this one replaces), if the user's entry makes it less risky.
    const lowers = (platform: Platform, value: string): KnownApp | undefined => {
      const was = shippedByValue[platform].get(matchKey(platform, value)) ?? replaced;
      return was && riskRank(app) < riskRank(was) ? was : undefined;
    };
    const kept: Record<Platform, AppIdentifier[]> = { ios: [], android: [] };
    for (const platform of PLATFORMS) {
      for (const i of app[platform]) {
        const was = lowers(platform, i.value);
        if (was) changes.push({ platform, value: i.value, shipped: was, user: app, ...(app.override && { override: app.override }) });
        if (!was || app.override) kept[platform].push(i);
      }
    }
    if (replaced && !app.override) {
      // Without an override, a shipped app keeps what mamx knows; the user's identifiers it lacks are added to it.
      for (const platform of PLATFORMS) {
        const extra = kept[platform].filter((i) => !replaced[platform].some((r) => sameValue(platform, r.value, i.value)));
        if (extra.length > 0) byId.set(app.id, { ...replaced, [platform]: [...replaced[platform], ...extra] });
      }
      continue;
    }
    byId.set(app.id, { ...app, ios: kept.ios, android: kept.android });
  }
  const apps = [...byId.values()];
  const byValue = { ios: new Map<string, KnownApp>(), android: new Map<string, KnownApp>() };
  const known = { ios: emptyIndex(), android: emptyIndex() };
  for (const d of INTUNE_DEFAULTS)
    addKnown(known[d.platform], { platform: d.platform, value: d.value, label: `${d.name}, an Intune default` });
  for (const app of apps) {
    for (const platform of PLATFORMS) {
      for (const id of app[platform]) {
        byValue[platform].set(matchKey(platform, id.value), app);
        addKnown(known[platform], { platform, value: id.value, label: app.name, app });
      }
    }
  }
  return { apps, byValue, changes, known };
}

/** The known apps that own the web host of a pasted link ("contoso.webex.com" → Webex). */
export function appsForHost(catalog: Catalog, host: string): KnownApp[] {
  const h = host.toLowerCase();
  return catalog.apps.filter((a) => (a.links ?? []).some((l) => hostMatches(l.host, h)));
}

function hostMatches(pattern: string, host: string): boolean {
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return re.test(host) || (pattern.startsWith('*.') && host === pattern.slice(2).toLowerCase());
}

function emptyIndex(): LookAlikeIndex {
  return {
    exact: new Map(),
    lower: new Map(),
    prefix: new Map(),
    suffix: new Map(),
    starts: new Uint32Array(SCREEN_WORDS),
    ends: new Uint32Array(SCREEN_WORDS),
  };
}

function addKnown(index: LookAlikeIndex, k: KnownIdentifier): void {
  index.exact.set(k.value, k);
  index.lower.set(k.value.toLowerCase(), k);
  const h = k.value.length >> 1;
  const put = (maps: Map<number, Map<string, KnownIdentifier[]>>, key: string) => {
    let byKey = maps.get(k.value.length);
    if (!byKey) maps.set(k.value.length, (byKey = new Map<string, KnownIdentifier[]>()));
    const list = byKey.get(key);
    if (list) list.push(k);
    else byKey.set(key, [k]);
  };
  put(index.prefix, k.value.slice(0, h));
  put(index.suffix, k.value.slice(h));
  mark(index.starts, startOf(k.value));
  mark(index.ends, endOf(k.value));
}

export interface LookAlike {
  known: KnownIdentifier;
  kind: 'case' | 'typo';
}

const CAPITAL = /[A-Z]/;

/** Identifiers this short are left alone: one character away from many unrelated ones. */
const MIN_TYPO_LENGTH = 4;

/**
 * A known identifier that `value` is not, but nearly is: the same but for case, or one edit (an
 * insertion, deletion, substitution or swap of neighbours) away. A one-character difference leaves
 * one half of the identifier untouched, so only identifiers sharing a half are compared.
 */
export function findLookAlike(catalog: Catalog, platform: Platform, value: string, key?: string): LookAlike | undefined {
  const index = platform === 'ios' ? catalog.known.ios : catalog.known.android; // not known[platform]: see notExemptWarnings
  if (platform === 'android') {
    // iOS schemes ignore case: only Android identifiers can differ by case alone. Most values have no
    // capitals: they are their own lower case (no new string to make and hash).
    const sameButCase = index.lower.get(CAPITAL.test(value) ? value.toLowerCase() : value);
    // Not found: no identifier is the same but for case, nor the same (exact is a part of lower).
    if (sameButCase) return index.exact.has(value) ? undefined : { known: sameButCase, kind: 'case' };
  }
  const m = value.length;
  if (m < MIN_TYPO_LENGTH) return undefined;
  // Runs for every target of a batch check: no allocation unless a screen lets a half through. The
  // screens of the three lengths read more characters as the length grows: the hashes run on.
  let first = 0;
  let last = 0;
  let firstRead = 0;
  let lastRead = 0;
  for (let len = m - 1; len <= m + 1; len++) {
    for (; firstRead < startChars(len); firstRead++) first = step(first, value.charCodeAt(firstRead));
    for (; lastRead < endChars(len); lastRead++) last = step(last, value.charCodeAt(m - 1 - lastRead));
    // A half is looked up only if some identifier of this length starts (ends) the same way.
    const byStart = marked(index.starts, withLength(first, len));
    const byEnd = marked(index.ends, withLength(last, len));
    if (!byStart && !byEnd) continue;
    // A known scheme (whatever its case) is no look-alike, even of another one.
    if (platform === 'ios' && index.lower.has(key ?? value.toLowerCase())) return undefined;
    const h = len >> 1;
    const hit =
      (byStart ? closeOne(value, index.prefix.get(len)?.get(value.slice(0, h))) : undefined) ??
      (byEnd ? closeOne(value, index.suffix.get(len)?.get(value.slice(m - (len - h)))) : undefined);
    if (hit) return { known: hit, kind: 'typo' };
  }
  return undefined;
}

function closeOne(value: string, candidates: KnownIdentifier[] | undefined): KnownIdentifier | undefined {
  if (!candidates) return undefined;
  for (const k of candidates) {
    if (k.value.length >= MIN_TYPO_LENGTH && (editDistance(value, k.value, 1) <= 1 || isSwap(value, k.value))) return k;
  }
  return undefined;
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Apps matching a query: by name, id, category or identifier, exact substrings first, then near
 * misses, each word of the query on its own (`webx meetngs` finds Webex Meetings, `zoon` Zoom): a word
 * of the name or an identifier within a typo (two, from 7 letters) of a word of 4 letters or more
 * typed, or of its start.
 */
export function searchApps(catalog: Catalog, query: string): KnownApp[] {
  const q = query.trim().toLowerCase();
  if (q === '') return catalog.apps;
  const texts = (a: KnownApp) => [a.name, a.id, ...a.ios.map((i) => i.value), ...a.android.map((i) => i.value)].map((x) => x.toLowerCase());
  const exact = catalog.apps.filter((a) => a.category.toLowerCase() === q || texts(a).some((x) => x.includes(q)));
  const typed = q.split(/\s+/);
  const near = catalog.apps.filter((a) => {
    if (exact.includes(a)) return false;
    const all = texts(a);
    const words = all.flatMap((x) => x.split(/[\s.\-_:]+/)).filter((w) => w.length >= 4);
    return typed.every((t) => all.some((x) => x.includes(t)) || (t.length >= 4 && words.some((w) => close(t, w))));
  });
  return [...exact, ...near];
}

/** A typed word close to a word of an app: a typo or two away from it, or from its start. */
function close(typed: string, word: string): boolean {
  const allowed = typed.length < 7 ? 1 : 2;
  return editDistance(typed, word, allowed) <= allowed || editDistance(typed, word.slice(0, typed.length), allowed) <= allowed;
}

/** The catalog shipped with mamx (src/data/known-apps.json). */
export const SHIPPED_APPS: readonly KnownApp[] = knownApps.apps as KnownApp[];
