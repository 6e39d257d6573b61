/**
 * `mamx pull`: the bound tenant policies (or the one --policy names) into the policy file, as
 * `import` writes them, the file mirroring the tenant: rows the tenant no longer has are removed,
 * a row's reason, ticket, owner and dates are kept. The binding records id, name and version.
 */
import path from 'node:path';
import { planImport } from '../core/import-plan.js';
import { COLLECTION, policiesIn, sectionFromGraph, type Imported } from '../core/intune.js';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { newPolicyYaml } from '../io/templates.js';
import type { Output } from '../ui/output.js';
import { renderImport } from '../ui/render.js';
import { isInteractive, openSession } from './shared.js';
import { boundPolicies, connect, findPolicies } from './tenant.js';

export interface PullOptions {
  policy?: string;
  platform?: Platform;
  dryRun?: boolean;
}

export async function runPull(opts: PullOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  const file = session.location.path ?? path.join(ctx.cwd, 'mam-policy.yaml');
  const { graph } = connect(session, ctx, out, false, isInteractive(globals, ctx));
  const targets: Array<{ platform: Platform; id: string }> = [];
  if (opts.policy !== undefined) {
    targets.push(...(await findPolicies(graph, opts.platform ? [opts.platform] : PLATFORMS, opts.policy)));
  } else {
    const { readPolicyFile } = await import('../io/read-policy.js');
    const bound = session.location.path ? boundPolicies((await readPolicyFile(session.location.path)).data, opts.platform) : [];
    if (bound.length === 0)
      throw new MamxError('USAGE', `no tenant policy is bound in ${file}`, 'name one: mamx pull --policy "<display name or id>"');
    targets.push(...bound);
  }
  const imported: Array<Imported & { from: { file: string; displayName?: string; id: string } }> = [];
  for (const t of targets) {
    const { policies } = policiesIn(await graph.get(`${COLLECTION[t.platform]}/${t.id}?$expand=apps`));
    const policy = policies.find((p) => p.platform === t.platform);
    if (!policy) throw new MamxError('GRAPH_ERROR', `${COLLECTION[t.platform]}/${t.id} is not an app protection policy of that platform`);
    imported.push({
      ...sectionFromGraph(policy),
      from: {
        file: `${graph.baseUrl}/beta${COLLECTION[t.platform]}/${t.id}`,
        ...(policy.displayName && { displayName: policy.displayName }),
        id: t.id,
      },
    });
  }
  const template = session.location.origin === 'none' || session.location.origin === 'flag' ? newPolicyYaml : undefined;
  const { editPolicyFile } = await import('../io/locked-edit.js');
  const outcome = await editPolicyFile(file, { ...(template && { template }), dryRun: Boolean(opts.dryRun), env: ctx.env }, (loaded) =>
    planImport(loaded.data, imported, 'mirror'),
  );
  if (outcome.created && outcome.written) out.note(`created ${file}`);
  for (const i of imported) for (const n of i.notes) out.warn(`${i.from.displayName ?? i.platform}: ${n}`);
  for (const n of outcome.notices) out.warn(n);
  const { plan } = outcome;
  const result = {
    policy: file,
    changed: outcome.written,
    ...(opts.dryRun && { dryRun: true }),
    imported: imported.map((i) => ({ platform: i.platform, ...i.from, notes: i.notes })),
    added: plan.added,
    removed: plan.removed,
    renamed: plan.renamed,
    settings: plan.settings,
  };
  out.result(result, (d, s) => renderImport(d, Boolean(opts.dryRun), s, outcome));
  return EXIT.OK;
}
