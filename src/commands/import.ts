/**
 * `mamx import <export>...`: policies exported from Intune (Graph JSON, IntuneManagement, IntuneCD,
 * Microsoft's framework baselines) into the policy file, created if absent and merged if it exists:
 * rows verbatim, settings, universal links, the Intune binding. Rows already in the tenant are live:
 * they are recorded with their warnings, never refused. Nothing is dropped without a word.
 */
import path from 'node:path';
import { isoDay } from '../core/dates.js';
import { planImport } from '../core/import-plan.js';
import { sectionFromGraph, type Imported } from '../core/intune.js';
import { assessException, type TargetWarning } from '../core/risk/assess.js';
import type { Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import { choosePolicies, readExports } from '../io/exports.js';
import { ownPolicy } from '../io/effective-policy.js';
import { newPolicyYaml } from '../io/templates.js';
import type { Output } from '../ui/output.js';
import { renderImport } from '../ui/render.js';
import { dryRunFields, openCatalog, openSession, type Session } from './shared.js';

export interface ImportOptions {
  policy?: string;
  platform?: Platform;
  dryRun?: boolean;
}

export async function runImport(
  exports: string[],
  opts: ImportOptions,
  globals: GlobalOptions,
  ctx: Context,
  out: Output,
): Promise<ExitCode> {
  const found = readExports(exports.map((f) => path.resolve(ctx.cwd, f)));
  const chosen = choosePolicies(found, {
    ...(opts.platform && { platform: opts.platform }),
    ...(opts.policy !== undefined && { policy: opts.policy }),
  });
  const imported = chosen.map((p) => ({
    ...sectionFromGraph(p),
    from: { file: p.file, ...(p.displayName && { displayName: p.displayName }), ...(p.id && { id: p.id }) },
  }));
  for (const s of found.skipped) out.note(`skipped ${s}`);
  const { result, outcome } = await writeImported(imported, 'merge', Boolean(opts.dryRun), await openSession(globals, ctx, out), ctx, out);
  out.result({ ...result, skipped: found.skipped }, (d, st) => renderImport(d, Boolean(opts.dryRun), st, outcome));
  return EXIT.OK;
}

export type ImportedFrom = Imported & { from: { file: string; displayName?: string; id?: string } };

/**
 * Imported tenant policies into the session's policy file (created if absent), under its lock:
 * the plan, the warnings of the rows it adds, what was not imported said. Shared by import and pull.
 */
export async function writeImported(
  imported: ImportedFrom[],
  mode: 'merge' | 'mirror',
  dryRun: boolean,
  session: Session,
  ctx: Context,
  out: Output,
) {
  const catalog = openCatalog(session, out);
  const today = isoDay(ctx.now());
  const file = session.location.path ?? path.join(ctx.cwd, 'mam-policy.yaml');
  const template = session.location.origin === 'none' || session.location.origin === 'flag' ? newPolicyYaml : undefined;
  const { editPolicyFile } = await import('../io/locked-edit.js');
  let warnings: TargetWarning[] = [];
  const outcome = await editPolicyFile(file, { ...(template && { template }), dryRun, env: ctx.env }, (loaded) => {
    const plan = planImport(loaded.data, imported, mode);
    const policy = ownPolicy(loaded);
    // Intune keeps no reasons: "no reason recorded" on every imported row says nothing; audit still lists it.
    warnings = plan.added
      .filter((a) => a.list === undefined)
      .flatMap((a) =>
        assessException({ platform: a.platform, value: a.value, entry: a, policy, catalog, today })
          .filter((w) => w.code !== 'no-reason')
          .map((w) => ({ platform: a.platform, value: a.value, ...w })),
      );
    return plan;
  });
  if (outcome.created && outcome.written) out.note(`created ${file}`);
  for (const i of imported) {
    for (const n of i.notes) out.warn(`${i.from.displayName ?? i.platform}: ${n}`);
    if (i.untouched.length > 0)
      out.note(
        `${i.from.displayName ?? i.platform}: ${i.untouched.length} other setting(s) stay in Intune, which mamx never changes (${i.untouched.slice(0, 4).join(', ')}${i.untouched.length > 4 ? ', ...' : ''})`,
      );
  }
  for (const w of warnings) out.warning(w, `${w.platform} ${w.value}`);
  for (const n of outcome.notices) out.warn(n);
  const { plan } = outcome;
  const result = {
    policy: file,
    changed: outcome.written,
    ...dryRunFields(dryRun, outcome, file),
    imported: imported.map((i) => ({ platform: i.platform, ...i.from, notes: i.notes })),
    added: plan.added,
    ...(mode === 'mirror' ? { removed: plan.removed } : { kept: plan.kept }),
    renamed: plan.renamed,
    settings: plan.settings,
    warnings,
  };
  return { result, outcome };
}
