/**
 * `mamx accept`: record that a reviewed exception's risk is accepted — by whom, under which ticket,
 * until which day (required: an acceptance never lasts for ever). `audit --fail-on` then lets its
 * findings pass until that day and still lists them; after it, they count again. --revoke removes it.
 */
import { isoDay } from '../core/dates.js';
import { planAccept } from '../core/edits.js';
import { expiryProblem, textProblem } from '../core/meta.js';
import type { Acceptance } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { dryRunFields, openSession, ownExceptions, parseTargets, requireTargets, type TargetFlags } from './shared.js';

export interface AcceptOptions extends TargetFlags {
  by?: string;
  ticket?: string;
  until?: string;
  reason?: string;
  revoke?: boolean;
  dryRun?: boolean;
}

export async function runAccept(opts: AcceptOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const targets = parseTargets({ ios: opts.ios, android: opts.android }, out);
  requireTargets(targets, 'accept');
  const acceptance = opts.revoke ? undefined : readAcceptance(opts, isoDay(ctx.now()));
  const session = await openSession(globals, ctx, out);
  const file = session.location.path;
  if (file === null) throw new MamxError('POLICY_MISSING', 'no policy file found: there is nothing to accept', 'name one with --file');
  const { editPolicyFile } = await import('../io/locked-edit.js');
  const outcome = await editPolicyFile(file, { dryRun: Boolean(opts.dryRun), env: ctx.env }, (loaded) => {
    const plan = planAccept(ownExceptions(loaded), targets, acceptance);
    const missing = plan.missing[0];
    if (missing) {
      throw new MamxError(
        'NOT_FOUND',
        `${missing.platform} ${missing.value} is not an exception of ${file}`,
        missing.didYouMean
          ? `did you mean ${missing.didYouMean}?`
          : 'an acceptance is recorded on an exception: add it first (mamx add ... --force)',
      );
    }
    return plan;
  });
  for (const n of outcome.notices) out.warn(n);
  const { accepted } = outcome.plan;
  const result = {
    policy: file,
    changed: outcome.written,
    ...dryRunFields(opts.dryRun, outcome, file),
    [acceptance ? 'accepted' : 'revoked']: accepted,
    ...(acceptance && { acceptance }),
  };
  out.result(result, (_d, s) =>
    accepted.length === 0
      ? s.gray(`nothing to change in ${file}`)
      : [
          `${opts.dryRun ? 'would be ' : ''}${acceptance ? `accepted until ${acceptance.until} by ${acceptance.by} (${acceptance.ticket})` : 'acceptance revoked'}${opts.dryRun ? ' (dry run, not written)' : ''}:`,
          ...accepted.map((t) => `  ${s.yellow('~')} ${t.platform} ${t.value}`),
        ].join('\n'),
  );
  return EXIT.OK;
}

function readAcceptance(opts: AcceptOptions, today: string): Acceptance {
  const missing = (['by', 'ticket', 'until'] as const).filter((k) => !opts[k]);
  if (missing.length > 0) {
    throw new MamxError(
      'USAGE',
      `an acceptance needs ${missing.map((k) => `--${k}`).join(', ')}: who accepts, under which ticket, until when`,
      'e.g. mamx accept --ios mailto --by ciso@contoso.example --ticket RISK-42 --until 2027-06-30',
    );
  }
  const until = expiryProblem(opts.until!, today);
  if (until) throw new MamxError('INVALID_VALUE', `--until ${JSON.stringify(opts.until)} ${until}`);
  for (const key of ['by', 'ticket', 'reason'] as const) {
    const v = opts[key];
    const problem = v === undefined ? null : textProblem(v);
    if (problem) throw new MamxError('INVALID_VALUE', `--${key} ${problem}`);
  }
  return { by: opts.by!.trim(), ticket: opts.ticket!.trim(), until: opts.until!, ...(opts.reason && { reason: opts.reason.trim() }) };
}
