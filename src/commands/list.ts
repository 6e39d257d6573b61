/** `mamx list` (`ls`): the exceptions, with where each comes from, and optionally Intune's defaults. */
import { isoDay } from '../core/dates.js';
import { defaultRowValue, defaultsFor } from '../core/defaults.js';
import { settingsView } from '../core/policy-model.js';
import { assessException } from '../core/risk/assess.js';
import type { EffectivePolicy, ExceptionEntry, Platform, RiskWarning } from '../core/types.js';
import type { Catalog } from '../core/catalog.js';
import { PLATFORMS } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { formatSource } from '../core/evaluator.js';
import { renderList, renderReviewTable, type ReviewRow } from '../ui/render.js';
import { eachPolicy, openCatalog, openSessions, readEffective } from './shared.js';

export interface ListOptions {
  /** A review table (csv, md); json is --json. */
  format?: 'text' | 'json' | 'csv' | 'md';
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
  const today = isoDay(ctx.now());
  const { results, code } = await eachPolicy(await openSessions(globals, ctx, out), out, async (session) => {
    const { effective } = await readEffective(session, out);
    return { value: listOf(effective, platforms, openCatalog(session, out), today, opts), code: EXIT.OK };
  });
  const lists = results.map((r) => r.value);
  if (opts.format === 'csv' || opts.format === 'md') {
    // One table: the source column says which file each row comes from.
    out.text(renderReviewTable(reviewRows(lists.flatMap((l) => l.exceptions)), opts.format));
  } else if (lists.length === 1) out.result(lists[0]!, (d, s) => renderList(d, s));
  else
    out.result({ policies: lists }, (d, s) =>
      d.policies.map((l) => `${s.bold(`${l.policy ?? 'embedded default'}:`)}\n${renderList(l, s)}`).join('\n\n'),
    );
  return code;
}

/** One policy as list shows it: its settings, exceptions, and (as asked) links and Intune's defaults. */
function listOf(effective: EffectivePolicy, platforms: readonly Platform[], catalog: Catalog, today: string, opts: ListOptions) {
  const exceptions = listedExceptions(effective, platforms, catalog, today);
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
  return { policy: effective.file, settings, exceptions, ...(links && { universalLinks: links }), ...(defaults && { defaults }) };
}

/** Each exception of the effective policy with where it comes from and its warnings. */
export function listedExceptions(
  effective: EffectivePolicy,
  platforms: readonly Platform[],
  catalog: Catalog,
  today: string,
): ListedEntry[] {
  return platforms.flatMap((platform) =>
    effective[platform].exceptions.map((e) => {
      const { platform: _p, source, ...meta } = e;
      const warnings = assessException({ platform, value: e.value, entry: meta, policy: effective, catalog, today });
      return { platform, ...meta, source: formatSource(source), warnings };
    }),
  );
}

/** The exceptions as rows of a review table (list and export --format md|csv): one row each. */
export function reviewRows(entries: readonly ListedEntry[]): ReviewRow[] {
  return entries.map(({ accepted, warnings, ...rest }) => ({
    ...rest,
    ...(accepted && { accepted: `${accepted.by} until ${accepted.until} (${accepted.ticket})` }),
    warnings: warnings.map((w) => `${w.severity}: ${w.code}`).join('; '),
  }));
}
