/**
 * Normalisation and validation of exception values (SPEC §2), from any input: flags, files, stdin,
 * the wizard. Pure: returns the canonical value and notes about what changed, or why it is invalid.
 */
import { firstUnsafeChar } from './text.js';
import type { Platform } from './types.js';
import { PACKAGE } from './values.js';

export type Normalised =
  | { ok: true; value: string; notes: string[] }
  /** webHost: a pasted web link's host, so that the caller may name the app that owns it. */
  | { ok: false; message: string; hint?: string; webHost?: string };

/** A sanity bound, not an Intune limit: real schemes and application IDs are far shorter. */
export const MAX_VALUE_LENGTH = 255;

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); a person's input is lower-cased.
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const PLAY_URL = /^(?:https?:\/\/play\.google\.com\/store\/apps\/details|market:\/\/details)\?(?:.*&)?id=([^&#\s]+)/i;

/**
 * A value typed by a person (flags, stdin, the wizard): tidied only where that cannot change which
 * app is meant, each change reported as a note. Values read from a policy file or from Intune are
 * never passed through here: they are kept as stored.
 */
export function normaliseValue(platform: Platform, raw: string): Normalised {
  if (isCanonical(platform, raw)) return { ok: true, value: raw, notes: [] };
  return platform === 'ios' ? normaliseScheme(raw) : normalisePackage(raw);
}

/** Already canonical (the common case, in batch input): normaliseValue would change nothing and report nothing. */
export function isCanonical(platform: Platform, raw: string): boolean {
  return raw.length <= MAX_VALUE_LENGTH && (platform === 'ios' ? SCHEME.test(raw) : PACKAGE.test(raw));
}

function invalid(message: string, hint?: string): Normalised {
  return hint === undefined ? { ok: false, message } : { ok: false, message, hint };
}

function commonProblems(input: string, kind: string, example: string): Normalised | null {
  if (input === '') return invalid(`empty ${kind}`, `give one such as ${example}`);
  const unsafe = firstUnsafeChar(input);
  if (unsafe !== undefined) {
    const what = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(unsafe) ? 'text-direction character' : 'control character';
    return invalid(`the ${kind} contains a ${what} (U+${unsafe.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`);
  }
  if (input.length > MAX_VALUE_LENGTH) {
    return invalid(`the ${kind} is ${input.length} characters long; mamx accepts at most ${MAX_VALUE_LENGTH}`);
  }
  if (input.includes(';')) {
    return invalid(`"${input}" contains ";", Intune's list separator`, 'give each value on its own, e.g. --ios a b, or --android x.y z.w');
  }
  if (/[*?]/.test(input) && !/^https?:\/\//i.test(input)) {
    return invalid(
      `"${input}" contains a wildcard: Microsoft documents wildcards for universal links only, not for URL schemes or package names`,
      `name each app, e.g. ${example}`,
    );
  }
  if (/\s/.test(input)) return invalid(`"${input}" contains a space`, `a ${kind} is one word, e.g. ${example}`);
  return null;
}

/** A character named so that it can be told apart: "K" (U+212A) is not "K". */
function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0x7e ? `"${c}" (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : `"${c}"`;
}

function trimmed(raw: string, notes: string[]): string {
  const value = raw.trim();
  // Spaces from a shell or a paste go without a word; anything else trimmed is named.
  const odd = [...raw.slice(0, raw.length - raw.trimStart().length), ...raw.slice(raw.trimEnd().length)].filter(
    (c) => c !== ' ' && c !== '\t',
  );
  if (odd.length > 0) notes.push(`removed white space around the value: ${[...new Set(odd)].map(describeChar).join(', ')}`);
  return value;
}

function normaliseScheme(raw: string): Normalised {
  const notes: string[] = [];
  let value = trimmed(raw, notes);
  const problem = commonProblems(value, 'URL scheme', 'wbx');
  if (problem) return problem;
  // Case folding is ASCII only: "\u212A".toLowerCase() is a plain "k", another scheme than typed.
  const foreign = [...value].find((c) => c.charCodeAt(0) > 0x7e);
  if (foreign !== undefined) {
    return invalid(
      `"${value}" contains ${describeChar(foreign)}, which is not ASCII`,
      'a URL scheme has only ASCII letters, digits, "+", "-" and "." (RFC 3986)',
    );
  }

  for (const suffix of ['://', ':']) {
    if (value.endsWith(suffix)) {
      value = value.slice(0, -suffix.length);
      notes.push(`removed the trailing "${suffix}": Intune takes the bare scheme`);
      break;
    }
  }
  if (value.includes('/') || value.includes(':')) {
    const web = /^https?:\/\/([^/?#\s]+)/i.exec(value);
    if (web) {
      // Never "did you mean https?": that would exempt every web link.
      return {
        ok: false,
        message: `"${value}" is a web link, not a URL scheme`,
        hint: `a web link opens in the app that owns it: give that app's own URL scheme (mamx apps), or exempt the link as a universal link: mamx add --link "${value}"`,
        webHost: web[1]!.toLowerCase(),
      };
    }
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
    return invalid(
      `"${value}" looks like a URL, not a URL scheme`,
      scheme ? `the scheme is the part before ":", "${scheme}"; give only that` : 'give only the scheme, the part before "://"',
    );
  }
  if (/[A-Z]/.test(value)) {
    value = value.replace(/[A-Z]/g, (c) => c.toLowerCase());
    notes.push(`lower-cased to "${value}": URL schemes are case-insensitive`);
  }
  if (value === '') return invalid('empty URL scheme', 'give one such as wbx');
  if (!/^[a-z]/.test(value)) {
    return invalid(`"${value}" does not start with a letter`, 'a URL scheme starts with a letter (RFC 3986), e.g. wbx');
  }
  if (!SCHEME.test(value)) {
    const bad = [...value].find((c) => !/[a-z0-9+.-]/.test(c)) ?? '';
    return invalid(`"${value}" contains ${describeChar(bad)}`, 'a URL scheme has only letters, digits, "+", "-" and "." (RFC 3986)');
  }
  return { ok: true, value, notes };
}

function normalisePackage(raw: string): Normalised {
  const notes: string[] = [];
  let value = trimmed(raw, notes);
  const play = PLAY_URL.exec(value);
  if (play?.[1]) {
    try {
      value = decodeURIComponent(play[1]);
    } catch {
      return invalid(
        `the Google Play link's id "${play[1]}" has broken %-encoding`,
        'copy the link again from the store page, or give the application ID itself',
      );
    }
    notes.push(`took the application ID "${value}" from the Google Play link`);
  }
  const problem = commonProblems(value, 'package name', 'com.cisco.webex.meetings');
  if (problem) return problem;
  if (value.includes('://') || value.includes('/')) {
    const looksLikeScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/?$/.test(value);
    return invalid(
      `"${value}" looks like a ${looksLikeScheme ? 'URL scheme' : 'URL'}, not an Android package name`,
      looksLikeScheme ? 'iOS values go with --ios' : 'give the application ID, e.g. com.cisco.webex.meetings',
    );
  }
  if (PACKAGE.test(value)) return { ok: true, value, notes };

  const segments = value.split('.');
  if (segments.length < 2) {
    return invalid(`"${value}" has one segment`, 'an Android package name has at least two, e.g. com.whatsapp');
  }
  if (segments.some((s) => s === '')) {
    return invalid(`"${value}" has an empty segment`, 'segments are separated by single dots, e.g. com.whatsapp');
  }
  const digitLed = segments.find((s) => !/^[A-Za-z]/.test(s));
  if (digitLed !== undefined) {
    return invalid(`segment "${digitLed}" of "${value}" does not start with a letter`, 'each segment starts with a letter');
  }
  const bad = [...value].find((c) => !/[A-Za-z0-9_.]/.test(c)) ?? '';
  return invalid(`"${value}" contains ${describeChar(bad)}`, 'a package name has only ASCII letters, digits, "_" and "."');
}
