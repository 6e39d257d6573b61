/**
 * The interactive flow (SPEC §5 wizard): it asks only what is missing and returns the same options
 * the flags produce, validated by the same functions, so what it does next is the command's own path.
 */
import { searchApps, type Catalog } from '../core/catalog.js';
import { expiryProblem, textProblem } from '../core/meta.js';
import { normaliseValue } from '../core/normalise.js';
import { PLATFORM_LABEL, type Platform } from '../core/types.js';
import { MamxError } from '../errors.js';
import type { Choice, Prompter } from './prompts.js';

export type WizardAction = 'add' | 'remove' | 'check';

export type WizardResult =
  | { action: 'add'; platform: Platform; value: string; name?: string; reason?: string; ticket?: string; expires?: string }
  | { action: 'remove'; platform: Platform; value: string }
  | { action: 'check'; platform: Platform; value: string };

export interface WizardInput {
  action?: WizardAction;
  catalog: Catalog;
  /** The policy file's own exceptions, to pick from for remove. */
  exceptions: ReadonlyArray<{ platform: Platform; value: string; name?: string }>;
  requireReason: boolean;
  requireTicket: boolean;
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
    return { action, platform: picked.platform, value: picked.value };
  }

  const platform = await p.select<Platform>({
    message: 'Which platform?',
    choices: [
      { name: 'iOS (URL scheme, e.g. wbx)', value: 'ios' },
      { name: 'Android (package name, e.g. com.cisco.webex.meetings)', value: 'android' },
    ],
  });
  const { value, appName } = await chooseValue(p, w.catalog, platform);
  if (action === 'check') return { action, platform, value };

  const name = await p.input({ message: 'App name (optional):', ...(appName && { default: appName }), validate: text(false, 'a name') });
  const reason = await p.input({
    message: `Why does it need org data?${w.requireReason ? '' : ' (optional)'}`,
    validate: text(w.requireReason, 'a reason'),
  });
  const ticket = await p.input({
    message: `Change or request ticket${w.requireTicket ? '' : ' (optional)'}:`,
    validate: text(w.requireTicket, 'a ticket'),
  });
  const expires = await p.input({
    message: 'Review or remove after (YYYY-MM-DD, optional):',
    validate: (v) => {
      const problem = v.trim() === '' ? null : expiryProblem(v.trim(), w.today);
      return problem ? `the date ${problem}` : true;
    },
  });
  const opt = (s: string) => (s.trim() === '' ? {} : undefined);
  return {
    action,
    platform,
    value,
    ...(opt(name) ?? { name: name.trim() }),
    ...(opt(reason) ?? { reason: reason.trim() }),
    ...(opt(ticket) ?? { ticket: ticket.trim() }),
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

async function chooseValue(p: Prompter, catalog: Catalog, platform: Platform): Promise<{ value: string; appName?: string }> {
  const how = await p.select({
    message: 'How do you want to name the app?',
    choices: [
      { name: 'Find it among the known apps', value: 'find' },
      { name: `Type its ${platform === 'ios' ? 'URL scheme' : 'package name'}`, value: 'type' },
    ],
  });
  if (how === 'find') {
    const picked = await p.search<{ value: string; appName: string }>({
      message: 'Search by name, scheme or package:',
      source: (term) =>
        searchApps(catalog, term).flatMap((app): Array<Choice<{ value: string; appName: string }>> =>
          app[platform].map((id) => ({
            name: `${app.name}: ${id.value}`,
            value: { value: id.value, appName: app.name },
            description: `${app.category}${app.supportsIntuneApp ? ', supports Intune APP' : ''}${id.confidence === 'community' ? ', community-sourced: verify it' : ''}`,
          })),
        ),
    });
    return picked;
  }
  const typed = await p.input({
    message: platform === 'ios' ? 'URL scheme (e.g. wbx):' : 'Package name or Google Play link:',
    validate: (v) => {
      const n = normaliseValue(platform, v);
      return n.ok || (n.hint ? `${n.message}; ${n.hint}` : n.message);
    },
  });
  const n = normaliseValue(platform, typed);
  if (!n.ok) throw new MamxError('INVALID_VALUE', n.message);
  return { value: n.value };
}
