/** `mamx check`: verdicts for targets from flags, or streamed from stdin as `ios VALUE` lines. */
import { isoDay } from '../core/dates.js';
import type { LinkList } from '../core/edits.js';
import { evaluate, evaluateLink, indexPolicy, type PolicyIndex } from '../core/evaluator.js';
import { assessLink } from '../core/risk/link-rules.js';
import { verdictAssessor } from '../core/risk/assess.js';
import type { Verdict } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderLineError, renderVerdicts } from '../ui/render.js';
import { openCatalog, openSession, parseLinks, parseTargets, readEffective, type TargetFlags } from './shared.js';
import { checkLine, type LinkAssessor } from './check-line.js';

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
  const links = parseLinks(opts, out);
  if (opts.stdin && targets.length + links.length > 0) {
    throw new MamxError('USAGE', '--stdin reads the targets from standard input: give no --ios/--android/--link with it');
  }
  if (!opts.stdin && targets.length + links.length === 0) {
    throw new MamxError(
      'USAGE',
      'check needs a target',
      'e.g. mamx check --ios wbx, mamx check --link https://maps.apple.com/, or mamx check --stdin < targets.txt',
    );
  }
  const session = await openSession(globals, ctx, out);
  const policy = await readEffective(session, out);
  const catalog = openCatalog(session, out);
  const index = indexPolicy(policy.effective, verdictAssessor(catalog, policy.effective, isoDay(ctx.now())));
  const assessLinks = (pattern: string, list: LinkList) => assessLink(pattern, list, catalog);
  if (opts.stdin) return checkStream(index, assessLinks, ctx, out);

  const verdicts = [...targets.map((t) => evaluate(index, t.platform, t.value)), ...links.map((l) => evaluateLink(index, l, assessLinks))];
  out.result({ verdicts }, (d, s) => renderVerdicts(d.verdicts, s));
  return exitFor(verdicts.map((v) => v.verdict));
}

/**
 * Batch mode: reads and writes as it goes, so memory stays flat however long the input. An invalid
 * line becomes an error record on its line and the rest go on; a closed stdout ends it quietly.
 */
async function checkStream(index: PolicyIndex, assessLinks: LinkAssessor, ctx: Context, out: Output): Promise<ExitCode> {
  const seen = new Set<Verdict['verdict']>();
  let invalid = false;
  await out.transformLines(ctx.stdin, (line, n) => {
    const r = checkLine(index, line, n, assessLinks);
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
