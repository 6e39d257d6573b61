/**
 * Intune's built-in exemptions, shipped as data (src/data/intune-defaults.json, a source per row).
 * iOS keeps them as one editable key/value pair named `Default`; Android applies its own, always.
 */
import data from '../data/intune-defaults.json' with { type: 'json' };
import { partsOf } from './values.js';
import type { IntuneDefault, IosDefaults, Platform } from './types.js';

export const INTUNE_DEFAULTS: readonly IntuneDefault[] = data.defaults as IntuneDefault[];

/** Microsoft's `Default` row of an iOS policy: its name, its current and its pre-2020 value. */
export const IOS_DEFAULT_ROW: Readonly<{ name: string; current: string; legacy: string; source: string }> = data.iosDefaultRow;

/** The value of an iOS policy's `Default` row, exactly as Intune stores it; null when there is none. */
export function defaultRowValue(defaults: IosDefaults): string | null {
  if (defaults === 'none') return null;
  if (typeof defaults === 'object') return defaults.custom;
  return IOS_DEFAULT_ROW[defaults];
}

/**
 * The built-in exemptions that apply: on Android all of Intune's (they cannot be turned off); on iOS
 * the parts of the `Default` row, each described by Microsoft's documentation where it is one of
 * Microsoft's values, and as the policy's own otherwise.
 */
export function defaultsFor(platform: Platform, defaults: IosDefaults): IntuneDefault[] {
  if (platform === 'android') return INTUNE_DEFAULTS.filter((d) => d.platform === 'android');
  const row = defaultRowValue(defaults);
  if (row === null) return [];
  const known = new Map(INTUNE_DEFAULTS.filter((d) => d.platform === 'ios').map((d) => [d.value.toLowerCase(), d]));
  return partsOf(row).map(
    (part) =>
      known.get(part.toLowerCase()) ?? {
        platform: 'ios',
        value: part,
        name: 'an edited Default row',
        kind: 'full',
        source: "the Default row of this policy (edited by an admin; not one of Microsoft's values)",
      },
  );
}
