/**
 * A value's identity is what Intune stores (SPEC §2). These functions compare values without
 * rewriting them: iOS URL schemes match whatever their case (RFC 3986: schemes are case-insensitive),
 * Android application IDs match exactly, and a row that packs several values with ";" (as Intune's
 * own `Default` row does) matches by each of its parts.
 */
import type { Platform } from './types.js';

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), case-insensitive.
export const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// developer.android.com: at least two segments, each starting with a letter, [a-zA-Z0-9_].
export const PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** The key two values of a platform compare by. */
export function matchKey(platform: Platform, value: string): string {
  return platform === 'ios' ? value.toLowerCase() : value;
}

/** The values a row stands for: itself, or the parts of a ";"-packed list (empty parts, as after a trailing ";", are none). */
export function partsOf(row: string): string[] {
  if (!row.includes(';')) return [row];
  return row
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Whether `value` has the form Intune can match on the platform: a URL scheme, or an application ID. */
export function isWellFormed(platform: Platform, value: string): boolean {
  return (platform === 'ios' ? SCHEME : PACKAGE).test(value);
}

/** Whether two stored rows are the same value (for idempotent adds and for removes). */
export function sameValue(platform: Platform, a: string, b: string): boolean {
  return matchKey(platform, a) === matchKey(platform, b);
}
