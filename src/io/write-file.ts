/** Replacing a policy file on disk; loaded only by commands that write. */
import { statSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MamxError } from '../errors.js';

/** Atomic replace: a temp file in the same folder, fsync, rename; the file's mode is kept. */
export async function writePolicyText(file: string, text: string): Promise<void> {
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    await writeFileAtomic(file, text, { encoding: 'utf8', fsync: true, ...(mode !== undefined && { mode }) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const dir = path.dirname(file);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new MamxError('POLICY_WRITE_FAILED', `${file}: cannot write (${code}): the file or its folder ${dir} is read-only for you`);
    }
    throw new MamxError('POLICY_WRITE_FAILED', `${file}: cannot write: ${(e as Error).message}`);
  }
}
