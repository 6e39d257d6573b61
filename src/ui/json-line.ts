/**
 * One verdict of `check --stdin --json` as its NDJSON line, byte for byte what
 * escapeJsonText(JSON.stringify(verdict)) gives, built from the fixed shape of a verdict: only the
 * strings are escaped, and a string of plain printable ASCII (nearly all) is not even looked at
 * twice. A batch of a million lines spends most of its time here otherwise.
 */
import { NOT_EXEMPT_TAIL } from '../core/evaluator.js';
import { escapeJsonText } from '../core/text.js';

/** Printable ASCII without " and \: JSON writes such a string between quotes as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export const jsonString = (s: string): string => (PLAIN.test(s) ? `"${s}"` : escapeJsonText(JSON.stringify(s)));

export interface VerdictRecord {
  platform: string;
  target: string;
  verdict: string;
  reason: string;
  message: string;
  covers?: string;
  source?: string;
  matched?: string;
  entry?: object;
  warnings: readonly object[];
}

/** The keys of a verdict, in the order evaluate() makes them. */
const KEYS = ['platform', 'target', 'verdict', 'reason', 'message', 'covers', 'source', 'matched', 'entry', 'warnings'];

/**
 * The part of a verdict's line after its `line` and `input`, ending with the closing brace. A verdict of another shape (a key added, or out of
 * order) goes through JSON.stringify.
 */
export function verdictBody(v: VerdictRecord): string {
  if (!hasShape(v)) return escapeJsonText(JSON.stringify(v)).slice(1);
  let s = `"platform":${jsonString(v.platform)},"target":${jsonString(v.target)},"verdict":${jsonString(v.verdict)},"reason":${jsonString(v.reason)},"message":${jsonString(v.message)}`;
  if (v.covers !== undefined) s += `,"covers":${jsonString(v.covers)}`;
  if (v.source !== undefined) s += `,"source":${jsonString(v.source)}`;
  if (v.matched !== undefined) s += `,"matched":${jsonString(v.matched)}`;
  if (v.entry !== undefined) s += `,"entry":${escapeJsonText(JSON.stringify(v.entry))}`;
  return `${s},"warnings":${v.warnings.length === 0 ? '[]' : escapeJsonText(JSON.stringify(v.warnings))}}`;
}

/**
 * The line of most of a batch: a not-exempt verdict (notExemptVerdict) with no warning, for an input
 * and target the caller knows to match PLAIN. The evaluator words that verdict one way only
 * (notExemptMessage): the line is one template, as few pieces as the bytes allow.
 */
export function notExemptLine(line: number, input: string, platform: string, target: string): string {
  const head = platform === 'ios' ? IOS_HEAD : platform === 'android' ? ANDROID_HEAD : `","platform":"${platform}","target":"`;
  // + rather than a template: V8 makes each ${} of a value it cannot prove a string a ToString call,
  // where + goes by the types it has seen (2 % of a batch).
  return (
    lineStart(line) +
    ',"input":"' +
    input +
    head +
    target +
    '","verdict":"deny","reason":"not-exempt","message":"' +
    target +
    NOT_EXEMPT_END
  );
}
// The template's fixed pieces joined ahead: each piece fewer is a string fewer to make per line.
const IOS_HEAD = '","platform":"ios","target":"';
const ANDROID_HEAD = '","platform":"android","target":"';
const NOT_EXEMPT_END = `${NOT_EXEMPT_TAIL}","warnings":[]}`;

/**
 * A line of check --stdin --json: its number, the line as given, then the verdict's body. `plain`: the
 * caller knows that `input` and the verdict's target match PLAIN (a canonical value of a batch line).
 */
export function verdictLine(line: number, input: string, v: VerdictRecord, plain = false): string {
  if (v.reason === 'not-exempt' && v.warnings.length === 0 && (plain || (PLAIN.test(input) && PLAIN.test(v.target)))) {
    return notExemptLine(line, input, v.platform, v.target);
  }
  return `${lineStart(line)},"input":${jsonString(input)},${verdictBody(v)}`;
}

/**
 * `{"line":N`, for a line number N. A batch's numbers run up one by one, and turning each into digits
 * afresh cost a tenth of a batch (V8 converts a number it has not cached in its runtime): the digits
 * above the last three are kept while they stay the same, and the last three come from a table.
 */
export function lineStart(n: number): string {
  if (n >= 0 && n < 1000 && Number.isInteger(n)) return BELOW_THOUSAND[n]!;
  if (!(n >= 1000 && n <= 0x7fffffff && Number.isInteger(n))) return `{"line":${n}`;
  const high = (n / 1000) | 0;
  if (high !== thousands) {
    thousands = high;
    thousandsStart = `{"line":${high}`;
  }
  return thousandsStart + LAST_THREE[n - high * 1000]!; // + rather than a template: see notExemptLine
}
const BELOW_THOUSAND = Array.from({ length: 1000 }, (_, i) => `{"line":${i}`);
const LAST_THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let thousands = -1;
let thousandsStart = '';

function hasShape(v: object): boolean {
  let k = 0;
  for (const key in v) {
    while (k < KEYS.length && KEYS[k] !== key) k++;
    if (k === KEYS.length) return false;
    k++;
  }
  return true;
}
