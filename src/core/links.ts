/**
 * iOS universal links: http(s) links that open in the app that owns them. A policy lists the ones that
 * open in their (unmanaged) app and the ones that open in the managed app; Microsoft allows wildcards
 * there ("http://*.sharepoint-df.com/*") but does not document how they match. mamx reads them as
 * globs: "*" is any run of characters (within the host, never past its end), the scheme and host
 * ignore case, and a link listed without a path ("https://maps.apple.com", as Microsoft's own
 * defaults are) stands for every page of that host.
 */
import { firstUnsafeChar } from './text.js';

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

interface Parts {
  scheme: string;
  host: string;
  rest: string;
}

function parts(text: string): Parts | null {
  const m = URL_PARTS.exec(text);
  if (!m) return null;
  // Userinfo and port play no part in which app a link opens.
  const host = m[2]!.replace(/^.*@/, '').replace(/:\d*$/, '');
  return { scheme: m[1]!.toLowerCase(), host: host.toLowerCase(), rest: m[3]! };
}

function glob(pattern: string, anyChar: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(`${anyChar}*`);
  return new RegExp(`^${body}$`, 's');
}

/** Whether the link `url` is one that `pattern` (a policy's universal link) stands for. */
export function linkMatches(pattern: string, url: string): boolean {
  const p = parts(pattern.trim());
  const u = parts(url);
  if (!p || !u || p.scheme !== u.scheme) return false;
  if (!glob(p.host.toLowerCase(), '[^/?#]').test(u.host)) return false;
  if (p.rest === '') return true;
  return glob(p.rest, '.').test(u.rest === '' ? '/' : u.rest);
}

export type LinkCheck = { ok: true; value: string; notes: string[] } | { ok: false; message: string; hint?: string };

/** A universal link from a person (flags, stdin, wizard): an http or https link with a host; only white space around it is tidied. */
export function normaliseLink(raw: string): LinkCheck {
  const value = raw.trim();
  const notes = value !== raw ? ['removed white space around the link'] : [];
  if (value === '') return { ok: false, message: 'empty link', hint: 'give one such as https://contoso.example/app/*' };
  const unsafe = firstUnsafeChar(value);
  if (unsafe !== undefined)
    return {
      ok: false,
      message: `the link contains a control character (U+${unsafe.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
    };
  if (/\s/.test(value)) return { ok: false, message: `"${value}" contains a space`, hint: 'a link has no spaces; encode them as %20' };
  const p = parts(value);
  if (!p || (p.scheme !== 'http' && p.scheme !== 'https')) {
    return {
      ok: false,
      message: `"${value}" is not an http or https link`,
      hint: 'universal links are web links, e.g. https://contoso.example/app/*',
    };
  }
  if (p.host === '' || p.host.replace(/\*/g, '') === '') {
    return { ok: false, message: `"${value}" names no host`, hint: 'give the host the app owns, e.g. https://*.contoso.example/*' };
  }
  return { ok: true, value, notes };
}

/** The host of a link or pattern, lower case ("" when it has none). */
export function hostOf(link: string): string {
  return parts(link.trim())?.host ?? '';
}
