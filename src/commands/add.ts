/** `mamx add`: add exceptions to the policy file. Idempotent: what is there already is a no-op. */
import path from 'node:path';
import { isIsoDate, isoDay } from '../core/dates.js';
import { planAdd } from '../core/edits.js';
import type { ExceptionMeta } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { newPolicyYaml } from '../io/templates.js';
import type { Output } from '../ui/output.js';
import { renderChange } from '../ui/render.js';
import { openSession, ownExceptions, parseTargets, requireTargets, type TargetFlags } from './shared.js';

export interface AddOptions extends TargetFlags {
  name?: string;
  reason?: string;
  ticket?: string;
  owner?: string;
  expires?: string;
  force?: boolean;
  dryRun?: boolean;
}

export async function runAdd(opts: AddOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const targets = parseTargets(opts, out);
  requireTargets(targets, 'add');
  const today = isoDay(ctx.now());
  const meta = validateMeta(opts, today);
  const session = await openSession(globals, ctx);
  const { config } = session;
  if (config.requireReason && !meta.reason) {
    throw new MamxError('USAGE', `a reason is required (requireReason in ${config.file})`, 'add --reason "why this app needs org data"');
  }
  if (config.requireTicket && !meta.ticket) {
    throw new MamxError('USAGE', `a ticket is required (requireTicket in ${config.file})`, 'add --ticket CHG-1234');
  }

  const file = session.location.path ?? path.join(ctx.cwd, 'mam-policy.yaml');
  const template = session.location.origin === 'none' ? newPolicyYaml : undefined;
  // The parsers and the writer load only for commands that edit.
  const { editPolicyFile } = await import('../io/edit-policy.js');
  const outcome = await editPolicyFile(file, { ...(template && { template }), dryRun: Boolean(opts.dryRun) }, (loaded) =>
    planAdd(ownExceptions(loaded), targets, meta),
  );
  if (outcome.created && outcome.written) out.note(`created ${file}`);
  for (const t of outcome.plan.present) out.note(`${t.platform} ${t.value} is already an exception in ${file}`);
  const result = { policy: file, changed: outcome.written, added: outcome.plan.added, warnings: [] };
  out.result(result, (d, s) => renderChange('added', d.added, Boolean(opts.dryRun), file, s));
  return EXIT.OK;
}

function validateMeta(opts: AddOptions, today: string): ExceptionMeta {
  if (opts.expires !== undefined) {
    if (!isIsoDate(opts.expires)) {
      throw new MamxError('INVALID_VALUE', `--expires ${JSON.stringify(opts.expires)} is not a date`, 'give it as YYYY-MM-DD, e.g. --expires 2027-06-30');
    }
    if (opts.expires <= today) throw new MamxError('INVALID_VALUE', `--expires ${opts.expires} is not in the future`, `today is ${today}`);
  }
  for (const key of ['name', 'reason', 'ticket', 'owner'] as const) {
    const v = opts[key];
    // eslint-disable-next-line no-control-regex
    if (v !== undefined && (v.trim() === '' || /[\u0000-\u001f\u007f]/.test(v))) {
      throw new MamxError('INVALID_VALUE', `--${key} must be non-empty text on one line`);
    }
  }
  return {
    ...(opts.name && { name: opts.name.trim() }),
    ...(opts.reason && { reason: opts.reason.trim() }),
    ...(opts.ticket && { ticket: opts.ticket.trim() }),
    ...(opts.owner && { owner: opts.owner.trim() }),
    added: today,
    ...(opts.expires && { expires: opts.expires }),
  };
}
