/**
 * `mamx push`: the file's exemption lists and the settings mamx models, written to the bound tenant
 * policies — safely. It shows the difference and the new risk first (--dry-run stops there); it
 * refuses a policy changed in Intune since the last pull (its version differs: exit 7) and re-reads it
 * just before writing; it PATCHes only the properties mamx models, never assignments, apps or other
 * settings; it reads back and verifies (exit 7 if the tenant does not hold what was sent); it records
 * the new version in the file, and writes an audit line. New high-risk values need --force (exit 5).
 */
import { isoDay } from '../core/dates.js';
import { diffPolicies, unchanged, type PlatformDiff } from '../core/diff.js';
import { COLLECTION, graphBody, ROWS, sectionFromGraph, unverified, type GraphPolicy } from '../core/intune.js';
import { policyFromData } from '../core/policy-model.js';
import { PLATFORM_LABEL, type Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { createInquirerPrompter } from '../ui/prompts.js';
import { renderPolicyDiff } from '../ui/render.js';
import { isInteractive, openCatalog, openSession } from './shared.js';
import { connect, loadBound, tenantLabel, type Bound } from './tenant.js';

export interface PushOptions {
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  platform?: Platform;
}

interface Planned {
  bound: Bound;
  path: string;
  /** The version read now, which the PATCH must still find. */
  version: string | undefined;
  diff: PlatformDiff;
}

export async function runPush(opts: PushOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  const { path: policyPath, effective, bound } = await loadBound(session, opts.platform, 'there is nothing to push');
  const interactive = isInteractive(globals, ctx);
  const tenant = connect(session, ctx, out, true, interactive);
  const catalog = openCatalog(session, out);
  const today = isoDay(ctx.now());

  // Read each bound policy, refuse one changed in Intune since the last pull, compare.
  const planned: Planned[] = [];
  for (const b of bound) {
    const path = `${COLLECTION[b.platform]}/${b.id}`;
    const now = graphPolicy(b.platform, await tenant.graph.get(path));
    if (b.version !== undefined && now.version !== b.version) throw changed(b, now.version);
    const inTenant = policyFromData({ version: 1, [b.platform]: sectionFromGraph(now).section }, path);
    const [diff] = diffPolicies(inTenant, effective, { platforms: [b.platform], metadata: false, catalog, today }).platforms;
    planned.push({ bound: b, path, version: now.version, diff: diff! });
  }
  const changes = planned.filter((p) => !unchanged(p.diff));
  const view = {
    a: { file: tenantLabel(tenant.graph) },
    b: { file: policyPath },
    equal: changes.length === 0,
    platforms: planned.map((p) => p.diff),
  };
  if (changes.length === 0) {
    out.result({ policy: policyPath, inSync: true, pushed: [] }, (_d, s) =>
      s.green(`in sync: ${bound.map(label).join(' and ')} already ${bound.length === 1 ? 'holds' : 'hold'} what ${policyPath} says`),
    );
    return EXIT.OK;
  }
  const high = changes.flatMap((p) =>
    p.diff.risk.added.filter((w) => w.severity === 'high').map((w) => ({ ...w, platform: p.bound.platform })),
  );
  if (!globals.json) out.text(`${renderPolicyDiff(view, 'text', out.style)}\n`);
  if (opts.dryRun) {
    out.result({ policy: policyPath, dryRun: true, inSync: false, diff: view }, (_d, s) =>
      s.gray(`dry run: nothing was sent${high.length > 0 && !opts.force ? '; the high-risk values would need --force' : ''}`),
    );
    return EXIT.OK;
  }
  if (high.length > 0 && !opts.force) {
    for (const w of high) out.warning(w, `${w.platform} ${w.value}`);
    throw new MamxError(
      'HIGH_RISK',
      `refused: the push adds high-risk ${high.length === 1 ? 'value' : 'values'} (${high.map((w) => w.value).join(', ')})`,
      'nothing was sent; after review, add --force to push anyway',
    );
  }
  if (!opts.yes) {
    if (!interactive)
      throw new MamxError(
        'NO_TTY',
        'push writes to the tenant: confirm with --yes when there is no terminal to ask',
        'look first: mamx push --dry-run',
      );
    const prompter = ctx.prompter ?? (await createInquirerPrompter(ctx.stdin, ctx.stdout));
    if (
      !(await prompter.confirm({
        message: `Write these changes to ${changes.map((c) => label(c.bound)).join(' and ')} in Intune?`,
        default: false,
      }))
    ) {
      throw new MamxError('CANCELLED', 'cancelled: nothing was sent');
    }
  }

  const who = await tenant.identity();
  const pushed: Array<{
    platform: Platform;
    id: string;
    displayName?: string;
    version?: string;
    added: string[];
    removed: string[];
    audit: string;
  }> = [];
  for (const p of changes) {
    // The policy may have changed while the diff was read and confirmed: read it once more.
    const again = graphPolicy(p.bound.platform, await tenant.graph.get(p.path));
    if (again.version !== p.version) throw changed(p.bound, again.version, 'while this push was being prepared');
    const body = graphBody(p.bound.platform, effective);
    await tenant.graph.patch(p.path, body);
    const back = graphPolicy(p.bound.platform, await tenant.graph.get(p.path));
    const differs = unverified(body, back.properties);
    if (differs.length > 0) throw notVerified(p.bound, differs, body, back);
    const added = p.diff.added.map((a) => a.value);
    const removed = p.diff.removed.map((r) => r.value);
    const audit = `push: tenant ${who.tenant ?? '(unknown)'}, ${PLATFORM_LABEL[p.bound.platform]} policy ${label(p.bound)}, by ${who.who ?? '(unknown)'}: added ${added.join(', ') || 'none'}; removed ${removed.join(', ') || 'none'}${p.diff.settings.length > 0 ? `; settings ${p.diff.settings.map((s) => s.setting).join(', ')}` : ''}`;
    out.audit(audit);
    pushed.push({
      platform: p.bound.platform,
      id: p.bound.id,
      ...(p.bound.displayName && { displayName: p.bound.displayName }),
      ...(back.version !== undefined && { version: back.version }),
      added,
      removed,
      audit,
    });
  }
  await recordVersions(policyPath, pushed, ctx);
  out.result({ policy: policyPath, inSync: false, pushed, who, diff: view }, (d, s) =>
    d.pushed
      .map(
        (x) =>
          `${s.green('pushed')} ${PLATFORM_LABEL[x.platform]} ${JSON.stringify(x.displayName ?? x.id)}: +${x.added.length} -${x.removed.length}, version ${x.version ?? '(none)'}`,
      )
      .join('\n'),
  );
  return EXIT.OK;
}

function graphPolicy(platform: Platform, raw: Record<string, unknown>): GraphPolicy {
  const version = typeof raw.version === 'string' ? raw.version : undefined;
  const properties = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.includes('@')));
  return { platform, ...(version !== undefined && { version }), properties };
}

const label = (b: Bound) => JSON.stringify(b.displayName ?? b.id);

function changed(b: Bound, now: string | undefined, when = 'since it was last read'): MamxError {
  return new MamxError(
    'TENANT_CHANGED',
    `${PLATFORM_LABEL[b.platform]} policy ${label(b)} was changed in Intune ${when} (version ${now ?? '(none)'}, the file records ${b.version ?? '(none)'}): nothing was sent`,
    'see what changed: mamx diff --tenant; take it into the file (your own rows are kept): mamx pull; then push again',
  );
}

function notVerified(b: Bound, differs: string[], body: Record<string, unknown>, back: GraphPolicy): MamxError {
  const rows = (v: unknown) => (Array.isArray(v) ? v.map((r: { value?: unknown }) => String(r.value)).join(', ') : JSON.stringify(v));
  const key = ROWS[b.platform];
  return new MamxError(
    'PUSH_NOT_VERIFIED',
    `${PLATFORM_LABEL[b.platform]} policy ${label(b)} does not hold what was sent (${differs.join(', ')}). Sent ${key}: ${rows(body[key])}. Intune holds: ${rows(back.properties[key])}`,
    'nothing in the file was changed; look at the policy in Intune (mamx diff --tenant) and push again',
  );
}

async function recordVersions(file: string, pushed: Array<{ platform: Platform; version?: string }>, ctx: Context): Promise<void> {
  const { editPolicyFile } = await import('../io/locked-edit.js');
  await editPolicyFile(file, { env: ctx.env }, () => ({
    ops: pushed
      .filter((p) => p.version !== undefined)
      .map((p) => ({ op: 'set' as const, path: [p.platform, 'intune', 'version'], value: p.version })),
  }));
}
