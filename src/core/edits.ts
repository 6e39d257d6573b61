/**
 * Edits to a policy as data: what `add` and `remove` change, decided without touching a file.
 * The I/O layer applies the resulting operations to the file in its own format.
 */
import { closest } from './text-distance.js';
import type { ExceptionEntry, ExceptionMeta, Platform, SourcedException } from './types.js';

/** Where a list lives in a policy file: its key path, e.g. ['ios', 'exceptions']. */
export type ListPath = readonly [Platform, ...string[]];

/** An item of a list: a plain value (a universal link) or a mapping (an exception with its metadata). */
export type ListItem = string | Readonly<Record<string, string | undefined>>;

/** One change to one list of a policy file. The I/O layer applies it in the file's own format. */
export type EditOp = { op: 'add'; list: ListPath; item: ListItem } | { op: 'remove'; list: ListPath; index: number };

export const exceptionsOf = (platform: Platform): ListPath => [platform, 'exceptions'];

export interface Target {
  platform: Platform;
  value: string;
}

export interface AddPlan {
  ops: EditOp[];
  added: Target[];
  /** Already in the file: adding them again changes nothing (add is idempotent). */
  present: Target[];
}

/** `own`: the exceptions of the file being edited, in file order per platform. */
export function planAdd(own: Record<Platform, readonly ExceptionEntry[]>, targets: readonly Target[], meta: ExceptionMeta): AddPlan {
  const plan: AddPlan = { ops: [], added: [], present: [] };
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.platform}\u0000${t.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (own[t.platform].some((e) => e.value === t.value)) {
      plan.present.push(t);
      continue;
    }
    plan.ops.push({ op: 'add', list: exceptionsOf(t.platform), item: { value: t.value, ...definedOnly(meta) } });
    plan.added.push(t);
  }
  return plan;
}

export interface RemovePlan {
  ops: EditOp[];
  removed: Target[];
  /** Not in the file: with the closest value that is, and the file that holds it if inherited. */
  missing: Array<Target & { didYouMean?: string; inheritedFrom?: string }>;
}

export function planRemove(
  own: Record<Platform, readonly ExceptionEntry[]>,
  inherited: readonly SourcedException[],
  targets: readonly Target[],
): RemovePlan {
  const plan: RemovePlan = { ops: [], removed: [], missing: [] };
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.platform}\u0000${t.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = own[t.platform];
    const indexes = list.flatMap((e, i) => (e.value === t.value ? [i] : []));
    if (indexes.length === 0) {
      const from = inherited.find((e) => e.platform === t.platform && e.value === t.value);
      const suggestion = closest(
        t.value,
        list.map((e) => e.value),
      );
      plan.missing.push({
        ...t,
        ...(suggestion !== undefined && { didYouMean: suggestion }),
        ...(from && { inheritedFrom: from.source.file }),
      });
      continue;
    }
    for (const index of indexes) plan.ops.push({ op: 'remove', list: exceptionsOf(t.platform), index });
    plan.removed.push(t);
  }
  // Remove from the end of each list so earlier indexes stay valid.
  plan.ops.sort((a, b) =>
    a.op === 'remove' && b.op === 'remove' ? a.list.join('.').localeCompare(b.list.join('.')) || b.index - a.index : 0,
  );
  return plan;
}

function definedOnly(meta: ExceptionMeta): ExceptionMeta {
  const out: ExceptionMeta = {};
  for (const key of ['name', 'reason', 'ticket', 'owner', 'added', 'expires'] as const) {
    const v = meta[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}
