// The floor for batch checking in Node: read lines, look each up, write the same NDJSON as
// `mamx check --stdin --json`, buffered the same way. Usage: node bench/floor.js exceptions.json < targets
import { readFileSync } from 'node:fs';

const exceptions = JSON.parse(readFileSync(process.argv[2], 'utf8')); // { "ios wbx": {entry, source}, ... }
const table = new Map(Object.entries(exceptions));
let pending = '';
let out = '';
const flush = () =>
  new Promise((resolve) => {
    if (process.stdout.write(out)) resolve();
    else process.stdout.once('drain', resolve);
    out = '';
  });
const answer = (line) => {
  const space = line.indexOf(' ');
  const platform = line.slice(0, space);
  const target = line.slice(space + 1);
  const hit = table.get(line);
  const v = hit
    ? {
        platform,
        target,
        verdict: 'allow',
        reason: 'exception',
        message: `${target} is an exception in ${hit.source}`,
        source: hit.source,
        entry: hit.entry,
        warnings: [],
      }
    : {
        platform,
        target,
        verdict: 'deny',
        reason: 'not-exempt',
        message: `${target} is not a managed app, an exception or an Intune default`,
        warnings: [],
      };
  out += `${JSON.stringify(v)}\n`;
};
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  const text = pending + chunk;
  let start = 0;
  let nl;
  while ((nl = text.indexOf('\n', start)) !== -1) {
    answer(text.slice(start, nl));
    start = nl + 1;
  }
  pending = text.slice(start);
  if (out.length >= 65536) await flush();
}
if (pending) answer(pending);
await flush();
