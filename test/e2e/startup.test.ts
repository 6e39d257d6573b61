/**
 * How the built mamx starts: the V8 code cache each Node makes for itself on first use, a cache
 * folder that cannot be written, and --debug stacks that name src/ files and functions.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBin, tempDir } from '../helpers.js';

describe('the code cache', () => {
  it('is made on first use in XDG_CACHE_HOME/mamx for this Node, kept while V8 accepts it, made anew when rejected', () => {
    const cwd = tempDir();
    const cacheHome = path.join(cwd, 'cache');
    const env = { XDG_CACHE_HOME: cacheHome };
    expect(runBin(['check', '--ios', 'skype'], { cwd, env }).code).toBe(0);
    const dir = path.join(cacheHome, 'mamx');
    const [name, ...others] = readdirSync(dir);
    expect(others).toEqual([]);
    expect(name).toMatch(new RegExp(`^code-${process.version.replace(/\./g, '\\.')}-${process.arch}-`));
    const file = path.join(dir, name!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const made = readFileSync(file);

    // Accepted: not written again.
    expect(runBin(['check', '--ios', 'skype'], { cwd, env }).code).toBe(0);
    expect(readFileSync(file).equals(made)).toBe(true);

    // Rejected (here: garbage): the command runs as usual and the cache is made anew.
    writeFileSync(file, 'not a code cache');
    const r = runBin(['check', '--ios', 'skype', '--json'], { cwd, env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdicts[0].verdict).toBe('allow');
    expect(readFileSync(file).length).toBeGreaterThan(1000);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('a cache folder that cannot be written costs nothing but the cache: same output, no error', () => {
    const cwd = tempDir();
    const cacheHome = path.join(cwd, 'cache');
    mkdirSync(cacheHome);
    chmodSync(cacheHome, 0o555);
    // As root, permissions do not bind: a file where the folder should be fails for everyone.
    const blocked = process.getuid?.() === 0 ? path.join(cwd, 'not-a-folder') : cacheHome;
    if (blocked !== cacheHome) writeFileSync(blocked, '');
    const r = runBin(['check', '--ios', 'skype', 'wbx'], { cwd, env: { XDG_CACHE_HOME: blocked } });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/error|cache/i);
    expect(r.stdout).toMatch(/allow\s+ios skype/);
  });
});

describe('--debug', () => {
  it('an internal error shows a stack with src/ files and function names; without --debug, none', () => {
    const cwd = tempDir();
    const fault = path.join(cwd, 'fault.cjs');
    // A fault injected from outside mamx: the clock breaks when a check reads today's date.
    writeFileSync(fault, 'Date.prototype.getUTCFullYear = function () { throw new Error("injected fault"); };\n');
    const env = { NODE_OPTIONS: `--require ${fault}` };
    const plain = runBin(['check', '--ios', 'wbx'], { cwd, env });
    expect(plain.code).toBe(70);
    expect(plain.stderr).toContain('internal error: injected fault');
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const debug = runBin(['check', '--ios', 'wbx', '--debug'], { cwd, env });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^\s+at isoDay \(.*src\/core\/dates\.ts:\d+:\d+\)$/m);
    expect(debug.stderr).toMatch(/^\s+at runCheck \(.*src\/commands\/check\.ts:\d+:\d+\)$/m);
  });
});
