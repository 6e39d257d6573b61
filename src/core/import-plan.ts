/**
 * What importing a tenant policy does to a policy file, as edit operations: settings set to the
 * tenant's, rows and list items the file lacks added verbatim, names brought in line, and the file's
 * own rows and items kept (merge) or removed (mirror). A row's reason, ticket, owner and dates stay:
 * Intune knows none.
 */
import type { EditOp } from './edits.js';
import { exceptionsOf, type ListPath } from './edits.js';
import type { Imported } from './intune.js';
import type { PolicyFile } from './policy-schema.js';
import type { Platform } from './types.js';

export interface ImportPlan {
  ops: EditOp[];
  /** `list` names a list other than the exemption rows (managedApps, universalLinks.exempted, ...). */
  added: Array<{ platform: Platform; value: string; name?: string; list?: string }>;
  /** Mirror: what the file had and the tenant has not. */
  removed: Array<{ platform: Platform; value: string; list?: string }>;
  /** Merge: what the file has and the tenant has not, kept (a push sends it). */
  kept: Array<{ platform: Platform; value: string; list?: string }>;
  renamed: Array<{ platform: Platform; value: string; from?: string; to?: string }>;
  settings: Array<{ platform: Platform; setting: string; before?: unknown; after?: unknown }>;
}

/** Keys a tenant policy sets in a file section, whole (the rows and LISTS are merged item by item). */
const SETTING_KEYS = [
  'sendOrgData',
  'disableProtectionOfManagedOutboundOpenInData',
  'filterOpenInToOnlyManagedApps',
  'receiveOrgData',
  'defaults',
  'dialer',
  'messaging',
  'intune',
] as const;
/** Keys whose absence in the tenant's section means "off", so a file's true is taken back. */
const OFF_WHEN_ABSENT = new Set(['disableProtectionOfManagedOutboundOpenInData', 'filterOpenInToOnlyManagedApps']);
/** Lists of plain values, merged item by item like the rows; a list the file lacks is set whole. */
const LISTS: ReadonlyArray<{ path: readonly string[]; label: string }> = [
  { path: ['managedApps'], label: 'managedApps' },
  { path: ['universalLinks', 'exempted'], label: 'universalLinks.exempted' },
  { path: ['universalLinks', 'managed'], label: 'universalLinks.managed' },
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const at = (o: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
/** A stored item's value: a string, or an exception-like entry's `value`. */
const valueOf = (item: unknown): string =>
  typeof item === 'string' ? item : item !== null && typeof item === 'object' ? String((item as { value?: unknown }).value) : String(item);

/**
 * merge (import, pull): the file takes the tenant's settings, rows and list items, and keeps its own
 * rows and items the tenant lacks (reported as kept). mirror (pull --mirror): those are removed.
 */
export function planImport(data: PolicyFile | undefined, imported: readonly Imported[], mode: 'merge' | 'mirror'): ImportPlan {
  const plan: ImportPlan = { ops: [], added: [], removed: [], kept: [], renamed: [], settings: [] };
  const adds: EditOp[] = [];
  const removes: EditOp[] = [];
  const setWhole = new Set<string>();
  /** The file's own items the tenant lacks: removed (mirror, highest index first) or kept (merge). */
  const leftover = (platform: Platform, list: ListPath, own: readonly unknown[], tenant: ReadonlySet<string>, label?: string) =>
    own.forEach((item, index) => {
      const value = valueOf(item);
      if (tenant.has(value)) return;
      if (mode === 'mirror') {
        removes.unshift({ op: 'remove', list, index });
        plan.removed.push({ platform, value, ...(label && { list: label }) });
      } else plan.kept.push({ platform, value, ...(label && { list: label }) });
    });
  for (const { platform, section } of imported) {
    const current = (data?.[platform] ?? {}) as Record<string, unknown>;
    for (const key of SETTING_KEYS) {
      const after = (section as Record<string, unknown>)[key];
      if (after === undefined && !(OFF_WHEN_ABSENT.has(key) && current[key] !== undefined)) continue;
      if (same(current[key], after)) continue;
      plan.ops.push({ op: 'set', path: [platform, key], value: after });
      plan.settings.push({
        platform,
        setting: key,
        ...(current[key] !== undefined && { before: current[key] }),
        ...(after !== undefined && { after }),
      });
    }
    for (const { path, label } of LISTS) {
      const theirs = at(section, path);
      if (!Array.isArray(theirs)) continue;
      // The nearest key the file lacks is set whole: the file said nothing there to keep.
      const missing = path.findIndex((_, i) => at(current, path.slice(0, i + 1)) === undefined);
      if (missing !== -1) {
        const key = path.slice(0, missing + 1);
        if (setWhole.has(`${platform}.${key.join('.')}`)) continue;
        setWhole.add(`${platform}.${key.join('.')}`);
        const value = at(section, key);
        plan.ops.push({ op: 'set', path: [platform, ...key], value });
        plan.settings.push({ platform, setting: key.join('.'), after: value });
        continue;
      }
      const own = at(current, path);
      if (!Array.isArray(own)) continue; // a wrong type: the schema has said so; nothing to merge into
      const list: ListPath = [platform, ...path];
      const mine = new Set(own.map(valueOf));
      for (const item of theirs as unknown[]) {
        const value = valueOf(item);
        if (mine.has(value)) continue;
        adds.push({ op: 'add', list, item: value });
        plan.added.push({ platform, value, list: label });
      }
      leftover(platform, list, own, new Set((theirs as unknown[]).map(valueOf)), label);
    }
    if (!section.exceptions) continue;
    const own = data?.[platform]?.exceptions ?? [];
    for (const row of section.exceptions) {
      const i = own.findIndex((e) => e.value === row.value);
      if (i === -1) {
        // A tenant's row is a value and a name: Intune holds nothing else.
        const item = { value: row.value, ...(row.name !== undefined && { name: row.name }) };
        adds.push({ op: 'add', list: exceptionsOf(platform), item });
        plan.added.push({ platform, ...item });
        continue;
      }
      // A row without a name holds its value as name in Intune: not a rename.
      const was = own[i]!.name;
      if ((was ?? row.value) !== (row.name ?? row.value)) {
        plan.ops.push({ op: 'set', path: [platform, 'exceptions', i, 'name'], value: row.name });
        plan.renamed.push({
          platform,
          value: row.value,
          ...(was !== undefined && { from: was }),
          ...(row.name !== undefined && { to: row.name }),
        });
      }
    }
    leftover(platform, exceptionsOf(platform), own, new Set(section.exceptions.map((e) => e.value)));
  }
  plan.ops.push(...removes, ...adds);
  return plan;
}
