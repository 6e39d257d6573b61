/** Human rendering: the only user of chalk. Pure functions from result data to text. */
import type { ChalkInstance } from 'chalk';
import { makeVisible } from '../core/text.js';
import type { SettingsView } from '../core/policy-model.js';
import { SEVERITIES, type RiskWarning, type Severity, type Verdict } from '../core/types.js';

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
): string {
  const file = makeVisible(fileName);
  if (targets.length === 0) return s.gray(`nothing to change in ${file}`);
  if (dryRun && diff) return [`would change ${file} (dry run, not written):`, renderDiff(diff.before, diff.after, s)].join('\n');
  const head = dryRun ? `would be ${verb} (dry run, ${file} not changed):` : `${verb} in ${file}:`;
  const what = (t: { platform: string; value: string; list?: string }) =>
    t.list ? `ios ${t.list} universal link ${t.value}` : `${t.platform} ${t.value}`;
  return [head, ...targets.map((t) => `  ${verb === 'added' ? s.green('+') : s.red('-')} ${what(t)}`)].join('\n');
}

/** The lines that differ, with their line numbers: edits are one contiguous change per run. */
export function renderDiff(before: string, after: string, s: Style): string {
  const a = before === '' ? [] : before.replace(/\r\n/g, '\n').split('\n');
  const b = after.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const lines = [s.cyan(`@@ line ${start + 1}`)];
  for (const l of a.slice(start, endA)) lines.push(s.red(`- ${makeVisible(l)}`));
  for (const l of b.slice(start, endB)) lines.push(s.green(`+ ${makeVisible(l)}`));
  return lines.join('\n');
}

interface AuditView {
  policy: string | null;
  counts: Record<Severity, number>;
  findings: Array<{ code: string; severity: Severity; platform: string; value: string; message: string; source: string }>;
}

export function renderAudit(d: AuditView, s: Style): string {
  const summary = SEVERITIES.map((k) => s[SEVERITY_COLOR[k]](`${d.counts[k]} ${k}`)).join(', ');
  const head = `${d.policy ?? 'embedded default'}: ${summary}`;
  if (d.findings.length === 0) return `${head}\n${s.green('no findings')}`;
  const rows = d.findings.map((f) => [s[SEVERITY_COLOR[f.severity]](f.severity), `${f.platform} ${f.value}`, f.code, f.source, f.message]);
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
