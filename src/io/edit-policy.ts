/**
 * The read-modify-write unit of every change to a policy file: read (or start from a template when
 * the file does not exist yet), let the caller plan the edit, render it in the file's own format and
 * replace the file atomically. Locking wraps this unit.
 */
import { readFileSync } from 'node:fs';
import type { EditOp } from '../core/edits.js';
import { fileError, parsePolicyText, renderEdits, type LoadedPolicyFile } from './policy-file.js';
import { writePolicyText } from './write-file.js';

export interface EditOutcome<T> {
  plan: T;
  /** The file did not exist and was (or, with dryRun, would be) created. */
  created: boolean;
  written: boolean;
}

export async function editPolicyFile<T extends { ops: EditOp[] }>(
  file: string,
  options: { template?: (file: string) => string; dryRun?: boolean },
  planEdit: (loaded: LoadedPolicyFile) => T,
): Promise<EditOutcome<T>> {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !options.template) throw fileError(e, file);
  }
  const created = text === undefined;
  const loaded = await parsePolicyText(file, text ?? options.template!(file));
  const plan = planEdit(loaded);
  const write = plan.ops.length > 0 && !options.dryRun;
  if (write) await writePolicyText(file, await renderEdits(loaded, plan.ops));
  return { plan, created, written: write };
}
