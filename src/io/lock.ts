/**
 * An exclusive lock around a policy file's read-modify-write (proper-lockfile: a `<file>.lock`
 * directory, created atomically, also on network shares). A lock older than STALE_MS, left by a
 * mamx that crashed or was killed, is taken over. Waiting gives up after MAMX_LOCK_TIMEOUT seconds.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import { MamxError } from '../errors.js';

export const STALE_MS = 10_000;
const DEFAULT_TIMEOUT_S = 30;

export async function withFileLock<T>(target: string, env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const timeout = Number(env.MAMX_LOCK_TIMEOUT ?? DEFAULT_TIMEOUT_S);
  const maxRetryTime = (Number.isFinite(timeout) && timeout >= 0 ? timeout : DEFAULT_TIMEOUT_S) * 1000;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    // proper-lockfile retries every error until the timeout: a folder we cannot write is final now.
    accessSync(path.dirname(target), constants.W_OK);
    release = await lock(target, {
      realpath: false,
      stale: STALE_MS,
      retries: { retries: 1000, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true, maxRetryTime },
      onCompromised: (e) => {
        compromised = e;
      },
    });
  } catch (e) {
    throw lockError(e as NodeJS.ErrnoException, target);
  }
  try {
    const result = await work();
    if (compromised) throw new MamxError('POLICY_LOCKED', `${target}: the lock was lost while writing (${compromised.message})`, 'check the file, then run the command again');
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function lockError(e: NodeJS.ErrnoException, target: string): MamxError {
  const lockPath = `${target}.lock`;
  if (e.code === 'ELOCKED') {
    let since = 'a moment ago';
    try {
      const st = statSync(lockPath);
      // Birth time where the file system keeps it; else the holder's last refresh.
      since = (st.birthtimeMs > 0 ? st.birthtime : st.mtime).toISOString();
    } catch {
      // released meanwhile
    }
    return new MamxError(
      'POLICY_LOCKED',
      `${target} is locked by another mamx since ${since}`,
      `try again shortly; a lock left by a mamx that crashed is taken over after ${STALE_MS / 1000} s, or remove ${lockPath}`,
    );
  }
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
    return new MamxError('POLICY_WRITE_FAILED', `${target}: cannot lock it for writing (${e.code}): its folder is read-only for you`);
  }
  if (e.code === 'ENOENT') return new MamxError('POLICY_WRITE_FAILED', `${target}: its folder does not exist`);
  return new MamxError('POLICY_WRITE_FAILED', `${target}: cannot lock it for writing: ${e.message}`);
}
