/**
 * `mamx audit`: a risk review of the whole effective policy, for people and for CI
 * (`--fail-on high` exits 1 when a finding is at or above that severity).
 */
import { isoDay } from '../core/dates.js';
import { formatSource } from '../core/evaluator.js';
import { auditPolicy } from '../core/risk/audit.js';
import { PolicyFileSchema } from '../core/policy-schema.js';
import { unknownKeys } from '../core/schema.js';
import { formatPath } from '../io/issues.js';
import { atLeast, type Severity } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderAudit } from '../ui/render.js';
import { openCatalog, openSession, readEffective } from './shared.js';

export interface AuditOptions {
  /** Commander allows only the severities. */
  failOn?: Severity;
}

export async function runAudit(opts: AuditOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  const { effective, file } = await readEffective(session, out);
  const catalog = openCatalog(session, out);
  const unknown = file ? unknownKeys(PolicyFileSchema, file.data).map((p) => ({ key: formatPath(p), file: file.path })) : [];
  const { config } = session;
  const findings = auditPolicy(effective, catalog, isoDay(ctx.now()), { unknownKeys: unknown, requirements: config }).map((f) => ({
    ...f,
    source: f.source ? formatSource(f.source) : (effective.file ?? 'embedded default'),
  }));
  const counts = { high: 0, medium: 0, low: 0, info: 0, accepted: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    if (f.accepted) counts.accepted++;
  }
  out.result({ policy: effective.file, counts, findings }, (d, s) => renderAudit(d, s));
  const failOn = opts.failOn ?? session.config.failOn;
  if (!failOn) return EXIT.OK;
  // An accepted finding is listed, and passes until its acceptance ends.
  return findings.some((f) => !f.accepted && atLeast(f.severity, failOn)) ? EXIT.DENIED : EXIT.OK;
}
