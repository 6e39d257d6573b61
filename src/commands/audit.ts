/**
 * `mamx audit`: a risk review of the whole effective policy (of each, with several -f), for people
 * and for CI (`--fail-on high` exits 1 when a finding not accepted is at or above that severity), as
 * a table, JSON, SARIF, JUnit XML, GitHub annotations, Markdown or CSV.
 */
import { isoDay } from '../core/dates.js';
import { formatSource } from '../core/evaluator.js';
import { auditPolicy, type Finding } from '../core/risk/audit.js';
import { PolicyFileSchema } from '../core/policy-schema.js';
import { unknownKeys } from '../core/schema.js';
import { formatPath } from '../io/issues.js';
import { atLeast, PLATFORMS, type AuditFormat, type EffectivePolicy, type Severity } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderAudit } from '../ui/render.js';
import { VERSION } from '../version.js';
import { eachPolicy, openCatalog, openSessions, readEffective } from './shared.js';

export interface AuditOptions {
  /** Commander allows only the severities. */
  failOn?: Severity;
  /** Commander allows only AUDIT_FORMATS; json is --json. */
  format?: AuditFormat;
}

export async function runAudit(opts: AuditOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const sessions = await openSessions(globals, ctx, out);
  const failOn = opts.failOn ?? sessions[0]!.config.failOn;
  const { results, code } = await eachPolicy(sessions, out, async (session) => {
    const { effective, file } = await readEffective(session, out);
    const unknown = file ? unknownKeys(PolicyFileSchema, file.data).map((p) => ({ key: formatPath(p), file: file.path })) : [];
    const found = auditPolicy(effective, openCatalog(session, out), isoDay(ctx.now()), {
      unknownKeys: unknown,
      requirements: session.config,
    });
    // An accepted finding is listed, and passes until its acceptance ends.
    const fails = failOn !== undefined && found.some((f) => !f.accepted && atLeast(f.severity, failOn));
    return { value: { effective, found }, code: fails ? EXIT.DENIED : EXIT.OK };
  });

  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    const reports = await import('../ui/report-formats.js');
    const findings = results.flatMap((r) => r.value.found.map(({ source, ...f }) => ({ ...f, ...(source && { at: source }) })));
    const o = { threshold: failOn ?? 'high', cwd: ctx.cwd, version: VERSION };
    if (format === 'sarif') out.json(reports.sarifReport(findings, o));
    else if (format === 'junit') {
      const subjects = results.flatMap((r) =>
        PLATFORMS.flatMap((platform) => r.value.effective[platform].exceptions.map((e) => ({ platform, value: e.value, at: e.source }))),
      );
      out.text(reports.junitReport(findings, subjects, o));
    } else if (format === 'github') out.text(reports.githubAnnotations(findings, o));
    else out.text(reports.findingsTable(findings, format, o));
    return code;
  }
  const reports = results.map((r) => report(r.value.effective, r.value.found));
  if (reports.length === 1) out.result(reports[0]!, (d, s) => renderAudit(d, s));
  else out.result({ policies: reports }, (d, s) => d.policies.map((p) => renderAudit(p, s)).join('\n\n'));
  return code;
}

/** One policy's audit as --json gives it: counts by severity (and accepted) and the findings with their source. */
function report(effective: EffectivePolicy, found: readonly Finding[]) {
  const findings = found.map((f) => ({ ...f, source: f.source ? formatSource(f.source) : (effective.file ?? 'embedded default') }));
  const counts = { high: 0, medium: 0, low: 0, info: 0, accepted: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    if (f.accepted) counts.accepted++;
  }
  return { policy: effective.file, counts, findings };
}
