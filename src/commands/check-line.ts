/**
 * One line of `check --stdin`: `ios VALUE`, `android VALUE` or `link URL`; blank lines and # comments
 * are skipped. Each result carries the line number and the line as given, so a value tidied on the
 * way (`WBX://` answered as `wbx`) is matched back to its input.
 */
import { evaluate, evaluateLink, NOT_EXEMPT_KIND, notExemptVerdict, notExemptWarnings, type PolicyIndex } from '../core/evaluator.js';
import { normaliseLink } from '../core/links.js';
import { isCanonical, normaliseValue } from '../core/normalise.js';
import { escapeJsonText } from '../core/text.js';
import type { Platform, RiskWarning, Verdict } from '../core/types.js';
import { notExemptLine, verdictLine } from '../ui/json-line.js';

export type LinkAssessor = (pattern: string, list: 'exempted' | 'managed') => RiskWarning[];

export interface LineError {
  line: number;
  input: string;
  error: { code: 'INVALID_LINE' | 'INVALID_VALUE'; message: string };
}

export type LineVerdict = Verdict & { line: number; input: string };

/**
 * What a line asks: a target (a value of a platform, or an iOS link), an error, or nothing.
 * `canonical`: the value was already canonical (isCanonical), so it is its own key (matchKey), and the
 * line is printable ASCII with nothing JSON escapes (schemes and package names are made of such).
 */
export type LineTarget =
  | { platform: Platform; value: string; canonical: true }
  | { platform: Platform | 'link'; value: string; canonical?: undefined }
  | LineError
  | null;

export function parseLine(raw: string, lineNumber: number): LineTarget {
  // The usual form, "ios VALUE" or "android VALUE", taken apart without a regular expression; the
  // value is tidied and checked as any other (normaliseValue trims what the general path would).
  const fast = raw.startsWith('ios ') ? 'ios' : raw.startsWith('android ') ? 'android' : undefined;
  if (fast) {
    const value = raw.slice(fast.length + 1);
    if (isCanonical(fast, value)) return { platform: fast, value, canonical: true };
    const n = normaliseValue(fast, value);
    if (n.ok) return { platform: fast, value: n.value };
  }
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;
  const space = line.search(/\s/);
  const word = space === -1 ? line : line.slice(0, space);
  const platform = word.toLowerCase();
  if (platform === 'link' && space !== -1) {
    const l = normaliseLink(line.slice(space + 1));
    if (!l.ok)
      return { line: lineNumber, input: raw, error: { code: 'INVALID_VALUE', message: l.hint ? `${l.message}; ${l.hint}` : l.message } };
    return { platform: 'link', value: l.value };
  }
  if (space === -1 || (platform !== 'ios' && platform !== 'android')) {
    return {
      line: lineNumber,
      input: raw,
      error: { code: 'INVALID_LINE', message: 'expected "ios VALUE", "android VALUE" or "link URL"' },
    };
  }
  const n = normaliseValue(platform, line.slice(space + 1));
  if (!n.ok) {
    return { line: lineNumber, input: raw, error: { code: 'INVALID_VALUE', message: n.hint ? `${n.message}; ${n.hint}` : n.message } };
  }
  return { platform, value: n.value };
}

/** The verdict for what a line asks (the same for every line that asks it). */
export function verdictFor(index: PolicyIndex, target: Exclude<LineTarget, LineError | null>, assessLinks?: LinkAssessor): Verdict {
  if (target.platform === 'link') return evaluateLink(index, target.value, assessLinks);
  return evaluate(index, target.platform, target.value, target.canonical ? target.value : undefined);
}

export function checkLine(index: PolicyIndex, raw: string, lineNumber: number, assessLinks?: LinkAssessor): LineVerdict | LineError | null {
  const t = parseLine(raw, lineNumber);
  if (t === null || 'error' in t) return t;
  return { line: lineNumber, input: raw, ...verdictFor(index, t, assessLinks) };
}

/** What a batch found besides its output: the kinds of verdict given, and whether a line was invalid. */
export interface BatchFound {
  kinds: Set<Verdict['verdict']>;
  invalid: boolean;
}

/** A line of `check --stdin --json`: its NDJSON line (null: nothing to write), what it found added to `found`. */
export function jsonBatchLine(
  index: PolicyIndex,
  assessLinks: LinkAssessor,
  raw: string,
  lineNumber: number,
  quiet: boolean,
  found: BatchFound,
): string | null {
  const t = parseLine(raw, lineNumber);
  if (t === null) return null;
  if ('error' in t) {
    found.invalid = true;
    return escapeJsonText(JSON.stringify(t));
  }
  // Most of a batch: a canonical value that nothing decides. Its line with no warning is a template,
  // made without a verdict object.
  if (t.canonical) {
    const notExempt = notExemptWarnings(index, t.platform, t.value, t.value);
    if (notExempt) {
      found.kinds.add(NOT_EXEMPT_KIND);
      if (quiet) return null;
      if (notExempt.length === 0) return notExemptLine(lineNumber, raw, t.platform, t.value);
      return verdictLine(lineNumber, raw, notExemptVerdict(t.platform, t.value, notExempt), true);
    }
  }
  const verdict = verdictFor(index, t, assessLinks);
  found.kinds.add(verdict.verdict);
  return quiet ? null : verdictLine(lineNumber, raw, verdict, t.canonical === true);
}
