/** `mamx list` (`ls`): the exceptions, with where each comes from, and optionally Intune's defaults. */
import { isoDay } from '../core/dates.js';
import { defaultRowValue, defaultsFor } from '../core/defaults.js';
import { settingsView } from '../core/policy-model.js';
import { assessException } from '../core/risk/assess.js';
import type { ExceptionEntry, Platform, RiskWarning } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { formatSource } from '../core/evaluator.js';
import { renderList } from '../ui/render.js';
import { openCatalog, openSession, readEffective } from './shared.js';

export interface ListOptions {
  /** Every universal link, with where it comes from. */
  links?: boolean;
  /** Commander allows only ios or android. */
  platform?: Platform;
  defaults?: boolean;
}

interface ListedEntry extends ExceptionEntry {
  platform: Platform;
  source: string;
  warnings: RiskWarning[];
}

export async function runList(opts: ListOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const platforms = opts.platform ? [opts.platform] : [...PLATFORMS];
  const session = await openSession(globals, ctx, out);
  const { effective } = await readEffective(session, out);
  const catalog = openCatalog(session, out);
  const today = isoDay(ctx.now());
  const exceptions: ListedEntry[] = [];
  for (const platform of platforms) {
    for (const e of effective[platform].exceptions) {
      const { platform: _p, source, ...meta } = e;
      const warnings = assessException({ platform, value: e.value, entry: meta, policy: effective, catalog, today });
      exceptions.push({ platform, ...meta, source: formatSource(source), warnings });
    }
  }
  const defaults = opts.defaults
    ? platforms.flatMap((p) =>
        defaultsFor(p, effective[p].defaults).map((d) => ({
          platform: p,
          value: d.value,
          name: d.name,
          kind: d.kind,
          ...(d.condition && { condition: d.condition }),
          source: d.source,
        })),
      )
    : undefined;
  const settings = Object.fromEntries(
    platforms.map((p) => [p, settingsView(p, effective[p], p === 'ios' ? defaultRowValue(effective.ios.defaults) : null)]),
  );
  const links =
    opts.links && platforms.includes('ios')
      ? (['exempted', 'managed'] as const).flatMap((list) =>
          effective.ios.universalLinks[list].map((l) => ({
            list,
            value: l.value,
            source: l.source ? formatSource(l.source) : "Microsoft's default",
          })),
        )
      : undefined;
  const data = { policy: effective.file, settings, exceptions, ...(links && { universalLinks: links }), ...(defaults && { defaults }) };
  out.result(data, (d, s) => renderList(d, s));
  return EXIT.OK;
}
