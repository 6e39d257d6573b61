/**
 * The semantic difference of two policies (SPEC §5 diff): rows added, removed and changed, settings
 * changed, universal links, and the risk delta. Order, OData annotations, white space around names
 * and null against "" are not differences; values are compared exactly as stored. Pure.
 */
import type { Catalog } from './catalog.js';
import { defaultRowValue } from './defaults.js';
import { auditPolicy } from './risk/audit.js';
import type { EffectivePolicy, Platform, PlatformPolicy, RiskWarning } from './types.js';

export interface RowChange {
  value: string;
  field: string;
  before?: string;
  after?: string;
}

export interface RiskChange extends RiskWarning {
  platform: Platform;
  value: string;
}

export interface PlatformDiff {
  platform: Platform;
  settings: Array<{ setting: string; before: string; after: string }>;
  added: Array<{ value: string; name?: string }>;
  removed: Array<{ value: string; name?: string }>;
  changed: RowChange[];
  links: Record<'exempted' | 'managed', { added: string[]; removed: string[] }>;
  /** Warnings the second side has and the first has not (new risk), and the reverse. */
  risk: { added: RiskChange[]; removed: RiskChange[] };
}

export interface PolicyDiff {
  equal: boolean;
  platforms: PlatformDiff[];
}

const META = ['reason', 'ticket', 'owner', 'added', 'expires'] as const;
const METADATA_WARNINGS = new Set(['no-reason', 'expires-soon', 'expired']);
const blankless = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());

function settingsOf(platform: Platform, p: PlatformPolicy): Record<string, string> {
  const app = (a?: { value: string; name?: string }) => (a ? ` ${a.value}${blankless(a.name) ? ` (${blankless(a.name)})` : ''}` : '');
  return {
    sendOrgData: `${p.sendOrgData}${p.sendVariant ? ` (${p.sendVariant === 'osSharing' ? 'with OS sharing' : 'with Open-In/Share filtering'})` : ''}`,
    receiveOrgData: p.receiveOrgData,
    ...(platform === 'ios' && { Default: defaultRowValue(p.defaults) ?? '(none)' }),
    dialer: `${p.dialer.level}${app(p.dialer.app)}`,
    messaging: `${p.messaging.type}${app(p.messaging.app)}`,
  };
}

function rowsOf(p: PlatformPolicy): Map<string, Record<string, string | undefined>> {
  const rows = new Map<string, Record<string, string | undefined>>();
  for (const e of p.exceptions)
    if (!rows.has(e.value)) rows.set(e.value, { name: blankless(e.name), ...Object.fromEntries(META.map((k) => [k, e[k]])) });
  return rows;
}

export interface DiffOptions {
  platforms: readonly Platform[];
  /** Compare reason, ticket, owner, added and expires too (both sides are mamx files: exports have none). */
  metadata: boolean;
  catalog: Catalog;
  today: string;
}

export function diffPolicies(a: EffectivePolicy, b: EffectivePolicy, o: DiffOptions): PolicyDiff {
  const platforms = o.platforms.map((platform): PlatformDiff => {
    const pa = a[platform];
    const pb = b[platform];
    const sa = settingsOf(platform, pa);
    const sb = settingsOf(platform, pb);
    const settings = Object.keys(sa).flatMap((k) => (sa[k] === sb[k] ? [] : [{ setting: k, before: sa[k]!, after: sb[k]! }]));
    const ra = rowsOf(pa);
    const rb = rowsOf(pb);
    const named = (value: string, r: Record<string, string | undefined>) => ({ value, ...(r.name !== undefined && { name: r.name }) });
    const added = [...rb].filter(([v]) => !ra.has(v)).map(([v, r]) => named(v, r));
    const removed = [...ra].filter(([v]) => !rb.has(v)).map(([v, r]) => named(v, r));
    const changed: RowChange[] = [];
    for (const [value, before] of ra) {
      const after = rb.get(value);
      if (!after) continue;
      // Against an export, a row without a name holds its value as name in Intune (that is what a push sends).
      const inIntune = (r: Record<string, string | undefined>, field: string) =>
        r[field] ?? (field === 'name' && !o.metadata ? value : undefined);
      for (const field of ['name', ...(o.metadata ? META : [])]) {
        if (inIntune(before, field) !== inIntune(after, field))
          changed.push({
            value,
            field,
            ...(before[field] !== undefined && { before: before[field] }),
            ...(after[field] !== undefined && { after: after[field] }),
          });
      }
    }
    const linkDiff = (list: 'exempted' | 'managed') => {
      const la = new Set(pa.universalLinks[list].map((l) => l.value));
      const lb = new Set(pb.universalLinks[list].map((l) => l.value));
      return { added: [...lb].filter((l) => !la.has(l)), removed: [...la].filter((l) => !lb.has(l)) };
    };
    const links =
      platform === 'ios'
        ? { exempted: linkDiff('exempted'), managed: linkDiff('managed') }
        : { exempted: { added: [], removed: [] }, managed: { added: [], removed: [] } };
    return { platform, settings, added, removed, changed, links, risk: riskDelta(a, b, platform, o) };
  });
  const equal = platforms.every(unchanged);
  return { equal, platforms };
}

/** Nothing differs on this platform: settings, rows, names, links. */
export function unchanged(p: PlatformDiff): boolean {
  return (
    p.settings.length +
      p.added.length +
      p.removed.length +
      p.changed.length +
      p.links.exempted.added.length +
      p.links.exempted.removed.length +
      p.links.managed.added.length +
      p.links.managed.removed.length ===
    0
  );
}

function riskDelta(a: EffectivePolicy, b: EffectivePolicy, platform: Platform, o: DiffOptions): PlatformDiff['risk'] {
  // An export has no reasons or dates: warnings about them would only say which side is the export.
  const about = (code: string) => code !== 'unknown-key' && (o.metadata || !METADATA_WARNINGS.has(code));
  const findings = (p: EffectivePolicy) => auditPolicy(p, o.catalog, o.today).filter((f) => f.platform === platform && about(f.code));
  const key = (f: { code: string; value: string }) => `${f.code}\u0000${f.value}`;
  const fa = findings(a);
  const fb = findings(b);
  const ka = new Set(fa.map(key));
  const kb = new Set(fb.map(key));
  const strip = ({ source: _s, ...f }: RiskChange & { source?: unknown }): RiskChange => f;
  const added = fb.filter((f) => !ka.has(key(f))).map(strip);
  const removed = fa.filter((f) => !kb.has(key(f))).map(strip);
  // An exception list that starts or stops to count when the send setting changes.
  const counts = (p: PlatformPolicy) => p.sendOrgData === 'managedApps' && p.exceptions.length > 0;
  const before = counts(a[platform]);
  const after = counts(b[platform]);
  const n = b[platform].exceptions.length;
  if (before && !after && n > 0) {
    added.push({
      code: 'exceptions-moot',
      severity: 'medium',
      platform,
      value: 'exceptions',
      message: `The send setting is now ${b[platform].sendOrgData}: the ${n} exception(s) no longer decide anything.`,
    });
  }
  if (!before && after) {
    added.push({
      code: 'exceptions-effective',
      severity: 'medium',
      platform,
      value: 'exceptions',
      message: `The send setting is now managedApps: the ${n} exception(s) take effect.`,
    });
  }
  return { added, removed };
}
