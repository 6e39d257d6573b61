#!/usr/bin/env node
// Starts the bundled CLI with V8 code caches (dist/*.cjs.cache, made at build time), so the bundle
// need not be compiled on every run; Node 20 has no module.enableCompileCache(). The parts bundled
// as files of their own (./name.cjs) load the same way when first required. A cache V8 rejects
// (another Node version) is ignored.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

const dist = path.join(__dirname, '..', 'dist');
const loaded = new Map();

function load(file) {
  if (loaded.has(file)) return loaded.get(file).exports;
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  // The build writes each cache in the first run that loads the file (and so exercises it).
  if (process.env.MAMX_WRITE_CODE_CACHE && !cachedData) process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
  const mod = { exports: {} };
  loaded.set(file, mod);
  const req = createRequire(file);
  const requireHere = (id) => (id.startsWith('./') && id.endsWith('.cjs') ? load(path.join(dist, id)) : req(id));
  script.runInThisContext().call(mod.exports, mod.exports, requireHere, mod, file, dist);
  return mod.exports;
}

load(path.join(dist, 'mamx.cjs')).main();
