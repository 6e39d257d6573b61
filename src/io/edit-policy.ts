/**
 * The read-modify-write unit of every change to a policy file, under an exclusive lock: read (or
 * start from a template when the file does not exist yet), let the caller plan the edit, render it
 * in the file's own format and replace the file atomically. Concurrent mamx processes queue on the
 * lock, so every one of them lands; a reader never needs it, as a replace is atomic.
 */
import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { EditOp } from '../core/edits.js';
import { MamxError } from '../errors.js';
import { withFileLock } from './lock.js';
import { fileError, parsePolicyText, renderEdits, type LoadedPolicyFile } from './policy-file.js';
import { writePolicyText } from './write-file.js';

export interface EditOutcome<T> {
  plan: T;
  /** The file did not exist and was (or, with dryRun, would be) created. */
  created: boolean;
  written: boolean;
  /** The file's text before and after the edit (the same when nothing changes). */
  before: string;
  after: string;
}

export interface EditOptions {
  template?: (file: string) => string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function editPolicyFile<T extends { ops: EditOp[] }>(
  file: string,
  options: EditOptions,
  planEdit: (loaded: LoadedPolicyFile) => T,
): Promise<EditOutcome<T>> {
  const once = () => readPlanWrite(file, options, planEdit);
  if (options.dryRun) return once();
  return withFileLock(resolveTarget(file), options.env ?? {}, once);
}

/**
 * The file the lock and the write are for: through symlinks (the link survives, its target is
 * edited), so two names for one file never take two locks.
 */
function resolveTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(e, file);
  }
  try {
    return path.join(realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    throw new MamxError('POLICY_WRITE_FAILED', `${file}: its folder does not exist`);
  }
}

async function readPlanWrite<T extends { ops: EditOp[] }>(file: string, options: EditOptions, planEdit: (loaded: LoadedPolicyFile) => T): Promise<EditOutcome<T>> {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !options.template) throw fileError(e, file);
  }
  const created = text === undefined;
  const loaded = await parsePolicyText(file, text ?? options.template!(file));
  const plan = planEdit(loaded);
  const before = created ? '' : loaded.text;
  const after = plan.ops.length > 0 ? await renderEdits(loaded, plan.ops) : loaded.text;
  const write = plan.ops.length > 0 && !options.dryRun;
  if (write) {
    if (!created) assertWritable(file);
    await writePolicyText(file, after);
  }
  return { plan, created, written: write, before, after };
}

/** A read-only policy file is a signal: replacing it by rename would succeed, so refuse first. */
function assertWritable(file: string): void {
  try {
    accessSync(file, constants.W_OK);
  } catch {
    throw new MamxError('POLICY_WRITE_FAILED', `${file} is read-only for you: not changed`, 'ask its owner, or make it writable if the change is yours to make');
  }
}

/**
 * Writes a new policy file under the lock. `conflict` runs under the lock too and names a file in
 * the way, if any: of two concurrent inits exactly one creates the file.
 */
export async function createPolicyFile(file: string, text: string, env: NodeJS.ProcessEnv, conflict: () => string | null): Promise<void> {
  await withFileLock(resolveTarget(file), env, async () => {
    const existing = conflict();
    if (existing) {
      throw new MamxError('FILE_EXISTS', `${existing} already exists`, 'edit it with mamx add / mamx remove, or choose another path with --file');
    }
    await writePolicyText(file, text);
  });
}
