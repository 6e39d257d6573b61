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

/**
 * A text's lines, read in place: where each starts, and no string per line until one is asked for
 * (the structural walks run on every line of large files). Line i is what text.split('\n')[i] would be.
 */
class Lines {
  readonly length: number;
  /** Offset of each line's start, and one past the end of the text for the line after the last. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
    this.length = this.starts.length;
    this.starts.push(text.length + 1);
  }

  line(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1]! - 1);
  }

  /** The offset where line i starts. */
  start(i: number): number {
    return this.starts[i]!;
  }

  /** Lines [from, to) as strings. */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(this.line(i));
    return out;
  }

  indent(i: number): number {
    const start = this.starts[i]!;
    const end = this.starts[i + 1]! - 1;
    let at = start;
    while (at < end && (this.text.charCodeAt(at) === 32 || this.text.charCodeAt(at) === 9)) at++;
    return at - start;
  }

  blank(i: number): boolean {
    const end = this.starts[i + 1]! - 1;
    for (let at = this.starts[i]!; at < end; at++) {
      const c = this.text.charCodeAt(at);
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }

  comment(i: number): boolean {
    const at = this.starts[i]! + this.indent(i);
    return at < this.starts[i + 1]! - 1 && this.text.charCodeAt(at) === 35; // '#'
  }

  /** A "- " (or a lone "-") at column `at`. */
  dash(i: number, at: number): boolean {
    const start = this.starts[i]! + at;
    const end = this.starts[i + 1]! - 1;
    return start < end && this.text.charCodeAt(start) === 45 && (start + 1 === end || this.text.charCodeAt(start + 1) === 32);
  }

  /**
   * The first line in [from, to) at whose start `re` (global, multiline, anchored with ^) matches, or
   * -1: the regular expression scans the text natively, where a loop over lines would run in the
   * interpreter on every start of mamx.
   */
  next(re: RegExp, from: number, to: number): number {
    let line = from;
    while (line < to) {
      re.lastIndex = this.starts[line]!;
      const match = re.exec(this.text);
      if (!match) return -1;
      line = this.lineAt(match.index, line);
      if (line >= to) return -1;
      if (match.index === this.starts[line]) return line;
      line++; // ^ also matches after a lone \r or a Unicode line separator inside a line
    }
    return -1;
  }

  /** Every line in [from, to) at whose start `re` matches, in order. */
  all(re: RegExp, from: number, to: number): number[] {
    const found: number[] = [];
    re.lastIndex = this.starts[from]!;
    const limit = this.starts[to]!;
    let line = from;
    for (let match = re.exec(this.text); match !== null && match.index < limit; match = re.exec(this.text)) {
      while (this.starts[line + 1]! <= match.index) line++;
      if (match.index === this.starts[line]) found.push(line);
      if (re.lastIndex === match.index) re.lastIndex++;
    }
    return found;
  }

  /** The line holding `offset`, searched from line `from` on. */
  lineAt(offset: number, from = 0): number {
    let lo = from;
    let hi = this.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The text with lines [from, to) replaced by `insert`: what splicing text.split('\n') and joining it gives. */
  splice(from: number, to: number, insert: readonly string[]): string {
    const before = this.text.slice(0, Math.max(0, this.starts[from]! - 1)); // without the "\n" that ends line from-1
    const after = to < this.length ? this.text.slice(this.starts[to]) : null;
    const parts = [...(from > 0 ? [before] : []), ...insert, ...(after === null ? [] : [after])];
    return parts.join('\n');
  }
}

const escapeKey = (key: string) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyWithValue = (key: string) => new RegExp(`^(?:${escapeKey(key)}|"${escapeKey(key)}"|'${escapeKey(key)}')\\s*:(?:\\s+(.*))?$`);

const ROOT_KEY = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

/** The document is one block mapping at column 0: no flow root, document markers or directives. */
function isBlockMappingRoot(lines: Lines): boolean {
  let first = 0;
  while (first < lines.length && (lines.blank(first) || lines.comment(first))) first++;
  if (first === lines.length || !ROOT_KEY.test(lines.line(first))) return false;
  // No document markers or directives (^ also matches after a lone \r: that only costs the fast path).
  return !/^(?:%|(?:---|\.\.\.)(?:\s|$))/m.test(lines.text);
}

/** The value written after `key:` on its own line, without a trailing comment; null when `key` is not there. */
function findKey(lines: Lines, m: Mapping, key: string): { line: number; rest: string } | null {
  const named = keyWithValue(key);
  for (let i = lines.next(keyAt(m.indent), m.start, m.end); i !== -1; i = lines.next(keyAt(m.indent), i + 1, m.end)) {
    const match = named.exec(lines.line(i).slice(m.indent).trimEnd());
    if (match) return { line: i, rest: (match[1] ?? '').replace(/(^|\s+)#.*$/, '').trim() };
  }
  return null;
}

/** The block mapping that is the value of the key on `keyLine` (keys at `parentIndent`); null if not a block mapping. */
// Regular expressions over a whole line, from its start: `END` is the end of a line (not any line
// terminator, as $ would be), `NOT_BLANK` a line with more than spaces, tabs and CRs.
const END = '(?:\\n|(?![\\s\\S]))';
const NOT_BLANK = `(?![ \\t\\r]*${END})`;
const patterns = new Map<string, RegExp>();
const pattern = (source: string) => patterns.get(source) ?? patterns.set(source, new RegExp(source, 'gm')).get(source)!;
/** A line that is not blank and is indented `indent` or less: what ends a block at `indent`. */
const outdented = (indent: number) => pattern(`^${NOT_BLANK}[ \\t]{0,${indent}}[^ \\t\\n]`);
/** A line that is neither blank nor a comment, indented exactly `indent`. */
const keyAt = (indent: number) => pattern(`^[ \\t]{${indent}}[^ \\t\\r\\n#]`);
/** A "- " (or a lone "-") indented exactly `indent`: an item of a block sequence. */
const dashAt = (indent: number) => pattern(`^[ \\t]{${indent}}-(?: |${END})`);
/**
 * What ends a block sequence with items at `itemIndent` under a key at `keyIndent`: a comment at the
 * key's indentation or less, anything else indented less than the items, or at the items'
 * indentation something that is not a dash.
 */
const sequenceEnd = (keyIndent: number, itemIndent: number) =>
  pattern(
    `^${NOT_BLANK}(?:[ \\t]{0,${keyIndent}}#|${itemIndent > 0 ? `[ \\t]{0,${itemIndent - 1}}[^ \\t\\n#]|` : ''}` +
      `[ \\t]{${itemIndent}}(?:[^ \\t\\n#-]|-[^ \\n]))`,
  );

function childMapping(lines: Lines, keyLine: number, parentIndent: number): Mapping | null {
  const next = lines.next(outdented(parentIndent), keyLine + 1, lines.length);
  const end = next === -1 ? lines.length : next;
  // The block's last content line: trailing blank lines and comments belong to what follows.
  let lastContent = keyLine;
  for (let i = end - 1; i > keyLine; i--) {
    if (!lines.blank(i) && !lines.comment(i)) {
      lastContent = i;
      break;
    }
  }
  let first = keyLine + 1;
  while (first < end && (lines.blank(first) || lines.comment(first))) first++;
  if (first === end) return null;
  const indent = lines.indent(first);
  // The value must be a block mapping too (not a list on the next line).
  if (!ROOT_KEY.test(lines.line(first).slice(indent))) return null;
  return { start: keyLine + 1, end, indent, lastContent };
}

/** The document's last line that is neither blank nor a comment (-1: none), found from the end. */
function lastContentLine(lines: Lines): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!lines.blank(i) && !lines.comment(i)) return i;
  return -1;
}

function locate(lines: Lines, path: ListPath): Located | null {
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

  // Block sequence: items start with "- " at one indentation (which may equal the key's); the first
  // line after the key that is not blank or a more indented comment is the first item's.
  let first = found.line + 1;
  while (first < mapping.end && (lines.blank(first) || (lines.comment(first) && lines.indent(first) > mapping.indent))) first++;
  if (first === mapping.end) return null;
  const itemIndent = lines.indent(first);
  if (!lines.dash(first, itemIndent) || itemIndent < mapping.indent) return null;
  const next = lines.next(sequenceEnd(mapping.indent, itemIndent), first + 1, mapping.end);
  const end = next === -1 ? mapping.end : next;
  const starts = lines.all(dashAt(itemIndent), first, end);
  // Each item ends at its last line that is neither blank nor a comment.
  const items = starts.map((start, j) => {
    let last = (starts[j + 1] ?? end) - 1;
    while (last > start && (lines.blank(last) || lines.comment(last))) last--;
    return { start, end: last };
  });
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

/**
 * Where a block list is in a text, by offsets (of the text as LF-separated lines): what an append
 * needs, so that the next append to the text can start there instead of walking the text again. The
 * read cache keeps it with the text's values, under the text's hash.
 */
export interface YamlListSpan {
  /** The keys on the path, each on its line as the text has them (the verification window's head). */
  header: string[];
  itemIndent: number;
  items: number;
  /** The last item: from the start of its first line to the end of its last content line (before its "\n"). */
  lastStart: number;
  lastEnd: number;
}

export interface Appended {
  text: string;
  /**
   * After the list's last item: where the list is in the new text and (found by a walk) in the text
   * before, and where the new lines went in and how many characters they took (later offsets move by
   * that). A list made or opened (`key: []`) has none.
   */
  span?: YamlListSpan;
  spanBefore?: YamlListSpan;
  at?: number;
  inserted?: number;
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
 * that disagrees with it is left to the Document API. `span`: where the list is in this very text (a
 * previous append's), so the text is not walked; one that disagrees with `known` is not used.
 */
export function appendItem(text: string, path: ListPath, item: ListItem, known: { items?: number }, span?: YamlListSpan): Appended | null {
  if (span && span.items === known.items && span.items > 0) return appendAfter(text, span, item);
  const lines = new Lines(text);
  const at = locate(lines, path);
  if (at === null || (at.kind === 'missing') !== (known.items === undefined)) return null;
  if (at.kind === 'list' && at.items.length !== known.items) return null;
  if (at.kind === 'missing' || at.emptyFlow || at.items.length === 0) return appendByLines(text, lines, at, item);
  const last = at.items[at.items.length - 1]!;
  const spanBefore: YamlListSpan = {
    header: header(at.keys),
    itemIndent: at.itemIndent,
    items: at.items.length,
    lastStart: lines.start(last.start),
    lastEnd: lines.start(last.end) + lines.line(last.end).length,
  };
  return { ...appendAfter(text, spanBefore, item), spanBefore };
}

/** The append after a list's last item, where `span` says it is. */
function appendAfter(text: string, span: YamlListSpan, item: ListItem): Appended {
  const added = renderItem(item, span.itemIndent).join('\n');
  const previous = text.slice(span.lastStart, span.lastEnd);
  const at = span.lastEnd;
  return {
    text: `${text.slice(0, at)}\n${added}${text.slice(at)}`,
    window: [...span.header, previous, added].join('\n'),
    hasPrevious: true,
    span: { ...span, items: span.items + 1, lastStart: at + 1, lastEnd: at + 1 + added.length },
    at,
    inserted: added.length + 1,
  };
}

/** The append of a first item: keys created on the way, or `key: []` opened into a block. */
function appendByLines(text: string, lines: Lines, at: Located, item: ListItem): Appended | null {
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
    const after = at.parent.lastContent + 1;
    return { text: lines.splice(after, after, block), window, hasPrevious: false };
  }
  if (!at.emptyFlow) return null;
  const rendered = renderItem(item, at.itemIndent);
  const window = [...header(at.keys), ...rendered].join('\n');
  const keyLine = lines.line(at.keyLine).replace(/:\s*\[\]/, ':');
  return { text: lines.splice(at.keyLine, at.keyLine + 1, [keyLine, ...rendered]), window, hasPrevious: false };
}

export function removeItem(text: string, path: ListPath, index: number): string | null {
  const lines = new Lines(text);
  const at = locate(lines, path);
  if (at === null || at.kind === 'missing') return null;
  const item = at.items[index];
  if (!item) return null;
  if (at.items.length > 1) return lines.splice(item.start, item.end + 1, []);
  // The list becomes empty: keep the key, as `key: []`, and what stands between it and the item.
  const keyLine = lines
    .line(at.keyLine)
    .replace(/:(\s*)(#.*)?$/, (_m, space: string, comment?: string) => `: []${comment ? `${space || ' '}${comment}` : ''}`);
  return lines.splice(at.keyLine, item.end + 1, [keyLine, ...lines.slice(at.keyLine + 1, item.start)]);
}

/** 1-based line of each item of a list ([] when there is none), or null when the layout is not plain block style. */
export function itemLines(text: string, path: ListPath): number[] | null {
  const at = locate(new Lines(text), path);
  if (at === null) return null;
  return at.kind === 'missing' ? [] : at.items.map((i) => i.start + 1);
}

// --- setting a value at a key path -------------------------------------------------------------

/** A block mapping whose first key may follow a sequence dash (`- value: wbx`): `dashLine` is that line. */
interface Block extends Mapping {
  dashLine?: number;
}

/** The line of `key` in a block (its first line may be a dash line), with the text after the colon. */
function keyIn(lines: Lines, m: Block, key: string): { line: number; rest: string } | null {
  const pattern = keyWithValue(key);
  for (let i = m.start; i < m.end; i++) {
    const atKey = i === m.dashLine ? lines.dash(i, m.indent - 2) : lines.indent(i) === m.indent && !lines.comment(i);
    if (!atKey) continue;
    const match = pattern.exec(lines.line(i).slice(m.indent).trimEnd());
    if (match) return { line: i, rest: (match[1] ?? '').replace(/(^|\s+)#.*$/, '').trim() };
  }
  return null;
}

/** The last line that belongs to the key on `line` (its nested block; trailing blanks and comments excluded). */
function valueEnd(lines: Lines, line: number, keyIndent: number, limit: number): number {
  let last = line;
  for (let i = line + 1; i < limit; i++) {
    if (lines.blank(i)) continue;
    if (lines.indent(i) <= keyIndent) break;
    if (!lines.comment(i)) last = i;
  }
  return last;
}

/** The items of the block sequence under the key on `keyLine` (a key at `keyIndent`), or null. */
function sequenceItems(
  lines: Lines,
  keyLine: number,
  keyIndent: number,
  limit: number,
): { indent: number; items: Array<{ start: number; end: number }> } | null {
  const items: Array<{ start: number; end: number }> = [];
  let itemIndent = -1;
  for (let i = keyLine + 1; i < limit; i++) {
    if (lines.blank(i)) continue;
    const indent = lines.indent(i);
    const comment = lines.comment(i);
    if (comment && indent > keyIndent) continue;
    const dash = lines.dash(i, indent);
    if (itemIndent === -1 && dash && indent >= keyIndent) itemIndent = indent;
    if (dash && indent === itemIndent) items.push({ start: i, end: i });
    else if (itemIndent !== -1 && indent > itemIndent && !comment) items[items.length - 1]!.end = i;
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
  const lines = new Lines(text);
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
      if (!seq || !item || !ROOT_KEY.test(lines.line(item.start).slice(seq.indent + 2))) return null;
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
  if (value === undefined) return lines.splice(found.line, last + 1, []);
  if (typeof value === 'string' && last === found.line && found.rest !== '' && !/^[|>]/.test(found.rest)) {
    // A scalar for a scalar on one line: keep what comes before it and any comment after it.
    const line = lines.line(found.line);
    const colon = line.indexOf(':', block.indent);
    const comment = /\s+#.*$/.exec(line.slice(colon + 1))?.[0] ?? '';
    return lines.splice(found.line, found.line + 1, [`${line.slice(0, colon + 1)} ${scalar(value)}${comment}`]);
  }
  if (found.line === block.dashLine) return null;
  const rendered = renderEntry(key, value, block.indent);
  if (!rendered) return null;
  return lines.splice(found.line, last + 1, rendered);
}

/** `value` under the keys of `path`, innermost last: {a: {b: value}}. */
function nestValue(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** A new key at the end of its block (after its last content line); removing a key that is not there changes nothing. */
function insertEntry(lines: Lines, block: Block, key: string, value: unknown, removing: boolean): string | null {
  const text = lines.text;
  if (removing) return text;
  const rendered = renderEntry(key, value, block.indent);
  if (!rendered) return null;
  if (block.lastContent < 0) return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${rendered.join('\n')}\n`;
  return lines.splice(block.lastContent + 1, block.lastContent + 1, rendered);
}
