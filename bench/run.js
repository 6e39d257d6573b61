// npm run bench: mamx's costs as ratios against baselines measured in the same run.
//  (a) `mamx check` on a small YAML policy vs bare `node -e 0` (median wall time)
//  (b) `check --stdin --json` over 1,000,000 targets, 1,000-exception policy, vs bench/floor.js
//  (c) `add` to a 10,000-exception policy vs the same add to a 10-exception one (YAML and JSON)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'mamx.cjs');
// A temp folder outside any project, as an admin's policy folder would be.
const work = mkdtempSync(path.join(os.tmpdir(), 'mamx-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' };
const quick = process.argv.includes('--quick');
// --only a,c runs some parts; --quick uses fewer runs and 100,000 batch lines (for a quick look).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',') ?? ['a', 'b', 'c'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
function time(cmd, args, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'ignore'], ...opts });
  if (r.status !== 0 && !opts.okCodes?.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function policyYaml(n, prefix = 'app') {
  let s = 'version: 1\nios:\n  sendOrgData: managedApps\n  exceptions:\n';
  for (let i = 0; i < n; i++) s += `    - value: ${prefix}${i}\n      name: App ${i}\n      reason: Business need ${i}\n`;
  return `${s}android:\n  sendOrgData: managedApps\n  exceptions: []\n`;
}
function policyJson(n, prefix = 'app') {
  const exceptions = Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, name: `App ${i}`, reason: `Business need ${i}` }));
  return `${JSON.stringify({ version: 1, ios: { sendOrgData: 'managedApps', exceptions }, android: { sendOrgData: 'managedApps', exceptions: [] } }, null, 2)}\n`;
}

// (a) start-up
if (only.includes('a')) {
  const file = path.join(work, 'small.yaml');
  writeFileSync(file, policyYaml(5, 'corp'));
  const runs = quick ? 11 : 41;
  const node = [];
  const mamx = [];
  for (let i = 0; i < 3; i++) time(process.execPath, [bin, 'check', '-f', file, '--ios', 'corp1']);
  for (let i = 0; i < runs; i++) {
    node.push(time(process.execPath, ['-e', '0']));
    mamx.push(time(process.execPath, [bin, 'check', '-f', file, '--ios', 'corp1']));
  }
  const r = median(mamx) / median(node);
  console.log(
    `(a) check on a 5-exception YAML policy: median ${ms(median(mamx))} vs node -e 0 ${ms(median(node))}: ${r.toFixed(2)}x (target <= 1.5x)`,
  );
}

// (b) batch
if (only.includes('b')) {
  const n = quick ? 100_000 : 1_000_000;
  const policy = path.join(work, 'batch.yaml');
  writeFileSync(policy, policyYaml(1000, 'corp'));
  const table = {};
  for (let i = 0; i < 1000; i++) {
    table[`ios corp${i}`] = {
      entry: { value: `corp${i}`, name: `App ${i}`, reason: `Business need ${i}` },
      source: `${policy}:${5 + i * 3}`,
    };
  }
  writeFileSync(path.join(work, 'table.json'), JSON.stringify(table));
  let targets = '';
  for (let i = 0; i < n; i++)
    targets += i % 1000 === 0 ? `ios corp${i / 1000}\n` : i % 2 ? `ios vendor${i}\n` : `android com.example.app${i}\n`;
  const targetsFile = path.join(work, 'targets.txt');
  writeFileSync(targetsFile, targets);
  const run = (args, outName, rssName) => {
    const out = openSync(path.join(work, outName), 'w');
    const t = time(process.execPath, ['--import', path.join(root, 'bench', 'maxrss.mjs'), ...args], {
      stdio: [openSync(targetsFile, 'r'), out, 'inherit'],
      env: { ...env, MAXRSS_FILE: path.join(work, rssName) },
      okCodes: [1],
    });
    return { t, rss: Number(readFileSync(path.join(work, rssName), 'utf8')) / 1024 };
  };
  const rounds = quick ? 1 : 3;
  const mamx = [];
  const floor = [];
  for (let i = 0; i < rounds; i++) {
    floor.push(run([path.join(root, 'bench', 'floor.js'), path.join(work, 'table.json')], 'floor.ndjson', 'floor.rss'));
    mamx.push(run([bin, 'check', '--stdin', '--json', '-f', policy], 'mamx.ndjson', 'mamx.rss'));
  }
  const hash = (f) =>
    createHash('sha256')
      .update(readFileSync(path.join(work, f)))
      .digest('hex');
  const same = hash('floor.ndjson') === hash('mamx.ndjson');
  const patterns = path.join(work, 'patterns.txt');
  writeFileSync(patterns, Object.keys(table).join('\n') + '\n');
  const grep = time('grep', ['-Fxf', patterns, targetsFile], { okCodes: [1] });
  const tm = median(mamx.map((x) => x.t));
  const tf = median(floor.map((x) => x.t));
  const rss = Math.max(...mamx.map((x) => x.rss));
  console.log(
    `(b) check --stdin --json, ${n.toLocaleString('en')} targets, 1,000 exceptions: ${ms(tm)} vs floor ${ms(tf)}: ${(tm / tf).toFixed(2)}x (target <= 2x); ` +
      `peak RSS ${rss.toFixed(0)} MB (floor ${Math.max(...floor.map((x) => x.rss)).toFixed(0)} MB, target < 150 MB); identical output: ${same ? 'yes' : 'NO'}; grep -Fxf for scale: ${ms(grep)}`,
  );
}

// (c) edit scaling
for (const [format, make] of only.includes('c')
  ? [
      ['yaml', policyYaml],
      ['json', policyJson],
    ]
  : []) {
  const runs = quick ? 5 : 15;
  const result = {};
  for (const n of [10, 10_000]) {
    const master = path.join(work, `edit-${n}.master.${format}`);
    writeFileSync(master, make(n));
    const file = path.join(work, `edit-${n}.${format}`);
    const times = [];
    for (let i = 0; i < runs + 2; i++) {
      copyFileSync(master, file);
      const t = time(process.execPath, [bin, 'add', '-f', file, '--ios', `newapp${i}`, '--reason', 'bench']);
      if (i >= 2) times.push(t);
    }
    result[n] = median(times);
  }
  const r = result[10_000] / result[10];
  console.log(
    `(c) add, ${format}: 10,000 exceptions ${ms(result[10_000])} vs 10 exceptions ${ms(result[10])}: ${r.toFixed(2)}x (target <= 3x)`,
  );
}
