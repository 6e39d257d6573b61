/**
 * Edits to a policy as data: what `add` and `remove` change, decided without touching a file.
 * The I/O layer applies the resulting operations to the file in its own format.
 */
import { closest } from './text-distance.js';
import type { Acceptance, ExceptionEntry, ExceptionMeta, Platform, SourcedException } from './types.js';
import { sameValue } from './values.js';

/** Where a list lives in a policy file: its key path, e.g. ['ios', 'exceptions']. */
export type ListPath = readonly [Platform, ...string[]];

/** An item of a list: a plain value (a universal link) or a mapping (an exception with its metadata). */
export type ListItem = string | Readonly<Record<string, string | undefined>>;

/**
 * One change to a policy file: an item added to or removed from a list, or a key set to a value
 * (undefined: the key removed). The I/O layer applies it in the file's own format.
 */
export type EditOp =
  | { op: 'add'; list: ListPath; item: ListItem }
  | { op: 'remove'; list: ListPath; index: number }
  | { op: 'set'; path: ReadonlyArray<string | number>; value: unknown };

export const exceptionsOf = (platform: Platform): ListPath => [platform, 'exceptions'];

export interface Target {
  platform: Platform;
  value: string;
}

/** A field of an exception changed in place: what it was (absent: not set) and what it is. */
export type FieldChange = { before?: string; after: string };

export interface Updated extends Target {
  fields: Partial<Record<keyof ExceptionMeta, FieldChange>>;
}

export interface AddPlan {
  ops: EditOp[];
  added: Target[];
  /** Already in the file, with fields the command gives that differ: those fields are set. */
  updated: Updated[];
  /** Already in the file as asked: adding them again changes nothing (add is idempotent). */
  present: Target[];
}

/** The metadata fields a command may change on an exception that is there (`added` stays the day it was added). */
const UPDATABLE = ['name', 'reason', 'ticket', 'owner', 'expires'] as const;

/**
 * `own`: the exceptions of the file being edited, in file order per platform. `meta` goes with a new
 * exception; `updates` (the fields given explicitly) are set on one that is there, where they differ.
 */
export function planAdd(
  own: Record<Platform, readonly ExceptionEntry[]>,
  targets: readonly Target[],
  meta: ExceptionMeta,
  updates: ExceptionMeta = {},
): AddPlan {
  const plan: AddPlan = { ops: [], added: [], updated: [], present: [] };
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.platform}\u0000${t.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const index = findSame(own[t.platform], t);
    if (index !== -1) {
      const change = planUpdate(t, index, own[t.platform][index]!, updates);
      if (change) {
        plan.ops.push(...change.ops);
        plan.updated.push(change.updated);
      } else plan.present.push(t);
      continue;
    }
    plan.ops.push({ op: 'add', list: exceptionsOf(t.platform), item: { value: t.value, ...definedOnly(meta) } });
    plan.added.push(t);
  }
  return plan;
}

/** Where the list holds the target's value (sameValue; a value of another length cannot be the same), or -1. */
function findSame(list: readonly ExceptionEntry[], t: Target): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!.value;
    if (v.length === t.value.length && sameValue(t.platform, v, t.value)) return i;
  }
  return -1;
}

/** The set operations that bring one exception's fields to `updates`, or null when they already agree. */
export function planUpdate(
  t: Target,
  index: number,
  entry: ExceptionEntry,
  updates: ExceptionMeta,
): { ops: EditOp[]; updated: Updated } | null {
  const ops: EditOp[] = [];
  const fields: Updated['fields'] = {};
  for (const field of UPDATABLE) {
    const after = updates[field];
    if (after === undefined || after === '' || entry[field] === after) continue;
    const before = entry[field];
    ops.push({ op: 'set', path: [t.platform, 'exceptions', index, field], value: after });
    fields[field] = { ...(typeof before === 'string' && { before }), after };
  }
  return ops.length === 0 ? null : { ops, updated: { platform: t.platform, value: entry.value, fields } };
}

/** Which exceptions a bulk update (renew) applies to; every given criterion must hold. */
export interface Selection {
  targets?: readonly Target[];
  platform?: Platform;
  owner?: string;
  ticket?: string;
  /** Those without an expiry date, or expiring before this day (YYYY-MM-DD). */
  expiringBefore?: string;
}

export function selects(s: Selection, platform: Platform, e: ExceptionEntry): boolean {
  return (
    (!s.platform || s.platform === platform) &&
    (!s.targets?.length || s.targets.some((t) => t.platform === platform && sameValue(platform, e.value, t.value))) &&
    (s.owner === undefined || e.owner === s.owner) &&
    (s.ticket === undefined || e.ticket === s.ticket) &&
    (s.expiringBefore === undefined || e.expires === undefined || e.expires < s.expiringBefore)
  );
}

/** Setting fields on every selected exception of the file (renew: a new expiry date after a review). */
export function planBulkUpdate(own: Record<Platform, readonly ExceptionEntry[]>, selection: Selection, updates: ExceptionMeta) {
  const ops: EditOp[] = [];
  const updated: Updated[] = [];
  const unchanged: Target[] = [];
  for (const platform of ['ios', 'android'] as const) {
    own[platform].forEach((e, index) => {
      if (!selects(selection, platform, e)) return;
      const change = planUpdate({ platform, value: e.value }, index, e, updates);
      if (change) {
        ops.push(...change.ops);
        updated.push(change.updated);
      } else unchanged.push({ platform, value: e.value });
    });
  }
  return { ops, updated, unchanged };
}

/** Recording (or, with `undefined`, revoking) a risk acceptance on exceptions of the file. */
export function planAccept(
  own: Record<Platform, readonly ExceptionEntry[]>,
  targets: readonly Target[],
  acceptance: Acceptance | undefined,
) {
  const ops: EditOp[] = [];
  const accepted: Target[] = [];
  const missing: Array<Target & { didYouMean?: string }> = [];
  for (const t of targets) {
    const index = findSame(own[t.platform], t);
    if (index === -1) {
      const suggestion = closest(
        t.value,
        own[t.platform].map((e) => e.value),
      );
      missing.push({ ...t, ...(suggestion !== undefined && { didYouMean: suggestion }) });
      continue;
    }
    const entry = own[t.platform][index]!;
    if (acceptance === undefined ? entry.accepted === undefined : JSON.stringify(entry.accepted) === JSON.stringify(acceptance)) continue;
    ops.push({ op: 'set', path: [t.platform, 'exceptions', index, 'accepted'], value: acceptance });
    accepted.push({ platform: t.platform, value: entry.value });
  }
  return { ops, accepted, missing };
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
    const indexes = list.flatMap((e, i) => (sameValue(t.platform, e.value, t.value) ? [i] : []));
    if (indexes.length === 0) {
      const from = inherited.find((e) => e.platform === t.platform && sameValue(t.platform, e.value, t.value));
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

/** The two iOS universal-link lists. */
export type LinkList = 'exempted' | 'managed';
export const linksOf = (list: LinkList): ListPath => ['ios', 'universalLinks', list];

export interface LinkTarget {
  platform: 'ios';
  value: string;
  list: LinkList;
}

/**
 * Adding universal links to a list. A file without that list means Microsoft's defaults; the first
 * edit writes them out, then the new links, so the file holds the whole list as Intune stores it.
 */
export function planAddLinks(current: readonly string[] | undefined, defaults: readonly string[], urls: readonly string[], list: LinkList) {
  const ops: EditOp[] = current === undefined ? defaults.map((item) => ({ op: 'add' as const, list: linksOf(list), item })) : [];
  const have = [...(current ?? defaults)];
  const added: LinkTarget[] = [];
  const present: LinkTarget[] = [];
  for (const url of urls) {
    const target: LinkTarget = { platform: 'ios', value: url, list };
    if (have.includes(url)) {
      present.push(target);
      continue;
    }
    have.push(url);
    ops.push({ op: 'add', list: linksOf(list), item: url });
    added.push(target);
  }
  return { ops: added.length > 0 ? ops : [], added, present };
}

/** Removing universal links from a list; from Microsoft's defaults (no list in the file), the rest are written out. */
export function planRemoveLinks(
  current: readonly string[] | undefined,
  defaults: readonly string[],
  urls: readonly string[],
  list: LinkList,
) {
  const have = current ?? defaults;
  const removed: LinkTarget[] = [];
  const missing: Array<LinkTarget & { didYouMean?: string }> = [];
  for (const url of new Set(urls)) {
    if (have.includes(url)) removed.push({ platform: 'ios', value: url, list });
    else {
      const suggestion = closest(url, have);
      missing.push({ platform: 'ios', value: url, list, ...(suggestion !== undefined && { didYouMean: suggestion }) });
    }
  }
  const gone = new Set(removed.map((r) => r.value));
  const path = linksOf(list);
  let ops: EditOp[] = [];
  if (removed.length > 0 && current !== undefined) {
    ops = current.flatMap((v, index) => (gone.has(v) ? [{ op: 'remove' as const, list: path, index }] : [])).reverse();
  } else if (removed.length > 0) {
    const rest = defaults.filter((d) => !gone.has(d));
    // Every default removed: the list is written out empty (added, then removed: an empty list).
    ops =
      rest.length > 0
        ? rest.map((item) => ({ op: 'add' as const, list: path, item }))
        : [
            { op: 'add', list: path, item: defaults[0]! },
            { op: 'remove', list: path, index: 0 },
          ];
  }
  return { ops, removed, missing };
}
