/** Human rendering: the only user of chalk. Pure functions from result data to text. */
import type { ChalkInstance } from 'chalk';
import type { RiskWarning, Severity, Verdict } from '../core/types.js';

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
  const width = Math.max(...verdicts.map((v) => v.target.length + v.platform.length + 1));
  return verdicts
    .map((v) => {
      const label = s[VERDICT_STYLE[v.verdict]].bold(v.verdict.padEnd(7));
      const head = `${label} ${`${v.platform} ${v.target}`.padEnd(width)}  ${v.message}`;
      const warnings = v.warnings.map((w) => `        ${renderWarning(w, s)}`);
      return [head, ...warnings].join('\n');
    })
    .join('\n');
}

/** Aligned columns; the last column is left ragged. */
export function renderTable(header: string[], rows: string[][], s: Style): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [s.bold(line(header)), ...rows.map(line)].join('\n');
}

export function renderChange(
  verb: 'added' | 'removed',
  targets: ReadonlyArray<{ platform: string; value: string }>,
  dryRun: boolean,
  file: string,
  s: Style,
): string {
  if (targets.length === 0) return s.gray(`nothing to change in ${file}`);
  const head = dryRun ? `would be ${verb} (dry run, ${file} not changed):` : `${verb} in ${file}:`;
  return [head, ...targets.map((t) => `  ${verb === 'added' ? s.green('+') : s.red('-')} ${t.platform} ${t.value}`)].join('\n');
}
