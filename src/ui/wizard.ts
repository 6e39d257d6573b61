/**
 * The interactive flow (SPEC §5 wizard): it asks only what is missing and returns the same options
 * the flags produce, validated by the same functions, so what it does next is the command's own path.
 */
import { searchApps, type Catalog, type KnownApp } from '../core/catalog.js';
import { expiryProblem, textProblem } from '../core/meta.js';
import { normaliseValue } from '../core/normalise.js';
import { shortfalls, type Requirements } from '../core/risk/requirements.js';
import { PLATFORM_LABEL, PLATFORMS, type Platform } from '../core/types.js';
import { MamxError } from '../errors.js';
import type { Choice, Prompter } from './prompts.js';

export type WizardAction = 'add' | 'remove' | 'check';

export interface WizardTarget {
  platform: Platform;
  value: string;
}

export type WizardResult =
  | { action: 'add'; targets: WizardTarget[]; name?: string; reason?: string; ticket?: string; owner?: string; expires?: string }
  | { action: 'remove'; targets: WizardTarget[] }
  | { action: 'check'; targets: WizardTarget[] };

export interface WizardInput {
  action?: WizardAction;
  catalog: Catalog;
  /** The policy file's own exceptions, to pick from for remove. */
  exceptions: ReadonlyArray<{ platform: Platform; value: string; name?: string }>;
  /** What the team requires of an exception's record (configuration). */
  requirements: Requirements;
  today: string;
}

export async function runWizardFlow(p: Prompter, w: WizardInput): Promise<WizardResult> {
  const action =
    w.action ??
    (await p.select<WizardAction>({
      message: 'What do you want to do?',
      choices: [
        { name: 'Check whether a managed app may send org data to an app', value: 'check' },
        { name: 'Add an exception', value: 'add' },
        { name: 'Remove an exception', value: 'remove' },
      ],
    }));

  if (action === 'remove') {
    if (w.exceptions.length === 0) throw new MamxError('NOT_FOUND', 'the policy file has no exceptions to remove');
    const picked = await p.select({
      message: 'Which exception do you want to remove?',
      choices: w.exceptions.map((e) => ({ name: `${PLATFORM_LABEL[e.platform]} ${e.value}${e.name ? ` (${e.name})` : ''}`, value: e })),
    });
    return { action, targets: [{ platform: picked.platform, value: picked.value }] };
  }

  const { targets, appName } = await chooseTargets(p, w.catalog);
  if (action === 'check') return { action, targets };

  const r = w.requirements;
  const name = await p.input({ message: 'App name (optional):', ...(appName && { default: appName }), validate: text(false, 'a name') });
  const reason = await p.input({
    message: `Why does it need org data?${r.requireReason ? '' : ' (optional)'}`,
    validate: text(Boolean(r.requireReason), 'a reason'),
  });
  const ticket = await p.input({
    message: `Change or request ticket${r.requireTicket ? '' : ' (optional)'}:`,
    validate: text(Boolean(r.requireTicket), 'a ticket'),
  });
  const owner = await p.input({
    message: `Owner: who answers for it${r.requireOwner ? '' : ' (optional)'}:`,
    validate: text(Boolean(r.requireOwner), 'an owner'),
  });
  const needExpiry = Boolean(r.requireExpiry) || r.maxLifetimeDays !== undefined;
  const expires = await p.input({
    message: `Review or remove after (YYYY-MM-DD${needExpiry ? '' : ', optional'}):`,
    validate: (v) => {
      const day = v.trim();
      if (day === '') return !needExpiry || 'an expiry date is required by your configuration';
      const problem = expiryProblem(day, w.today);
      if (problem) return `the date ${problem}`;
      const long = shortfalls({ added: w.today, expires: day }, { maxLifetimeDays: r.maxLifetimeDays }, w.today).find(
        (x) => x.code === 'lifetime-too-long',
      );
      return long ? long.short : true;
    },
  });
  const opt = (s: string) => (s.trim() === '' ? {} : undefined);
  return {
    action,
    targets,
    ...(opt(name) ?? { name: name.trim() }),
    ...(opt(reason) ?? { reason: reason.trim() }),
    ...(opt(ticket) ?? { ticket: ticket.trim() }),
    ...(opt(owner) ?? { owner: owner.trim() }),
    ...(opt(expires) ?? { expires: expires.trim() }),
  };
}

/** Optional text may be left empty; anything typed follows the same rule as the flags. */
function text(needed: boolean, what: string) {
  return (v: string): true | string => {
    if (v.trim() === '') return !needed || `${what} is required by your configuration`;
    const problem = textProblem(v);
    return problem ? `${what} ${problem}` : true;
  };
}

const TYPE_INSTEAD = Symbol('type');

/**
 * The app: found among the known apps (typos forgiven), with its identifiers on the platforms
 * chosen, as `--app` does; or typed, scheme or package. From the search, "type it instead" is always
 * there — also when nothing matches.
 */
async function chooseTargets(p: Prompter, catalog: Catalog): Promise<{ targets: WizardTarget[]; appName?: string }> {
  const how = await p.select({
    message: 'How do you want to name the app?',
    choices: [
      { name: 'Find it among the known apps', value: 'find' },
      { name: 'Type its URL scheme (iOS) or package name (Android)', value: 'type' },
    ],
  });
  if (how === 'find') {
    const picked = await p.search<KnownApp | typeof TYPE_INSTEAD>({
      message: 'Search by name, scheme or package:',
      source: (term) => [
        ...searchApps(catalog, term).map((app): Choice<KnownApp> => ({
          name: `${app.name}: ${[...app.ios.map((i) => `iOS ${i.value}`), ...app.android.map((i) => `Android ${i.value}`)].join(', ')}`,
          value: app,
          description: `${app.category}${app.supportsIntuneApp ? ', supports Intune APP: protect it rather than exempt it' : ''}${[...app.ios, ...app.android].some((i) => i.confidence === 'community') ? ', community-sourced: verify it' : ''}`,
        })),
        { name: 'None of these: type a URL scheme or package name', value: TYPE_INSTEAD },
      ],
    });
    if (picked !== TYPE_INSTEAD) return { targets: await appTargets(p, picked), appName: picked.name };
  }
  const platform = await p.select<Platform>({
    message: 'Which platform?',
    choices: [
      { name: 'iOS (URL scheme, e.g. wbx)', value: 'ios' },
      { name: 'Android (package name, e.g. com.cisco.webex.meetings)', value: 'android' },
    ],
  });
  const typed = await p.input({
    message: platform === 'ios' ? 'URL scheme (e.g. wbx):' : 'Package name or Google Play link:',
    validate: (v) => {
      const n = normaliseValue(platform, v);
      return n.ok || (n.hint ? `${n.message}; ${n.hint}` : n.message);
    },
  });
  const n = normaliseValue(platform, typed);
  if (!n.ok) throw new MamxError('INVALID_VALUE', n.message);
  return { targets: [{ platform, value: n.value }] };
}

/** A known app's identifiers on the platforms chosen (both, where it has both, unless one is picked). */
async function appTargets(p: Prompter, app: KnownApp): Promise<WizardTarget[]> {
  const ids = (platform: Platform) => app[platform].map((i) => ({ platform, value: i.value }));
  const has = PLATFORMS.filter((platform) => app[platform].length > 0);
  if (has.length < 2) return has.flatMap(ids);
  const list = (platform: Platform) => app[platform].map((i) => i.value).join(', ');
  const which = await p.select<readonly Platform[]>({
    message: 'Which platforms?',
    choices: [
      { name: `iOS and Android (${list('ios')}; ${list('android')})`, value: PLATFORMS },
      { name: `iOS only (${list('ios')})`, value: ['ios'] },
      { name: `Android only (${list('android')})`, value: ['android'] },
    ],
  });
  return which.flatMap(ids);
}
