/**
 * Replacing a policy file on disk so that the bytes that land are the bytes intended: a temporary
 * file beside it (same folder, so the rename is atomic), every write's count checked, fsync, the
 * temporary file read back and compared, then a last check by the caller, then the rename.
 * write-file-atomic, used before, did one write and never checked its count: on a full disk it
 * renamed a cut file over the policy and reported success.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { isMamxError, MamxError } from '../errors.js';
import { onAbort } from './cleanup.js';

export type Commit = 'replace' | 'create';

/**
 * Writes `text` as `file`. `lastCheck` runs after the new bytes are verified on disk and just before
 * the rename; it throws to abandon the write. With `create`, an existing file is never replaced.
 */
export function writePolicyText(file: string, text: string, commit: Commit, lastCheck: () => void = () => undefined): void {
  const bytes = Buffer.from(text, 'utf8');
  const original = statOrUndefined(file);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const removeTmp = () => {
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
  };
  const forget = onAbort(removeTmp);
  try {
    const fd = openSync(tmp, 'wx+', original ? original.mode & 0o7777 : 0o666);
    try {
      writeAll(fd, bytes);
      if (original) keepOwnership(fd, original);
      fsyncSync(fd);
      verify(fd, bytes);
    } finally {
      closeSync(fd);
    }
    lastCheck();
    if (commit === 'create') {
      createFrom(tmp, file);
    } else {
      renameSync(tmp, file);
    }
    syncFolder(path.dirname(file));
  } catch (e) {
    removeTmp();
    throw writeError(e, file, original);
  } finally {
    forget();
  }
}

/** Gives the new file its name only if that name is free: a hard link fails if a file appeared meanwhile. */
function createFrom(tmp: string, file: string): void {
  try {
    linkSync(tmp, file);
    unlinkSync(tmp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Some shares have no hard links: there a check just before the rename is the best there is.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
    if (statOrUndefined(file)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    renameSync(tmp, file);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
    done += n;
  }
}

/** The temporary file must hold exactly the intended bytes before it may replace anything. */
function verify(fd: number, bytes: Buffer): void {
  if (fstatSync(fd).size !== bytes.length) throw Object.assign(new Error('the written size differs'), { code: 'EIO' });
  const back = Buffer.allocUnsafe(bytes.length);
  let got = 0;
  while (got < bytes.length) {
    const n = readSync(fd, back, got, bytes.length - got, got);
    if (n === 0) break;
    got += n;
  }
  if (got !== bytes.length || !back.equals(bytes))
    throw Object.assign(new Error('the written bytes read back differently'), { code: 'EIO' });
}

/** The mode (umask may have narrowed it) and, where mamx may, the owner of the file it replaces. */
function keepOwnership(fd: number, original: Stats): void {
  fchmodSync(fd, original.mode & 0o7777);
  if (original.uid === process.getuid?.() && original.gid === process.getgid?.()) return;
  try {
    fchownSync(fd, original.uid, original.gid);
  } catch {
    // Only root may give a file away; anyone else's rewrite is theirs, as with any editor.
  }
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every file system lets a folder be opened or synced; the rename itself is atomic.
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Removes temporary files that writers which died mid-write left beside `file` (older than `olderThanMs`). */
export function sweepTempFiles(file: string, olderThanMs: number): void {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => pattern.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > olderThanMs) unlinkSync(p);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function writeError(e: unknown, file: string, original: Stats | undefined): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  // A MamxError, or the caller's own signal from `lastCheck`, passes as it is.
  if (isMamxError(e) || code === undefined) return e;
  const dir = path.dirname(file);
  const untouched = original ? `${file} is unchanged` : 'nothing was written';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new MamxError(
      'POLICY_WRITE_FAILED',
      `${file}: not written, the disk is full (${code}); ${untouched}`,
      `free space on the disk that holds ${dir}, then run the command again`,
    );
  }
  if (code === 'EIO') {
    return new MamxError(
      'POLICY_WRITE_FAILED',
      `${file}: not written, the disk reported an error (${(e as Error).message}); ${untouched}`,
      'check the disk or share, then run the command again',
    );
  }
  if (code === 'EEXIST') return new MamxError('FILE_EXISTS', `${file} already exists`, 'edit it with mamx add / mamx remove');
  if (code === 'EPERM' && original && isStickyFolderOfOther(dir, original)) {
    return new MamxError(
      'POLICY_WRITE_FAILED',
      `${file}: cannot replace it (EPERM): its folder ${dir} is sticky (mode 1777, like /tmp), where only the file's owner (uid ${original.uid}) may replace it; ${untouched}`,
      "ask the file's owner to make the change, or keep shared policies in a folder that is not sticky",
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new MamxError(
      'POLICY_WRITE_FAILED',
      `${file}: cannot write (${code}): the file or its folder ${dir} is read-only for you; ${untouched}`,
    );
  }
  return new MamxError('POLICY_WRITE_FAILED', `${file}: cannot write: ${(e as Error).message}; ${untouched}`);
}

function isStickyFolderOfOther(dir: string, original: Stats): boolean {
  try {
    return (statSync(dir).mode & 0o1000) !== 0 && original.uid !== process.getuid?.();
  } catch {
    return false;
  }
}
