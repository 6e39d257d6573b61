/** `mamx apps [query]`: search the known-apps catalog: "what is Zoom's iOS scheme?" */
import { searchApps } from '../core/catalog.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { renderApps } from '../ui/render.js';
import { openCatalog, openSession } from './shared.js';

export async function runApps(query: string | undefined, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const session = await openSession(globals, ctx, out);
  const catalog = openCatalog(session, out);
  const apps = searchApps(catalog, query ?? '');
  out.result({ query: query ?? null, apps }, (d, s) => renderApps(d.apps, d.query, s));
  return EXIT.OK;
}
