/** `mamx list` (`ls`): the exceptions, with where each comes from, and optionally Intune's defaults. */
import { isoDay } from '../core/dates.js';
import { defaultsFor } from '../core/defaults.js';
import { assessException } from '../core/risk/assess.js';
import { loadCatalog } from '../io/catalog.js';
import type { ExceptionEntry, Platform, RiskWarning } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { formatSource } from '../core/evaluator.js';
import { renderTable, renderWarning } from '../ui/render.js';
import { openSession, readEffective } from './shared.js';

export interface ListOptions {
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
  const catalog = await loadCatalog(session.config);
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
  const data = { policy: effective.file, exceptions, ...(defaults && { defaults }) };
  out.result(data, (d, s) => {
    const parts: string[] = [];
    if (d.exceptions.length === 0) parts.push(s.gray(`no exceptions${d.policy ? ` in ${d.policy}` : ''}`));
    else {
      const rows = d.exceptions.map((e) => [e.platform, e.value, e.name ?? '', e.expires ?? '', e.source]);
      parts.push(renderTable(['PLATFORM', 'VALUE', 'NAME', 'EXPIRES', 'SOURCE'], rows, s));
      for (const e of d.exceptions) for (const w of e.warnings) parts.push(`${e.platform} ${e.value}: ${renderWarning(w, s)}`);
    }
    if (d.defaults) {
      parts.push('', s.bold("Intune's built-in exemptions:"));
      parts.push(
        renderTable(
          ['PLATFORM', 'VALUE', 'NAME', 'KIND'],
          d.defaults.map((x) => [x.platform, x.value, x.name, x.kind === 'conditional' ? `conditional: ${x.condition}` : 'full']),
          s,
        ),
      );
    }
    return parts.join('\n');
  });
  return EXIT.OK;
}
