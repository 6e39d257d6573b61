/**
 * An exclusive lock around a policy file's read-modify-write: a `<file>.lock` folder (mkdir is atomic,
 * also on network shares) holding `owner.json` (pid, host, a random token). The token is what makes
 * the lock checkable: just before its rename, a writer confirms the folder still holds *its* token,
 * so a writer that was paused long enough for its lock to be taken over never writes on top of
 * another's change. (proper-lockfile, used before, noticed a lost lock only by a timer, after the
 * rename, and its stale takeover let two takers both win.)
 *
 * A lock is stale when its folder was not refreshed for STALE_MS (the holder refreshes it every
 * STALE_MS / 3 while it runs), or at once when its holder is a process of this host that no longer
 * exists. Takeovers go through a second folder, `<file>.lock.takeover`, so only one taker removes a
 * given stale lock. Waiting gives up after MAMX_LOCK_TIMEOUT seconds (default 30; 0 tries once).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { MamxError } from '../errors.js';
import { onAbort } from './cleanup.js';

export const STALE_MS = 10_000;
const DEFAULT_TIMEOUT_S = 30;
const OWNER_FILE = 'owner.json';

interface Owner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export interface HeldLock {
  /** Whether the lock folder still holds this lock's token, read now. */
  stillHeld(): boolean;
}

export async function withFileLock<T>(target: string, env: NodeJS.ProcessEnv, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  const lock = await acquire(target, lockTimeoutMs(env));
  try {
    return await work(lock);
  } finally {
    lock.release();
  }
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.MAMX_LOCK_TIMEOUT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_S * 1000;
  if (!/^\d+(?:\.\d+)?$/.test(raw.trim())) {
    throw new MamxError('USAGE', `MAMX_LOCK_TIMEOUT=${JSON.stringify(raw)}: expected a number of seconds, e.g. 30 (0: do not wait)`);
  }
  return Number(raw) * 1000;
}

interface LockState {
  owner: Owner | undefined;
  mtimeMs: number;
  ino: number;
}

async function acquire(target: string, timeoutMs: number): Promise<HeldLock & { release(): void }> {
  const dir = `${target}.lock`;
  const owner: Owner = { pid: process.pid, host: hostname(), token: randomBytes(12).toString('hex'), since: '' };
  let held = false;
  const stillHeld = () => inspect(dir)?.owner?.token === owner.token;
  let refresh: NodeJS.Timeout | undefined;
  const release = () => {
    clearInterval(refresh);
    forget();
    if (held && stillHeld()) rmSync(dir, { recursive: true, force: true });
    held = false;
  };
  // Registered before the lock exists: a signal is handled only between turns of the event loop,
  // and by then the lock is either not made or made and marked as ours, never in between.
  const forget = onAbort(release);
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  try {
    for (;;) {
      let made = false;
      try {
        mkdirSync(dir);
        made = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(e as NodeJS.ErrnoException, target);
      }
      // The folder is ours only once our owner file is in it: a paused mamx whose empty folder was
      // taken over and made anew by another must not claim that one. ('wx': never overwrite.)
      if (made && (held = writeOwner(dir, owner, target))) break;
      const seen = inspect(dir);
      if (seen && isStale(seen)) {
        takeOver(dir, seen);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw lockedError(target, seen);
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, delay + Math.random() * delay)));
      delay = Math.min(delay * 1.5, 250);
    }
  } catch (e) {
    forget();
    throw e;
  }
  // Keeps the lock fresh during long work; a lock that is no longer ours is left alone.
  refresh = setInterval(() => {
    if (!stillHeld()) return clearInterval(refresh);
    const now = new Date();
    try {
      utimesSync(dir, now, now);
    } catch {
      clearInterval(refresh);
    }
  }, STALE_MS / 3);
  refresh.unref();
  return { stillHeld, release };
}

/** Creates the owner file in a lock folder just made; false when the folder is no longer the one made. */
function writeOwner(dir: string, owner: Owner, target: string): boolean {
  owner.since = new Date().toISOString();
  try {
    writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(owner), { flag: 'wx' });
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    rmSync(dir, { recursive: true, force: true });
    throw lockError(e as NodeJS.ErrnoException, target);
  }
}

function inspect(dir: string): LockState | undefined {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return undefined;
  }
  let owner: Owner | undefined;
  try {
    owner = JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as Owner;
  } catch {
    owner = undefined; // just created, or made by an older mamx
  }
  return { owner, mtimeMs: st.mtimeMs, ino: st.ino };
}

function isStale(s: LockState): boolean {
  if (Date.now() - s.mtimeMs > STALE_MS) return true;
  return s.owner !== undefined && s.owner.host === hostname() && !isAlive(s.owner.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale lock `seen`, unless another taker got there first or it changed meanwhile. */
function takeOver(dir: string, seen: LockState): void {
  const guard = `${dir}.takeover`;
  try {
    mkdirSync(guard);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A taker that died mid-takeover leaves the guard: it is stale after the same time.
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_MS) rmSync(guard, { recursive: true, force: true });
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    const now = inspect(dir);
    if (now && now.ino === seen.ino && now.owner?.token === seen.owner?.token && isStale(now))
      rmSync(dir, { recursive: true, force: true });
  } finally {
    rmdirSync(guard);
  }
}

function lockedError(target: string, seen: LockState | undefined): MamxError {
  const who = seen?.owner ? ` (pid ${seen.owner.pid} on ${seen.owner.host})` : '';
  const since = seen?.owner?.since ?? (seen ? new Date(seen.mtimeMs).toISOString() : 'a moment ago');
  return new MamxError(
    'POLICY_LOCKED',
    `${target} is locked by another mamx${who} since ${since}`,
    `try again shortly; a lock not refreshed for ${STALE_MS / 1000} s, or whose process has ended, is taken over (MAMX_LOCK_TIMEOUT sets how long to wait)`,
  );
}

function lockError(e: NodeJS.ErrnoException, target: string): MamxError {
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
    return new MamxError('POLICY_WRITE_FAILED', `${target}: cannot lock it for writing (${e.code}): its folder is read-only for you`);
  }
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
    return new MamxError('POLICY_WRITE_FAILED', `${target}: cannot lock it for writing: the disk is full (${e.code}); nothing written`);
  }
  if (e.code === 'ENOENT') return new MamxError('POLICY_WRITE_FAILED', `${target}: its folder does not exist`);
  return new MamxError('POLICY_WRITE_FAILED', `${target}: cannot lock it for writing: ${e.message}`);
}
