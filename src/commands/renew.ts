/**
 * `mamx renew`: after a review, a new expiry date (and, if given, a new ticket or owner) for every
 * exception of the file that the selection names — by value, owner, ticket, or an expiry before a
 * day. A selection is required (or --all), so that a typo does not renew everything.
 */
import { isoDay } from '../core/dates.js';
import { planBulkUpdate, type Selection } from '../core/edits.js';
import { expiryProblem, textProblem } from '../core/meta.js';
import type { ExceptionMeta, Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderChange } from '../ui/render.js';
import { dryRunFields, openSession, ownExceptions, parseTargets, type TargetFlags } from './shared.js';

export interface RenewOptions extends TargetFlags {
  expires: string;
  owner?: string;
  ticket?: string;
  expiringBefore?: string;
  platform?: Platform;
  all?: boolean;
  /** A new ticket (the review's) and owner, set with the date. */
  setTicket?: string;
  setOwner?: string;
  dryRun?: boolean;
}

export async function runRenew(opts: RenewOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const today = isoDay(ctx.now());
  const expiry = expiryProblem(opts.expires, today);
  if (expiry) throw new MamxError('INVALID_VALUE', `--expires ${JSON.stringify(opts.expires)} ${expiry}`);
  if (opts.expiringBefore !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.expiringBefore)) {
    throw new MamxError('INVALID_VALUE', `--expiring-before ${JSON.stringify(opts.expiringBefore)}: expected a date, YYYY-MM-DD`);
  }
  for (const [flag, v] of [
    ['--set-ticket', opts.setTicket],
    ['--set-owner', opts.setOwner],
  ] as const) {
    const problem = v === undefined ? null : textProblem(v);
    if (problem) throw new MamxError('INVALID_VALUE', `${flag} ${problem}`);
  }
  const targets = parseTargets(opts, out);
  const selection: Selection = {
    ...(targets.length > 0 && { targets }),
    ...(opts.platform && { platform: opts.platform }),
    ...(opts.owner !== undefined && { owner: opts.owner }),
    ...(opts.ticket !== undefined && { ticket: opts.ticket }),
    ...(opts.expiringBefore !== undefined && { expiringBefore: opts.expiringBefore }),
  };
  if (Object.keys(selection).length === 0 && !opts.all) {
    throw new MamxError(
      'USAGE',
      'renew needs a selection: --ios/--android values, --owner, --ticket, --expiring-before or --platform (or --all)',
      'e.g. mamx renew --owner mobility@contoso.example --expires 2027-12-31',
    );
  }
  const updates: ExceptionMeta = {
    expires: opts.expires,
    ...(opts.setTicket && { ticket: opts.setTicket.trim() }),
    ...(opts.setOwner && { owner: opts.setOwner.trim() }),
  };
  const session = await openSession(globals, ctx, out);
  const file = session.location.path;
  if (file === null) throw new MamxError('POLICY_MISSING', 'no policy file found: there is nothing to renew', 'name one with --file');
  const { editPolicyFile } = await import('../io/locked-edit.js');
  const outcome = await editPolicyFile(file, { dryRun: Boolean(opts.dryRun), env: ctx.env }, (loaded) => {
    const plan = planBulkUpdate(ownExceptions(loaded), selection, updates);
    if (plan.updated.length + plan.unchanged.length === 0) {
      throw new MamxError(
        'NOT_FOUND',
        `no exception of ${file} matches the selection`,
        'see mamx list (exceptions inherited through extends are renewed in their own file)',
      );
    }
    return plan;
  });
  for (const t of outcome.plan.unchanged) out.note(`${t.platform} ${t.value} already has these values`);
  for (const n of outcome.notices) out.warn(n);
  const { updated, unchanged } = outcome.plan;
  const result = { policy: file, changed: outcome.written, ...dryRunFields(opts.dryRun, outcome, file), updated, unchanged };
  out.result(result, (d, s) => renderChange('added', [], Boolean(opts.dryRun), file, s, outcome, d.updated));
  return EXIT.OK;
}
