/**
 * `mamx pull`: the bound tenant policies (or the one --policy names) into the policy file, as
 * `import` writes them: the tenant's settings, rows and links, a row's reason, ticket, owner and
 * dates kept. The file's own rows and links that the tenant lacks are kept and said (an edit not yet
 * pushed is never lost); --mirror removes them. The binding records id, name and version.
 */
import path from 'node:path';
import { COLLECTION, policiesIn, sectionFromGraph } from '../core/intune.js';
import type { ImportedFrom } from './import.js';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderImport } from '../ui/render.js';
import { isInteractive, openSession } from './shared.js';
import { boundPolicies, connect, findPolicies } from './tenant.js';

export interface PullOptions {
  policy?: string;
  platform?: Platform;
  dryRun?: boolean;
  /** The file's rows and links the tenant lacks are removed (by default they are kept). */
  mirror?: boolean;
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
  const imported: ImportedFrom[] = [];
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
  const { writeImported } = await import('./import.js');
  const { result, outcome } = await writeImported(imported, opts.mirror ? 'mirror' : 'merge', Boolean(opts.dryRun), session, ctx, out);
  out.result(result, (d, s) => renderImport(d, Boolean(opts.dryRun), s, outcome));
  return EXIT.OK;
}
