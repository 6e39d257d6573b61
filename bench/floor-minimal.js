// The minimal floor for batch checking: a 5-field record per line (line, platform, target, verdict,
// reason), JSON.stringify'd and written as mamx writes: lines read from Node's stdin stream, encoded
// 32 at a time into a 256 KiB buffer that is written when full.
// Usage: node bench/floor-minimal.js hits.tsv < targets
import { readFileSync } from 'node:fs';

const hits = new Set(
  readFileSync(process.argv[2], 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(0, l.indexOf('\t'))),
);
let pending = '';
let out = Buffer.allocUnsafe(256 * 1024);
let used = 0;
let n = 0;
const flush = () =>
  new Promise((resolve) => {
    if (process.stdout.write(out.subarray(0, used))) resolve();
    else process.stdout.once('drain', resolve);
    out = Buffer.allocUnsafe(256 * 1024);
    used = 0;
  });
let group = '';
let grouped = 0;
const put = async () => {
  if (group.length * 3 > out.length - used) await flush();
  used += out.utf8Write(group, used);
  group = '';
  grouped = 0;
};
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  const text = pending + chunk;
  let start = 0;
  for (let nl; (nl = text.indexOf('\n', start)) !== -1; start = nl + 1) {
    const line = text.slice(start, nl);
    const space = line.indexOf(' ');
    const hit = hits.has(line);
    const s = JSON.stringify({
      line: ++n,
      platform: line.slice(0, space),
      target: line.slice(space + 1),
      verdict: hit ? 'allow' : 'deny',
      reason: hit ? 'exception' : 'not-exempt',
    });
    group = `${group}${s}\n`;
    if (++grouped === 32) await put();
  }
  pending = text.slice(start);
}
await put();
await flush();
