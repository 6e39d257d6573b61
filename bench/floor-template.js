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
    if (hit !== undefined) s = `{"line":${++n},"input":"${line}",${hit}\n`;
    else {
      const t = line.slice(line.indexOf(' ') + 1);
      s = `{"line":${++n},"input":"${line}${head[line[0]]}${t}${tail}${t}${end}\n`;
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
