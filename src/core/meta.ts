/** The rules for an exception's metadata, wherever it comes from (flags or the wizard). */
import { isIsoDate } from './dates.js';
import { hasUnsafeChar } from './text.js';

/** Why a name, reason, ticket or owner is not acceptable, or null: non-empty text on one line, no control characters. */
export function textProblem(value: string): string | null {
  return value.trim() === '' || hasUnsafeChar(value)
    ? 'must be non-empty text on one line, without control or text-direction characters'
    : null;
}

/** Why an expiry date is not acceptable, or null: a real YYYY-MM-DD date after today. */
export function expiryProblem(value: string, today: string): string | null {
  if (!isIsoDate(value)) return 'is not a date: give it as YYYY-MM-DD, e.g. 2027-06-30';
  return value <= today ? `is not in the future (today is ${today})` : null;
}
