/**
 * `mamx diff <a> <b>`: the semantic difference of two policies, each a policy file or any export
 * `import` reads: rows, settings, universal links, and the risk delta. Exit 0 when equal, 1 when
 * not; with --fail-on, 1 only for new risk at or above that severity (a gate for pull requests).
 */
import path from 'node:path';
import { isoDay } from '../core/dates.js';
import { diffPolicies } from '../core/diff.js';
import { sectionFromGraph } from '../core/intune.js';
import { policyFromData } from '../core/policy-model.js';
import type { PolicyFile } from '../core/policy-schema.js';
import { atLeast, PLATFORMS, type EffectivePolicy, type Platform, type Severity } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import { loadPolicy } from '../io/effective-policy.js';
import { choosePolicies, readDocument, readExports } from '../io/exports.js';
import type { Output } from '../ui/output.js';
import { renderPolicyDiff } from '../ui/render.js';
import { openCatalog, openSession } from './shared.js';

export interface DiffOptions {
  policy?: string;
  platform?: Platform;
  /** Commander allows only the severities. */
  failOn?: Severity;
  /** Commander allows only md. */
  format?: 'md';
}

interface Side {
  file: string;
  kind: 'policy file' | 'export';
  policy: EffectivePolicy;
  platforms: Platform[];
}

export async function runDiff(
  a: string,
  b: string,
  opts: DiffOptions,
  globals: GlobalOptions,
  ctx: Context,
  out: Output,
): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  const [left, right] = [await loadSide(path.resolve(ctx.cwd, a), opts), await loadSide(path.resolve(ctx.cwd, b), opts)];
  const platforms = PLATFORMS.filter((p) => left.platforms.includes(p) && right.platforms.includes(p));
  const diff = diffPolicies(left.policy, right.policy, {
    platforms,
    metadata: left.kind === 'policy file' && right.kind === 'policy file',
    catalog: openCatalog(session, out),
    today: isoDay(ctx.now()),
  });
  const result = { a: { file: left.file, kind: left.kind }, b: { file: right.file, kind: right.kind }, ...diff };
  out.result(result, (d, s) => renderPolicyDiff(d, opts.format ?? 'text', s));
  if (opts.failOn) {
    const failOn = opts.failOn;
    return diff.platforms.some((p) => p.risk.added.some((w) => atLeast(w.severity, failOn))) ? EXIT.DENIED : EXIT.OK;
  }
  return diff.equal ? EXIT.OK : EXIT.DENIED;
}

/** A policy file (with what it extends), or the policies of an export. */
async function loadSide(file: string, opts: DiffOptions): Promise<Side> {
  const doc = readDocument(file);
  if (isPolicyFile(doc)) {
    const { effective } = await loadPolicy({ path: file, origin: 'flag' });
    return { file, kind: 'policy file', policy: effective, platforms: opts.platform ? [opts.platform] : [...PLATFORMS] };
  }
  const chosen = choosePolicies(readExports([file]), {
    ...(opts.platform && { platform: opts.platform }),
    ...(opts.policy !== undefined && { policy: opts.policy }),
  });
  const data: Record<string, unknown> = { version: 1 };
  for (const p of chosen) data[p.platform] = sectionFromGraph(p).section;
  return { file, kind: 'export', policy: policyFromData(data as PolicyFile, file), platforms: chosen.map((p) => p.platform) };
}

/** A mamx policy file rather than an export: `version` at the top, no Graph properties. */
function isPolicyFile(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return 'version' in d && !('@odata.type' in d) && !('value' in d) && !('exemptedAppProtocols' in d) && !('exemptedAppPackages' in d);
}
