/** The rules for an exception's metadata, wherever it comes from (flags or the wizard). */
import { isIsoDate } from './dates.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a name, reason, ticket or owner is not acceptable, or null: non-empty text on one line. */
export function textProblem(value: string): string | null {
  return value.trim() === '' || CONTROL.test(value) ? 'must be non-empty text on one line' : null;
}

/** Why an expiry date is not acceptable, or null: a real YYYY-MM-DD date after today. */
export function expiryProblem(value: string, today: string): string | null {
  if (!isIsoDate(value)) return 'is not a date: give it as YYYY-MM-DD, e.g. 2027-06-30';
  return value <= today ? `is not in the future (today is ${today})` : null;
}
