// The template-splicing floor for batch checking: the fastest a Node program can write the bytes of
// `mamx check --stdin --json` for this input. It reads stdin a megabyte at a time and makes each line
// by splicing the line number and target into fixed templates (a hit's whole line is prepared), with
// no JSON serialiser and no escaping (the bench's targets need none), lines encoded 32 at a time into a
// megabyte output buffer (faster than a line at a time, and than joining all of a chunk's lines).
// Usage: node bench/floor-template.js hits.tsv < targets   (hits.tsv: "<input line>\t<line after its input>")
import { readFileSync, readSync, writeSync } from 'node:fs';

const hits = new Map(
  readFileSync(process.argv[2], 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')),
);
const tail = '","verdict":"deny","reason":"not-exempt","message":"';
const end = ' is not a managed app, an exception or an Intune default","warnings":[]}';
const head = { i: '","platform":"ios","target":"', a: '","platform":"android","target":"' };
// `{"line":N`: the digits of N's thousands kept while they last, the last three from a table (faster
// than converting each number afresh, as mamx does).
const lastThree = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let thousands = -1;
let thousandsStart = '';
const lineStart = (n) => {
  if (n < 1000) return `{"line":${n}`;
  const high = (n / 1000) | 0;
  if (high !== thousands) {
    thousands = high;
    thousandsStart = `{"line":${high}`;
  }
  return thousandsStart + lastThree[n - high * 1000];
};
const buffer = Buffer.allocUnsafe(1 << 20);
const out = Buffer.allocUnsafe(2 << 20);
let used = 0;
let n = 0;
let pending = '';
let group = ''; // 32 lines joined, then encoded at once: faster than a line at a time
let grouped = 0;
const flush = () => {
  for (let done = 0; done < used;) done += writeSync(1, out, done, used - done);
  used = 0;
};
for (let got; (got = readSync(0, buffer, 0, buffer.length, null)) > 0;) {
  const text = pending + buffer.toString('latin1', 0, got);
  let start = 0;
  for (let nl; (nl = text.indexOf('\n', start)) !== -1; start = nl + 1) {
    const line = text.slice(start, nl);
    const hit = hits.get(line);
    let s;
    const opening = lineStart(++n);
    // + rather than a template literal: V8 turns each ${} it cannot prove a string into a call.
    if (hit !== undefined) s = opening + ',"input":"' + line + '",' + hit + '\n';
    else {
      const t = line.slice(line.indexOf(' ') + 1);
      s = opening + ',"input":"' + line + (line[0] === 'i' ? head.i : head.a) + t + tail + t + end + '\n';
    }
    group += s;
    if (++grouped === 32) {
      used += out.latin1Write(group, used);
      group = '';
      grouped = 0;
      if (used > 1 << 20) flush();
    }
  }
  pending = text.slice(start);
}
used += out.latin1Write(group, used);
flush();
