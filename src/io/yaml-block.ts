/**
 * Line-level edits of block-style YAML policy files: append an exception after the last one, or
 * delete an exception's lines, leaving every other byte as it was (review diffs show only the
 * change). Each function returns null for a layout it does not handle (flow style, odd indentation);
 * callers then use the yaml Document API. Callers must also verify the result by parsing it: these
 * functions are a fast path, not a YAML parser.
 */
import type { ExceptionEntry, Platform } from '../core/types.js';

interface ExceptionsBlock {
  /** Index of the `exceptions:` line, or -1 when the section has none. */
  keyLine: number;
  keyIndent: number;
  /** `exceptions: []` on one line. */
  emptyFlow: boolean;
  itemIndent: number;
  /** First and last content line of each item. */
  items: Array<{ start: number; end: number }>;
  /** Where a new item (or a new `exceptions:` key) goes: after this line. */
  insertAfter: number;
  /** Indentation of the section's keys. */
  childIndent: number;
}

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
const keyPattern = (key: string) => new RegExp(`^(?:${key}|"${key}"|'${key}')\\s*:(?:\\s+#.*)?\\s*$`);
const keyWithValue = (key: string) => new RegExp(`^(?:${key}|"${key}"|'${key}')\\s*:\\s*(.*)$`);
const EXCEPTIONS_KEY = keyWithValue('exceptions');

const ROOT_KEY = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

/** The document is one block mapping at column 0: no flow root, document markers or directives. */
function isBlockMappingRoot(lines: string[]): boolean {
  const first = lines.find((l) => !isBlank(l) && !isComment(l));
  return first !== undefined && ROOT_KEY.test(first) && !lines.some((l) => /^(?:---|\.\.\.)(?:\s|$)|^%/.test(l));
}

/** The exceptions block of a platform's section; null when the layout is not plain block style. */
function locate(lines: string[], platform: Platform): ExceptionsBlock | null | 'no-section' {
  if (!isBlockMappingRoot(lines)) return null;
  const sectionKey = keyPattern(platform);
  const start = lines.findIndex((l) => indentOf(l) === 0 && sectionKey.test(l.trimEnd()));
  if (start === -1) {
    return lines.some((l) => indentOf(l) === 0 && keyWithValue(platform).test(l)) ? null : 'no-section';
  }
  let end = start + 1;
  while (end < lines.length && (isBlank(lines[end]!) || indentOf(lines[end]!) > 0)) end++;
  // The section's last content line: trailing blank lines and comments belong to what follows.
  let lastContent = start;
  for (let i = start + 1; i < end; i++) if (!isBlank(lines[i]!) && !isComment(lines[i]!)) lastContent = i;
  const firstChild = lines.slice(start + 1, end).find((l) => !isBlank(l) && !isComment(l));
  const childIndent = firstChild ? indentOf(firstChild) : 2;
  // The section's value must be a block mapping too (not `{}` or a list on the next line).
  if (firstChild && !ROOT_KEY.test(firstChild.slice(childIndent))) return null;

  let keyLine = -1;
  for (let i = start + 1; i < end && keyLine === -1; i++) {
    const l = lines[i]!;
    if (indentOf(l) === childIndent && EXCEPTIONS_KEY.test(l.slice(childIndent))) keyLine = i;
  }
  if (keyLine === -1) {
    return {
      keyLine: -1,
      keyIndent: childIndent,
      emptyFlow: false,
      itemIndent: childIndent + 2,
      items: [],
      insertAfter: lastContent,
      childIndent,
    };
  }
  const rest = (EXCEPTIONS_KEY.exec(lines[keyLine]!.trim())?.[1] ?? '').replace(/\s+#.*$/, '').trim();
  const emptyFlow = rest === '[]';
  if (rest !== '' && rest !== '[]' && !rest.startsWith('#')) return null;
  if (emptyFlow) {
    return { keyLine, keyIndent: childIndent, emptyFlow, itemIndent: childIndent + 2, items: [], insertAfter: keyLine, childIndent };
  }

  // Block sequence: items start with "- " at one indentation (which may equal the key's).
  const items: Array<{ start: number; end: number }> = [];
  let itemIndent = -1;
  let i = keyLine + 1;
  for (; i < end; i++) {
    const line = lines[i]!;
    const indent = indentOf(line);
    if (indent === line.length || isBlank(line) || (isComment(line) && indent > childIndent)) continue;
    const dash = isDash(line, indent);
    if (itemIndent === -1 && dash && indent >= childIndent) itemIndent = indent;
    if (dash && indent === itemIndent) {
      items.push({ start: i, end: i });
    } else if (itemIndent !== -1 && indent > itemIndent && !isComment(line)) {
      items[items.length - 1]!.end = i;
    } else if (!isComment(line) || indent <= childIndent) {
      break;
    }
  }
  if (items.length === 0) return null;
  return { keyLine, keyIndent: childIndent, emptyFlow, itemIndent, items, insertAfter: items[items.length - 1]!.end, childIndent };
}

/** A YAML scalar that reads back as exactly `value`: plain where that is unambiguous, else JSON-quoted. */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z][A-Za-z0-9 ._@/+()-]*$/.test(value) &&
    !/\s$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #');
  return plain || /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : JSON.stringify(value);
}

function renderItem(entry: ExceptionEntry, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const fields = Object.entries(entry).filter(([, v]) => v !== undefined);
  return fields.map(([k, v], i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${k}: ${scalar(String(v))}`);
}

export interface Appended {
  text: string;
  /**
   * A small document that must read as `{[platform]: {exceptions: [previous last item?, entry]}}`:
   * the section key, the exceptions key, the list's last item and the new one. Everything before the
   * last item is unchanged text, and everything after the insertion ended the list before and still
   * does; so if the window reads back right (the last item exactly as the whole file had it, which
   * catches a misjudged item end), so does the whole file.
   */
  window: string;
  hasPrevious: boolean;
}

/**
 * `known`: what the parsed file holds for this platform (the section, and its list's length if any);
 * a layout that disagrees with it is left to the Document API.
 */
export function appendEntry(
  text: string,
  platform: Platform,
  entry: ExceptionEntry,
  known: { section: boolean; items?: number },
): Appended | null {
  const lines = text.split('\n');
  const block = locate(lines, platform);
  if (block === null || (block === 'no-section') === known.section) return null;
  if (block !== 'no-section' && (block.keyLine === -1 ? known.items !== undefined : block.items.length !== (known.items ?? -1)))
    return null;
  if (block === 'no-section') {
    const tail = text === '' || text.endsWith('\n') ? '' : '\n';
    const section = `${platform}:\n  exceptions:\n${renderItem(entry, 4).join('\n')}\n`;
    return { text: `${text}${tail}${section}`, window: section, hasPrevious: false };
  }
  const item = renderItem(entry, block.itemIndent);
  const header = `${platform}:\n${' '.repeat(block.keyIndent)}exceptions:\n`;
  if (block.keyLine === -1) {
    lines.splice(block.insertAfter + 1, 0, `${' '.repeat(block.keyIndent)}exceptions:`, ...item);
    return { text: lines.join('\n'), window: header + item.join('\n'), hasPrevious: false };
  }
  if (block.emptyFlow) lines[block.keyLine] = lines[block.keyLine]!.replace(/:\s*\[\]/, ':');
  const last = block.items[block.items.length - 1];
  const previous = last ? lines.slice(last.start, block.insertAfter + 1) : [];
  lines.splice(block.insertAfter + 1, 0, ...item);
  return { text: lines.join('\n'), window: header + [...previous, ...item].join('\n'), hasPrevious: last !== undefined };
}

export function removeEntry(text: string, platform: Platform, index: number): string | null {
  const lines = text.split('\n');
  const block = locate(lines, platform);
  if (block === null || block === 'no-section') return null;
  const item = block.items[index];
  if (!item) return null;
  if (block.items.length === 1) {
    // The list becomes empty: keep the key, as `exceptions: []`.
    lines[block.keyLine] = lines[block.keyLine]!.replace(
      /:(\s*)(#.*)?$/,
      (_m, space: string, comment?: string) => `: []${comment ? `${space || ' '}${comment}` : ''}`,
    );
  }
  lines.splice(item.start, item.end - item.start + 1);
  return lines.join('\n');
}

/** 1-based line of each exception of a platform, or null when the layout is not plain block style. */
export function entryLines(text: string, platform: Platform): number[] | null {
  const block = locate(text.split('\n'), platform);
  if (block === null) return null;
  if (block === 'no-section') return [];
  return block.items.map((i) => i.start + 1);
}
