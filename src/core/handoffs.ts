/**
 * Phone numbers and messaging links a managed app hands on: which targets they go to (data:
 * src/data/handoffs.json, plus the app a policy names), decided by their own settings.
 */
import data from '../data/handoffs.json' with { type: 'json' };
import { matchKey } from './values.js';
import type { Platform, PlatformPolicy } from './types.js';

export type HandoffKind = 'dialer' | 'messaging';

interface Handoff {
  platform: Platform;
  value: string;
  kind: HandoffKind;
  name: string;
  source: string;
}

export const HANDOFFS: readonly Handoff[] = data.handoffs as Handoff[];

/** Each hand-off's setting, as Intune names it, and the iOS Intune SDK it needs. */
export const HANDOFF_SETTING_FACTS: Record<HandoffKind, { setting: string; iosSdk: string; source: string }> = data.settings;

/** The known hand-off targets of a platform, and the policy's own custom dialer or messaging app. */
export function handoffTargets(platform: Platform, policy: PlatformPolicy): Map<string, HandoffKind> {
  const targets = new Map<string, HandoffKind>();
  for (const h of HANDOFFS) if (h.platform === platform) targets.set(matchKey(platform, h.value), h.kind);
  if (policy.dialer.app) targets.set(matchKey(platform, policy.dialer.app.value), 'dialer');
  if (policy.messaging.app) targets.set(matchKey(platform, policy.messaging.app.value), 'messaging');
  return targets;
}
