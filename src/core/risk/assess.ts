/** Runs the rules: the warnings for a value, or for an exception in a policy, most severe first. */
import type { Catalog } from '../catalog.js';
import type { AssessVerdict } from '../evaluator.js';
import { bySeverity, type EffectivePolicy, type ExceptionMeta, type Platform, type RiskWarning } from '../types.js';
import { partsOf } from '../values.js';
import {
  EXCEPTION_RULES,
  IOS_VALUE_RULES,
  listedKeys,
  LISTED_VALUE_RULES,
  malformedValue,
  VALUE_RULES,
  type RiskContext,
  type Rule,
} from './rules.js';

function applyRules(rules: readonly Rule[], ctx: RiskContext, out: RiskWarning[]): void {
  for (const rule of rules) {
    const w = rule(ctx);
    if (w) out.push(w);
  }
}

/** A value as a target: what is risky about the app itself. */
export function assessValue(ctx: RiskContext): RiskWarning[] {
  const out: RiskWarning[] = [];
  applyRules(VALUE_RULES, ctx, out);
  return out.length > 1 ? out.sort(bySeverity) : out;
}

/**
 * A value as an exception (ctx.entry set, or about to be): the app, its metadata and the policy. A
 * ";"-packed row is judged part by part, and a warning that every part shares is given once.
 */
export function assessException(ctx: RiskContext): RiskWarning[] {
  const out: RiskWarning[] = [];
  for (const value of partsOf(ctx.value)) {
    applyRules(VALUE_RULES, { ...ctx, value }, out);
    applyRules(EXCEPTION_RULES, { ...ctx, value }, out);
  }
  const seen = new Set<string>();
  return out.filter((w) => !seen.has(`${w.code}\u0000${w.message}`) && seen.add(`${w.code}\u0000${w.message}`)).sort(bySeverity);
}

/** The rules for a target: its caller normalised it, so it is well-formed (malformedValue is for stored values). */
const TARGET_RULES = VALUE_RULES.filter((r) => r !== malformedValue);
/** The same, for a value no list names (a batch's million targets are nearly all such), per platform. */
const UNLISTED_TARGET_RULES = TARGET_RULES.filter((r) => !LISTED_VALUE_RULES.includes(r));
const UNLISTED_ANDROID_RULES = UNLISTED_TARGET_RULES.filter((r) => !IOS_VALUE_RULES.includes(r));

/** A target's own warnings (what assessValue gives for it), most severe first; `listed`: a list names it. */
function assessTarget(ctx: RiskContext & { key: string }, listed: boolean): RiskWarning[] {
  let out: RiskWarning[] | undefined;
  for (const rule of listed ? TARGET_RULES : ctx.platform === 'ios' ? UNLISTED_TARGET_RULES : UNLISTED_ANDROID_RULES) {
    const w = rule(ctx);
    if (w) (out ??= []).push(w);
  }
  return out === undefined ? [] : out.length > 1 ? out.sort(bySeverity) : out;
}

/** The warnings a verdict carries: the target's own, and the deciding exception's if there is one. */
export function verdictAssessor(catalog: Catalog, policy: EffectivePolicy, today: string): AssessVerdict {
  const listed = listedKeys(catalog);
  return (platform, value, key, entry) =>
    entry
      ? assessException({ platform, value, catalog, today, entry, policy })
      : assessTarget({ platform, value, key, catalog, today }, (platform === 'ios' ? listed.ios : listed.android).has(key)); // not listed[platform]: see notExemptWarnings
}

export interface TargetWarning extends RiskWarning {
  platform: Platform;
  value: string;
}

/** The warnings for each exception an add would create (each value with `meta`), judged in the file's own policy. */
export function assessAdditions(
  added: ReadonlyArray<{ platform: Platform; value: string }>,
  meta: ExceptionMeta,
  policy: EffectivePolicy,
  catalog: Catalog,
  today: string,
): TargetWarning[] {
  return added.flatMap(({ platform, value }) =>
    assessException({ platform, value, entry: { value, ...meta }, policy, catalog, today }).map((w) => ({ platform, value, ...w })),
  );
}

/** What stops an add: a high-severity warning, unless the admin forced it after review. */
export function blockingWarning(warnings: readonly TargetWarning[], force: boolean): TargetWarning | undefined {
  return force ? undefined : warnings.find((w) => w.severity === 'high');
}
