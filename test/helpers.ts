import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli.js';
import type { Prompter } from '../src/ui/prompts.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'mamx.cjs');
export const FIXTURES = path.join(ROOT, 'fixtures');

/** A fresh temp folder that is also HOME, so no real configuration leaks into a test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mamx-test-'));
  temps.push(dir);
  return dir;
}
const temps: string[] = [];

/**
 * A temp folder whose path always has the same length (/tmp/mamx-snap-XXXXXX, whatever TMPDIR says),
 * for snapshots of aligned output: columns are padded to the real path before it is written <cwd>.
 */
export function snapshotDir(): string {
  const dir = mkdtempSync('/tmp/mamx-snap-');
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Copies a fixture into `dir` (tests copy fixtures, never edit them). */
export function fixture(name: string, dir: string, as = name): string {
  const target = path.join(dir, as);
  cpSync(path.join(FIXTURES, name), target);
  return target;
}

export const read = (file: string): string => readFileSync(file, 'utf8');

/** A fixture's text. */
export const fixtureText = (name: string): string => read(path.join(FIXTURES, name));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export const NOW = new Date('2026-11-23T12:00:00Z');

/** Runs the CLI in-process with a scripted context. */
export async function runIn(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; prompter?: Prompter; interactive?: boolean },
): Promise<Result> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await run(args, {
    cwd: opts.cwd,
    env: { HOME: opts.cwd, ...opts.env },
    stdin: Readable.from([opts.stdin ?? '']),
    stdout,
    stderr,
    now: () => NOW,
    ...(opts.prompter && { prompter: opts.prompter }),
    ...(opts.interactive !== undefined && { interactive: opts.interactive }),
  });
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}

/**
 * The code cache the built mamx makes for itself, shared by the test runs (outside their folders,
 * which tests list and compare). Tests of the cache itself name their own.
 */
export const CODE_CACHE_HOME = path.join(os.tmpdir(), `mamx-test-code-cache-${process.getuid?.() ?? 'user'}`);

/** A person's environment for the built mamx: HOME is the test folder, no colour, no inherited settings. */
export function binEnv(cwd: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: cwd,
    XDG_CONFIG_HOME: path.join(cwd, '.config'),
    XDG_CACHE_HOME: CODE_CACHE_HOME,
    NO_COLOR: '1',
  };
  return { ...base, ...env };
}

/** Runs the built bin/mamx.cjs as a user would, in `cwd`. */
export function runBin(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Result {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: binEnv(opts.cwd, opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 20000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Same, asynchronously: for runs that must overlap. */
export function runBinAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: binEnv(opts.cwd, opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** chalk's colour codes, named: "<red>high:</>" rather than escape bytes, for snapshots of coloured output. */
export function showColour(text: string): string {
  const names: Record<string, string> = { '1': 'b', '31': 'red', '32': 'green', '33': 'yellow', '36': 'cyan', '90': 'gray' };
  return text.replace(new RegExp(`${String.fromCharCode(27)}\\[(\\d+)m`, 'g'), (_m, code: string) =>
    names[code] ? `<${names[code]}>` : '</>',
  );
}

const stripColour = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');

/**
 * A command's human output without colour and in colour (chalk, as in a terminal), each run in a
 * fresh folder made ready by `prepare`, with the folder written as <cwd>. The coloured output, its
 * colour codes removed, must be the plain output exactly: same text, same alignment on screen.
 */
export async function humanOutput(
  args: string[],
  prepare: (cwd: string) => void = () => undefined,
  opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<{ plain: Result; colour: Result }> {
  const runFresh = async (env: NodeJS.ProcessEnv): Promise<Result> => {
    const cwd = snapshotDir();
    prepare(cwd);
    const r = await runIn(args, { ...opts, cwd, env: { ...opts.env, ...env } });
    return { code: r.code, stdout: r.stdout.split(cwd).join('<cwd>'), stderr: r.stderr.split(cwd).join('<cwd>') };
  };
  const plain = await runFresh({ NO_COLOR: '1' });
  const colour = await runFresh({ FORCE_COLOR: '1' });
  expect({ code: colour.code, stdout: stripColour(colour.stdout), stderr: stripColour(colour.stderr) }).toEqual(plain);
  return { plain, colour: { ...colour, stdout: showColour(colour.stdout), stderr: showColour(colour.stderr) } };
}
