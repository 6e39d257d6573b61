/**
 * Which lines of a text an edit changes, as `git diff` shows them: Myers' shortest edit script over
 * lines (after the common head and tail are set aside, so an edit costs in proportion to its size),
 * grouped into hunks with a few lines of context.
 */

export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

export interface Hunk {
  /** 1-based first line and line count, before and after (as in `@@ -a,n +b,m @@`). */
  before: { start: number; count: number };
  after: { start: number; count: number };
  lines: DiffLine[];
}

/** Past this much work (lines times differences), a middle is shown as removed and added whole. */
const WORK_LIMIT = 20_000_000;

/** The edit script from `a` to `b`: every line of both, kept, removed or added. */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const keep = (lines: readonly string[]) => lines.map((text): DiffLine => ({ kind: ' ', text }));
  return [...keep(a.slice(0, head)), ...myers(midA, midB), ...keep(a.slice(a.length - tail))];
}

function myers(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const whole = (): DiffLine[] => [
    ...a.map((text): DiffLine => ({ kind: '-', text })),
    ...b.map((text): DiffLine => ({ kind: '+', text })),
  ];
  if (n === 0 || m === 0) return whole();
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    if ((d + 1) * (n + m) > WORK_LIMIT) return whole();
    // The frontier before this round, for k in [-d-1, d+1]: all the walk back needs (O(D²) in all).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const saved = trace[d]!;
    const at = (k: number) => saved[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: ' ', text: a[--x]! });
      y--;
    }
    if (down) out.push({ kind: '+', text: b[--y]! });
    else out.push({ kind: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    out.push({ kind: ' ', text: a[--x]! });
    y--;
  }
  return out.reverse();
}

/** The changed lines with `context` lines around them, runs closer than twice that merged. */
export function hunks(lines: readonly DiffLine[], context = 3): Hunk[] {
  const result: Hunk[] = [];
  let lineA = 1;
  let lineB = 1;
  const positions = lines.map((l) => {
    const at = { a: lineA, b: lineB };
    if (l.kind !== '+') lineA++;
    if (l.kind !== '-') lineB++;
    return at;
  });
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.kind === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend over changes, and over gaps of unchanged lines no longer than 2 * context.
    for (;;) {
      while (end < lines.length && lines[end]!.kind !== ' ') end++;
      let gap = end;
      while (gap < lines.length && lines[gap]!.kind === ' ') gap++;
      if (gap < lines.length && gap - end <= 2 * context) end = gap;
      else break;
    }
    const stop = Math.min(lines.length, end + context);
    const slice = lines.slice(start, stop);
    const count = (kind: '-' | '+') => slice.filter((l) => l.kind !== kind).length;
    const countBefore = count('+');
    const countAfter = count('-');
    result.push({
      before: { start: countBefore === 0 ? positions[start]!.a - 1 : positions[start]!.a, count: countBefore },
      after: { start: countAfter === 0 ? positions[start]!.b - 1 : positions[start]!.b, count: countAfter },
      lines: slice,
    });
    i = stop;
  }
  return result;
}

/** Split a text into lines as a diff sees them: CRLF as LF, no phantom last line after a final newline. */
export function textLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A unified diff of two texts (`git diff`'s hunks; with `file`, its ---/+++ header), as text. Lines
 * are kept as they are: whoever shows it on a terminal makes control characters visible.
 */
export function unifiedDiff(before: string, after: string, file?: string): string {
  const body = hunks(lineDiff(textLines(before), textLines(after))).flatMap((h) => [
    `@@ -${h.before.start},${h.before.count} +${h.after.start},${h.after.count} @@`,
    ...h.lines.map((l) => `${l.kind}${l.text}`),
  ]);
  if (body.length === 0) return '';
  return [...(file === undefined ? [] : [`--- ${before === '' ? '/dev/null' : file}`, `+++ ${file}`]), ...body].join('\n') + '\n';
}
