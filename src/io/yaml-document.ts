/**
 * The yaml library's view of a policy file: node positions (for schema errors and entry lines the
 * quick scan cannot verify) and comment-preserving edits through its Document API (for layouts the
 * line-level editor declines). Loaded only when needed: initialising it costs more than a check.
 */
import { isAlias, isMap, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { EditOp } from '../core/edits.js';

export interface YamlView {
  doc: Document.Parsed;
  line(keyPath: readonly PropertyKey[]): number | undefined;
  position(keyPath: readonly PropertyKey[]): string;
}

export function parseYaml(text: string): YamlView {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const locate = (keyPath: readonly PropertyKey[]) => {
    // The deepest node that exists on the path: a missing key is reported where its parent is.
    for (let n = keyPath.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, n) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]);
    }
    return { line: 1, col: 1 };
  };
  return {
    doc,
    line: (keyPath) => (doc.getIn(keyPath as unknown[], true) ? locate(keyPath).line : undefined),
    position: (keyPath) => {
      const p = locate(keyPath);
      return `${p.line}:${p.col}`;
    },
  };
}

/** Comment-preserving edit through the yaml Document API, for layouts the line-level edit leaves. */
export function editYaml(text: string, ops: readonly EditOp[]): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  for (const op of ops) {
    if (op.op === 'set') {
      if (op.value === undefined) doc.deleteIn(op.path as unknown[]);
      else {
        for (let depth = 1; depth < op.path.length; depth++) {
          if (doc.getIn(op.path.slice(0, depth) as unknown[], true) === undefined)
            doc.setIn(op.path.slice(0, depth) as unknown[], doc.createNode({}));
        }
        doc.setIn(op.path as unknown[], doc.createNode(op.value));
      }
      continue;
    }
    if (op.op === 'remove') {
      doc.deleteIn([...op.list, op.index]);
      continue;
    }
    const item = typeof op.item === 'string' ? op.item : Object.fromEntries(Object.entries(op.item).filter(([, v]) => v !== undefined));
    const list = doc.getIn(op.list, true);
    if (isSeq(list)) {
      if (list.flow && list.items.length === 0) list.flow = false;
      list.add(doc.createNode(item));
      continue;
    }
    // Create the missing mappings on the way, then the list.
    for (let depth = 1; depth < op.list.length; depth++) {
      if (!isMap(doc.getIn(op.list.slice(0, depth), true))) doc.setIn(op.list.slice(0, depth), doc.createNode({}));
    }
    doc.setIn(op.list, doc.createNode([item]));
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * What in the text stands in the way of an edit, for the message: an anchor or alias (removing an
 * anchored item would leave its aliases dangling, and a merged or aliased list is not one the file
 * spells out), or else a plain account.
 */
export function obstacle(text: string, ops: readonly EditOp[]): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
  let found: string | undefined;
  visit(doc, {
    Node(_key, node) {
      if (found) return visit.BREAK;
      const at = (offset: number | undefined) => (offset === undefined ? '' : ` at line ${lines.linePos(offset).line}`);
      if (isAlias(node)) found = `it uses a YAML alias (*${node.source}${at(node.range?.[0])})`;
      // A node's range starts at its value; its anchor may stand on the line before.
      else if (node.anchor) found = `it uses a YAML anchor (&${node.anchor}${at(anchorOffset(text, node.anchor, node.range?.[0]))})`;
      return undefined;
    },
  });
  const where = ops
    .map((o) => (o.op === 'set' ? o.path : o.list).join('.'))
    .filter((v, i, a) => a.indexOf(v) === i)
    .join(', ');
  return found ?? `the edited ${where} would not read back as intended`;
}

function anchorOffset(text: string, anchor: string, valueAt: number | undefined): number | undefined {
  const at = text.lastIndexOf(`&${anchor}`, valueAt);
  return at === -1 ? valueAt : at;
}
