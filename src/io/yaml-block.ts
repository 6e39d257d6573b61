/**
 * Line-level edits of block-style YAML policy files: append an item to a list (found by its key
 * path, e.g. ios → exceptions, or ios → universalLinks → exempted) after its last item, or delete an
 * item's lines, leaving every other byte as it was (review diffs show only the change). Each function
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
const isBlank = (line: string): boolean => indentOf(line) === line.length || /^\s*$/.test(line);
const isComment = (line: string): boolean => line.charCodeAt(indentOf(line)) === 35; // '#'
const isDash = (line: string, at: number): boolean =>
  line.charCodeAt(at) === 45 && (at + 1 === line.length || line.charCodeAt(at + 1) === 32);
const escapeKey = (key: string) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyWithValue = (key: string) => new RegExp(`^(?:${escapeKey(key)}|"${escapeKey(key)}"|'${escapeKey(key)}')\\s*:(?:\\s+(.*))?$`);

const ROOT_KEY = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

/** The document is one block mapping at column 0: no flow root, document markers or directives. */
function isBlockMappingRoot(lines: string[]): boolean {
  const first = lines.find((l) => !isBlank(l) && !isComment(l));
  return first !== undefined && ROOT_KEY.test(first) && !lines.some((l) => /^(?:---|\.\.\.)(?:\s|$)|^%/.test(l));
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
  for (let i = keyLine + 1; i < end; i++) if (!isBlank(lines[i]!) && !isComment(lines[i]!)) lastContent = i;
  const first = lines.slice(keyLine + 1, end).find((l) => !isBlank(l) && !isComment(l));
  if (first === undefined) return null;
  const indent = indentOf(first);
  // The value must be a block mapping too (not a list on the next line).
  if (!ROOT_KEY.test(first.slice(indent))) return null;
  return { start: keyLine + 1, end, indent, lastContent };
}

function locate(lines: string[], path: ListPath): Located | null {
  if (!isBlockMappingRoot(lines)) return null;
  let lastContent = -1;
  for (let i = 0; i < lines.length; i++) if (!isBlank(lines[i]!) && !isComment(lines[i]!)) lastContent = i;
  let mapping: Mapping = { start: 0, end: lines.length, indent: 0, lastContent };
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
