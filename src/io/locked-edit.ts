/**
 * The read-modify-write unit of every change to a policy file, under an exclusive lock: read (or
 * start from a template when the file does not exist yet), let the caller plan the edit, render it
 * in the file's own format and replace the file atomically.
 *
 * Compare before replace: just before the rename, mamx confirms that it still holds the lock and that
 * the file still has the bytes it read. If not (a paused mamx whose lock was taken over, a colleague's
 * editor saving meanwhile), nothing is written and the edit starts again from a fresh read, so the
 * other change is kept and this one applied on top; after MAX_ATTEMPTS it gives up, exit 3.
 */
import { writeSchemaBeside } from './templates.js';
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EditOp } from '../core/edits.js';
import { isMamxError, MamxError } from '../errors.js';
import { yieldToSignals } from './cleanup.js';
import { STALE_MS, withFileLock, type HeldLock } from './lock.js';
import { BOM, parsePolicyText, POLICY_READ, type LoadedPolicyFile } from './read-policy.js';
import { userReadCache } from './read-cache.js';
import { renderEdits } from './render-edits.js';
import { assertRegularOrMissing, readTextFile } from './read-file.js';
import { sweepTempFiles, writePolicyText } from './write-file.js';

export interface EditOutcome<T> {
  plan: T;
  /** The file did not exist and was (or, with dryRun, would be) created. */
  created: boolean;
  written: boolean;
  /** The file's text before and after the edit (the same when nothing changes). */
  before: string;
  after: string;
  /** Notices about the file as read (file:line: message). */
  notices: string[];
}

export interface EditOptions {
  template?: (file: string) => string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
}

const MAX_ATTEMPTS = 3;

/** Thrown by the last check before the rename: the edit is stale and must start again. */
class StaleEdit extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

export async function editPolicyFile<T extends { ops: EditOp[] }>(
  file: string,
  options: EditOptions,
  planEdit: (loaded: LoadedPolicyFile) => T,
): Promise<EditOutcome<T>> {
  const target = resolveTarget(file);
  // A FIFO, a device or a folder is refused before any lock folder is made beside it.
  assertRegularOrMissing(target, POLICY_READ);
  if (options.dryRun) return readPlanWrite(target, options, planEdit, null);
  let why = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      return await withFileLock(target, options.env ?? {}, (lock) => readPlanWrite(target, options, planEdit, lock));
    } catch (e) {
      if (!(e instanceof StaleEdit)) throw e;
      why = e.why;
    }
  }
  throw new MamxError(
    'POLICY_CHANGED',
    `${file}: ${why} while mamx was editing it, ${MAX_ATTEMPTS} times; nothing written`,
    'run the command again',
  );
}

/**
 * The file the lock and the write are for: through symlinks (the link survives, its target is
 * edited), so two names for one file never take two locks.
 */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return file; // the read names the problem
  }
  try {
    return path.join(realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    throw new MamxError('POLICY_WRITE_FAILED', `${file}: its folder does not exist`);
  }
}

async function readPlanWrite<T extends { ops: EditOp[] }>(
  file: string,
  options: EditOptions,
  planEdit: (loaded: LoadedPolicyFile) => T,
  lock: HeldLock | null,
): Promise<EditOutcome<T>> {
  if (lock) sweepTempFiles(file, STALE_MS);
  const read = readOrMissing(file, Boolean(options.template));
  const created = read === undefined;
  const cache = userReadCache(options.env ?? {});
  const loaded = await parsePolicyText(file, read?.text ?? options.template!(file), cache);
  const plan = planEdit(loaded);
  const before = created ? '' : loaded.text;
  const rendered = plan.ops.length > 0 ? await renderEdits(loaded, plan.ops) : null;
  const after = rendered?.text ?? loaded.text;
  const write = rendered !== null && lock !== null;
  if (write) {
    if (!created) assertWritable(file);
    await yieldToSignals();
    writePolicyText(file, after, created ? 'create' : 'replace', () => {
      if (!lock.stillHeld()) throw new StaleEdit('the lock was taken over by another mamx');
      if (!sameBytes(currentBytes(file), read?.bytes)) throw new StaleEdit('the file was changed by someone else');
    });
    // A file made from the template links to the schema beside it.
    if (created) writeSchemaBeside(file);
    // The next edit starts from what this one wrote: verified above to read as `data`.
    const key = cache?.keyOf(loaded.format, withoutBom(after));
    if (cache && key) {
      if (loaded.format === 'yaml') cache.put(key, { data: rendered.data, ...(rendered.yamlSpans && { yamlSpans: rendered.yamlSpans }) });
      else if (rendered.spans) cache.put(key, { spans: rendered.spans });
    }
    // The text read, read again (a checkout, a copy): its next append starts where this one's walk ended.
    if (cache && loaded.cacheKey && rendered.yamlSpansBefore)
      cache.put(loaded.cacheKey, { data: loaded.data, yamlSpans: rendered.yamlSpansBefore });
  }
  return { plan, created, written: write, before, after, notices: loaded.notices.map((n) => `${file}: ${n}`) };
}

function readOrMissing(file: string, mayBeMissing: boolean): { text: string; bytes: Buffer } | undefined {
  try {
    return readTextFile(file, POLICY_READ);
  } catch (e) {
    if (mayBeMissing && isMamxError(e) && e.code === 'POLICY_MISSING') return undefined;
    throw e;
  }
}

function currentBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const withoutBom = (text: string) => (text.startsWith(BOM) ? text.slice(BOM.length) : text);

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

/**
 * A read-only policy file is a signal: replacing it by rename would succeed, so refuse first. The
 * mode bits are read as well as access(): root may write anything, but a file marked 0444 is not meant
 * to change.
 */
function assertWritable(file: string): void {
  let readOnly: boolean;
  try {
    readOnly = (statSync(file).mode & 0o222) === 0;
    accessSync(file, constants.W_OK);
  } catch {
    readOnly = true;
  }
  if (readOnly) {
    throw new MamxError(
      'POLICY_WRITE_FAILED',
      `${file} is read-only: not changed`,
      'ask its owner, or make it writable (chmod u+w) if the change is yours to make',
    );
  }
}

/**
 * Writes a new policy file under the lock. `conflict` runs under the lock too and names a file in
 * the way, if any: of two concurrent inits exactly one creates the file.
 */
export async function createPolicyFile(file: string, text: string, env: NodeJS.ProcessEnv, conflict: () => string | null): Promise<void> {
  const target = resolveTarget(file);
  assertRegularOrMissing(target, POLICY_READ);
  await withFileLock(target, env, async () => {
    const existing = conflict();
    if (existing) {
      throw new MamxError(
        'FILE_EXISTS',
        `${existing} already exists`,
        'edit it with mamx add / mamx remove, or choose another path with --file',
      );
    }
    await yieldToSignals();
    writePolicyText(target, text, 'create');
    writeSchemaBeside(target);
  });
}
