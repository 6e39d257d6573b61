/**
 * What importing a tenant policy does to a policy file, as edit operations: settings set to the
 * tenant's, rows the file lacks added verbatim, names brought in line, and (mirror, for pull) rows the
 * tenant no longer has removed. A row's reason, ticket, owner and dates stay: Intune knows none.
 */
import type { EditOp } from './edits.js';
import { exceptionsOf } from './edits.js';
import type { Imported } from './intune.js';
import type { PolicyFile } from './policy-schema.js';
import type { Platform } from './types.js';

export interface ImportPlan {
  ops: EditOp[];
  added: Array<{ platform: Platform; value: string; name?: string }>;
  removed: Array<{ platform: Platform; value: string }>;
  renamed: Array<{ platform: Platform; value: string; from?: string; to?: string }>;
  settings: Array<{ platform: Platform; setting: string; before?: unknown; after?: unknown }>;
}

/** Keys a tenant policy sets in a file section (the rows are planned apart). */
const SETTING_KEYS = [
  'sendOrgData',
  'disableProtectionOfManagedOutboundOpenInData',
  'filterOpenInToOnlyManagedApps',
  'receiveOrgData',
  'defaults',
  'dialer',
  'messaging',
  'managedApps',
  'universalLinks',
  'intune',
] as const;
/** Keys whose absence in the tenant's section means "off", so a file's true is taken back. */
const OFF_WHEN_ABSENT = new Set(['disableProtectionOfManagedOutboundOpenInData', 'filterOpenInToOnlyManagedApps']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function planImport(data: PolicyFile | undefined, imported: readonly Imported[], mode: 'merge' | 'mirror'): ImportPlan {
  const plan: ImportPlan = { ops: [], added: [], removed: [], renamed: [], settings: [] };
  const adds: EditOp[] = [];
  const removes: EditOp[] = [];
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
    if (!section.exceptions) continue;
    const own = data?.[platform]?.exceptions ?? [];
    const tenant = new Set(section.exceptions.map((e) => e.value));
    for (const row of section.exceptions) {
      const at = own.findIndex((e) => e.value === row.value);
      if (at === -1) {
        adds.push({ op: 'add', list: exceptionsOf(platform), item: { ...row } });
        plan.added.push({ platform, ...row });
        continue;
      }
      const was = own[at]!.name;
      if ((was ?? '') !== (row.name ?? '')) {
        plan.ops.push({ op: 'set', path: [platform, 'exceptions', at, 'name'], value: row.name });
        plan.renamed.push({
          platform,
          value: row.value,
          ...(was !== undefined && { from: was }),
          ...(row.name !== undefined && { to: row.name }),
        });
      }
    }
    if (mode === 'mirror') {
      own.forEach((e, index) => {
        if (tenant.has(e.value)) return;
        removes.unshift({ op: 'remove', list: exceptionsOf(platform), index });
        plan.removed.push({ platform, value: e.value });
      });
    }
  }
  plan.ops.push(...removes, ...adds);
  return plan;
}
