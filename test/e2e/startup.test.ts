/**
 * How the built mamx starts: the V8 code cache each Node makes for itself on first use, a cache
 * folder that cannot be written, --debug stacks that name src/ files and functions, and what the
 * offline commands do not load.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { binEnv, ROOT, runBin, tempDir } from '../helpers.js';

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

describe('what the offline commands load', () => {
  it('check, add and audit run from bin/ and dist/ alone: the sign-in library (or any package) is not loaded', () => {
    const copy = tempDir();
    for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    const cwd = tempDir();
    const mamx = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(copy, 'bin', 'mamx.cjs'), ...args], { cwd, env: binEnv(cwd), encoding: 'utf8' });
    expect(mamx('check', '--ios', 'skype').status).toBe(0);
    expect(mamx('init').status).toBe(0);
    expect(mamx('add', '--ios', 'wbx', '--reason', 'Meetings').status).toBe(0);
    expect(mamx('audit', '--json').status).toBe(0);
    // A tenant command that signs in needs it: proof that the copy really lacks it.
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'clientId: 0b4f3c2a-1d5e-4f6a-8b7c-9d0e1f2a3b4c\ntenant: contoso.onmicrosoft.com\n');
    const pull = mamx('pull', '--policy', 'x');
    expect([pull.status, pull.stderr]).toEqual([70, expect.stringContaining("Cannot find module '@azure/msal-node'")]);
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
    expect(debug.stderr).toMatch(/^\s+at (?:async )?(?:Object\.)?runCheck \(.*src\/commands\/check\.ts:\d+:\d+\)$/m);
  });
});
