/**
 * The evaluator (SPEC §3): may a managed app send org data to this target? A verdict is a result,
 * never an exception. Pure: the policy comes in already loaded, the risk assessment as a function.
 * Order: the send setting, managed apps, exceptions, Intune's built-ins, then phone and messaging
 * hand-offs by their own settings, then everything else.
 */
import { defaultsFor, INTUNE_DEFAULTS } from './defaults.js';
import { HANDOFF_SETTING_FACTS, handoffTargets, type HandoffKind } from './handoffs.js';
import { linkMatches } from './links.js';
import { normaliseValue } from './normalise.js';
import type {
  DefaultEntry,
  EffectivePolicy,
  ExceptionEntry,
  IntuneDefault,
  Platform,
  PlatformPolicy,
  ReasonCode,
  RiskWarning,
  SourcedException,
  SourceRef,
  Verdict,
  VerdictKind,
} from './types.js';
import { PLATFORM_LABEL, PLATFORMS } from './types.js';
import { isWellFormed, matchKey, partsOf } from './values.js';

/** What an allow by URL scheme covers on iOS, and by package on Android (Microsoft's documentation). */
export const COVERS: Record<Platform, string> = {
  ios: 'URL-scheme launches only (not Open-in/Share, not copy/paste)',
  android: 'the app, including the OS share path',
};

interface PlatformIndex {
  managed: Map<string, string>;
  exceptions: Map<string, { exception: SourcedException; part: string }>;
  defaults: Map<string, IntuneDefault>;
  handoffs: Map<string, HandoffKind>;
  /** Rows Intune cannot match (e.g. "WBX://"), by the value a person meant ("wbx"). */
  unmatchable: Map<string, SourcedException>;
  /** Every key of the tables above: a target in none of them is not exempt (most of a batch). */
  any: Set<string>;
}

/** Warnings for a verdict: the target, and the entry that decided it, if any. */
/** `key`: matchKey(platform, target), which the evaluator has already. */
export type AssessVerdict = (platform: Platform, target: string, key: string, entry?: SourcedException) => RiskWarning[];

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
    const exceptions = new Map<string, { exception: SourcedException; part: string }>();
    const unmatchable = new Map<string, SourcedException>();
    for (const e of p.exceptions) {
      for (const part of partsOf(e.value)) {
        const key = matchKey(platform, part);
        if (!exceptions.has(key)) exceptions.set(key, { exception: e, part });
        if (!isWellFormed(platform, part)) {
          const meant = normaliseValue(platform, part);
          if (meant.ok && !unmatchable.has(meant.value)) unmatchable.set(matchKey(platform, meant.value), e);
        }
      }
    }
    const tables = {
      managed: new Map(p.managedApps.map((v) => [matchKey(platform, v), v])),
      exceptions,
      defaults: new Map(defaultsFor(platform, p.defaults).map((d) => [matchKey(platform, d.value), d])),
      handoffs: handoffTargets(platform, p),
      unmatchable,
    };
    const any = new Set<string>();
    for (const t of Object.values(tables)) for (const k of t.keys()) any.add(k);
    return { ...tables, any };
  };
  const platforms = Object.fromEntries(PLATFORMS.map((p) => [p, build(p)])) as Record<Platform, PlatformIndex>;
  return { policy, platforms, assess };
}

interface Decided {
  entry?: ExceptionEntry | DefaultEntry;
  source?: string;
  matched?: string;
  covers?: string;
  exception?: SourcedException;
  extra?: RiskWarning[];
}

/**
 * A verdict object, keys always in this order (a batch's JSON lines depend on it). Built without
 * spreads: a batch makes a million of them.
 */
function makeVerdict(
  index: PolicyIndex,
  platform: Platform,
  target: string,
  key: string,
  kind: VerdictKind,
  reason: ReasonCode,
  message: string,
  d: Decided | undefined,
): Verdict {
  // Most of a batch: nothing decided it. One literal, warnings included (a key added later costs a
  // second allocation per verdict).
  if (!d) return { platform, target, verdict: kind, reason, message, warnings: index.assess(platform, target, key) };
  // Keys added in order, warnings last.
  const v = { platform, target, verdict: kind, reason, message } as Verdict;
  if (d.covers) v.covers = d.covers;
  if (d.source) v.source = d.source;
  if (d.matched !== undefined) v.matched = d.matched;
  if (d.entry) v.entry = d.entry;
  const assessed = index.assess(platform, target, key, d.exception);
  v.warnings = d.extra && d.extra.length > 0 ? [...d.extra, ...assessed] : assessed;
  return v;
}

/**
 * `target` must already be normalised (normaliseValue). `key`: its matchKey, if the caller has it (a
 * canonical value is its own: an iOS one is lower case already), saving a new string per target.
 */
export function evaluate(index: PolicyIndex, platform: Platform, target: string, key = matchKey(platform, target)): Verdict {
  const p = index.policy[platform];
  const notExempt = notExemptWarnings(index, platform, target, key);
  if (notExempt) return notExemptVerdict(platform, target, notExempt);
  const label = PLATFORM_LABEL[platform];
  const tables = index.platforms[platform];
  const verdict = (kind: VerdictKind, reason: ReasonCode, message: string, d?: Decided): Verdict =>
    makeVerdict(index, platform, target, key, kind, reason, message, d);

  if (p.sendOrgData === 'allApps') {
    return verdict('allow', 'all-apps', `the ${label} send setting is allApps: managed apps may send org data to any app`);
  }
  if (p.sendOrgData === 'none') {
    return verdict('deny', 'transfer-blocked', `the ${label} send setting is none: managed apps may not send org data to any app`);
  }
  const managed = tables.managed.get(key);
  if (managed !== undefined) return verdict('allow', 'managed-app', `${target} is a policy-managed app`, { matched: managed });

  const hit = tables.exceptions.get(key);
  if (hit) {
    const { platform: _platform, source, ...entry } = hit.exception;
    const where = formatSource(source);
    const packed = hit.part !== entry.value ? ` (a part of the row "${entry.value}")` : '';
    const opens =
      platform === 'ios'
        ? 'managed apps may open it by its URL scheme, not through Open-in/Share or copy/paste'
        : 'managed apps may send it org data, also through the OS share path';
    return verdict('allow', 'exception', `${target} is an exception in ${where}${packed}: ${opens}`, {
      entry,
      source: where,
      matched: hit.part,
      covers: COVERS[platform],
      exception: hit.exception,
    });
  }

  const builtIn = tables.defaults.get(key);
  if (builtIn) {
    const decided: Decided = {
      entry: { value: builtIn.value, name: builtIn.name, kind: builtIn.kind, ...(builtIn.condition && { condition: builtIn.condition }) },
      source: builtIn.source,
      matched: builtIn.value,
    };
    if (builtIn.kind === 'conditional') {
      return verdict(
        'limited',
        'intune-default-conditional',
        `${target} (${builtIn.name}) is a conditional Intune exemption: ${builtIn.condition ?? 'only for some actions'}`,
        decided,
      );
    }
    if (builtIn.kind === 'restricted') {
      return verdict(
        'deny',
        'intune-default-restricted',
        `${target} (${builtIn.name}) is on Intune's list, but not as an exemption: ${builtIn.condition ?? 'data flow to and from it is restricted'}`,
        decided,
      );
    }
    const message =
      platform === 'android'
        ? `${target} (${builtIn.name}) is one of Intune's built-in Android exemptions, which Intune applies itself`
        : INTUNE_DEFAULTS.some((d) => d === builtIn)
          ? `${target} (${builtIn.name}) is one of Intune's built-in iOS exemptions, in the policy's Default row: managed apps may open it by its URL scheme only`
          : `${target} is in the policy's Default row, which an admin edited (it is not one of Microsoft's values): managed apps may open it by its URL scheme only`;
    return verdict('allow', 'intune-default', message, { ...decided, ...(platform === 'ios' && { covers: COVERS.ios }) });
  }

  // Phone numbers and messaging links go by their own settings, unless an exemption (above) opens
  // the way first: Microsoft says sms must be removed from the exemptions for "Transfer messaging
  // data to" to take effect, and suggests tel;telprompt exemptions for apps older than the setting.
  const handoff = tables.handoffs.get(key);
  if (handoff) {
    const bySetting: Make = (kind, reason, message, d) => ({ ...verdict(kind, reason, message, d), warnings: [] });
    return handoffVerdict(handoff, p, platform, key, target, bySetting);
  }

  const near = tables.unmatchable.get(key);
  const extra: RiskWarning[] | undefined = near
    ? [
        {
          code: 'exception-not-matched',
          severity: 'medium',
          message: `The policy lists "${near.value}" (${formatSource(near.source)}), which is not a value Intune can match to ${target}: if ${target} is meant, write it as ${target}.`,
        },
      ]
    : undefined;
  return verdict('deny', 'not-exempt', notExemptMessage(target), extra && { extra });
}

/**
 * Most of a batch: exceptions apply (managedApps) and the target is in none of the tables, whatever
 * order they are asked in. Its warnings then, before anything else is made; undefined for any other
 * target. A batch asks this first, and writes a line with no warning from a template.
 */
export function notExemptWarnings(index: PolicyIndex, platform: Platform, target: string, key: string): RiskWarning[] | undefined {
  // x.ios or x.android, not x[platform]: a keyed load that alternates between two names goes
  // megamorphic in V8, a hash lookup each time (4% of a batch, with findLookAlike and verdictAssessor).
  const ios = platform === 'ios';
  if ((ios ? index.policy.ios : index.policy.android).sendOrgData !== 'managedApps') return undefined;
  if ((ios ? index.platforms.ios : index.platforms.android).any.has(key)) return undefined;
  return index.assess(platform, target, key);
}

export const NOT_EXEMPT_KIND: VerdictKind = 'deny';

/** The verdict for a target notExemptWarnings answered. */
export function notExemptVerdict(platform: Platform, target: string, warnings: RiskWarning[]): Verdict {
  return { platform, target, verdict: NOT_EXEMPT_KIND, reason: 'not-exempt', message: notExemptMessage(target), warnings };
}

/** What a not-exempt verdict says (a batch writes it from a template: it must be this, and only this). */
export const NOT_EXEMPT_TAIL = ' is not a managed app, an exception or an Intune default';
export const notExemptMessage = (target: string): string => `${target}${NOT_EXEMPT_TAIL}`;

/** A hand-off is decided by its setting, not by an exemption: the risks of exempting the target do not apply. */
type Make = (kind: VerdictKind, reason: ReasonCode, message: string, d?: Decided) => Verdict;

/** The four ways each hand-off setting can be set: open to any app, managed apps only, no app, one named app. */
type HandoffOutcome = 'any' | 'managed' | 'none' | 'named';

/** Each hand-off setting's words, its values and its reason codes (its name and SDK minimum: src/data/handoffs.json). */
const HANDOFF_SETTINGS: Record<
  HandoffKind,
  {
    takes: string;
    app: string;
    value: (p: PlatformPolicy) => { level: string; app?: PlatformPolicy['dialer']['app'] };
    outcome: Record<string, HandoffOutcome>;
    reason: Record<HandoffOutcome, ReasonCode>;
  }
> = {
  dialer: {
    takes: 'phone numbers',
    app: 'dialer',
    value: (p) => p.dialer,
    outcome: { allApps: 'any', managedApps: 'managed', blocked: 'none', customApp: 'named' },
    reason: { any: 'dialer-any-app', managed: 'dialer-managed-apps', none: 'dialer-blocked', named: 'dialer-custom-app' },
  },
  messaging: {
    takes: 'messaging links',
    app: 'messaging',
    value: (p) => ({ level: p.messaging.type, ...(p.messaging.app && { app: p.messaging.app }) }),
    outcome: { anyApp: 'any', anyManagedApp: 'managed', blocked: 'none', specificApps: 'named' },
    reason: { any: 'messaging-any-app', managed: 'messaging-any-managed-app', none: 'messaging-blocked', named: 'messaging-specific-app' },
  },
};

/** A phone number's or messaging link's target: what its setting says. */
function handoffVerdict(kind: HandoffKind, p: PlatformPolicy, platform: Platform, key: string, target: string, make: Make): Verdict {
  const h = HANDOFF_SETTINGS[kind];
  const facts = HANDOFF_SETTING_FACTS[kind];
  const { level, app } = h.value(p);
  const setting = `"${facts.setting}" is ${level}`;
  const outcome = h.outcome[level]!;
  const reason = h.reason[outcome];
  switch (outcome) {
    case 'any':
      return make(
        'allow',
        reason,
        `${target} takes ${h.takes}, which the policy hands to any ${h.app} app: ${setting}${platform === 'ios' ? ` (${facts.iosSdk})` : ''}`,
      );
    case 'managed':
      return make('deny', reason, `${target} takes ${h.takes}, which the policy hands only to policy-managed ${h.app} apps: ${setting}`);
    case 'none':
      return make('deny', reason, `${target} takes ${h.takes}, which the policy hands to no app: ${setting}`);
    case 'named': {
      if (app && matchKey(platform, app.value) === key) {
        return make('allow', reason, `${target} is the ${h.app} app the policy hands ${h.takes} to: ${setting}`, { matched: app.value });
      }
      const named = app ? (app.name ? `${app.name} (${app.value})` : app.value) : `the ${h.app} app the policy names`;
      return make('deny', reason, `${target} takes ${h.takes}, which the policy hands only to ${named}: ${setting}`);
    }
  }
}

/** A universal link (iOS): in the exempted list it opens in its unmanaged app, in the managed list in the managed app. */
export function evaluateLink(
  index: PolicyIndex,
  url: string,
  assess: (pattern: string, list: 'exempted' | 'managed') => RiskWarning[] = () => [],
): Verdict {
  const p = index.policy.ios;
  const make = (
    kind: VerdictKind,
    reason: ReasonCode,
    message: string,
    d: { source?: string; matched?: string; list?: 'exempted' | 'managed' } = {},
  ): Verdict => ({
    platform: 'ios',
    target: url,
    verdict: kind,
    reason,
    message,
    ...(d.source && { source: d.source }),
    ...(d.matched !== undefined && { matched: d.matched }),
    warnings: d.matched !== undefined && d.list ? assess(d.matched, d.list) : [],
  });
  if (p.sendOrgData === 'allApps') return make('allow', 'all-apps', 'the iOS send setting is allApps: universal links open in any app');
  if (p.sendOrgData === 'none')
    return make('deny', 'transfer-blocked', 'the iOS send setting is none: managed apps may not send org data to any app');
  const where = (l: { source?: SourceRef }) => (l.source ? formatSource(l.source) : "Microsoft's default universal links");
  const exempted = p.universalLinks.exempted.find((l) => linkMatches(l.value, url));
  if (exempted) {
    return make(
      'allow',
      'universal-link-exempted',
      `${url} matches the exempted universal link ${exempted.value} (${where(exempted)}): it opens in the app that owns it, which is not managed`,
      {
        source: where(exempted),
        matched: exempted.value,
        list: 'exempted',
      },
    );
  }
  const managed = p.universalLinks.managed.find((l) => linkMatches(l.value, url));
  if (managed) {
    return make(
      'allow',
      'universal-link-managed',
      `${url} matches the managed universal link ${managed.value} (${where(managed)}): it opens in the managed app that owns it, or else in the protected browser`,
      {
        source: where(managed),
        matched: managed.value,
        list: 'managed',
      },
    );
  }
  return make(
    'deny',
    'universal-link-not-listed',
    `${url} is in neither universal-link list: it opens as a web link, as "Restrict web content transfer with other apps" decides`,
  );
}

export function formatSource(src: SourceRef): string {
  return src.line === undefined ? src.file : `${src.file}:${src.line}`;
}
