/**
 * Characters that must never reach a terminal raw, nor be typed into a policy's text fields: C0 and
 * C1 controls (ESC, CSI U+009B, NUL, …), DEL, bidirectional overrides and isolates (U+202E turns
 * "exe.txt" into "txt.exe" on screen), and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function hasUnsafeChar(s: string): boolean {
  return UNSAFE.test(s);
}

export function firstUnsafeChar(s: string): string | undefined {
  return UNSAFE.exec(s)?.[0];
}

/** The text with every unsafe character written out as an escape: `\x1b`, `\u202e`. */
export function makeVisible(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of plain data with every string made visible (for human output of data read from files). */
export function visibleDeep<T>(data: T): T {
  const stack: unknown[] = [];
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return makeVisible(value);
    if (typeof value !== 'object' || value === null || stack.includes(value)) return value;
    stack.push(value);
    const out = Array.isArray(value) ? value.map(copy) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
    stack.pop();
    return out;
  };
  return copy(data) as T;
}

// What JSON.stringify leaves raw but a terminal may act on: DEL, C1 controls, bidi and separators.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** JSON text with those characters as \u escapes: the same value when parsed, safe on a screen. */
export function escapeJsonText(json: string): string {
  RAW_IN_JSON.lastIndex = 0;
  return RAW_IN_JSON.test(json) ? json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
