/**
 * `mamx diff <a> <b>`: the semantic difference of two policies, each a policy file or any export
 * `import` reads: rows, settings, universal links, and the risk delta. Exit 0 when equal, 1 when
 * not; with --fail-on, 1 only for new risk at or above that severity (a gate for pull requests).
 */
import path from 'node:path';
import { isoDay } from '../core/dates.js';
import { diffPolicies } from '../core/diff.js';
import { COLLECTION, policiesIn, sectionFromGraph } from '../core/intune.js';
import { policyFromData } from '../core/policy-model.js';
import type { PolicyFile } from '../core/policy-schema.js';
import { atLeast, PLATFORM_LABEL, PLATFORMS, type EffectivePolicy, type Platform, type Severity } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { loadPolicy } from '../io/effective-policy.js';
import { choosePolicies, readDocument, readExports } from '../io/exports.js';
import type { Output } from '../ui/output.js';
import { renderPolicyDiff } from '../ui/render.js';
import { isInteractive, openCatalog, openSession, type Session } from './shared.js';
import { connect, loadBound, tenantLabel } from './tenant.js';

export interface DiffOptions {
  /** The policy file against the tenant policies it is bound to. */
  tenant?: boolean;
  policy?: string;
  platform?: Platform;
  /** Commander allows only the severities. */
  failOn?: Severity;
  /** Commander allows text, json (as --json) and md. */
  format?: 'text' | 'json' | 'md';
}

interface Side {
  file: string;
  kind: 'policy file' | 'export' | 'tenant';
  policy: EffectivePolicy;
  platforms: Platform[];
}

export async function runDiff(
  a: string | undefined,
  b: string | undefined,
  opts: DiffOptions,
  globals: GlobalOptions,
  ctx: Context,
  out: Output,
): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  if (opts.tenant ? a !== undefined : a === undefined || b === undefined) {
    throw new MamxError(
      'USAGE',
      opts.tenant
        ? 'diff --tenant compares the policy file with its tenant policies: give no files'
        : 'diff needs two policies: mamx diff <a> <b>, or mamx diff --tenant',
    );
  }
  const [left, right] = opts.tenant
    ? await tenantSides(session, opts, globals, ctx, out)
    : [await loadSide(path.resolve(ctx.cwd, a!), opts), await loadSide(path.resolve(ctx.cwd, b!), opts)];
  const platforms = PLATFORMS.filter((p) => left.platforms.includes(p) && right.platforms.includes(p));
  const diff = diffPolicies(left.policy, right.policy, {
    platforms,
    metadata: left.kind === 'policy file' && right.kind === 'policy file',
    catalog: openCatalog(session, out),
    today: isoDay(ctx.now()),
  });
  const result = { a: { file: left.file, kind: left.kind }, b: { file: right.file, kind: right.kind }, ...diff };
  out.result(result, (d, s) => renderPolicyDiff(d, opts.format === 'md' ? 'md' : 'text', s));
  if (opts.failOn) {
    const failOn = opts.failOn;
    return diff.platforms.some((p) => p.risk.added.some((w) => atLeast(w.severity, failOn))) ? EXIT.DENIED : EXIT.OK;
  }
  return diff.equal ? EXIT.OK : EXIT.DENIED;
}

/** The bound tenant policies (as they are now) and the policy file: the drift a push would undo. */
async function tenantSides(session: Session, opts: DiffOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<[Side, Side]> {
  const { path: policyPath, effective, bound } = await loadBound(session, opts.platform, 'nothing to compare with the tenant');
  const { graph } = connect(session, ctx, out, false, isInteractive(globals, ctx));
  const data: Record<string, unknown> = { version: 1 };
  for (const b of bound) {
    const { policies } = policiesIn(await graph.get(`${COLLECTION[b.platform]}/${b.id}`));
    const policy = policies.find((p) => p.platform === b.platform);
    if (!policy) throw new MamxError('GRAPH_ERROR', `${COLLECTION[b.platform]}/${b.id} is not an app protection policy of that platform`);
    if (b.version !== undefined && policy.version !== b.version)
      out.note(
        `${PLATFORM_LABEL[b.platform]} policy ${JSON.stringify(b.displayName ?? b.id)} changed in Intune since the last pull (version ${policy.version ?? '(none)'}, the file records ${b.version})`,
      );
    data[b.platform] = sectionFromGraph(policy).section;
  }
  const where = tenantLabel(graph);
  return [
    { file: where, kind: 'tenant', policy: policyFromData(data as PolicyFile, where), platforms: bound.map((b) => b.platform) },
    { file: policyPath, kind: 'policy file', policy: effective, platforms: bound.map((b) => b.platform) },
  ];
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
