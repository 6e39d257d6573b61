/**
 * `mamx add`: add exceptions to the policy file. Idempotent: what is there already is a no-op, unless
 * new metadata is given for it (--expires, --owner, ...): then those fields are updated in place.
 * Every value is assessed first; a high-risk one is refused (exit 5, nothing written) unless --force.
 */
import path from 'node:path';
import { closest } from '../core/text-distance.js';
import { isoDay } from '../core/dates.js';
import { expiryProblem, textProblem } from '../core/meta.js';
import { planAdd, planAddLinks, type LinkList, type Target } from '../core/edits.js';
import { DEFAULT_LINKS } from '../core/policy-model.js';
import { assessLink } from '../core/risk/link-rules.js';
import { assessAdditions, blockingWarning, type TargetWarning } from '../core/risk/assess.js';
import { FIELD_FLAG, shortfalls } from '../core/risk/requirements.js';
import { PLATFORM_LABEL, type ExceptionMeta } from '../core/types.js';
import type { Catalog, KnownApp } from '../core/catalog.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { ownPolicy } from '../io/effective-policy.js';
import { newPolicyYaml } from '../io/templates.js';
import type { Output } from '../ui/output.js';
import { renderChange } from '../ui/render.js';
import {
  dryRunFields,
  openCatalog,
  openSession,
  ownExceptions,
  parseLinks,
  parseTargets,
  requireTargets,
  type TargetFlags,
} from './shared.js';

export interface AddOptions extends TargetFlags {
  app?: string;
  name?: string;
  reason?: string;
  ticket?: string;
  owner?: string;
  expires?: string;
  force?: boolean;
  dryRun?: boolean;
  /** --link goes to the managed universal links, not the exempted ones. */
  managed?: boolean;
}

export async function runAdd(opts: AddOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const today = isoDay(ctx.now());
  const flagged = parseTargets(opts, out);
  const links = parseLinks(opts, out);
  const linkList: LinkList = opts.managed ? 'managed' : 'exempted';
  validateMeta(opts, today);
  const session = await openSession(globals, ctx, out);
  const catalog = openCatalog(session, out);
  const app = opts.app === undefined ? undefined : findApp(catalog, opts.app);
  const targets = [...flagged, ...(app ? appTargets(app, out) : [])];
  requireTargets([...targets, ...links], 'add');
  const meta = validateMeta({ ...opts, ...(opts.name === undefined && app && { name: app.name }) }, today);
  // On an exception that is there, only what was given explicitly changes (not the catalog's name, not `added`).
  const { added: _added, ...updates } = validateMeta(opts, today);

  const file = session.location.path ?? path.join(ctx.cwd, 'mam-policy.yaml');
  const template = session.location.origin === 'none' ? newPolicyYaml : undefined;
  let warnings: TargetWarning[] = [];
  // The parsers and the writer load only for commands that edit.
  const { editPolicyFile } = await import('../io/locked-edit.js');
  const outcome = await editPolicyFile(file, { ...(template && { template }), dryRun: Boolean(opts.dryRun), env: ctx.env }, (loaded) => {
    const own = ownExceptions(loaded);
    const exceptions = planAdd(own, targets, meta, updates);
    // What the team requires of an exception's record (configuration): a new one, or one updated, must meet it.
    const records = [
      ...(exceptions.added.length > 0 ? [meta] : []),
      ...exceptions.updated.map((u) => ({ ...own[u.platform].find((e) => e.value === u.value), ...updates })),
    ];
    const short = records.flatMap((r) => shortfalls(r, session.config, today))[0];
    if (short) throw new MamxError('USAGE', `${short.short}: nothing was written`, `give ${FIELD_FLAG[short.field]}`);
    const linkPlan = planAddLinks(
      loaded.data.ios?.universalLinks?.[linkList],
      DEFAULT_LINKS[linkList].map((l) => l.value),
      links,
      linkList,
    );
    const plan = {
      ops: [...exceptions.ops, ...linkPlan.ops],
      added: [...exceptions.added, ...linkPlan.added],
      updated: exceptions.updated,
      present: [...exceptions.present, ...linkPlan.present],
    };
    warnings = [
      ...assessAdditions(exceptions.added, meta, ownPolicy(loaded), catalog, today),
      ...linkPlan.added.flatMap((t) => assessLink(t.value, linkList, catalog).map((w) => ({ ...w, platform: t.platform, value: t.value }))),
    ];
    const high = blockingWarning(warnings, Boolean(opts.force));
    if (high) {
      for (const w of warnings) out.warning(w, `${w.platform} ${w.value}`);
      throw new MamxError(
        'HIGH_RISK',
        `refused ${high.platform} ${high.value}: ${high.message}`,
        'nothing was written; after review, add --force to add it anyway',
      );
    }
    return plan;
  });
  if (outcome.created && outcome.written) out.note(`created ${file}`);
  for (const t of outcome.plan.present as Array<Target & { list?: LinkList }>) {
    out.note(
      t.list
        ? `${t.value} is already an ${t.list} universal link in ${file}`
        : `${t.platform} ${t.value} is already an exception in ${file}`,
    );
  }
  for (const w of warnings) out.warning(w, `${w.platform} ${w.value}`);
  for (const n of outcome.notices) out.warn(n);
  const { added, updated } = outcome.plan;
  const result = { policy: file, changed: outcome.written, ...dryRunFields(opts.dryRun, outcome, file), added, updated, warnings };
  out.result(result, (d, s) => renderChange('added', d.added, Boolean(opts.dryRun), file, s, outcome, d.updated));
  return EXIT.OK;
}

function findApp(catalog: Catalog, id: string): KnownApp {
  const app = catalog.apps.find((a) => a.id === id);
  if (app) return app;
  const guess = closest(
    id,
    catalog.apps.map((a) => a.id),
  );
  throw new MamxError(
    'INVALID_VALUE',
    `--app ${JSON.stringify(id)}: no such app in the catalog`,
    guess ? `did you mean ${guess}? (see mamx apps)` : 'see mamx apps',
  );
}

/** `--app ID`: the app's identifiers on both platforms, so iOS and Android stay in parity. */
function appTargets(app: KnownApp, out: Output): Target[] {
  for (const platform of ['ios', 'android'] as const) {
    if (app[platform].length === 0) out.note(`${app.name} has no ${PLATFORM_LABEL[platform]} identifier in the catalog`);
  }
  return [
    ...app.ios.map((i) => ({ platform: 'ios' as const, value: i.value })),
    ...app.android.map((i) => ({ platform: 'android' as const, value: i.value })),
  ];
}

function validateMeta(opts: AddOptions, today: string): ExceptionMeta {
  const expiry = opts.expires === undefined ? null : expiryProblem(opts.expires, today);
  if (expiry) throw new MamxError('INVALID_VALUE', `--expires ${JSON.stringify(opts.expires)} ${expiry}`);
  for (const key of ['name', 'reason', 'ticket', 'owner'] as const) {
    const v = opts[key];
    const problem = v === undefined ? null : textProblem(v);
    if (problem) throw new MamxError('INVALID_VALUE', `--${key} ${problem}`);
  }
  return {
    ...(opts.name && { name: opts.name.trim() }),
    ...(opts.reason && { reason: opts.reason.trim() }),
    ...(opts.ticket && { ticket: opts.ticket.trim() }),
    ...(opts.owner && { owner: opts.owner.trim() }),
    added: today,
    ...(opts.expires && { expires: opts.expires }),
  };
}
