/**
 * What mamx knows of apps and their identifiers: the shipped catalog (src/data/known-apps.json),
 * extended by the user's, and Intune's built-in exemptions. Pure: the apps come in as data.
 */
import knownApps from '../data/known-apps.json' with { type: 'json' };
import { INTUNE_DEFAULTS } from './defaults.js';
import { editDistance } from './text-distance.js';
import type { Platform } from './types.js';

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
  byValue: Record<Platform, Map<string, KnownApp>>;
  /** Every known identifier (catalog and Intune defaults), indexed for look-alike search. */
  known: Record<Platform, LookAlikeIndex>;
}

interface LookAlikeIndex {
  exact: Map<string, KnownIdentifier>;
  lower: Map<string, KnownIdentifier>;
  /** By length, then by first half / second half of the identifier. */
  prefix: Map<number, Map<string, KnownIdentifier[]>>;
  suffix: Map<number, Map<string, KnownIdentifier[]>>;
}

/** Later apps (the user's) override earlier ones with the same id. */
export function buildCatalog(...sources: ReadonlyArray<readonly KnownApp[]>): Catalog {
  const byId = new Map<string, KnownApp>();
  for (const list of sources) for (const app of list) byId.set(app.id, app);
  const apps = [...byId.values()];
  const byValue = { ios: new Map<string, KnownApp>(), android: new Map<string, KnownApp>() };
  const known = { ios: emptyIndex(), android: emptyIndex() };
  for (const d of INTUNE_DEFAULTS)
    addKnown(known[d.platform], { platform: d.platform, value: d.value, label: `${d.name}, an Intune default` });
  for (const app of apps) {
    for (const platform of ['ios', 'android'] as const) {
      for (const id of app[platform]) {
        byValue[platform].set(id.value, app);
        addKnown(known[platform], { platform, value: id.value, label: app.name, app });
      }
    }
  }
  return { apps, byValue, known };
}

function emptyIndex(): LookAlikeIndex {
  return { exact: new Map(), lower: new Map(), prefix: new Map(), suffix: new Map() };
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
}

export interface LookAlike {
  known: KnownIdentifier;
  kind: 'case' | 'typo';
}

/** Identifiers this short are left alone: one character away from many unrelated ones. */
const MIN_TYPO_LENGTH = 4;

/**
 * A known identifier that `value` is not, but nearly is: the same but for case, or one edit (an
 * insertion, deletion, substitution or swap of neighbours) away. A one-character difference leaves
 * one half of the identifier untouched, so only identifiers sharing a half are compared.
 */
export function findLookAlike(catalog: Catalog, platform: Platform, value: string): LookAlike | undefined {
  const index = catalog.known[platform];
  if (index.exact.has(value)) return undefined;
  // iOS values are lower case by normalisation: only Android identifiers can differ by case alone.
  const sameButCase = platform === 'android' ? index.lower.get(value.toLowerCase()) : undefined;
  if (sameButCase) return { known: sameButCase, kind: 'case' };
  if (value.length < MIN_TYPO_LENGTH) return undefined;
  const m = value.length;
  // Runs for every target of a batch check: no allocation beyond the two half-strings.
  for (let len = m - 1; len <= m + 1; len++) {
    const h = len >> 1;
    const hit =
      closeOne(value, index.prefix.get(len)?.get(value.slice(0, h))) ??
      closeOne(value, index.suffix.get(len)?.get(value.slice(m - (len - h))));
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

/** Apps whose name, id, category or identifiers contain the query (case-insensitive). */
export function searchApps(catalog: Catalog, query: string): KnownApp[] {
  const q = query.trim().toLowerCase();
  if (q === '') return catalog.apps;
  return catalog.apps.filter(
    (a) =>
      a.name.toLowerCase().includes(q) ||
      a.id.toLowerCase().includes(q) ||
      a.category.toLowerCase() === q ||
      [...a.ios, ...a.android].some((i) => i.value.toLowerCase().includes(q)),
  );
}

/** The catalog shipped with mamx (src/data/known-apps.json). */
export const SHIPPED_APPS: readonly KnownApp[] = knownApps.apps as KnownApp[];
