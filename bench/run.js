// npm run bench: mamx's costs as ratios against baselines measured in the same run, on Node 20 (the
// machine's) and Node 24 (from the npm registry, scripts/fetch-node.js). NODE_EXTRA_CA_CERTS is
// unset on both sides: Node loads that file at every start, which triples bare node's start-up and
// would flatter every ratio.
//  (a) `mamx check` on a small YAML policy vs bare `node -e 0` (median of alternating pairs), with a
//      warm code cache and with a cache folder that cannot be written
//  (b) `check --stdin --json` over 1,000,000 targets, 1,000-exception policy, vs a template-splicing
//      floor (bench/floor-template.js, the same bytes) and a minimal 5-field floor (bench/floor-minimal.js);
//      an awk program writing the same bytes shows the physical floor
//  (c) `add` to a 10,000-exception policy vs the same add to a 10-exception one (YAML and JSON)
//  (d) `check` on a 100,000-exception JSON policy vs the same policy in YAML: time and peak memory
//  (e) `check` on a JSON policy holding a 500,000-key mapping (a 20 MB file)
// Options: --quick (fewer runs, 100,000 batch lines), --only=a,c, --node=20,24.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'mamx.cjs');
// A temp folder outside any project, as an admin's policy folder would be.
const work = mkdtempSync(path.join(os.tmpdir(), 'mamx-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const quick = process.argv.includes('--quick');
const arg = (name, fallback) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',') ?? fallback;
const only = arg('only', ['a', 'b', 'c', 'd', 'e']);
const majors = arg('node', ['20', '24']);

const cacheHome = path.join(work, 'cache');
// As root, a read-only folder is writable: a regular file where the folder should be fails for everyone.
const unwritableCache = path.join(work, 'not-a-folder');
writeFileSync(unwritableCache, '');
const baseEnv = { PATH: process.env.PATH, HOME: work, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
function time(cmd, args, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: work, env: baseEnv, stdio: ['ignore', 'ignore', 'ignore'], ...opts });
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

const nodes = majors.map((major) => {
  const node =
    major === process.versions.node.split('.')[0]
      ? process.execPath
      : execFileSync(process.execPath, [path.join(root, 'scripts', 'fetch-node.js'), major], { encoding: 'utf8' }).trim();
  return { node, version: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() };
});
console.log(
  `mamx bench: ${nodes.map((n) => n.version).join(' and ')}, NODE_EXTRA_CA_CERTS unset, ${os.cpus().length} cores${quick ? ', --quick' : ''}`,
);

// (a) start-up
function startup({ node, version }) {
  const file = path.join(work, 'small.yaml');
  writeFileSync(file, policyYaml(5, 'corp'));
  const args = [bin, 'check', '-f', file, '--ios', 'corp1'];
  const pairs = quick ? 11 : 31;
  const measure = (env) => {
    for (let i = 0; i < 3; i++) time(node, args, { env }); // the first run makes the code cache
    const bare = [];
    const mamx = [];
    for (let i = 0; i < pairs; i++) {
      bare.push(time(node, ['-e', '0'], { env }));
      mamx.push(time(node, args, { env }));
    }
    return { bare: median(bare), mamx: median(mamx) };
  };
  const warm = measure(baseEnv);
  const readOnly = measure({ ...baseEnv, XDG_CACHE_HOME: unwritableCache });
  console.log(
    `(a) ${version}: check on a 5-exception YAML policy ${ms(warm.mamx)} vs node -e 0 ${ms(warm.bare)}: ${(warm.mamx / warm.bare).toFixed(2)}x ` +
      `(target <= 1.3x); cache folder not writable: ${ms(readOnly.mamx)} vs ${ms(readOnly.bare)}: ${(readOnly.mamx / readOnly.bare).toFixed(2)}x ` +
      `(${pairs} alternating pairs, medians)`,
  );
}

// (b) batch
function batch({ node, version }) {
  const n = quick ? 100_000 : 1_000_000;
  const policy = path.join(work, 'batch.yaml');
  writeFileSync(policy, policyYaml(1000, 'corp'));
  // The line after its input, for each hit, as mamx words it (the floors write these as they are).
  let hits = '';
  for (let i = 0; i < 1000; i++) {
    const where = `${policy}:${5 + i * 3}`;
    hits +=
      `ios corp${i}\t"platform":"ios","target":"corp${i}","verdict":"allow","reason":"exception",` +
      `"message":"corp${i} is an exception in ${where}: managed apps may open it by its URL scheme, not through Open-in/Share or copy/paste",` +
      `"covers":"URL-scheme launches only (not Open-in/Share, not copy/paste)","source":"${where}","matched":"corp${i}",` +
      `"entry":{"value":"corp${i}","name":"App ${i}","reason":"Business need ${i}"},"warnings":[]}\n`;
  }
  const hitsFile = path.join(work, 'hits.tsv');
  writeFileSync(hitsFile, hits);
  let targets = '';
  for (let i = 0; i < n; i++)
    targets += i % 1000 === 0 ? `ios corp${i / 1000}\n` : i % 2 ? `ios vendor${i}\n` : `android com.example.app${i}\n`;
  const targetsFile = path.join(work, 'targets.txt');
  writeFileSync(targetsFile, targets);
  const run = (cmd, args, outName) => {
    const rssFile = path.join(work, `${outName}.rss`);
    const out = openSync(path.join(work, outName), 'w');
    const viaNode = cmd === node;
    const t = time(cmd, viaNode ? ['--import', path.join(root, 'bench', 'maxrss.mjs'), ...args] : args, {
      stdio: [openSync(targetsFile, 'r'), out, 'inherit'],
      env: { ...baseEnv, MAXRSS_FILE: rssFile },
      okCodes: [1],
    });
    return { t, rss: viaNode ? Number(readFileSync(rssFile, 'utf8')) / 1024 : 0 };
  };
  const rounds = quick ? 3 : 7;
  const r = { mamx: [], template: [], minimal: [], awk: [] };
  for (let i = 0; i < rounds; i++) {
    r.template.push(run(node, [path.join(root, 'bench', 'floor-template.js'), hitsFile], 'template.ndjson'));
    r.mamx.push(run(node, [bin, 'check', '--stdin', '--json', '-f', policy], 'mamx.ndjson'));
    r.minimal.push(run(node, [path.join(root, 'bench', 'floor-minimal.js'), hitsFile], 'minimal.ndjson'));
    r.mamx.push(run(node, [bin, 'check', '--stdin', '--json', '-f', policy], 'mamx.ndjson'));
  }
  if (version === nodes[0].version) r.awk.push(run('awk', ['-f', path.join(root, 'bench', 'floor.awk'), hitsFile, '-'], 'awk.ndjson'));
  const hash = (f) =>
    createHash('sha256')
      .update(readFileSync(path.join(work, f)))
      .digest('hex');
  const same = hash('template.ndjson') === hash('mamx.ndjson');
  const [tm, tt, tn] = [r.mamx, r.template, r.minimal].map((x) => median(x.map((y) => y.t)));
  const rss = Math.max(...r.mamx.map((x) => x.rss));
  console.log(
    `(b) ${version}: check --stdin --json, ${n.toLocaleString('en')} targets, 1,000 exceptions: ${ms(tm)}, peak RSS ${rss.toFixed(0)} MB (target < 150 MB)\n` +
      `    vs the template-splicing floor ${ms(tt)}: ${(tm / tt).toFixed(2)}x (target <= 2x), byte-identical output: ${same ? 'yes' : 'NO'}\n` +
      `    vs the minimal 5-field floor ${ms(tn)}: ${(tm / tn).toFixed(2)}x (target <= 1.5x)` +
      (r.awk.length > 0
        ? `\n    the physical floor (awk, same bytes: ${hash('awk.ndjson') === hash('mamx.ndjson') ? 'yes' : 'NO'}): ${ms(r.awk[0].t)}`
        : ''),
  );
}

// (c) edit scaling
function edits({ node, version }) {
  for (const [format, make] of [
    ['yaml', policyYaml],
    ['json', policyJson],
  ]) {
    const runs = quick ? 7 : 21;
    const sizes = [10, 10_000];
    const times = { 10: [], 10000: [] };
    for (const n of sizes) writeFileSync(path.join(work, `edit-${n}.master.${format}`), make(n));
    // Alternating pairs: each add to the large file beside one to the small file, from the same master
    // text each time (the second time on, as the file a previous add wrote: in the read cache).
    for (let i = 0; i < runs + 2; i++) {
      for (const n of sizes) {
        const file = path.join(work, `edit-${n}.${format}`);
        copyFileSync(path.join(work, `edit-${n}.master.${format}`), file);
        const t = time(node, [bin, 'add', '-f', file, '--ios', `newapp${i}`, '--reason', 'bench']);
        if (i >= 2) times[n].push(t);
      }
    }
    const [small, large] = [median(times[10]), median(times[10_000])];
    console.log(
      `(c) ${version}: add, ${format}: 10,000 exceptions ${ms(large)} vs 10 exceptions ${ms(small)}: ${(large / small).toFixed(2)}x (target <= 1.5x; ${runs} alternating pairs, medians)`,
    );
  }
}

/** A run of mamx with its peak memory (MB), from bench/maxrss.mjs. */
function measured(node, args, okCodes = [0, 1]) {
  const rssFile = path.join(work, 'run.rss');
  const t = time(node, ['--import', path.join(root, 'bench', 'maxrss.mjs'), ...args], {
    env: { ...baseEnv, MAXRSS_FILE: rssFile },
    okCodes,
  });
  return { t, rss: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

// (d) large JSON vs large YAML
function largePolicies({ node, version }) {
  const n = 100_000;
  const yaml = path.join(work, 'large.yaml');
  const json = path.join(work, 'large.json');
  writeFileSync(yaml, policyYaml(n, 'corp'));
  writeFileSync(json, policyJson(n, 'corp'));
  const runs = quick ? 3 : 7;
  const y = [];
  const j = [];
  for (let i = 0; i < runs; i++) {
    y.push(measured(node, [bin, 'check', '-f', yaml, '--ios', 'corp99999']));
    j.push(measured(node, [bin, 'check', '-f', json, '--ios', 'corp99999']));
  }
  const [ty, tj] = [median(y.map((x) => x.t)), median(j.map((x) => x.t))];
  const [ry, rj] = [Math.max(...y.map((x) => x.rss)), Math.max(...j.map((x) => x.rss))];
  console.log(
    `(d) ${version}: check on 100,000 exceptions: JSON ${ms(tj)}, ${rj.toFixed(0)} MB vs YAML ${ms(ty)}, ${ry.toFixed(0)} MB: ` +
      `${(tj / ty).toFixed(2)}x time, ${(rj / ry).toFixed(2)}x memory (target <= 1.2x both; ${runs} alternating pairs, medians, peak)`,
  );
}

// (e) a JSON file with a 500,000-key mapping
function manyKeys({ node, version }) {
  const file = path.join(work, 'keys.json');
  const keys = Array.from({ length: 500_000 }, (_, i) => `    "device-${i}": "reviewed ${i}"`).join(',\n');
  writeFileSync(file, `{\n  "version": 1,\n  "x-inventory": {\n${keys}\n  },\n  "ios": { "exceptions": [ { "value": "wbx" } ] }\n}\n`);
  const runs = quick ? 3 : 5;
  const t = median(Array.from({ length: runs }, () => measured(node, [bin, 'check', '-f', file, '--ios', 'wbx']).t));
  const mb = (readFileSync(file).length / 1e6).toFixed(1);
  console.log(
    `(e) ${version}: check on a JSON policy with a 500,000-key mapping (${mb} MB): ${ms(t)} (target < 5,000 ms; median of ${runs})`,
  );
}

mkdirSync(cacheHome, { recursive: true });
for (const n of nodes) {
  if (only.includes('a')) startup(n);
  if (only.includes('b')) batch(n);
  if (only.includes('c')) edits(n);
  if (only.includes('d')) largePolicies(n);
  if (only.includes('e')) manyKeys(n);
}
