/**
 * Intune's own data and mamx's file, both ways (SPEC §5 import/export), on the properties mamx
 * models: the exemption rows (iOS exemptedAppProtocols with its `Default` row, Android
 * exemptedAppPackages), the universal links, the send/receive, dialer and messaging settings. Rows
 * are kept verbatim; whatever cannot be carried is reported, never dropped without a word. Pure: the
 * parsed export comes in as data.
 */
import { defaultRowValue, IOS_DEFAULT_ROW } from './defaults.js';
import type { PolicyFile } from './policy-schema.js';
import { DIALER_LEVELS, MESSAGING_TYPES, SEND_SETTINGS, type EffectivePolicy, type Platform } from './types.js';

/** One app protection policy found in an export. */
export interface GraphPolicy {
  platform: Platform;
  id?: string;
  displayName?: string;
  version?: string;
  /** The policy's properties, OData annotations left out. */
  properties: Record<string, unknown>;
}

const TYPE: Record<Platform, string> = {
  ios: '#microsoft.graph.iosManagedAppProtection',
  android: '#microsoft.graph.androidManagedAppProtection',
};
export const ROWS: Record<Platform, 'exemptedAppProtocols' | 'exemptedAppPackages'> = {
  ios: 'exemptedAppProtocols',
  android: 'exemptedAppPackages',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The iOS and Android app protection policies in an export: one policy object (a Graph GET or create
 * body, an IntuneManagement export, an IntuneCD backup, a framework baseline), or a collection
 * (`{"value": [...]}` or a bare list) that may hold other policy types, which are skipped with a note.
 */
export function policiesIn(doc: unknown): { policies: GraphPolicy[]; skipped: string[] } {
  const items = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.value) ? doc.value : [doc];
  const policies: GraphPolicy[] = [];
  const skipped: string[] = [];
  items.forEach((item, i) => {
    if (!isRecord(item)) {
      skipped.push(`item ${i + 1}: not a policy object`);
      return;
    }
    const properties = Object.fromEntries(Object.entries(item).filter(([k]) => !k.includes('@') && !k.startsWith('#')));
    const type = text(item['@odata.type']) ?? '';
    const platform: Platform | undefined = /iosManagedAppProtection$/i.test(type)
      ? 'ios'
      : /androidManagedAppProtection$/i.test(type)
        ? 'android'
        : type === '' && 'exemptedAppProtocols' in properties
          ? 'ios'
          : type === '' && 'exemptedAppPackages' in properties
            ? 'android'
            : undefined;
    const name = text(item.displayName) ?? text(item.id) ?? `item ${i + 1}`;
    if (!platform) {
      skipped.push(
        `"${name}": ${type ? type.replace('#microsoft.graph.', '') : 'not an app protection policy'} is not an iOS or Android app protection policy`,
      );
      return;
    }
    const id = text(item.id);
    const displayName = text(item.displayName);
    const version = text(item.version);
    policies.push({ platform, ...(id && { id }), ...(displayName && { displayName }), ...(version && { version }), properties });
  });
  return { policies, skipped };
}

export type Section = NonNullable<PolicyFile['ios']> & NonNullable<PolicyFile['android']> & Record<string, unknown>;

export interface Imported {
  platform: Platform;
  /** The platform's section of a policy file, as the tenant has it. */
  section: Section;
  /** What was not imported, and why (rows, settings, targeted apps). */
  notes: string[];
  /** Properties of the policy that mamx does not model: left in Intune, never touched. */
  untouched: string[];
}

/**
 * The two settings that name an app (Graph): the level's property, the level that names an app, and
 * where the app goes: a URL scheme on iOS, a package ID and display name on Android.
 */
const NAMED_APP_SETTINGS = {
  dialer: {
    level: 'dialerRestrictionLevel',
    names: 'customApp',
    levels: DIALER_LEVELS,
    ios: 'customDialerAppProtocol',
    android: { id: 'customDialerAppPackageId', name: 'customDialerAppDisplayName' },
  },
  messaging: {
    level: 'protectedMessagingRedirectAppType',
    names: 'specificApps',
    levels: MESSAGING_TYPES,
    ios: 'messagingRedirectAppUrlScheme',
    android: { id: 'messagingRedirectAppPackageId', name: 'messagingRedirectAppDisplayName' },
  },
} as const;

/** The modelled properties of a platform (everything else in a policy is left alone). */
export const MODELLED: Record<Platform, readonly string[]> = {
  ios: [
    'allowedOutboundDataTransferDestinations',
    'disableProtectionOfManagedOutboundOpenInData',
    'filterOpenInToOnlyManagedApps',
    'allowedInboundDataTransferSources',
    'dialerRestrictionLevel',
    'customDialerAppProtocol',
    'protectedMessagingRedirectAppType',
    'messagingRedirectAppUrlScheme',
    'exemptedAppProtocols',
    'exemptedUniversalLinks',
    'managedUniversalLinks',
  ],
  android: [
    'allowedOutboundDataTransferDestinations',
    'allowedInboundDataTransferSources',
    'dialerRestrictionLevel',
    'customDialerAppPackageId',
    'customDialerAppDisplayName',
    'protectedMessagingRedirectAppType',
    'messagingRedirectAppPackageId',
    'messagingRedirectAppDisplayName',
    'exemptedAppPackages',
  ],
};

const IDENTITY = new Set([
  'id',
  'displayName',
  'version',
  'description',
  'createdDateTime',
  'lastModifiedDateTime',
  'roleScopeTagIds',
  'apps',
  'assignments',
]);

export function sectionFromGraph(policy: GraphPolicy): Imported {
  const { platform, properties: p } = policy;
  const section: Record<string, unknown> = {};
  const notes: string[] = [];
  const setting = <T extends string>(key: string, graphKey: string, values: readonly T[]) => {
    const v = p[graphKey];
    if (v === undefined || v === null) return;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) section[key] = v;
    else notes.push(`${graphKey} ${JSON.stringify(v)} is not a value mamx knows (${values.join(', ')}): not imported`);
  };
  setting('sendOrgData', 'allowedOutboundDataTransferDestinations', SEND_SETTINGS);
  if (platform === 'ios') {
    if (p.disableProtectionOfManagedOutboundOpenInData === true) section.disableProtectionOfManagedOutboundOpenInData = true;
    if (p.filterOpenInToOnlyManagedApps === true) section.filterOpenInToOnlyManagedApps = true;
  }
  setting('receiveOrgData', 'allowedInboundDataTransferSources', SEND_SETTINGS);

  // Settings with a named app: the app only matters, and is only carried, when the setting names one.
  for (const key of ['dialer', 'messaging'] as const) {
    const f = NAMED_APP_SETTINGS[key];
    const level = p[f.level];
    if (level === undefined || level === null) continue;
    if (typeof level !== 'string' || !(f.levels as readonly string[]).includes(level)) {
      notes.push(`${f.level} ${JSON.stringify(level)} is not a value mamx knows: not imported`);
      continue;
    }
    if (level !== f.names) {
      section[key] = level;
      continue;
    }
    const app = p[platform === 'ios' ? f.ios : f.android.id];
    const name = platform === 'ios' ? undefined : p[f.android.name];
    if (typeof app !== 'string' || app.trim() === '') {
      notes.push(`${key}: ${f.names} names no app (an empty placeholder): not imported; set it in Intune or in the file`);
      continue;
    }
    section[key] = { [f.names]: app, ...(typeof name === 'string' && name.trim() !== '' && { name }) };
  }

  // The rows, verbatim; on iOS the first row named Default is Intune's built-in exemptions.
  const rows = p[ROWS[platform]];
  const exceptions: Array<Record<string, string>> = [];
  let defaultRow: string | undefined;
  if (Array.isArray(rows)) {
    rows.forEach((row, i) => {
      const value = isRecord(row) ? row.value : undefined;
      const name = isRecord(row) ? row.name : undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        notes.push(`${ROWS[platform]}[${i}]${typeof name === 'string' ? ` ("${name}")` : ''}: no value: not imported`);
        return;
      }
      if (platform === 'ios' && name === IOS_DEFAULT_ROW.name && defaultRow === undefined) {
        defaultRow = value;
        return;
      }
      exceptions.push({ value, ...(typeof name === 'string' && name.trim() !== '' && { name }) });
    });
    if (platform === 'ios') {
      section.defaults =
        defaultRow === undefined
          ? 'none'
          : defaultRow === IOS_DEFAULT_ROW.current
            ? 'current'
            : defaultRow === IOS_DEFAULT_ROW.legacy
              ? 'legacy'
              : { custom: defaultRow };
    }
    section.exceptions = exceptions;
  }

  if (platform === 'ios') {
    const links: Record<string, string[]> = {};
    for (const [key, graphKey] of [
      ['exempted', 'exemptedUniversalLinks'],
      ['managed', 'managedUniversalLinks'],
    ] as const) {
      const list = p[graphKey];
      if (!Array.isArray(list)) continue;
      const kept = list.filter((l): l is string => typeof l === 'string' && l.trim() !== '');
      if (kept.length < list.length) notes.push(`${graphKey}: ${list.length - kept.length} empty or non-text entries: not imported`);
      links[key] = kept;
    }
    if (Object.keys(links).length > 0) section.universalLinks = links;
  }

  // Targeted apps ($expand=apps): Android package IDs are what mamx lists; iOS bundle IDs are not URL schemes.
  if (Array.isArray(p.apps)) {
    const ids = p.apps.flatMap((a) => {
      const m = isRecord(a) && isRecord(a.mobileAppIdentifier) ? a.mobileAppIdentifier : undefined;
      const v = m ? (platform === 'android' ? m.packageId : m.bundleId) : undefined;
      return typeof v === 'string' ? [v] : [];
    });
    if (platform === 'android' && ids.length > 0) section.managedApps = ids;
    if (platform === 'ios' && ids.length > 0) {
      notes.push(
        `${ids.length} targeted iOS app(s) by bundle ID (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}): mamx lists managed iOS apps by URL scheme, which a bundle ID does not give; add them to managedApps by hand`,
      );
    }
  }

  if (policy.id || policy.displayName || policy.version) {
    section.intune = {
      ...(policy.id && { id: policy.id }),
      ...(policy.displayName && { displayName: policy.displayName }),
      ...(policy.version && { version: policy.version }),
    };
  }
  const untouched = Object.keys(p).filter((k) => !MODELLED[platform].includes(k) && !IDENTITY.has(k));
  return { platform, section, notes, untouched };
}

/**
 * The Graph PATCH body of a platform: `@odata.type` and exactly the properties mamx models, the full
 * exemption list (iOS: the `Default` row first, exactly as the file says), in a fixed order.
 */
export function graphBody(platform: Platform, policy: EffectivePolicy): Record<string, unknown> {
  const p = policy[platform];
  const body: Record<string, unknown> = { '@odata.type': TYPE[platform], allowedOutboundDataTransferDestinations: p.sendOrgData };
  if (platform === 'ios') {
    body.disableProtectionOfManagedOutboundOpenInData = p.sendVariant === 'osSharing';
    body.filterOpenInToOnlyManagedApps = p.sendVariant === 'openInFiltering';
  }
  body.allowedInboundDataTransferSources = p.receiveOrgData;
  for (const [key, level, app] of [
    ['dialer', p.dialer.level, p.dialer.app],
    ['messaging', p.messaging.type, p.messaging.app],
  ] as const) {
    const f = NAMED_APP_SETTINGS[key];
    body[f.level] = level;
    if (level !== f.names || !app) continue;
    if (platform === 'ios') body[f.ios] = app.value;
    else Object.assign(body, { [f.android.id]: app.value, [f.android.name]: app.name ?? app.value });
  }
  const seen = new Set<string>();
  const rows = p.exceptions.flatMap((e) => (seen.has(e.value) ? [] : (seen.add(e.value), [{ name: e.name ?? e.value, value: e.value }])));
  const defaultRow = platform === 'ios' ? defaultRowValue(p.defaults) : null;
  body[ROWS[platform]] = defaultRow === null ? rows : [{ name: IOS_DEFAULT_ROW.name, value: defaultRow }, ...rows];
  if (platform === 'ios') {
    body.exemptedUniversalLinks = p.universalLinks.exempted.map((l) => l.value);
    body.managedUniversalLinks = p.universalLinks.managed.map((l) => l.value);
  }
  return body;
}

export const COLLECTION: Record<Platform, string> = {
  ios: '/deviceAppManagement/iosManagedAppProtections',
  android: '/deviceAppManagement/androidManagedAppProtections',
};

/**
 * What of a sent PATCH body the tenant does not hold when read back: the properties that differ,
 * comparing rows and links as sets (Intune keeps no order promise) and null as "".
 */
export function unverified(sent: Record<string, unknown>, readBack: Record<string, unknown>): string[] {
  const norm = (v: unknown): unknown => {
    if (v === null || v === undefined || v === '') return '';
    const text = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x ?? ''));
    if (Array.isArray(v)) return v.map((x) => (isRecord(x) ? `${text(x.name)}\u0000${text(x.value)}` : text(x))).sort();
    return v;
  };
  return Object.keys(sent).filter((k) => k !== '@odata.type' && JSON.stringify(norm(sent[k])) !== JSON.stringify(norm(readBack[k])));
}
