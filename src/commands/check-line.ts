/** One line of `check --stdin`: `ios VALUE` or `android VALUE`; blank lines and # comments are skipped. */
import { evaluate, type PolicyIndex } from '../core/evaluator.js';
import { normaliseValue } from '../core/normalise.js';
import type { Verdict } from '../core/types.js';

export interface LineError {
  line: number;
  input: string;
  error: { code: 'INVALID_LINE' | 'INVALID_VALUE'; message: string };
}

export function checkLine(index: PolicyIndex, raw: string, lineNumber: number): Verdict | LineError | null {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;
  const space = line.search(/\s/);
  const word = space === -1 ? line : line.slice(0, space);
  const platform = word.toLowerCase();
  if (space === -1 || (platform !== 'ios' && platform !== 'android')) {
    return {
      line: lineNumber,
      input: raw,
      error: { code: 'INVALID_LINE', message: 'expected "ios VALUE" or "android VALUE"' },
    };
  }
  const n = normaliseValue(platform, line.slice(space + 1));
  if (!n.ok) {
    return { line: lineNumber, input: raw, error: { code: 'INVALID_VALUE', message: n.hint ? `${n.message}; ${n.hint}` : n.message } };
  }
  return evaluate(index, platform, n.value);
}
