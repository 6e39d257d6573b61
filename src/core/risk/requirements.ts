/**
 * What a team requires of every exception's record (configuration: requireReason, requireTicket,
 * requireOwner, requireExpiry, maxLifetimeDays): `add` refuses an exception that falls short, and
 * `audit` lists those already in the file. Pure: the rules and today come in as data.
 */
import { daysBetween } from '../dates.js';
import type { ExceptionMeta, RiskWarning } from '../types.js';

export interface Requirements {
  requireReason?: boolean;
  requireTicket?: boolean;
  requireOwner?: boolean;
  requireExpiry?: boolean;
  maxLifetimeDays?: number;
  /** The configuration file that says so, for the message. */
  file?: string | null;
}

/** The flag that supplies each field, for the hint. */
export const FIELD_FLAG = { reason: '--reason', ticket: '--ticket', owner: '--owner', expires: '--expires' } as const;

export interface Shortfall extends RiskWarning {
  field: keyof typeof FIELD_FLAG;
  /** What is missing or wrong, and the rule: "an owner is required (requireOwner in .mamxrc.yaml)". */
  short: string;
}

/** How an exception's record falls short of what the team requires (empty when it does not). */
export function shortfalls(entry: ExceptionMeta, r: Requirements, today: string): Shortfall[] {
  const where = r.file ? ` (${r.file})` : '';
  const found: Shortfall[] = [];
  const required: Array<[keyof typeof FIELD_FLAG, boolean | undefined, string]> = [
    ['reason', r.requireReason, 'requireReason'],
    ['ticket', r.requireTicket, 'requireTicket'],
    ['owner', r.requireOwner, 'requireOwner'],
    ['expires', r.requireExpiry || r.maxLifetimeDays !== undefined, r.requireExpiry ? 'requireExpiry' : 'maxLifetimeDays'],
  ];
  for (const [field, needed, key] of required) {
    if (!needed || entry[field]) continue;
    const what = field === 'expires' ? 'expiry date' : field;
    const rule = `${key}${r.file ? ` in ${r.file}` : ''}`;
    found.push({
      field,
      code: `missing-${field}`,
      severity: 'medium',
      message: `No ${what} recorded, and the team requires one (${rule}).`,
      short: `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} is required (${rule})`,
    });
  }
  if (r.maxLifetimeDays !== undefined && entry.expires) {
    const from = entry.added ?? today;
    const days = daysBetween(from, entry.expires);
    if (days > r.maxLifetimeDays) {
      found.push({
        field: 'expires',
        code: 'lifetime-too-long',
        severity: 'medium',
        message: `Runs ${days} days (${from} to ${entry.expires}); the team allows at most ${r.maxLifetimeDays} (maxLifetimeDays${where}).`,
        short: `--expires ${entry.expires} is ${days} days away; at most ${r.maxLifetimeDays} are allowed (maxLifetimeDays${r.file ? ` in ${r.file}` : ''})`,
      });
    }
  }
  return found;
}
