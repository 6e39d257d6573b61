#!/usr/bin/env node
// Starts the bundled CLI with V8's code cache (dist/mamx.cjs.cache, made at build time), so the
// bundle need not be compiled on every run. A cache V8 rejects (another Node version) is ignored.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'mamx.cjs');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
if (process.env.MAMX_WRITE_CODE_CACHE) process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
mod.exports.main();
