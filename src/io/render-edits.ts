/**
 * A policy file's new text after edit operations, in its own form: YAML with its comments, key order
 * and layout (a line-level edit where the layout allows, the yaml Document API otherwise), JSON with
 * its indentation; a BOM and CRLF line ends kept. Whatever path made it, the new text is read back
 * and must hold exactly the data the edits call for before anything is written; an edit that cannot
 * be made safely is a MamxError (exit 3) naming what is in the way, never a guess.
 */
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { EditOp, ListPath } from '../core/edits.js';
import { MamxError } from '../errors.js';
import { listKey, type ListSpan } from './json-scan.js';
import { BOM, listAt, POLICY_LISTS, type LoadedPolicyFile } from './read-policy.js';
import { appendItem, removeItem, setValue, type YamlListSpan } from './yaml-block.js';

export interface Rendered {
  /** The file's new text. */
  text: string;
  /** What it reads as. */
  data: unknown;
  /** JSON items added in place: where the lists now are (offsets in the text without its BOM). */
  spans?: Record<string, ListSpan>;
  /** YAML items appended: where the lists now are, and where a walk found them in the text read. */
  yamlSpans?: Record<string, YamlListSpan>;
  yamlSpansBefore?: Record<string, YamlListSpan>;
}

export async function renderEdits(loaded: LoadedPolicyFile, ops: readonly EditOp[]): Promise<Rendered> {
  const hasBom = loaded.text.startsWith(BOM);
  const body = hasBom ? loaded.text.slice(BOM.length) : loaded.text;
  const crlf = body.includes('\r\n');
  const expected = applyToData(loaded.data, ops);
  let out: string;
  let spans: Record<string, ListSpan> | undefined;
  let yamlSpans: Record<string, YamlListSpan> | undefined;
  let yamlSpansBefore: Record<string, YamlListSpan> | undefined;
  if (loaded.format === 'json') {
    // Items added in place where the layout allows (every other byte kept, checked where it changed),
    // else the whole text anew, read back in full.
    const inPlace = appendJsonInPlace(body, loaded, ops, expected);
    if (inPlace) ({ text: out, spans } = inPlace);
    else {
      out = editJson(body, expected);
      if (!deepEqual(JSON.parse(out), expected)) throw unsafe(loaded.path, 'the JSON written would not read back as intended');
    }
  } else {
    // Offsets are of LF-separated text: a CRLF file's are of no use, and none are kept for it.
    const inPlace = editYamlInPlace(body.replace(/\r\n/g, '\n'), loaded.data, ops, crlf ? null : (loaded.yamlSpans ?? {}));
    out = inPlace?.text ?? (await editThroughDocument(loaded.path, body, ops, expected));
    if (inPlace) ({ spans: yamlSpans, before: yamlSpansBefore } = inPlace);
  }
  // Offsets are of the text as made: CRLF line ends move them.
  const text = (hasBom ? BOM : '') + (crlf ? out.replace(/\r?\n/g, '\r\n') : out);
  return {
    text,
    data: expected,
    ...(spans && !(crlf && !out.includes('\r\n')) && { spans }),
    ...(yamlSpans && { yamlSpans }),
    ...(yamlSpansBefore && Object.keys(yamlSpansBefore).length > 0 && { yamlSpansBefore }),
  };
}

/** The edits applied to plain data: what the file must read as afterwards. Copies only the edited paths. */
function applyToData(data: unknown, ops: readonly EditOp[]): unknown {
  let copy = data;
  for (const op of ops) {
    if (op.op === 'set') {
      copy = setIn(copy, op.path, op.value);
      continue;
    }
    copy = updateIn(copy, op.list, (list) => {
      const next = [...list];
      if (op.op === 'add') next.push(typeof op.item === 'string' ? op.item : definedFields(op.item));
      else next.splice(op.index, 1);
      return next;
    });
  }
  return copy;
}

function updateIn(node: unknown, path: readonly string[], change: (list: unknown[]) => unknown[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return change(Array.isArray(node) ? node : []);
  const obj = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
  return { ...obj, [key]: updateIn(obj[key], rest, change) };
}

/** A copy with `value` at `path` (undefined: the key removed), creating the mappings on the way. */
function setIn(node: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(node) && typeof key === 'number') return (node as unknown[]).map((v, i) => (i === key ? setIn(v, rest, value) : v));
  const obj = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
  if (rest.length === 0 && value === undefined) {
    const { [key]: _gone, ...others } = obj;
    return others;
  }
  return { ...obj, [key]: setIn(obj[key], rest, value) };
}

function definedFields(item: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(item).filter((f): f is [string, string] => f[1] !== undefined));
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

/**
 * Items appended to JSON lists in the text itself, each on its own line at the indentation of the
 * list's last item (or, for an empty list, one step in from the line of its "["). What is read back is
 * what changed: the list's brackets and last item where the scan put them, the new items; every other
 * byte is the old text's. Null when an op is not an add, a list is laid out otherwise (on one line) or
 * a check fails: the whole text is then written anew and read back in full.
 */
function appendJsonInPlace(
  text: string,
  loaded: LoadedPolicyFile,
  ops: readonly EditOp[],
  expected: unknown,
): { text: string; spans: Record<string, ListSpan> } | null {
  if (!loaded.spanOf || ops.length === 0) return null;
  const unit = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const lists = new Map<string, { list: ListPath; items: unknown[] }>();
  for (const op of ops) {
    if (op.op !== 'add') return null;
    const key = listKey(op.list);
    const entry = lists.get(key) ?? { list: op.list, items: [] };
    entry.items.push(typeof op.item === 'string' ? op.item : definedFields(op.item));
    lists.set(key, entry);
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const blank = (from: number, to: number) => /^[ \t\r\n]*$/.test(text.slice(from, to));
  const lineStartOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  // Each edit replaces text[from, to) with `insert`; `last` is where its last item is in `insert`.
  const edits: Array<{ key: string; span: ListSpan; from: number; to: number; insert: string; last: [number, number] }> = [];
  for (const [key, { list, items }] of lists) {
    const span = loaded.spanOf(list);
    const before = listAt(loaded.data, list);
    const after = listAt(expected, list);
    if (!span || text[span.open] !== '[' || text[span.close] !== ']') return null;
    if (after.length !== before.length + items.length || !same(after.slice(before.length), items)) return null;
    let from: number;
    let to: number;
    let indent: string;
    let lead: string;
    let tail: string;
    if (span.lastStart >= 0) {
      if (before.length === 0 || !same(JSON.parse(text.slice(span.lastStart, span.lastEnd)), before[before.length - 1])) return null;
      if (!blank(span.lastEnd, span.close)) return null;
      indent = text.slice(lineStartOf(span.lastStart), span.lastStart);
      if (!/^[ \t]*$/.test(indent) || lineStartOf(span.lastStart) <= span.open) return null; // items share a line
      [from, to, lead, tail] = [span.lastEnd, span.lastEnd, ',', ''];
    } else {
      // An empty list, `[]` or `[ ]`: the items one step in from the line of its "[".
      if (before.length !== 0 || !blank(span.open + 1, span.close)) return null;
      const outer = /^[ \t]*/.exec(text.slice(lineStartOf(span.open)))![0];
      [from, to, indent, lead, tail] = [span.open + 1, span.close, outer + unit, '', `\n${outer}`];
    }
    const rendered = items.map((item) => `\n${indent}${JSON.stringify(item, null, unit).replace(/\n/g, `\n${indent}`)}`);
    const insert = `${lead}${rendered.join(',')}${tail}`;
    const lastEnd = insert.length - tail.length;
    edits.push({ key, span, from, to, insert, last: [lastEnd - rendered[rendered.length - 1]!.length + 1 + indent.length, lastEnd] });
  }
  edits.sort((a, b) => a.from - b.from);
  // How far an offset of the old text moves: by what the edits wholly before it add.
  const shift = (offset: number) => edits.reduce((d, e) => (e.to <= offset ? d + e.insert.length - (e.to - e.from) : d), 0);
  // The lists not edited move with the text; the edited ones are placed as they are written.
  const spans: Record<string, ListSpan> = {};
  for (const list of POLICY_LISTS) {
    const old = loaded.spanOf(list);
    if (!old) continue;
    const moved = (offset: number) => (offset < 0 ? offset : offset + shift(offset));
    spans[listKey(list)] = { lastStart: moved(old.lastStart), lastEnd: moved(old.lastEnd), open: moved(old.open), close: moved(old.close) };
  }
  let out = '';
  let at = 0;
  for (const e of edits) {
    const start = out.length + (e.from - at);
    out += text.slice(at, e.from) + e.insert;
    at = e.to;
    spans[e.key] = {
      open: e.span.open + shift(e.span.open),
      lastStart: start + e.last[0],
      lastEnd: start + e.last[1],
      close: out.length + (e.span.close - e.to),
    };
  }
  out += text.slice(at);
  return { text: out, spans };
}

function editJson(text: string, expected: unknown): string {
  const indent = /^[ \t]+(?=\S)/m.exec(text)?.[0] ?? (text.trim().includes('\n') ? '  ' : '');
  const trailing = /\r?\n$/.test(text) ? '\n' : '';
  return JSON.stringify(expected, null, indent) + trailing;
}

/**
 * The line-level edit (yaml-block.ts), accepted only if it provably reads back as the expected data:
 * an append through its window, anything else by reading the whole result. Otherwise null, and the
 * Document API does the edit. `known`: where lists are in this text (from the read cache; null: keep
 * no positions), kept up to date through the appends and returned with the text (none after another
 * kind of edit); `before`: where the first append's walk found its list in the text as given, when
 * `known` named no list.
 */
function editYamlInPlace(
  text: string,
  data: unknown,
  ops: readonly EditOp[],
  known: Readonly<Record<string, YamlListSpan>> | null,
): { text: string; spans?: Record<string, YamlListSpan>; before?: Record<string, YamlListSpan> } | null {
  let out = text;
  let current = data;
  let rereadAll = false;
  let spans = known ? { ...known } : undefined;
  const before: Record<string, YamlListSpan> = {};
  for (const [i, op] of ops.entries()) {
    if (op.op === 'set') {
      const set = setValue(out, op.path, op.value);
      if (set === null) return null;
      out = set;
      rereadAll = true;
      spans = undefined;
    } else if (op.op === 'add') {
      const list = listAt(current, op.list);
      const exists = hasPath(current, op.list);
      const key = listKey(op.list);
      const appended = appendItem(out, op.list, op.item, exists ? { items: list.length } : {}, spans?.[key]);
      if (!appended) return null;
      const item = typeof op.item === 'string' ? op.item : definedFields(op.item);
      const expected = nest(op.list, [...(appended.hasPrevious ? [list[list.length - 1]] : []), item]);
      if (!readsAs(appended.window, expected)) return null;
      out = appended.text;
      if (i === 0 && appended.spanBefore) before[key] = appended.spanBefore;
      const { span, at, inserted } = appended;
      if (!spans || !span || at === undefined || inserted === undefined) spans = undefined;
      else {
        // What lies after the new lines moved by their length.
        for (const [k, s] of Object.entries(spans))
          if (s.lastStart >= at) spans[k] = { ...s, lastStart: s.lastStart + inserted, lastEnd: s.lastEnd + inserted };
        spans[key] = span;
      }
    } else {
      const removed = removeItem(out, op.list, op.index);
      if (removed === null) return null;
      out = removed;
      rereadAll = true;
      spans = undefined;
    }
    current = applyToData(current, [op]);
  }
  if (rereadAll && !readsAs(out, current)) return null;
  return { text: out, ...(spans && { spans }), ...(known && Object.keys(known).length === 0 && { before }) };
}

function hasPath(data: unknown, path: ListPath): boolean {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return Array.isArray(node);
}

function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function readsAs(text: string, expected: unknown): boolean {
  try {
    return deepEqual(loadYaml(text, { schema: CORE_SCHEMA }), expected);
  } catch {
    return false;
  }
}

/** Layouts the line-level edit leaves (flow style, unusual indentation): the yaml Document API, verified. */
async function editThroughDocument(file: string, text: string, ops: readonly EditOp[], expected: unknown): Promise<string> {
  const { editYaml, obstacle } = await import('./yaml-document.js');
  let out: string;
  try {
    out = editYaml(text, ops);
  } catch {
    throw unsafe(file, obstacle(text, ops));
  }
  if (!readsAs(out.replace(/\r\n/g, '\n'), expected)) throw unsafe(file, obstacle(text, ops));
  return out;
}

function unsafe(file: string, why: string): MamxError {
  return new MamxError(
    'POLICY_UNEDITABLE',
    `${file}: mamx cannot make this change safely: ${why}; nothing was written`,
    'make the change by hand, or write that part out plainly and run mamx again',
  );
}
