/**
 * `mamx export`: what Intune takes — the Graph PATCH body of each platform (`--format graph`, the
 * default), or a review table for people (`--format md`, `--format csv`).
 */
import { isoDay } from '../core/dates.js';
import { graphBody } from '../core/intune.js';
import { PLATFORMS, type Platform } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderReviewTable } from '../ui/render.js';
import { openCatalog, openSession, readEffective } from './shared.js';

export interface ExportOptions {
  /** Commander allows only graph, md and csv. */
  format?: 'graph' | 'md' | 'csv';
  platform?: Platform;
}

export async function runExport(opts: ExportOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const platforms = opts.platform ? [opts.platform] : [...PLATFORMS];
  const session = await openSession(globals, ctx, out);
  const { effective } = await readEffective(session, out);
  if ((opts.format ?? 'graph') === 'graph') {
    if (platforms.includes('ios') && effective.ios.defaults === 'none') {
      out.warn(
        "the iOS body has no Default row (defaults: none): sent to Intune, it takes away Intune's built-in iOS exemptions (App Store, Settings, Calendar)",
      );
    }
    const bodies = Object.fromEntries(platforms.map((p) => [p, graphBody(p, effective)]));
    out.json(opts.platform ? bodies[opts.platform] : bodies);
    return EXIT.OK;
  }
  const { listedExceptions, reviewRows } = await import('./list.js');
  const rows = reviewRows(listedExceptions(effective, platforms, openCatalog(session, out), isoDay(ctx.now())));
  out.text(renderReviewTable(rows, opts.format === 'md' ? 'md' : 'csv'));
  return EXIT.OK;
}
