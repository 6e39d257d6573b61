/** Intune's built-in exemptions, shipped as data (src/data/intune-defaults.json, a source per row). */
import data from '../data/intune-defaults.json' with { type: 'json' };
import type { DefaultsChoice, IntuneDefault, Platform } from './types.js';

export const INTUNE_DEFAULTS: readonly IntuneDefault[] = data.defaults as IntuneDefault[];

/** The defaults Intune applies to a platform under the policy's defaults choice. */
export function defaultsFor(platform: Platform, choice: DefaultsChoice): IntuneDefault[] {
  if (choice === 'none') return [];
  return INTUNE_DEFAULTS.filter((d) => d.platform === platform && d.sets.includes(choice));
}
