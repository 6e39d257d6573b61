/**
 * Line-level edits of block-style YAML policy files: append an item to a list (found by its key
 * path, e.g. ios → exceptions, or ios → universalLinks → exempted) after its last item, delete an
 * item's lines, or set a value at a key path (ios → exceptions → 3 → expires), leaving every other
 * byte as it was (review diffs show only the change). Each function
 * returns null for a layout it does not handle (flow style, odd indentation); callers then use the
 * yaml Document API. Callers must also verify the result by parsing it: these functions are a fast
 * path, not a YAML parser.
 */
import type { ListItem, ListPath } from '../core/edits.js';

/** A block mapping: the lines it spans, the indentation of its keys and its last content line. */
interface Mapping {
  start: number;
  end: number;
  indent: number;
  lastContent: number;
}

/** Where a list is, or what is missing on the way to it. */
type Located =
  | {
      kind: 'list';
      /** Each key on the path with its indentation (for the verification window). */
      keys: Array<{ key: string; indent: number }>;
      keyLine: number;
      /** `key: []` on one line. */
      emptyFlow: boolean;
      itemIndent: number;
      /** First and last content line of each item. */
      items: Array<{ start: number; end: number }>;
    }
  | {
      kind: 'missing';
      /** The keys that exist, with their indentation, and the ones to create. */
      keys: Array<{ key: string; indent: number }>;
      missing: string[];
      /** The mapping that gets the first missing key (null: the document itself). */
      parent: Mapping | null;
    };

// These run on every line of large files: no allocation per line.
function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}
const isBlank = (line: string): boolean => {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
};
const isComment = (line: string): boolean => line.charCodeAt(indentOf(line)) === 35; // '#'
const isDash = (line: string, at: number): boolean =>
  line.charCodeAt(at) === 45 && (at + 1 === line.length || line.charCodeAt(at + 1) === 32);
const escapeKey = (key: string) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyWithValue = (key: string) => new RegExp(`^(?:${escapeKey(key)}|"${escapeKey(key)}"|'${escapeKey(key)}')\\s*:(?:\\s+(.*))?$`);

const ROOT_KEY = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

/** The document is one block mapping at column 0: no flow root, document markers or directives. */
function isBlockMappingRoot(lines: string[]): boolean {
  const first = lines.find((l) => !isBlank(l) && !isComment(l));
  if (first === undefined || !ROOT_KEY.test(first)) return false;
  // No document markers or directives: checked by first character, as this runs on every line.
  for (const l of lines) {
    const c = l.charCodeAt(0);
    if (c === 37 || ((c === 45 || c === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(l))) return false;
  }
  return true;
}

/** The value written after `key:` on its own line, without a trailing comment; null when `key` is not there. */
function findKey(lines: string[], m: Mapping, key: string): { line: number; rest: string } | null {
  const pattern = keyWithValue(key);
  for (let i = m.start; i < m.end; i++) {
    const l = lines[i]!;
    if (indentOf(l) !== m.indent || isComment(l)) continue;
    const match = pattern.exec(l.slice(m.indent).trimEnd());
    if (match) return { line: i, rest: (match[1] ?? '').replace(/(^|\s+)#.*$/, '').trim() };
  }
  return null;
}

/** The block mapping that is the value of the key on `keyLine` (keys at `parentIndent`); null if not a block mapping. */
function childMapping(lines: string[], keyLine: number, parentIndent: number): Mapping | null {
  let end = keyLine + 1;
  const inside = (l: string) => isBlank(l) || indentOf(l) > parentIndent;
  while (end < lines.length && inside(lines[end]!)) end++;
  // The block's last content line: trailing blank lines and comments belong to what follows.
  let lastContent = keyLine;
  for (let i = end - 1; i > keyLine; i--) {
    if (!isBlank(lines[i]!) && !isComment(lines[i]!)) {
      lastContent = i;
      break;
    }
  }
  let first: string | undefined;
  for (let i = keyLine + 1; i < end && first === undefined; i++) if (!isBlank(lines[i]!) && !isComment(lines[i]!)) first = lines[i];
  if (first === undefined) return null;
  const indent = indentOf(first);
  // The value must be a block mapping too (not a list on the next line).
  if (!ROOT_KEY.test(first.slice(indent))) return null;
  return { start: keyLine + 1, end, indent, lastContent };
}

/** The document's last line that is neither blank nor a comment (-1: none), found from the end. */
function lastContentLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlank(lines[i]!) && !isComment(lines[i]!)) return i;
  return -1;
}

function locate(lines: string[], path: ListPath): Located | null {
  if (!isBlockMappingRoot(lines)) return null;
  let mapping: Mapping = { start: 0, end: lines.length, indent: 0, lastContent: lastContentLine(lines) };
  const keys: Array<{ key: string; indent: number }> = [];
  for (let depth = 0; depth < path.length - 1; depth++) {
    const key = path[depth]!;
    const found = findKey(lines, mapping, key);
    if (!found) return { kind: 'missing', keys, missing: path.slice(depth), parent: depth === 0 ? null : mapping };
    if (found.rest !== '') return null; // flow style or a scalar: the Document API's job
    keys.push({ key, indent: mapping.indent });
    const child = childMapping(lines, found.line, mapping.indent);
    if (!child) return null;
    mapping = child;
  }
  const listKey = path[path.length - 1]!;
  const found = findKey(lines, mapping, listKey);
  if (!found) return { kind: 'missing', keys, missing: [listKey], parent: mapping };
  keys.push({ key: listKey, indent: mapping.indent });
  if (found.rest === '[]') return { kind: 'list', keys, keyLine: found.line, emptyFlow: true, itemIndent: mapping.indent + 2, items: [] };
  if (found.rest !== '') return null;

  // Block sequence: items start with "- " at one indentation (which may equal the key's).
  const items: Array<{ start: number; end: number }> = [];
  let itemIndent = -1;
  for (let i = found.line + 1; i < mapping.end; i++) {
    const line = lines[i]!;
    const indent = indentOf(line);
    if (indent === line.length || isBlank(line) || (isComment(line) && indent > mapping.indent)) continue;
    const dash = isDash(line, indent);
    if (itemIndent === -1 && dash && indent >= mapping.indent) itemIndent = indent;
    if (dash && indent === itemIndent) {
      items.push({ start: i, end: i });
    } else if (itemIndent !== -1 && indent > itemIndent && !isComment(line)) {
      items[items.length - 1]!.end = i;
    } else {
      break;
    }
  }
  if (items.length === 0) return null;
  return { kind: 'list', keys, keyLine: found.line, emptyFlow: false, itemIndent, items };
}

/** A YAML scalar that reads back as exactly `value`: plain where that is unambiguous, else JSON-quoted. */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z][A-Za-z0-9 ._@/+()*:?=&%~-]*$/.test(value) &&
    !/\s$/.test(value) &&
    !value.endsWith(':') &&
    !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #');
  return plain || /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : JSON.stringify(value);
}

function renderItem(item: ListItem, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof item === 'string') return [`${pad}- ${scalar(item)}`];
  const fields = Object.entries(item).filter((f): f is [string, string] => f[1] !== undefined);
  return fields.map(([k, v], i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${k}: ${scalar(v)}`);
}

const header = (keys: ReadonlyArray<{ key: string; indent: number }>) => keys.map(({ key, indent }) => `${' '.repeat(indent)}${key}:`);

export interface Appended {
  text: string;
  /**
   * A small document that must read as `{path: [previous last item?, item]}`: the keys on the path,
   * the list's last item and the new one. Everything before the last item is unchanged text, and
   * everything after the insertion ended the list before and still does; so if the window reads back
   * right (the last item exactly as the whole file had it, which catches a misjudged item end), so
   * does the whole file.
   */
  window: string;
  hasPrevious: boolean;
}

/**
 * `known`: how many items the parsed file holds in the list (undefined: no list there); a layout
 * that disagrees with it is left to the Document API.
 */
export function appendItem(text: string, path: ListPath, item: ListItem, known: { items?: number }): Appended | null {
  const lines = text.split('\n');
  const at = locate(lines, path);
  if (at === null || (at.kind === 'missing') !== (known.items === undefined)) return null;
  if (at.kind === 'list' && at.items.length !== known.items) return null;
  if (at.kind === 'missing') {
    // The missing keys, each nested two deeper than the one before, then the item.
    const base = at.parent === null ? 0 : at.parent.indent;
    const created = at.missing.map((key, i) => `${' '.repeat(base + 2 * i)}${key}:`);
    const block = [...created, ...renderItem(item, base + 2 * at.missing.length)];
    const window = [...header(at.keys), ...block].join('\n');
    if (at.parent === null) {
      const tail = text === '' || text.endsWith('\n') ? '' : '\n';
      return { text: `${text}${tail}${block.join('\n')}\n`, window, hasPrevious: false };
    }
    lines.splice(at.parent.lastContent + 1, 0, ...block);
    return { text: lines.join('\n'), window, hasPrevious: false };
  }
  const rendered = renderItem(item, at.itemIndent);
  if (at.emptyFlow) lines[at.keyLine] = lines[at.keyLine]!.replace(/:\s*\[\]/, ':');
  const last = at.items[at.items.length - 1];
  const insertAfter = last ? last.end : at.keyLine;
  const previous = last ? lines.slice(last.start, last.end + 1) : [];
  lines.splice(insertAfter + 1, 0, ...rendered);
  return { text: lines.join('\n'), window: [...header(at.keys), ...previous, ...rendered].join('\n'), hasPrevious: last !== undefined };
}

export function removeItem(text: string, path: ListPath, index: number): string | null {
  const lines = text.split('\n');
  const at = locate(lines, path);
  if (at === null || at.kind === 'missing') return null;
  const item = at.items[index];
  if (!item) return null;
  if (at.items.length === 1) {
    // The list becomes empty: keep the key, as `key: []`.
    lines[at.keyLine] = lines[at.keyLine]!.replace(
      /:(\s*)(#.*)?$/,
      (_m, space: string, comment?: string) => `: []${comment ? `${space || ' '}${comment}` : ''}`,
    );
  }
  lines.splice(item.start, item.end - item.start + 1);
  return lines.join('\n');
}

/** 1-based line of each item of a list ([] when there is none), or null when the layout is not plain block style. */
export function itemLines(text: string, path: ListPath): number[] | null {
  const at = locate(text.split('\n'), path);
  if (at === null) return null;
  return at.kind === 'missing' ? [] : at.items.map((i) => i.start + 1);
}

// --- setting a value at a key path -------------------------------------------------------------

/** A block mapping whose first key may follow a sequence dash (`- value: wbx`): `dashLine` is that line. */
interface Block extends Mapping {
  dashLine?: number;
}

/** The line of `key` in a block (its first line may be a dash line), with the text after the colon. */
function keyIn(lines: string[], m: Block, key: string): { line: number; rest: string } | null {
  const pattern = keyWithValue(key);
  for (let i = m.start; i < m.end; i++) {
    const l = lines[i]!;
    const atKey = i === m.dashLine ? isDash(l, m.indent - 2) : indentOf(l) === m.indent && !isComment(l);
    if (!atKey) continue;
    const match = pattern.exec(l.slice(m.indent).trimEnd());
    if (match) return { line: i, rest: (match[1] ?? '').replace(/(^|\s+)#.*$/, '').trim() };
  }
  return null;
}

/** The last line that belongs to the key on `line` (its nested block; trailing blanks and comments excluded). */
function valueEnd(lines: string[], line: number, keyIndent: number, limit: number): number {
  let last = line;
  for (let i = line + 1; i < limit; i++) {
    const l = lines[i]!;
    if (isBlank(l)) continue;
    if (indentOf(l) <= keyIndent) break;
    if (!isComment(l)) last = i;
  }
  return last;
}

/** The items of the block sequence under the key on `keyLine` (a key at `keyIndent`), or null. */
function sequenceItems(
  lines: string[],
  keyLine: number,
  keyIndent: number,
  limit: number,
): { indent: number; items: Array<{ start: number; end: number }> } | null {
  const items: Array<{ start: number; end: number }> = [];
  let itemIndent = -1;
  for (let i = keyLine + 1; i < limit; i++) {
    const line = lines[i]!;
    const indent = indentOf(line);
    if (isBlank(line) || (isComment(line) && indent > keyIndent)) continue;
    const dash = isDash(line, indent);
    if (itemIndent === -1 && dash && indent >= keyIndent) itemIndent = indent;
    if (dash && indent === itemIndent) items.push({ start: i, end: i });
    else if (itemIndent !== -1 && indent > itemIndent && !isComment(line)) items[items.length - 1]!.end = i;
    else break;
  }
  return itemIndent === -1 ? null : { indent: itemIndent, items };
}

/** Block YAML lines for `key: value` at `indent`; null for what they do not write (flow-only shapes). */
function renderEntry(key: string, value: unknown, indent: number): string[] | null {
  const pad = ' '.repeat(indent);
  if (typeof value === 'string') return [`${pad}${key}: ${scalar(value)}`];
  if (typeof value === 'number' || typeof value === 'boolean') return [`${pad}${key}: ${String(value)}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}${key}: []`];
    const items: string[] = [];
    for (const item of value as unknown[]) {
      if (typeof item === 'string') items.push(`${pad}  - ${scalar(item)}`);
      else if (
        typeof item === 'object' &&
        item !== null &&
        !Array.isArray(item) &&
        Object.values(item).every((v) => typeof v === 'string')
      ) {
        items.push(...renderItem(item as Record<string, string>, indent + 2));
      } else return null;
    }
    return [`${pad}${key}:`, ...items];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${pad}${key}: {}`];
    const nested: string[] = [`${pad}${key}:`];
    for (const [k, v] of entries) {
      const lines = renderEntry(k, v, indent + 2);
      if (!lines) return null;
      nested.push(...lines);
    }
    return nested;
  }
  return null;
}

/**
 * The text with `value` at `path` (undefined: the key removed), the other lines untouched: a scalar
 * replaced on its line (a comment after it kept), a key's block replaced, a new key written at the end
 * of its mapping, creating the mappings on the way. The path may go through block sequences by index
 * (ios → exceptions → 3 → expires). Null for any layout it does not handle; the caller verifies.
 */
export function setValue(text: string, path: ReadonlyArray<string | number>, value: unknown): string | null {
  const lines = text.split('\n');
  if (!isBlockMappingRoot(lines) || path.length === 0 || typeof path[path.length - 1] !== 'string') return null;
  let block: Block = { start: 0, end: lines.length, indent: 0, lastContent: lastContentLine(lines) };
  for (let depth = 0; depth < path.length - 1; depth++) {
    const key = path[depth]!;
    if (typeof key === 'number') return null; // an index is consumed with the key before it
    const found = keyIn(lines, block, key);
    if (!found) {
      const rest = path.slice(depth + 1);
      if (rest.some((k) => typeof k === 'number')) return null;
      return insertEntry(lines, block, key, nestValue(rest as string[], value), value === undefined);
    }
    if (found.rest !== '') return null; // flow style or a scalar on the way
    const end = valueEnd(lines, found.line, block.indent, block.end) + 1;
    const next = path[depth + 1]!;
    if (typeof next === 'number') {
      const seq = sequenceItems(lines, found.line, block.indent, end);
      const item = seq?.items[next];
      if (!seq || !item || !ROOT_KEY.test(lines[item.start]!.slice(seq.indent + 2))) return null;
      block = { start: item.start, end: item.end + 1, indent: seq.indent + 2, lastContent: item.end, dashLine: item.start };
      depth++;
      if (depth === path.length - 1) return null;
      continue;
    }
    const child = childMapping(lines, found.line, block.indent);
    if (!child) return null;
    block = child;
  }
  const key = path[path.length - 1] as string;
  const found = keyIn(lines, block, key);
  if (!found) return insertEntry(lines, block, key, value, value === undefined);
  const last = valueEnd(lines, found.line, block.indent, block.end);
  if (found.line === block.dashLine) {
    // The item's first key: only a scalar replaced on its line.
    if (last !== found.line || typeof value !== 'string') return null;
  }
  if (value === undefined) {
    lines.splice(found.line, last - found.line + 1);
    return lines.join('\n');
  }
  if (typeof value === 'string' && last === found.line && found.rest !== '' && !/^[|>]/.test(found.rest)) {
    // A scalar for a scalar on one line: keep what comes before it and any comment after it.
    const line = lines[found.line]!;
    const colon = line.indexOf(':', block.indent);
    const comment = /\s+#.*$/.exec(line.slice(colon + 1))?.[0] ?? '';
    lines[found.line] = `${line.slice(0, colon + 1)} ${scalar(value)}${comment}`;
    return lines.join('\n');
  }
  if (found.line === block.dashLine) return null;
  const rendered = renderEntry(key, value, block.indent);
  if (!rendered) return null;
  lines.splice(found.line, last - found.line + 1, ...rendered);
  return lines.join('\n');
}

/** `value` under the keys of `path`, innermost last: {a: {b: value}}. */
function nestValue(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** A new key at the end of its block (after its last content line); removing a key that is not there changes nothing. */
function insertEntry(lines: string[], block: Block, key: string, value: unknown, removing: boolean): string | null {
  if (removing) return lines.join('\n');
  const rendered = renderEntry(key, value, block.indent);
  if (!rendered) return null;
  if (block.lastContent < 0) {
    const text = lines.join('\n');
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${rendered.join('\n')}\n`;
  }
  lines.splice(block.lastContent + 1, 0, ...rendered);
  return lines.join('\n');
}
