/**
 * Reading and writing policy files. A read either yields a validated policy with the positions of
 * its entries, or a MamxError (exit 3) naming file:line:column; a malformed file is never rewritten.
 * A write applies edit operations to the file's own form (YAML document with its comments, or JSON
 * with its indentation) and replaces the file atomically.
 */
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { normaliseValue } from '../core/normalise.js';
import { PolicyFileSchema, type PolicyFile } from '../core/policy-schema.js';
import type { EditOp } from '../core/edits.js';
import type { Platform } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import { MamxError } from '../errors.js';
import { describeIssue, formatPath } from './issues.js';
import { jsonSyntaxError } from './json-syntax.js';
import { readTextFile, type ReadSpec } from './read-file.js';
import { appendEntry, entryLines, removeEntry } from './yaml-block.js';

import { formatOf, type PolicyFormat } from './format.js';
import type { YamlView } from './yaml-document.js';

export interface LoadedPolicyFile {
  /** Absolute path. */
  path: string;
  format: PolicyFormat;
  text: string;
  data: PolicyFile;
  /** Things worth a word that do not stop the file being used (file:line: message). */
  notices: string[];
  /** 1-based line of each exception of a platform, where the format allows. */
  linesOf(platform: Platform): Promise<Array<number | undefined>>;
}

const BOM = '\uFEFF';

export const POLICY_READ: ReadSpec = {
  what: 'policy file',
  code: 'POLICY_UNREADABLE',
  missingCode: 'POLICY_MISSING',
  missingHint: 'check the path, or run `mamx init`',
};

/** Nesting a policy never needs (its deepest value is 5 levels down); deeper input would overflow the stack. */
export const MAX_DEPTH = 64;

export async function readPolicyFile(file: string): Promise<LoadedPolicyFile> {
  return parsePolicyText(file, readTextFile(file, POLICY_READ).text);
}

export async function parsePolicyText(file: string, text: string): Promise<LoadedPolicyFile> {
  const format = formatOf(file);
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  if (body.trim() === '') {
    throw new MamxError('POLICY_INVALID', `${file}:1:1: the policy file is empty`, 'run `mamx init` to write a fresh one');
  }
  let raw: unknown;
  if (format === 'json') {
    // The scan finds what JSON.parse would reject, with its position (V8's messages often have none),
    // and nesting too deep for the parsers that follow.
    const bad = jsonSyntaxError(body, MAX_DEPTH);
    if (bad) throw new MamxError('POLICY_INVALID', `${file}:${lineCol(body, bad.offset)}: not valid JSON: ${bad.message}`);
    try {
      raw = JSON.parse(body);
    } catch (e) {
      throw new MamxError('POLICY_INVALID', `${file}: not valid JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    rejectDuplicateKeys(file, body);
  } else {
    raw = readYaml(file, body);
  }
  const deep = pathDeeperThan(raw, MAX_DEPTH);
  if (deep)
    throw new MamxError(
      'POLICY_INVALID',
      `${file}: ${formatPath(deep)}: nested more than ${MAX_DEPTH} levels deep; a policy file is never that deep`,
    );
  const notices = mergeKeyNotices(body, format);
  // Positions of schema errors come from the yaml library's view of the text (JSON is YAML too),
  // parsed only when needed: it is several times slower than js-yaml on large files.
  let view: YamlView | undefined;
  const getView = async (): Promise<YamlView> => (view ??= (await import('./yaml-document.js')).parseYaml(body));

  const parsed = PolicyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MamxError(
      'POLICY_INVALID',
      `${file}:${(await getView()).position(issue.path)}: ${describeIssue(issue)}`,
      hintFor(issue.path),
    );
  }
  for (const platform of PLATFORMS) {
    const list = parsed.data[platform]?.exceptions ?? [];
    for (let i = 0; i < list.length; i++) {
      const value = list[i]!.value;
      const n = normaliseValue(platform, value);
      if (!n.ok || n.value !== value) {
        const keyPath = [platform, 'exceptions', i, 'value'];
        const why = n.ok ? `write it as "${n.value}"` : (n.hint ?? n.message);
        throw new MamxError(
          'POLICY_INVALID',
          `${file}:${(await getView()).position(keyPath)}: ${formatPath(keyPath)}: "${value}" is not a valid value`,
          why,
        );
      }
    }
  }
  const data = raw as PolicyFile;
  const linesOf = async (platform: Platform): Promise<Array<number | undefined>> => {
    const quick = format === 'yaml' ? verifiedEntryLines(body, platform, data) : null;
    if (quick) return quick;
    const v = await getView();
    return (data[platform]?.exceptions ?? []).map((_e, i) => v.line([platform, 'exceptions', i]));
  };
  return { path: file, format, text, data, notices, linesOf };
}

/** YAML 1.2 core schema (dates stay strings), duplicate keys rejected, one document. */
function readYaml(file: string, text: string): unknown {
  try {
    return loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof RangeError)
      throw new MamxError('POLICY_INVALID', `${file}: nested too deeply to read; a policy file is never more than a few levels deep`);
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `${e.mark.line + 1}:${e.mark.column + 1}` : '1:1';
    throw new MamxError('POLICY_INVALID', `${file}:${where}: not valid YAML: ${e.reason}`);
  }
}

/**
 * JSON.parse keeps the last of two equal keys without a word; in a reviewed policy that hides an
 * entry. JSON is YAML, and js-yaml rejects duplicate keys: only that error is taken from it, since
 * JSON.parse has already judged the syntax.
 */
function rejectDuplicateKeys(file: string, text: string): void {
  try {
    loadYaml(text, { schema: CORE_SCHEMA });
  } catch (e) {
    if (e instanceof YAMLException && /duplicated mapping key/.test(e.reason)) {
      const where = e.mark ? `${e.mark.line + 1}:${e.mark.column + 1}` : '1:1';
      throw new MamxError('POLICY_INVALID', `${file}:${where}: duplicate key: a later value would silently replace the earlier one`);
    }
  }
}

/** Entry lines from a quick scan, trusted only if every item's first line names its value. */
function verifiedEntryLines(text: string, platform: Platform, data: PolicyFile): number[] | null {
  const found = entryLines(text, platform);
  const values = (data[platform]?.exceptions ?? []).map((e) => e.value);
  if (!found || found.length !== values.length) return null;
  const rows = text.split('\n');
  return found.every((line, i) => rows[line - 1]!.includes(values[i]!)) ? found : null;
}

function hintFor(keyPath: readonly PropertyKey[]): string | undefined {
  if (keyPath[0] === 'version') return 'this mamx reads policy files with version: 1';
  return undefined;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `${line}:${col}`;
}

/** The key path of the first value nested deeper than `limit`, found without recursion. */
function pathDeeperThan(root: unknown, limit: number): PropertyKey[] | null {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= limit) return path.slice(0, 8);
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k, v] of entries) if (typeof v === 'object' && v !== null) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}

/**
 * mamx reads YAML 1.2, where `<<` is an ordinary key; YAML 1.1 tools (and some editors) merge the
 * mapping it names instead, so the two would read the file differently.
 */
function mergeKeyNotices(text: string, format: PolicyFormat): string[] {
  if (format !== 'yaml' || !text.includes('<<')) return [];
  const notices: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(?:-\s+)?<<\s*:/.test(line)) {
      notices.push(
        `line ${i + 1}: "<<" is read as a plain key named "<<" (YAML 1.2), not as a merge; YAML 1.1 tools merge it, so they read this file differently: write the keys out`,
      );
    }
  });
  return notices;
}

/** The file's new text after the edits, in its own format. */
export async function renderEdits(loaded: LoadedPolicyFile, ops: readonly EditOp[]): Promise<string> {
  const hasBom = loaded.text.startsWith(BOM);
  const body = hasBom ? loaded.text.slice(BOM.length) : loaded.text;
  const crlf = body.includes('\r\n');
  const out =
    loaded.format === 'json'
      ? editJson(body, ops)
      : (editYamlInPlace(body.replace(/\r\n/g, '\n'), loaded.data, ops) ?? (await import('./yaml-document.js')).editYaml(body, ops));
  return (hasBom ? BOM : '') + (crlf ? out.replace(/\r?\n/g, '\r\n') : out);
}

/** The edits applied to plain data: what the file must read as afterwards. Copies only the edited path. */
function applyToData(data: unknown, ops: readonly EditOp[]): unknown {
  const copy = { ...(data as Record<string, Record<string, unknown> | undefined>) };
  for (const op of ops) {
    const section = (copy[op.platform] = { ...copy[op.platform] });
    const list = (section.exceptions = [...((section.exceptions as unknown[] | undefined) ?? [])]);
    if (op.op === 'add') list.push({ ...op.entry });
    else list.splice(op.index, 1);
  }
  return copy;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    // Key order matters too: the file must read back exactly as expected.
    if (k !== kb[i] || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function editJson(text: string, ops: readonly EditOp[]): string {
  const data = applyToData(JSON.parse(text), ops);
  const indent = /^[ \t]+(?=\S)/m.exec(text)?.[0] ?? (text.trim().includes('\n') ? '  ' : '');
  const trailing = /\r?\n$/.test(text) ? '\n' : '';
  return JSON.stringify(data, null, indent) + trailing;
}

/**
 * The line-level edit (yaml-block.ts), accepted only if it provably reads back as the expected data:
 * an append through its window, anything else by reading the whole result. Otherwise null, and the
 * Document API does the edit.
 */
function editYamlInPlace(text: string, data: PolicyFile, ops: readonly EditOp[]): string | null {
  let out = text;
  let current: unknown = data;
  let rereadAll = false;
  for (const op of ops) {
    if (op.op === 'add') {
      const section = (current as PolicyFile)[op.platform];
      const list = (section?.exceptions ?? []) as unknown[];
      const appended = appendEntry(out, op.platform, op.entry, {
        section: section !== undefined && section !== null,
        ...(section?.exceptions !== undefined && { items: list.length }),
      });
      if (!appended) return null;
      const expected = { [op.platform]: { exceptions: [...(appended.hasPrevious ? [list[list.length - 1]] : []), { ...op.entry }] } };
      if (!readsAs(appended.window, expected)) return null;
      out = appended.text;
    } else {
      const removed = removeEntry(out, op.platform, op.index);
      if (removed === null) return null;
      out = removed;
      rereadAll = true;
    }
    current = applyToData(current, [op]);
  }
  return !rereadAll || readsAs(out, current) ? out : null;
}

function readsAs(text: string, expected: unknown): boolean {
  try {
    return deepEqual(loadYaml(text, { schema: CORE_SCHEMA }), expected);
  } catch {
    return false;
  }
}
