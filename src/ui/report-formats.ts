/**
 * audit's findings in the formats CI systems and reviewers read: SARIF 2.1.0 (code scanning),
 * JUnit XML (test reports), GitHub workflow annotations, and a Markdown or CSV table. Each finding
 * keeps its file and line; an accepted one is marked as such in every format (SARIF: a suppression
 * with status "accepted"). What fails the gate is what `--fail-on` fails: a finding at or above the
 * threshold that is not accepted.
 */
import path from 'node:path';
import { makeVisible } from '../core/text.js';
import { atLeast, type Acceptance, type Severity } from '../core/types.js';

export interface ReportFinding {
  code: string;
  severity: Severity;
  platform: string;
  value: string;
  message: string;
  basis?: string;
  /** Where it is: the file and, where known, the line. */
  at?: { file: string; line?: number };
  accepted?: Acceptance;
}

export interface ReportOptions {
  /** Findings at or above this (and not accepted) fail: `--fail-on`, else high. */
  threshold: Severity;
  /** Paths are written relative to this folder (a repository root in CI). */
  cwd: string;
  version: string;
}

const fails = (f: ReportFinding, o: ReportOptions) => !f.accepted && atLeast(f.severity, o.threshold);
const relative = (file: string, cwd: string) => {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
};
const acceptedText = (a: Acceptance) => `accepted by ${a.by} until ${a.until} (${a.ticket})${a.reason ? `: ${a.reason}` : ''}`;
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** SARIF 2.1.0: one run of the tool "mamx", a rule per finding code, a result per finding. */
export function sarifReport(findings: readonly ReportFinding[], o: ReportOptions): object {
  const codes = [...new Set(findings.map((f) => f.code))];
  const first = (code: string) => findings.find((f) => f.code === code)!;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mamx',
            version: o.version,
            rules: codes.map((code) => {
              const f = first(code);
              const uri = f.basis && /^https:\/\/\S+/.exec(f.basis)?.[0];
              return {
                id: code,
                name: code,
                defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
                properties: { severity: f.severity },
                ...(uri && { helpUri: uri }),
              };
            }),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.platform} ${f.value}: ${f.message}${f.basis ? ` (basis: ${f.basis})` : ''}` },
          ...(f.at && {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: relative(f.at.file, o.cwd) },
                  ...(f.at.line !== undefined && { region: { startLine: f.at.line } }),
                },
              },
            ],
          }),
          properties: { severity: f.severity, platform: f.platform, value: f.value },
          ...(f.accepted && { suppressions: [{ kind: 'external', status: 'accepted', justification: acceptedText(f.accepted) }] }),
        })),
      },
    ],
  };
}

const xml = (s: string) =>
  makeVisible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * JUnit XML: a test case per exception (and per policy-level subject) reviewed, failing when a
 * finding fails the gate, skipped when its findings are accepted; every finding in its output.
 */
export function junitReport(
  findings: readonly ReportFinding[],
  subjects: ReadonlyArray<{ platform: string; value: string; at?: ReportFinding['at'] }>,
  o: ReportOptions,
): string {
  const key = (x: { platform: string; value: string }) => `${x.platform}\u0000${x.value}`;
  const cases = new Map<string, { platform: string; value: string; at?: ReportFinding['at']; findings: ReportFinding[] }>();
  for (const s of subjects) if (!cases.has(key(s))) cases.set(key(s), { ...s, findings: [] });
  for (const f of findings) {
    const c = cases.get(key(f)) ?? { platform: f.platform, value: f.value, ...(f.at && { at: f.at }), findings: [] };
    c.findings.push(f);
    cases.set(key(f), c);
  }
  const all = [...cases.values()];
  const failing = all.filter((c) => c.findings.some((f) => fails(f, o)));
  const skipped = all.filter(
    (c) =>
      !failing.includes(c) &&
      c.findings.length > 0 &&
      c.findings.every((f) => f.accepted || !atLeast(f.severity, o.threshold)) &&
      c.findings.some((f) => f.accepted),
  );
  const where = (f: ReportFinding) => (f.at ? `${relative(f.at.file, o.cwd)}${f.at.line !== undefined ? `:${f.at.line}` : ''}: ` : '');
  const line = (f: ReportFinding) =>
    `${where(f)}${f.severity}: ${f.code}: ${f.message}${f.accepted ? ` [${acceptedText(f.accepted)}]` : ''}`;
  const testcase = (c: (typeof all)[number]) => {
    // Only the attributes of the common JUnit schema; where the finding is goes into its text.
    const attrs = `classname="mamx.${xml(c.platform)}" name="${xml(c.value)}" time="0"`;
    const bad = c.findings.filter((f) => fails(f, o));
    const body = [
      ...(bad.length > 0
        ? [
            `      <failure type="${xml(bad[0]!.code)}" message="${xml(bad.map((f) => `${f.severity}: ${f.code}`).join(', '))}">${xml(bad.map(line).join('\n'))}</failure>`,
          ]
        : []),
      ...(skipped.includes(c)
        ? [`      <skipped message="${xml(c.findings.filter((f) => f.accepted).map((f) => acceptedText(f.accepted!))[0]!)}"/>`]
        : []),
      ...(c.findings.length > 0 ? [`      <system-out>${xml(c.findings.map(line).join('\n'))}</system-out>`] : []),
    ];
    return body.length === 0 ? `    <testcase ${attrs}/>` : [`    <testcase ${attrs}>`, ...body, '    </testcase>'].join('\n');
  };
  const counts = `tests="${all.length}" failures="${failing.length}" errors="0" skipped="${skipped.length}" time="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mamx audit" ${counts}>`,
    `  <testsuite name="mamx audit (fail on ${o.threshold})" ${counts}>`,
    ...all.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** GitHub Actions workflow commands: an annotation per finding on its file and line. */
export function githubAnnotations(findings: readonly ReportFinding[], o: ReportOptions): string {
  // Workflow command escaping: data escapes %, CR, LF; properties also : and ,.
  const data = (s: string) => makeVisible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return findings
    .map((f) => {
      const level = fails(f, o) ? 'error' : f.accepted || f.severity === 'info' ? 'notice' : 'warning';
      const props = [
        ...(f.at ? [`file=${prop(relative(f.at.file, o.cwd))}`, ...(f.at.line !== undefined ? [`line=${f.at.line}`] : [])] : []),
        `title=${prop(`mamx ${f.severity}: ${f.code}`)}`,
      ];
      return `::${level} ${props.join(',')}::${data(`${f.platform} ${f.value}: ${f.message}${f.accepted ? ` [${acceptedText(f.accepted)}]` : ''}`)}\n`;
    })
    .join('');
}

const COLUMNS = ['severity', 'platform', 'value', 'code', 'source', 'message', 'accepted'] as const;

/** The findings as a table: CSV (RFC 4180, formula-safe) or Markdown. */
export function findingsTable(findings: readonly ReportFinding[], format: 'csv' | 'md', o: Pick<ReportOptions, 'cwd'>): string {
  const rows = findings.map((f) => ({
    severity: f.severity,
    platform: f.platform,
    value: f.value,
    code: f.code,
    source: f.at ? `${relative(f.at.file, o.cwd)}${f.at.line !== undefined ? `:${f.at.line}` : ''}` : '',
    message: f.message,
    accepted: f.accepted ? acceptedText(f.accepted) : '',
  }));
  return table(COLUMNS, rows, format);
}

/** A table of text cells as CSV (RFC 4180; a cell a spreadsheet would take for a formula is quoted text) or Markdown. */
export function table<K extends string>(
  columns: readonly K[],
  rows: ReadonlyArray<Partial<Record<K, string>>>,
  format: 'csv' | 'md',
): string {
  const cell = (r: Partial<Record<K, string>>, k: K) => makeVisible(r[k] ?? '');
  if (format === 'csv') {
    const quote = (v: string) => {
      const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
      return /[",\n\r]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    return [columns.join(','), ...rows.map((r) => columns.map((k) => quote(cell(r, k))).join(','))].join('\r\n') + '\r\n';
  }
  const md = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return (
    [
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${columns.map((k) => md(cell(r, k))).join(' | ')} |`),
    ].join('\n') + '\n'
  );
}
