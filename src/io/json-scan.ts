/**
 * One linear pass over JSON text (RFC 8259), without recursion, that finds what JSON.parse would
 * reject — with its position (V8's messages often have none, and echo raw bytes of the file) —
 * nesting too deep for the code that follows, and duplicate keys (JSON.parse keeps the last without
 * a word; in a reviewed policy that hides an entry); and, while it passes, the line of every item of
 * the lists asked for, and where a key path starts. JSON.parse then gives the values: together the
 * two read a policy once, in time linear in the file (the YAML parsers it replaces were quadratic in
 * the keys of a mapping, and three times the work).
 */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  col: number;
  message: string;
  duplicate?: boolean;
}

export interface JsonScan {
  error: JsonSyntaxError | null;
  /** 1-based line of each item of each list asked for, by the list's path joined with "/". */
  lines: Map<string, number[]>;
  /** For each list asked for: where its last item starts and ends, and its brackets (offsets). */
  spans: Map<string, ListSpan>;
  /** Where the value at `find` starts, or the deepest of its parents that exists. */
  found?: { line: number; col: number };
}

export interface ListSpan {
  /** Offset of the last item's first character, and just past its last; -1 when the list is empty. */
  lastStart: number;
  lastEnd: number;
  /** Offsets of the "[" and of the "]". */
  open: number;
  close: number;
}

export interface ScanOptions {
  /** Lists (key paths) whose items' lines are wanted. */
  itemsOf?: ReadonlyArray<readonly string[]>;
  /** A key path whose position is wanted (an error's). */
  find?: readonly PropertyKey[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const SEP = '\u0001';

interface Frame {
  open: '{' | '[';
  /** Offset of the bracket, and (in a list asked for) where its current item started. */
  at: number;
  itemStart: number;
  /** The frame's own key path, joined with SEP (the root value's is ''). */
  path: string;
  keys: Set<string> | null;
  key: string;
  index: number;
  /** How many leading keys of `find` this frame's path matches (-1: it went elsewhere). */
  match: number;
}

export function scanJson(text: string, maxDepth: number, o: ScanOptions = {}): JsonScan {
  const n = text.length;
  const stack: Frame[] = [];
  const lines = new Map<string, number[]>();
  const spans = new Map<string, ListSpan>();
  for (const p of o.itemsOf ?? []) lines.set([''].concat(p).join(SEP), []);
  const find = o.find?.map(String);
  let found: { line: number; col: number } | undefined;
  let foundDepth = -1;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let expectValue = true;

  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = ++i;
      } else if (c === 32 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const fail = (message: string, at = i): JsonSyntaxError => {
    // `at` may be behind i (a duplicate key): count its line afresh.
    let l = line;
    let start = lineStart;
    if (at < lineStart) {
      l = 1;
      start = 0;
      for (let k = 0; k < at; k++) {
        if (text.charCodeAt(k) === 10) {
          l++;
          start = k + 1;
        }
      }
    }
    return { offset: at, line: l, col: at - start + 1, message: at >= n ? 'the file ends early' : message };
  };
  /** Moves past a string starting at i; an error, or null. */
  const string = (): JsonSyntaxError | null => {
    i++;
    for (;;) {
      if (i >= n) return fail('');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c < 0x20) return fail(`${describe(text[i]!)} inside a string must be escaped`);
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else {
          i++;
          return fail(`bad escape ${e === undefined ? '' : `"\\${visibleChar(e)}"`} in a string`);
        }
      } else i++;
    }
  };
  /** Moves past `"key" :` (i at the key) and records it on the frame; an error, or null. */
  const key = (frame: Frame): JsonSyntaxError | null => {
    ws();
    if (text[i] !== '"') return fail(`expected a key in double quotes, found ${describe(text[i] ?? '')}`);
    const start = i;
    const bad = string();
    if (bad) return bad;
    const raw = text.slice(start + 1, i - 1);
    const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    if (frame.keys!.has(name)) {
      return { ...fail('', start), message: `duplicate key ${JSON.stringify(name)}`, duplicate: true };
    }
    frame.keys!.add(name);
    frame.key = name;
    ws();
    if (text[i] !== ':') return fail(`expected ":" after the key, found ${describe(text[i] ?? '')}`);
    i++;
    return null;
  };
  /** At the start of a value: its path's bookkeeping (item lines, the position looked for). */
  const valueStarts = () => {
    const top = stack[stack.length - 1];
    if (top?.open === '[') {
      const items = lines.get(top.path);
      if (items) {
        items.push(line);
        top.itemStart = i;
      }
    }
    if (find) {
      const depth = childMatch(top);
      if (depth > foundDepth) {
        foundDepth = depth;
        found = { line, col: i - lineStart + 1 };
      }
    }
  };
  const childPath = (top: Frame | undefined) => (top === undefined ? '' : `${top.path}${SEP}${top.open === '{' ? top.key : top.index}`);
  const childMatch = (top: Frame | undefined) => {
    if (!find) return -1;
    if (top === undefined) return 0;
    if (top.match < 0 || top.match >= find.length) return -1;
    return String(top.open === '{' ? top.key : top.index) === find[top.match] ? top.match + 1 : -1;
  };

  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return { error: fail(''), lines, spans };
      valueStarts();
      const c = text[i]!;
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth)
          return { error: fail(`nested more than ${maxDepth} levels deep; a policy file is never that deep`), lines, spans };
        const top = stack[stack.length - 1];
        const frame: Frame = {
          open: c,
          at: i,
          itemStart: -1,
          path: childPath(top),
          keys: c === '{' ? new Set() : null,
          key: '',
          index: 0,
          match: childMatch(top),
        };
        stack.push(frame);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          if (c === '[' && lines.has(frame.path)) spans.set(frame.path, { lastStart: -1, lastEnd: -1, open: frame.at, close: i });
          stack.pop();
          i++;
          expectValue = false;
        } else if (c === '{') {
          const bad = key(frame);
          if (bad) return { error: bad, lines, spans };
        }
        continue;
      }
      if (c === '"') {
        const bad = string();
        if (bad) return { error: bad, lines, spans };
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return { error: fail(`bad number`), lines, spans };
        i = NUMBER.lastIndex;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return { error: fail(`unexpected ${describe(c)}`), lines, spans };
        i += word.length;
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) {
      return i < n
        ? { error: fail(`unexpected ${describe(text[i]!)} after the end of the JSON value`), lines, spans }
        : { error: null, lines, spans, ...(found && { found }) };
    }
    const close = top.open === '{' ? '}' : ']';
    // Just past a value: where an item of a list asked for ends (the whitespace skipped back over).
    const valueEnd = top.itemStart >= 0 ? lastNonSpace(text, i) : -1;
    if (text[i] === ',') {
      i++;
      if (top.open === '{') {
        const bad = key(top);
        if (bad) return { error: bad, lines, spans };
      } else top.index++;
      expectValue = true;
    } else if (text[i] === close) {
      if (top.open === '[' && lines.has(top.path))
        spans.set(top.path, { lastStart: top.itemStart, lastEnd: valueEnd, open: top.at, close: i });
      stack.pop();
      i++;
    } else {
      return { error: fail(`expected "," or "${close}", found ${describe(text[i] ?? '')}`), lines, spans };
    }
  }
}

/** Just past the last non-space character before `at`. */
function lastNonSpace(text: string, at: number): number {
  let k = at;
  while (k > 0) {
    const c = text.charCodeAt(k - 1);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    k--;
  }
  return k;
}

/** null when the text is one valid JSON value nested at most `maxDepth` deep, with no key twice in a mapping. */
export function jsonSyntaxError(text: string, maxDepth: number): JsonSyntaxError | null {
  return scanJson(text, maxDepth).error;
}

/** Where the value at a key path starts ("line:col"), or its deepest parent that exists. */
export function jsonPosition(text: string, path: readonly PropertyKey[]): string {
  const p = scanJson(text, Infinity, { find: path }).found ?? { line: 1, col: 1 };
  return `${p.line}:${p.col}`;
}

/** The line of each item of a list in a scan ([] when the list is not there). */
export function scannedLines(scan: JsonScan, list: readonly string[]): number[] {
  return scan.lines.get(listKey(list)) ?? [];
}

/** How a scan names a list (its key path joined). */
export function listKey(list: readonly string[]): string {
  return [''].concat(list).join(SEP);
}

/** Where a list asked for is in the text (its last item, its brackets), if it is there. */
export function scannedSpan(scan: JsonScan, list: readonly string[]): ListSpan | undefined {
  return scan.spans.get(listKey(list));
}

function describe(c: string): string {
  return c === '' ? 'the end of the file' : `"${visibleChar(c)}"`;
}

/** A character as it may be printed: control and invisible characters as \u escapes. */
function visibleChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code > 0x7e ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}
