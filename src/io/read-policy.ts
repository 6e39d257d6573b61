/**
 * Reading a policy file: the text either yields a validated policy with the positions of its
 * entries, or a MamxError (exit 3) naming file:line:column; a malformed file is never rewritten.
 */
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { normaliseValue } from '../core/normalise.js';
import { PolicyFileSchema, type PolicyFile } from '../core/policy-schema.js';
import { validate } from '../core/schema.js';
import type { ListPath } from '../core/edits.js';
import { PLATFORMS } from '../core/types.js';
import { MamxError } from '../errors.js';
import { describeIssue, formatPath, yamlErrorPosition } from './issues.js';
import { jsonPosition, listKey, scanJson, scannedLines, scannedSpan, type JsonScan, type ListSpan } from './json-scan.js';
import type { ReadCache } from './read-cache.js';
import type { YamlListSpan } from './yaml-block.js';
import { readTextFile, type ReadSpec } from './read-file.js';
import { itemLines } from './yaml-block.js';
import { isWellFormed, partsOf } from '../core/values.js';

import { formatOf, type PolicyFormat } from './format.js';

export interface LoadedPolicyFile {
  /** Absolute path. */
  path: string;
  format: PolicyFormat;
  text: string;
  data: PolicyFile;
  /** Things worth a word that do not stop the file being used (file:line: message). */
  notices: string[];
  /** 1-based line of each item of a list, where the format allows. */
  linesOf(list: ListPath): Promise<Array<number | undefined>>;
  /** JSON: where a list is in the text (offsets in the text without its BOM), for an edit in place. */
  spanOf?: (list: ListPath) => ListSpan | undefined;
  /** YAML: where lists are in the text, as a previous edit of this very text found them (read cache). */
  yamlSpans?: Record<string, YamlListSpan>;
  /** The text's key in the read cache, when it is large enough to be kept there. */
  cacheKey?: string;
}

export const BOM = '\uFEFF';

export const POLICY_READ: ReadSpec = {
  what: 'policy file',
  code: 'POLICY_UNREADABLE',
  missingCode: 'POLICY_MISSING',
  missingHint: 'check the path, or run `mamx init`',
};

/** Nesting a policy never needs (its deepest value is 5 levels down); deeper input would overflow the stack. */
export const MAX_DEPTH = 64;

/** The lists whose items' lines a policy's readers want (list, check and audit name them). */
export const POLICY_LISTS: readonly ListPath[] = [
  ['ios', 'exceptions'],
  ['android', 'exceptions'],
  ['ios', 'universalLinks', 'exempted'],
  ['ios', 'universalLinks', 'managed'],
];

/** Texts from this size are kept in the read cache: smaller ones parse faster than an entry is read. */
export const MIN_CACHED_CHARS = 64 * 1024;

/** `env`: the environment, for the read cache in the user's cache folder (none: no cache). */
export async function readPolicyFile(file: string, env?: NodeJS.ProcessEnv): Promise<LoadedPolicyFile> {
  const text = readTextFile(file, POLICY_READ).text;
  // The cache's code loads only for a text large enough to be kept there (2 ms of every start otherwise).
  const cache = env && text.length >= MIN_CACHED_CHARS ? (await import('./read-cache.js')).userReadCache(env) : undefined;
  return parsePolicyText(file, text, cache);
}

/**
 * `cache`: a large text read (or written) before is taken from the read cache, checked already; a
 * text read in full is kept there once it has passed every check.
 */
export async function parsePolicyText(file: string, text: string, cache?: ReadCache): Promise<LoadedPolicyFile> {
  const format = formatOf(file);
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  if (body.trim() === '') {
    throw new MamxError('POLICY_INVALID', `${file}:1:1: the policy file is empty`, 'run `mamx init` to write a fresh one');
  }
  const key = cache?.keyOf(format, body) ?? null;
  const kept = key === null ? undefined : cache!.get(key);
  let raw: unknown;
  let scan: JsonScan | undefined;
  const spans = kept?.spans;
  if (format === 'json' && spans) raw = JSON.parse(body);
  else if (format === 'yaml' && kept && 'data' in kept) raw = kept.data;
  else {
    ({ raw, scan } = await readChecked(file, format, body));
    if (key !== null) cache!.put(key, scan ? { spans: Object.fromEntries(scan.spans) } : { data: raw });
  }
  const data = raw as PolicyFile;
  const scanned = () => (scan ??= scanJson(body, MAX_DEPTH, { itemsOf: POLICY_LISTS }));
  const linesOf = async (list: ListPath): Promise<Array<number | undefined>> => {
    const items = listAt(data, list);
    if (format === 'json') return scannedLines(scanned(), list);
    const quick = verifiedItemLines(body, list, items);
    if (quick) return quick;
    // The yaml library's view of the text: several times slower than js-yaml on large files.
    const view = (await import('./yaml-document.js')).parseYaml(body);
    return items.map((_e, i) => view.line([...list, i]));
  };
  const notices = [...mergeKeyNotices(body, format), ...(await unmatchableValues(data, linesOf))];
  // A cached entry names every list there is; a scan finds them otherwise.
  const spanOf = format === 'json' ? (list: ListPath) => (spans ? spans[listKey(list)] : scannedSpan(scanned(), list)) : undefined;
  return {
    path: file,
    format,
    text,
    data,
    notices,
    linesOf,
    ...(spanOf && { spanOf }),
    ...(format === 'yaml' && kept?.yamlSpans && { yamlSpans: kept.yamlSpans }),
    ...(key !== null && { cacheKey: key }),
  };
}

/** The text parsed and checked in full: syntax, nesting, the schema. */
async function readChecked(file: string, format: PolicyFormat, body: string): Promise<{ raw: unknown; scan?: JsonScan }> {
  let raw: unknown;
  let scan: JsonScan | undefined;
  if (format === 'json') {
    // One pass finds what JSON.parse would reject (with its position), nesting too deep, duplicate
    // keys, and the line of every exception and link; JSON.parse then gives the values.
    scan = scanJson(body, MAX_DEPTH, { itemsOf: POLICY_LISTS });
    const bad = scan.error;
    if (bad?.duplicate) {
      throw new MamxError(
        'POLICY_INVALID',
        `${file}:${bad.line}:${bad.col}: duplicate key: a later value would silently replace the earlier one`,
      );
    }
    if (bad) throw new MamxError('POLICY_INVALID', `${file}:${bad.line}:${bad.col}: not valid JSON: ${bad.message}`);
    try {
      raw = JSON.parse(body);
    } catch (e) {
      throw new MamxError('POLICY_INVALID', `${file}: not valid JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    raw = readYaml(file, body);
    // The JSON scan stops deep nesting; js-yaml parses it, so it is looked for here.
    const deep = pathDeeperThan(raw, MAX_DEPTH);
    if (deep)
      throw new MamxError(
        'POLICY_INVALID',
        `${file}: ${formatPath(deep)}: nested more than ${MAX_DEPTH} levels deep; a policy file is never that deep`,
      );
  }
  // Positions of errors: JSON from a scan for that key path; YAML from the yaml library's view.
  const position = async (keyPath: readonly PropertyKey[]): Promise<string> =>
    format === 'json' ? jsonPosition(body, keyPath) : (await import('./yaml-document.js')).parseYaml(body).position(keyPath);
  const issue = validate(PolicyFileSchema, raw);
  if (issue) {
    throw new MamxError(
      'POLICY_INVALID',
      `${file}:${await position(issue.path)}: ${describeIssue(issue)}`,
      issue.hint ?? hintFor(issue.path),
    );
  }
  const ios = (raw as PolicyFile).ios;
  if (ios?.disableProtectionOfManagedOutboundOpenInData && ios.filterOpenInToOnlyManagedApps) {
    throw new MamxError(
      'POLICY_INVALID',
      `${file}:${await position(['ios', 'filterOpenInToOnlyManagedApps'])}: ios: disableProtectionOfManagedOutboundOpenInData and filterOpenInToOnlyManagedApps are both true; Intune offers one or the other`,
      'keep the one that says what the policy does ("with OS sharing" or "with Open-In/Share filtering")',
    );
  }
  return { raw, ...(scan && { scan }) };
}

/** YAML 1.2 core schema (dates stay strings), duplicate keys rejected, one document. */
function readYaml(file: string, text: string): unknown {
  try {
    return loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof RangeError)
      throw new MamxError('POLICY_INVALID', `${file}: nested too deeply to read; a policy file is never more than a few levels deep`);
    if (!(e instanceof YAMLException)) throw e;
    const where = yamlErrorPosition(e);
    throw new MamxError('POLICY_INVALID', `${file}:${where}: not valid YAML: ${e.reason}`);
  }
}

/** Item lines from a quick scan, trusted only if every item's first line names its value. */
function verifiedItemLines(text: string, list: ListPath, items: readonly unknown[]): number[] | null {
  const found = itemLines(text, list);
  if (!found || found.length !== items.length) return null;
  const rows = text.split('\n');
  const named = (item: unknown) => (typeof item === 'string' ? item : String((item as { value?: unknown }).value));
  return found.every((line, i) => rows[line - 1]!.includes(named(items[i]))) ? found : null;
}

/** The items of the list at `path` in parsed policy data ([] when there is none). */
export function listAt(data: unknown, path: ListPath): unknown[] {
  let node: unknown = data;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return Array.isArray(node) ? node : [];
}

function hintFor(keyPath: readonly PropertyKey[]): string | undefined {
  if (keyPath[0] === 'version') return 'this mamx reads policy files with version: 1';
  return undefined;
}

/** Whether any value is nested deeper than `limit`: a walk without recursion or paths (a policy is large and shallow). */
function deeperThan(root: unknown, limit: number): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const v of children) {
      if (typeof v !== 'object' || v === null) continue;
      values.push(v);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** The key path of the first value nested deeper than `limit`, found without recursion. */
function pathDeeperThan(root: unknown, limit: number): PropertyKey[] | null {
  if (!deeperThan(root, limit)) return null;
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

/**
 * Values kept as stored that Intune can never match (a URL, a space, a wildcard): one notice each,
 * with what was probably meant. Never an error: a row imported from a tenant must survive the trip.
 */
async function unmatchableValues(data: PolicyFile, linesOf: (list: ListPath) => Promise<Array<number | undefined>>): Promise<string[]> {
  const notices: string[] = [];
  for (const platform of PLATFORMS) {
    const list = data[platform]?.exceptions ?? [];
    // Plain loops: a file of 100,000 exceptions is read on every start.
    const bad: Array<{ i: number; part: string }> = [];
    for (let i = 0; i < list.length; i++) {
      const value = list[i]!.value;
      if (isWellFormed(platform, value)) continue; // a ";"-packed row never is
      for (const part of partsOf(value)) if (!isWellFormed(platform, part)) bad.push({ i, part });
    }
    if (bad.length === 0) continue;
    const lines = await linesOf([platform, 'exceptions']);
    for (const { i, part } of bad) {
      const meant = normaliseValue(platform, part);
      const what = platform === 'ios' ? 'a URL scheme' : 'an application ID';
      const suggestion = meant.ok ? `; did you mean ${meant.value}?` : '';
      notices.push(
        `${lines[i] === undefined ? '' : `line ${lines[i]}: `}${platform}.exceptions[${i}]: "${part}" is not ${what} Intune can match${suggestion}`,
      );
    }
  }
  return notices;
}
