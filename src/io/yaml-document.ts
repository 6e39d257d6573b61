/**
 * The yaml library's view of a policy file: node positions (for schema errors and entry lines the
 * quick scan cannot verify) and comment-preserving edits through its Document API (for layouts the
 * line-level editor declines). Loaded only when needed: initialising it costs more than a check.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
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
    const listPath = [op.platform, 'exceptions'];
    if (op.op === 'remove') {
      doc.deleteIn([...listPath, op.index]);
      continue;
    }
    const list = doc.getIn(listPath, true);
    if (isSeq(list)) {
      if (list.flow && list.items.length === 0) list.flow = false;
      list.add(doc.createNode({ ...op.entry }));
    } else {
      const section = doc.getIn([op.platform], true);
      if (!isMap(section)) doc.setIn([op.platform], doc.createNode({}));
      doc.setIn(listPath, doc.createNode([{ ...op.entry }]));
    }
  }
  return doc.toString({ lineWidth: 0 });
}
