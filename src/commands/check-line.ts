/**
 * One line of `check --stdin`: `ios VALUE`, `android VALUE` or `link URL`; blank lines and # comments
 * are skipped. Each result carries the line number and the line as given, so a value tidied on the
 * way (`WBX://` answered as `wbx`) is matched back to its input.
 */
import { evaluate, evaluateLink, type PolicyIndex } from '../core/evaluator.js';
import { normaliseLink } from '../core/links.js';
import { normaliseValue } from '../core/normalise.js';
import type { RiskWarning, Verdict } from '../core/types.js';

export type LinkAssessor = (pattern: string, list: 'exempted' | 'managed') => RiskWarning[];

export interface LineError {
  line: number;
  input: string;
  error: { code: 'INVALID_LINE' | 'INVALID_VALUE'; message: string };
}

export type LineVerdict = Verdict & { line: number; input: string };

export function checkLine(index: PolicyIndex, raw: string, lineNumber: number, assessLinks?: LinkAssessor): LineVerdict | LineError | null {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;
  const space = line.search(/\s/);
  const word = space === -1 ? line : line.slice(0, space);
  const platform = word.toLowerCase();
  if (platform === 'link' && space !== -1) {
    const l = normaliseLink(line.slice(space + 1));
    if (!l.ok)
      return { line: lineNumber, input: raw, error: { code: 'INVALID_VALUE', message: l.hint ? `${l.message}; ${l.hint}` : l.message } };
    return { line: lineNumber, input: raw, ...evaluateLink(index, l.value, assessLinks) };
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
  return { line: lineNumber, input: raw, ...evaluate(index, platform, n.value) };
}
