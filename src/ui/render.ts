/** Human rendering: the only user of chalk. Pure functions from result data to text. */
import { unifiedDiff } from '../core/text-diff.js';
import { table } from './report-formats.js';
import type { ChalkInstance } from 'chalk';
import { makeVisible } from '../core/text.js';
import type { PlatformDiff } from '../core/diff.js';
import type { SettingsView } from '../core/policy-model.js';
import { SEVERITIES, type ExceptionMeta, type RiskWarning, type Severity, type Verdict } from '../core/types.js';

export type Style = ChalkInstance;

/** Without colour, every style is the identity, as chalk's level 0 is; chalk loads only for colour. */
// Not a thenable ("then" is undefined), or awaiting it would never settle.
const plain: Style = new Proxy(((...text: unknown[]) => text.join(' ')) as unknown as Style, {
  get: (_target, key) => (key === 'then' ? undefined : plain),
});

export async function makeStyle(color: boolean): Promise<Style> {
  if (!color) return plain;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'cyan' | 'gray'> = {
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

export function renderWarning(w: RiskWarning, s: Style): string {
  return `${s[SEVERITY_COLOR[w.severity]](`${w.severity}:`)} ${w.message} ${s.gray(`[${w.code}]`)}`;
}

const VERDICT_STYLE = { allow: 'green', deny: 'red', limited: 'yellow' } as const;

export function renderVerdicts(verdicts: readonly Verdict[], s: Style): string {
  const width = verdicts.reduce((w, v) => Math.max(w, v.target.length + v.platform.length + 1), 0);
  return verdicts
    .map((v) => {
      const label = s[VERDICT_STYLE[v.verdict]].bold(v.verdict.padEnd(7));
      const head = `${label} ${`${v.platform} ${v.target}`.padEnd(width)}  ${v.message}`;
      const warnings = v.warnings.map((w) => `        ${renderWarning(w, s)}`);
      return [head, ...warnings].join('\n');
    })
    .join('\n');
}

export function renderLineError(e: { line: number; error: { message: string } }, s: Style): string {
  return s.red(`line ${e.line}: ${e.error.message}`);
}

// eslint-disable-next-line no-control-regex -- the SGR sequences chalk writes
const SGR = /\u001b\[[0-9;]*m/g;

/** The width a string takes on screen: without its colour codes. */
export function visibleWidth(text: string): number {
  return text.replace(SGR, '').length;
}

/** Aligned columns (on visible width, so coloured cells line up too); the last column is left ragged. */
export function renderTable(header: string[], rows: string[][], s: Style): string {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, visibleWidth(r[i] ?? '')), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleWidth(c))))
      .join('  ')
      .trimEnd();
  return [s.bold(line(header)), ...rows.map(line)].join('\n');
}

export function renderChange(
  verb: 'added' | 'removed',
  targets: ReadonlyArray<{ platform: string; value: string; list?: string }>,
  dryRun: boolean,
  fileName: string,
  s: Style,
  diff?: { before: string; after: string },
  updated: readonly UpdatedView[] = [],
): string {
  const file = makeVisible(fileName);
  if (targets.length + updated.length === 0) return s.gray(`nothing to change in ${file}`);
  if (dryRun && diff) return [`would change ${file} (dry run, not written):`, renderDiff(diff.before, diff.after, s)].join('\n');
  const what = (t: { platform: string; value: string; list?: string }) =>
    t.list ? `ios ${t.list} universal link ${t.value}` : `${t.platform} ${t.value}`;
  return [
    ...(targets.length > 0
      ? [`${verb} in ${file}:`, ...targets.map((t) => `  ${verb === 'added' ? s.green('+') : s.red('-')} ${what(t)}`)]
      : []),
    ...(updated.length > 0 ? [`updated in ${file}:`, ...updated.map((u) => `  ${s.yellow('~')} ${renderUpdated(u)}`)] : []),
  ].join('\n');
}

export interface UpdatedView {
  platform: string;
  value: string;
  fields: Partial<Record<string, { before?: string; after: string }>>;
}

/** `ios wbx: expires 2027-01-31 -> 2027-12-31, owner (none) -> it-mobility` */
export function renderUpdated(u: UpdatedView): string {
  const fields = Object.entries(u.fields).map(([k, c]) => `${k} ${makeVisible(c!.before ?? '(none)')} -> ${makeVisible(c!.after)}`);
  return `${u.platform} ${makeVisible(u.value)}: ${fields.join(', ')}`;
}

/** Exactly the lines an edit changes, with three lines of context, as `git diff` shows them. */
export function renderDiff(before: string, after: string, s: Style): string {
  const colour = { '@': s.cyan, '-': s.red, '+': s.green } as Record<string, ((t: string) => string) | undefined>;
  return unifiedDiff(before, after)
    .trimEnd()
    .split('\n')
    .map((line) => (colour[line[0]!] ?? String)(makeVisible(line)))
    .join('\n');
}

interface AuditView {
  policy: string | null;
  counts: Record<Severity, number> & { accepted?: number };
  findings: Array<{
    code: string;
    severity: Severity;
    platform: string;
    value: string;
    message: string;
    source: string;
    accepted?: { by: string; ticket: string; until: string };
  }>;
}

export function renderAudit(d: AuditView, s: Style): string {
  const summary = SEVERITIES.map((k) => s[SEVERITY_COLOR[k]](`${d.counts[k]} ${k}`)).join(', ');
  const head = `${d.policy ?? 'embedded default'}: ${summary}${d.counts.accepted ? s.gray(` (${d.counts.accepted} accepted)`) : ''}`;
  if (d.findings.length === 0) return `${head}\n${s.green('no findings')}`;
  const rows = d.findings.map((f) => [
    f.accepted ? s.gray(`${f.severity}, accepted`) : s[SEVERITY_COLOR[f.severity]](f.severity),
    `${f.platform} ${f.value}`,
    f.code,
    f.source,
    `${f.accepted ? s.gray(`[accepted by ${f.accepted.by} until ${f.accepted.until}, ${f.accepted.ticket}] `) : ''}${f.message}`,
  ]);
  const table = renderTable(['SEVERITY', 'EXCEPTION', 'CODE', 'SOURCE', 'WHY'], rows, s);
  return `${head}\n${table}`;
}

interface AppView {
  id: string;
  name: string;
  category: string;
  supportsIntuneApp: boolean;
  ios: Array<{ value: string; confidence: string }>;
  android: Array<{ value: string; confidence: string }>;
}

export function renderApps(apps: readonly AppView[], query: string | null, s: Style): string {
  if (apps.length === 0) return s.gray(`no known app matches "${query}"; add your own through the config key "catalog"`);
  const ids = (list: AppView['ios']) => list.map((i) => (i.confidence === 'community' ? `${i.value}*` : i.value)).join(' ') || '-';
  const rows = apps.map((a) => [a.id, a.name, a.category, a.supportsIntuneApp ? 'yes' : 'no', ids(a.ios), ids(a.android)]);
  return `${renderTable(['ID', 'NAME', 'CATEGORY', 'INTUNE APP', 'IOS', 'ANDROID'], rows, s)}\n${s.gray('* community-sourced: verify on the store page or vendor docs before relying on it')}`;
}

interface ListView {
  policy: string | null;
  settings: Record<string, SettingsView>;
  exceptions: Array<{ platform: string; value: string; name?: string; expires?: string; source: string; warnings: RiskWarning[] }>;
  universalLinks?: Array<{ list: string; value: string; source: string }>;
  defaults?: Array<{ platform: string; value: string; name: string; kind: string; condition?: string }>;
}

export function renderList(d: ListView, s: Style): string {
  const parts: string[] = [];
  const settingRows = Object.entries(d.settings).map(([platform, v]) => {
    const extras = [
      v.defaults !== undefined ? `Default row ${v.defaults}` : '',
      v.universalLinks ? `universal links ${v.universalLinks.exempted} exempted, ${v.universalLinks.managed} managed` : '',
    ].filter(Boolean);
    return [platform, v.sendOrgData, v.receiveOrgData, v.dialer, v.messaging, extras.join(', ')];
  });
  parts.push(renderTable(['PLATFORM', 'SEND ORG DATA', 'RECEIVE', 'PHONE NUMBERS TO', 'MESSAGING TO', 'ALSO'], settingRows, s));
  parts.push(s.gray('mamx answers where org data may go (send); the receive setting is shown for the record.'), '');
  if (d.exceptions.length === 0) parts.push(s.gray(`no exceptions${d.policy ? ` in ${d.policy}` : ''}`));
  else {
    const rows = d.exceptions.map((e) => [e.platform, e.value, e.name ?? '', e.expires ?? '', e.source]);
    parts.push(renderTable(['PLATFORM', 'VALUE', 'NAME', 'EXPIRES', 'SOURCE'], rows, s));
    for (const e of d.exceptions) for (const w of e.warnings) parts.push(`${e.platform} ${e.value}: ${renderWarning(w, s)}`);
  }
  if (d.universalLinks) {
    parts.push('', s.bold('iOS universal links:'));
    parts.push(
      renderTable(
        ['LIST', 'LINK', 'SOURCE'],
        d.universalLinks.map((l) => [l.list, l.value, l.source]),
        s,
      ),
    );
  }
  if (d.defaults) {
    parts.push('', s.bold("Intune's built-in exemptions:"));
    const kind = (x: { kind: string; condition?: string }) => (x.kind === 'full' ? 'full' : `${x.kind}: ${x.condition}`);
    parts.push(
      renderTable(
        ['PLATFORM', 'VALUE', 'NAME', 'KIND'],
        d.defaults.map((x) => [x.platform, x.value, x.name, kind(x)]),
        s,
      ),
    );
  }
  return parts.join('\n');
}

interface ImportView {
  policy: string;
  imported: Array<{ platform: string; displayName?: string; id?: string; file: string }>;
  added: Array<{ platform: string; value: string; name?: string; list?: string }>;
  removed?: Array<{ platform: string; value: string; list?: string }>;
  kept?: Array<{ platform: string; value: string; list?: string }>;
  renamed: Array<{ platform: string; value: string; from?: string; to?: string }>;
  settings: Array<{ platform: string; setting: string; before?: unknown; after?: unknown }>;
}

export function renderImport(d: ImportView, dryRun: boolean, s: Style, diff: { before: string; after: string }): string {
  const from = d.imported.map((i) => `${i.platform} "${i.displayName ?? '(no name)'}"`).join(', ');
  const nothing = d.added.length + (d.removed?.length ?? 0) + d.renamed.length + d.settings.length === 0;
  if (nothing) return [s.gray(`${d.policy} already holds ${from}: nothing to change`), ...kept(d, s)].join('\n');
  if (dryRun)
    return [`would change ${d.policy} (dry run, not written), importing ${from}:`, renderDiff(diff.before, diff.after, s)].join('\n');
  const show = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v === undefined) return '(none)';
    if (Array.isArray(v)) return `${v.length} item(s)`;
    const json = JSON.stringify(v);
    return json.length <= 80
      ? json
      : `{${Object.entries(v as object)
          .map(([k, x]) => `${k}: ${Array.isArray(x) ? `${x.length} item(s)` : JSON.stringify(x)}`)
          .join(', ')}}`;
  };
  return [
    `imported ${from} into ${d.policy}:`,
    ...d.settings.map((x) => `  ${s.yellow('~')} ${x.platform} ${x.setting}: ${show(x.before)} -> ${show(x.after)}`),
    ...d.renamed.map((x) => `  ${s.yellow('~')} ${x.platform} ${x.value}: name ${show(x.from)} -> ${show(x.to)}`),
    ...(d.removed ?? []).map((x) => `  ${s.red('-')} ${where(x)}`),
    ...d.added.map((x) => `  ${s.green('+')} ${where(x)}${x.name !== undefined ? ` (${x.name})` : ''}`),
    ...kept(d, s),
  ].join('\n');
}

const where = (x: { platform: string; value: string; list?: string }) => `${x.platform} ${x.list ? `${x.list} ` : ''}${x.value}`;

function kept(d: ImportView, s: Style): string[] {
  if (!d.kept?.length) return [];
  return [
    s.gray(
      `kept in the file, not in Intune's policy (a push sends ${d.kept.length === 1 ? 'it' : 'them'}; pull --mirror drops ${d.kept.length === 1 ? 'it' : 'them'}):`,
    ),
    ...d.kept.map((x) => `  ${s.gray('=')} ${where(x)}`),
  ];
}

/** One exception as a review table shows it: its record, where it comes from, its warnings. */
export interface ReviewRow extends ExceptionMeta {
  platform: string;
  value: string;
  source: string;
  warnings: string;
  accepted?: string;
}

const REVIEW_COLUMNS = [
  'platform',
  'value',
  'name',
  'reason',
  'ticket',
  'owner',
  'added',
  'expires',
  'accepted',
  'warnings',
  'source',
] as const;

/** The exceptions as a table for a review: CSV (RFC 4180) or Markdown; cell text made safe for both. */
export function renderReviewTable(rows: readonly ReviewRow[], format: 'csv' | 'md'): string {
  return table(REVIEW_COLUMNS, rows, format);
}

interface DiffView {
  a: { file: string };
  b: { file: string };
  equal: boolean;
  platforms: PlatformDiff[];
}

/** A semantic diff for people (text) or for a pull-request comment (Markdown). */
export function renderPolicyDiff(d: DiffView, format: 'text' | 'md', s: Style): string {
  const lines: string[] = [];
  const md = format === 'md';
  lines.push(md ? `### mamx diff: \`${d.a.file}\` → \`${d.b.file}\`` : `${d.a.file} -> ${d.b.file}`);
  if (d.equal) {
    lines.push(md ? 'No difference.' : s.green('no difference'));
    return lines.join('\n');
  }
  const code = (v: string) => (md ? `\`${v}\`` : v);
  for (const p of d.platforms) {
    const items: string[] = [];
    for (const x of p.settings)
      items.push(`${md ? '- ~' : s.yellow('~')} ${p.platform} ${x.setting}: ${code(x.before)} -> ${code(x.after)}`);
    for (const x of p.removed) items.push(`${md ? '- −' : s.red('-')} ${p.platform} ${code(x.value)}${x.name ? ` (${x.name})` : ''}`);
    for (const x of p.added) items.push(`${md ? '- +' : s.green('+')} ${p.platform} ${code(x.value)}${x.name ? ` (${x.name})` : ''}`);
    for (const x of p.changed)
      items.push(
        `${md ? '- ~' : s.yellow('~')} ${p.platform} ${code(x.value)} ${x.field}: ${x.before ?? '(none)'} -> ${x.after ?? '(none)'}`,
      );
    for (const list of ['exempted', 'managed'] as const) {
      for (const l of p.links[list].removed) items.push(`${md ? '- −' : s.red('-')} ${p.platform} ${list} universal link ${code(l)}`);
      for (const l of p.links[list].added) items.push(`${md ? '- +' : s.green('+')} ${p.platform} ${list} universal link ${code(l)}`);
    }
    if (items.length === 0) continue;
    lines.push('', md ? `**${p.platform}**` : s.bold(`${p.platform}:`), ...items.map((i) => (md ? i : `  ${i}`)));
    if (p.risk.added.length > 0) {
      lines.push(md ? '' : '', md ? 'New risk:' : s.bold('  new risk:'));
      for (const w of p.risk.added)
        lines.push(md ? `- **${w.severity}** ${code(w.value)}: ${w.message} (${w.code})` : `    ${w.value}: ${renderWarning(w, s)}`);
    }
    if (p.risk.removed.length > 0)
      lines.push(md ? `Risk gone: ${p.risk.removed.length} warning(s).` : s.gray(`  ${p.risk.removed.length} warning(s) gone`));
  }
  return lines.join('\n');
}
