/** `mamx check`: verdicts for targets from flags, or streamed from stdin as `ios VALUE` lines. */
import { isoDay } from '../core/dates.js';
import { evaluate, indexPolicy } from '../core/evaluator.js';
import { verdictAssessor } from '../core/risk/assess.js';
import { loadCatalog } from '../io/catalog.js';
import type { Verdict } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderLineError, renderVerdicts } from '../ui/render.js';
import { openSession, parseTargets, readEffective, type TargetFlags } from './shared.js';
import { checkLine } from './check-line.js';

export interface CheckOptions extends TargetFlags {
  stdin?: boolean;
}

function exitFor(verdicts: Iterable<Verdict['verdict']>): ExitCode {
  let code: ExitCode = EXIT.OK;
  for (const v of verdicts) {
    if (v === 'deny') return EXIT.DENIED;
    if (v === 'limited') code = EXIT.LIMITED;
  }
  return code;
}

export async function runCheck(opts: CheckOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const targets = parseTargets(opts, out);
  if (opts.stdin && targets.length > 0) {
    throw new MamxError('USAGE', '--stdin reads the targets from standard input: give no --ios/--android with it');
  }
  if (!opts.stdin && targets.length === 0) {
    throw new MamxError('USAGE', 'check needs a target', 'e.g. mamx check --ios wbx, or mamx check --stdin < targets.txt');
  }
  const session = await openSession(globals, ctx, out);
  const policy = await readEffective(session, out);
  const catalog = await loadCatalog(session.config);
  const index = indexPolicy(policy.effective, verdictAssessor(catalog, policy.effective, isoDay(ctx.now())));
  if (opts.stdin) return checkStream(index, ctx, out);

  const verdicts = targets.map((t) => evaluate(index, t.platform, t.value));
  out.result({ verdicts }, (d, s) => renderVerdicts(d.verdicts, s));
  return exitFor(verdicts.map((v) => v.verdict));
}

/**
 * Batch mode: reads and writes as it goes, so memory stays flat however long the input. An invalid
 * line becomes an error record on its line and the rest go on; a closed stdout ends it quietly.
 */
async function checkStream(index: ReturnType<typeof indexPolicy>, ctx: Context, out: Output): Promise<ExitCode> {
  const seen = new Set<Verdict['verdict']>();
  let invalid = false;
  await out.transformLines(ctx.stdin, (line, n) => {
    const r = checkLine(index, line, n);
    if (r === null) return null;
    if ('error' in r) {
      invalid = true;
      return out.line(r, renderLineError);
    }
    seen.add(r.verdict);
    return out.options.quiet ? null : out.line(r, (v, s) => renderVerdicts([v], s));
  });
  // Invalid input (2) outranks a denial (1), which outranks a limited verdict (4).
  return invalid ? EXIT.USAGE : exitFor(seen);
}
