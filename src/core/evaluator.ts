/**
 * The evaluator (SPEC §3): may a managed app send org data to this target? A verdict is a result,
 * never an exception. Pure: the policy comes in already loaded, the risk assessment as a function.
 */
import { defaultsFor } from './defaults.js';
import type {
  EffectivePolicy,
  DefaultEntry,
  ExceptionEntry,
  SourceRef,
  IntuneDefault,
  Platform,
  ReasonCode,
  RiskWarning,
  SourcedException,
  Verdict,
  VerdictKind,
} from './types.js';
import { PLATFORM_LABEL, PLATFORMS } from './types.js';

interface PlatformIndex {
  managed: Set<string>;
  exceptions: Map<string, SourcedException>;
  defaults: Map<string, IntuneDefault>;
}

/** Warnings for a verdict: the target, and the entry that decided it, if any. */
export type AssessVerdict = (platform: Platform, target: string, entry?: SourcedException) => RiskWarning[];

export interface PolicyIndex {
  policy: EffectivePolicy;
  platforms: Record<Platform, PlatformIndex>;
  assess: AssessVerdict;
}

const noWarnings: AssessVerdict = () => [];

/** Builds lookup tables once, so evaluating a million targets costs a few map lookups each. */
export function indexPolicy(policy: EffectivePolicy, assess: AssessVerdict = noWarnings): PolicyIndex {
  const build = (platform: Platform): PlatformIndex => {
    const p = policy[platform];
    const exceptions = new Map<string, SourcedException>();
    for (const e of p.exceptions) if (!exceptions.has(e.value)) exceptions.set(e.value, e);
    return {
      managed: new Set(p.managedApps),
      exceptions,
      defaults: new Map(defaultsFor(platform, p.defaults).map((d) => [d.value, d])),
    };
  };
  const platforms = Object.fromEntries(PLATFORMS.map((p) => [p, build(p)])) as Record<Platform, PlatformIndex>;
  return { policy, platforms, assess };
}

/** `target` must already be normalised (normaliseValue). */
export function evaluate(index: PolicyIndex, platform: Platform, target: string): Verdict {
  const label = PLATFORM_LABEL[platform];
  const setting = index.policy[platform].sendOrgData;
  const tables = index.platforms[platform];
  const verdict = (
    kind: VerdictKind,
    reason: ReasonCode,
    message: string,
    decidedBy?: { entry: ExceptionEntry | DefaultEntry; source: string; exception?: SourcedException },
  ): Verdict => ({
    platform,
    target,
    verdict: kind,
    reason,
    message,
    ...(decidedBy && { source: decidedBy.source, entry: decidedBy.entry }),
    warnings: index.assess(platform, target, decidedBy?.exception),
  });

  if (setting === 'allApps') {
    return verdict('allow', 'all-apps', `the ${label} send setting is allApps: managed apps may send org data to any app`);
  }
  if (setting === 'none') {
    return verdict('deny', 'transfer-blocked', `the ${label} send setting is none: managed apps may not send org data to any app`);
  }
  if (tables.managed.has(target)) {
    return verdict('allow', 'managed-app', `${target} is a policy-managed app`);
  }
  const exception = tables.exceptions.get(target);
  if (exception) {
    const { platform: _platform, source, ...entry } = exception;
    const where = formatSource(source);
    return verdict('allow', 'exception', `${target} is an exception in ${where}`, { entry, source: where, exception });
  }
  const builtIn = tables.defaults.get(target);
  const decidedByDefault = (d: IntuneDefault) => ({
    entry: { value: d.value, name: d.name, kind: d.kind, ...(d.condition && { condition: d.condition }) },
    source: d.source,
  });
  if (builtIn?.kind === 'full') {
    return verdict(
      'allow',
      'intune-default',
      `${target} (${builtIn.name}) is one of Intune's built-in ${label} exemptions`,
      decidedByDefault(builtIn),
    );
  }
  if (builtIn?.kind === 'conditional') {
    return verdict(
      'limited',
      'intune-default-conditional',
      `${target} (${builtIn.name}) is a conditional Intune exemption: ${builtIn.condition ?? 'only for some actions'}`,
      decidedByDefault(builtIn),
    );
  }
  return verdict('deny', 'not-exempt', `${target} is not a managed app, an exception or an Intune default`);
}

export function formatSource(src: SourceRef): string {
  return src.line === undefined ? src.file : `${src.file}:${src.line}`;
}
