/** The line diff behind every preview: shortest, faithful, and shown in git's hunks. */
import { hunks, lineDiff, textLines, type DiffLine } from '../../src/core/text-diff.js';

const apply = (script: DiffLine[]) => ({
  before: script.filter((l) => l.kind !== '+').map((l) => l.text),
  after: script.filter((l) => l.kind !== '-').map((l) => l.text),
});

/** The length of a longest common subsequence, by dynamic programming: the minimum edit count is a + b - 2 * lcs. */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe('lineDiff', () => {
  it('on random texts: gives back both sides, with the fewest changes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      const text = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abcd'[Math.floor(random() * 4)]!);
      const a = text();
      const b = text();
      const script = lineDiff(a, b);
      expect(apply(script)).toEqual({ before: a, after: b });
      expect(script.filter((l) => l.kind !== ' ').length).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('an item added in a list is one + line, not a rewritten block', () => {
    const before = ['exceptions:', '  - value: a', '    name: A', '  - value: b', '    name: B'];
    const after = ['exceptions:', '  - value: a', '    name: A', '  - value: c', '    name: C', '  - value: b', '    name: B'];
    expect(lineDiff(before, after).filter((l) => l.kind !== ' ')).toEqual([
      { kind: '+', text: '  - value: c' },
      { kind: '+', text: '    name: C' },
    ]);
  });
});

describe('hunks', () => {
  const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it('three lines of context; distant changes are separate hunks, near ones one', () => {
    const a = numbered(30);
    const b = [...a];
    b[4] = 'changed 5';
    b[20] = 'changed 21';
    b.splice(23, 0, 'new after 23');
    const h = hunks(lineDiff(a, b));
    expect(h.map((x) => [x.before, x.after])).toEqual([
      [
        { start: 2, count: 7 },
        { start: 2, count: 7 },
      ],
      [
        { start: 18, count: 9 },
        { start: 18, count: 10 },
      ],
    ]);
    expect(h[0]!.lines.map((l) => `${l.kind}${l.text}`)).toEqual([
      ' line 2',
      ' line 3',
      ' line 4',
      '-line 5',
      '+changed 5',
      ' line 6',
      ' line 7',
      ' line 8',
    ]);
  });

  it('a new file: one hunk from line 0', () => {
    const h = hunks(lineDiff([], ['a', 'b']));
    expect(h).toEqual([
      {
        before: { start: 0, count: 0 },
        after: { start: 1, count: 2 },
        lines: [
          { kind: '+', text: 'a' },
          { kind: '+', text: 'b' },
        ],
      },
    ]);
  });

  it('no change, no hunk; CRLF reads as LF', () => {
    expect(hunks(lineDiff(textLines('a\r\nb\r\n'), textLines('a\nb\n')))).toEqual([]);
  });
});
