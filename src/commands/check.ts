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
import {
  eachPolicy,
  openCatalog,
  openSessions,
  parseLinks,
  parseTargets,
  readEffective,
  type Session,
  type TargetFlags,
} from './shared.js';
import { jsonBatchLine, parseLine, verdictFor, type BatchFound, type LinkAssessor } from './check-line.js';

export interface CheckOptions extends TargetFlags {
  stdin?: boolean;
  /** The kind of each target value in the order the command line gave them (the CLI fills it in). */
  sequence?: ReadonlyArray<'ios' | 'android' | 'link'>;
}

/**
 * Where each verdict goes so that they come out in the order given: targets are parsed platform by
 * platform (iOS, then Android), then links; `sequence` says how the command line interleaved them.
 */
function givenOrder(counts: { ios: number; android: number; link: number }, sequence: CheckOptions['sequence']): number[] {
  const start = { ios: 0, android: counts.ios, link: counts.ios + counts.android };
  const identity = Array.from({ length: counts.ios + counts.android + counts.link }, (_, i) => i);
  if (!sequence || sequence.length !== identity.length) return identity;
  const next = { ...start };
  return sequence.map((kind) => next[kind]++);
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
  const sessions = await openSessions(globals, ctx, out);
  if (opts.stdin) {
    if (sessions.length > 1) throw new MamxError('USAGE', '--stdin checks against one policy file: give one -f');
    const session = sessions[0]!;
    return checkStream(await indexFor(session, ctx, out), ctx, out);
  }
  const several = sessions.length > 1;
  const order = givenOrder(
    {
      ios: targets.filter((t) => t.platform === 'ios').length,
      android: targets.filter((t) => t.platform === 'android').length,
      link: links.length,
    },
    opts.sequence,
  );
  const { results, code } = await eachPolicy(sessions, out, async (session) => {
    const { index, assessLinks } = await indexFor(session, ctx, out);
    // In the order given, whatever the platform: one verdict per target (per file, with several files).
    const verdicts = [
      ...targets.map((t) => evaluate(index, t.platform, t.value)),
      ...links.map((l) => evaluateLink(index, l, assessLinks)),
    ];
    const ordered = order.map((i) => verdicts[i]!);
    return {
      value: several ? ordered.map((v) => ({ policy: session.location.path, ...v })) : ordered,
      code: exitFor(ordered.map((v) => v.verdict)),
    };
  });
  const verdicts = results.flatMap((r) => r.value);
  out.result({ verdicts }, (d, s) =>
    several
      ? results.map((r) => `${s.bold(`${r.session.location.path ?? 'embedded default'}:`)}\n${renderVerdicts(r.value, s)}`).join('\n')
      : renderVerdicts(d.verdicts, s),
  );
  return code;
}

interface Indexed {
  index: PolicyIndex;
  assessLinks: LinkAssessor;
}

async function indexFor(session: Session, ctx: Context, out: Output): Promise<Indexed> {
  const policy = await readEffective(session, out);
  const catalog = openCatalog(session, out);
  const index = indexPolicy(policy.effective, verdictAssessor(catalog, policy.effective, isoDay(ctx.now())));
  return { index, assessLinks: (pattern: string, list: LinkList) => assessLink(pattern, list, catalog) };
}

/**
 * Batch mode: reads and writes as it goes, so memory stays flat however long the input. An invalid
 * line becomes an error record on its line and the rest go on; a closed stdout ends it quietly.
 */
async function checkStream({ index, assessLinks }: Indexed, ctx: Context, out: Output): Promise<ExitCode> {
  const found: BatchFound = { kinds: new Set(), invalid: false };
  const quiet = out.options.quiet === true;
  const input = ctx.stdinFd === undefined ? ctx.stdin : { fd: ctx.stdinFd, stream: () => ctx.stdin };
  await out.transformLines(input, (line, n) => {
    if (out.options.json) return jsonBatchLine(index, assessLinks, line, n, quiet, found);
    const t = parseLine(line, n);
    if (t === null) return null;
    if ('error' in t) {
      found.invalid = true;
      return out.line(t, renderLineError);
    }
    const verdict = verdictFor(index, t, assessLinks);
    found.kinds.add(verdict.verdict);
    if (quiet) return null;
    return out.line({ line: n, input: line, ...verdict }, (v, s) => renderVerdicts([v], s));
  });
  // Invalid input (2) outranks a denial (1), which outranks a limited verdict (4).
  return found.invalid ? EXIT.USAGE : exitFor(found.kinds);
}
