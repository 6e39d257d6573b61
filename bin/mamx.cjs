#!/usr/bin/env node
// Starts the bundled CLI (dist/mamx.cjs) with a V8 code cache, so that the bundle is not compiled
// again on every start: the cache cuts start-up by about a third. V8 accepts a cache only from the
// Node that made it, so each Node makes its own on first use, in the user's cache folder
// ($XDG_CACHE_HOME/mamx, ~/.cache/mamx, ~/Library/Caches/mamx, %LOCALAPPDATA%\mamx), named for the
// bundle, the Node version and the command: a cache holds the functions its first run compiled, so
// one made by `mamx --version` would leave `check` compiling most of its own. A cache V8 rejects is
// made anew. A folder that cannot be written costs one failed open, never an error. --debug skips the
// cache and loads the bundle through Node's own loader with source maps, so stacks name src/ files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'mamx.cjs');

function cacheFolder() {
  const env = process.env;
  const home = env.HOME || env.USERPROFILE || require('node:os').homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'mamx');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'mamx');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'mamx');
}

/** The command word of the command line (`check` in `mamx -f p.yaml check --ios x`), for the cache's name. */
function commandOf(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-f' || a === '--file') i++;
    else if (!a.startsWith('-')) return /^[a-z]{1,20}$/.test(a) ? a : 'other';
  }
  return 'none';
}

function start() {
  const vm = require('node:vm');
  const { createRequire, wrap } = require('node:module');
  // The build makes the bundle pure ASCII, so latin1 reads it exactly and fastest.
  const source = fs.readFileSync(bundle, 'latin1');
  const stat = fs.statSync(bundle);
  // One cache per Node, per installed copy of mamx and per command; the size and time tell builds apart.
  let where = 5381;
  for (let i = 0; i < bundle.length; i++) where = ((where * 33) ^ bundle.charCodeAt(i)) >>> 0;
  const key = `${process.version}-${process.arch}-${where.toString(36)}`;
  const dir = cacheFolder();
  const build = `${stat.size}-${Math.trunc(stat.mtimeMs)}`;
  const cacheFile = path.join(dir, `code-${key}-${build}-${commandOf(process.argv.slice(2))}.cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => saveCache(script, dir, cacheFile, `code-${key}-`, `-${build}-`));
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  return mod.exports;
}

/** At exit, so the cache holds the functions this run compiled. Atomic; any failure is ignored. */
function saveCache(script, dir, cacheFile, thisNode, thisBuild) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  let fd;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = fs.openSync(tmp, 'wx', 0o600);
  } catch {
    return; // not writable: run without a cache, at no extra cost
  }
  try {
    fs.writeFileSync(fd, script.createCachedData());
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, cacheFile);
    // Caches of earlier builds for this Node are of no further use.
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(thisNode) && !name.includes(thisBuild) && name.endsWith('.cache'))
        fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
  }
}

if (process.argv.includes('--debug')) {
  process.setSourceMapsEnabled(true);
  require(bundle).main();
} else {
  start().main();
}
