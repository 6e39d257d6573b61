/**
 * From a policy file's section to the policy the evaluator sees: every setting filled in with
 * Intune's default where the file says nothing (send: managedApps, mamx's choice for a new file),
 * values exactly as stored.
 */
import linkData from '../data/universal-links.json' with { type: 'json' };
import type { AndroidSection, IosSection, PolicyFile } from './policy-schema.js';
import type { DialerLevel, EffectivePolicy, MessagingType, NamedApp, Platform, PlatformPolicy, SendVariant, SourcedLink } from './types.js';

/** Microsoft's default universal links (src/data/universal-links.json). */
export const DEFAULT_LINKS: Readonly<Record<'exempted' | 'managed', ReadonlyArray<{ value: string; app: string; source: string }>>> = {
  exempted: linkData.exempted,
  managed: linkData.managed,
};

/** Either platform's section: what they share, and iOS's own keys. */
type Section = IosSection | AndroidSection;

export interface ListedLinks {
  exempted?: SourcedLink[];
  managed?: SourcedLink[];
}

export function platformPolicy(
  platform: Platform,
  section: Section | undefined,
  links: ListedLinks = {},
): Omit<PlatformPolicy, 'exceptions'> {
  const s: Section = section ?? {};
  const ios = platform === 'ios' ? (s as IosSection) : undefined;
  return {
    sendOrgData: s.sendOrgData ?? 'managedApps',
    ...(ios && sendVariant(ios) && { sendVariant: sendVariant(ios) }),
    receiveOrgData: s.receiveOrgData ?? 'allApps',
    defaults: ios?.defaults ?? 'current',
    dialer: dialerOf(s.dialer),
    messaging: messagingOf(s.messaging),
    managedApps: s.managedApps ?? [],
    universalLinks: {
      exempted: links.exempted ?? (platform === 'ios' ? DEFAULT_LINKS.exempted.map((l) => ({ value: l.value })) : []),
      managed: links.managed ?? (platform === 'ios' ? DEFAULT_LINKS.managed.map((l) => ({ value: l.value })) : []),
      fromFile: { exempted: links.exempted !== undefined, managed: links.managed !== undefined },
    },
  };
}

function sendVariant(s: IosSection): SendVariant | undefined {
  if (s.disableProtectionOfManagedOutboundOpenInData) return 'osSharing';
  if (s.filterOpenInToOnlyManagedApps) return 'openInFiltering';
  return undefined;
}

function dialerOf(d: Section['dialer']): { level: DialerLevel; app?: NamedApp } {
  if (d === undefined) return { level: 'allApps' };
  if (typeof d === 'string') return { level: d };
  return { level: 'customApp', app: { value: d.customApp, ...(d.name !== undefined && { name: d.name }) } };
}

function messagingOf(m: Section['messaging']): { type: MessagingType; app?: NamedApp } {
  if (m === undefined) return { type: 'anyApp' };
  if (typeof m === 'string') return { type: m };
  return { type: 'specificApps', app: { value: m.specificApps, ...(m.name !== undefined && { name: m.name }) } };
}

/** The policy mamx uses for a platform with no file, or a file without that section. */
export function defaultPlatformPolicy(platform: Platform): PlatformPolicy {
  return { ...platformPolicy(platform, undefined), exceptions: [] };
}

/** A platform's settings as `list` shows them (Graph's value names). */
export interface SettingsView {
  sendOrgData: string;
  receiveOrgData: string;
  dialer: string;
  messaging: string;
  /** iOS: the Default row's choice and its value as Intune stores it. */
  defaults?: string;
  defaultRow?: string | null;
  managedApps: string[];
  universalLinks?: { exempted: number; managed: number; microsoftDefaults: { exempted: boolean; managed: boolean } };
}

export function settingsView(platform: Platform, p: PlatformPolicy, defaultRow: string | null): SettingsView {
  const variant =
    p.sendVariant === 'osSharing' ? ' with OS sharing' : p.sendVariant === 'openInFiltering' ? ' with Open-In/Share filtering' : '';
  const app = (a?: NamedApp) => (a ? ` ${a.name ? `${a.name} (${a.value})` : a.value}` : '');
  return {
    sendOrgData: `${p.sendOrgData}${variant}`,
    receiveOrgData: p.receiveOrgData,
    dialer: `${p.dialer.level}${app(p.dialer.app)}`,
    messaging: `${p.messaging.type}${app(p.messaging.app)}`,
    ...(platform === 'ios' && { defaults: typeof p.defaults === 'object' ? 'custom' : p.defaults, defaultRow }),
    managedApps: p.managedApps,
    ...(platform === 'ios' && {
      universalLinks: {
        exempted: p.universalLinks.exempted.length,
        managed: p.universalLinks.managed.length,
        microsoftDefaults: { exempted: !p.universalLinks.fromFile.exempted, managed: !p.universalLinks.fromFile.managed },
      },
    }),
  };
}

/** A policy from a file's data alone (no `extends`, no line numbers): an import's result, a diff side. */
export function policyFromData(data: PolicyFile, file: string): EffectivePolicy {
  const platform = (name: Platform): PlatformPolicy => {
    const section = data[name];
    const links: ListedLinks = {};
    if (name === 'ios') {
      const ul = data.ios?.universalLinks;
      if (ul?.exempted) links.exempted = ul.exempted.map((value) => ({ value, source: { file } }));
      if (ul?.managed) links.managed = ul.managed.map((value) => ({ value, source: { file } }));
    }
    return {
      ...platformPolicy(name, section, links),
      exceptions: (section?.exceptions ?? []).map((e) => ({ ...e, platform: name, source: { file } })),
    };
  };
  return { file, ios: platform('ios'), android: platform('android') };
}
