/**
 * Where JSON text first breaks the grammar (RFC 8259), and how. JSON.parse says only that it failed,
 * often without a position (V8: `Unexpected token 'x', "…" is not valid JSON`), and echoes raw
 * bytes of the file; this scan, without recursion, also stops nesting that would overflow the stack.
 */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** null when the text is one valid JSON value nested at most `maxDepth` deep. */
export function jsonSyntaxError(text: string, maxDepth: number): JsonSyntaxError | null {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let expectValue = true;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (message: string): JsonSyntaxError => ({ offset: i, message: i >= n ? 'the file ends early' : message });
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
  /** Moves past `"key" :` (i at the key); an error, or null. */
  const key = (): JsonSyntaxError | null => {
    ws();
    if (text[i] !== '"') return fail(`expected a key in double quotes, found ${describe(text[i] ?? '')}`);
    const bad = string();
    if (bad) return bad;
    ws();
    if (text[i] !== ':') return fail(`expected ":" after the key, found ${describe(text[i] ?? '')}`);
    i++;
    return null;
  };

  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return fail('');
      const c = text[i]!;
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) return fail(`nested more than ${maxDepth} levels deep; a policy file is never that deep`);
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
        } else if (c === '{') {
          const bad = key();
          if (bad) return bad;
        }
        continue;
      }
      if (c === '"') {
        const bad = string();
        if (bad) return bad;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail(`bad number`);
        i = NUMBER.lastIndex;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return fail(`unexpected ${describe(c)}`);
        i += word.length;
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? fail(`unexpected ${describe(text[i]!)} after the end of the JSON value`) : null;
    const close = top === '{' ? '}' : ']';
    if (text[i] === ',') {
      i++;
      if (top === '{') {
        const bad = key();
        if (bad) return bad;
      }
      expectValue = true;
    } else if (text[i] === close) {
      stack.pop();
      i++;
    } else {
      return fail(`expected "," or "${close}", found ${describe(text[i] ?? '')}`);
    }
  }
}

function describe(c: string): string {
  return c === '' ? 'the end of the file' : `"${visibleChar(c)}"`;
}

/** A character as it may be printed: control and invisible characters as \u escapes. */
function visibleChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code > 0x7e ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}
