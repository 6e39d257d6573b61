/**
 * Reading and writing policy files. A read either yields a validated policy with the positions of
 * its entries, or a MamxError (exit 3) naming file:line:column; a malformed file is never rewritten.
 * A write applies edit operations to the file's own form (YAML document with its comments, or JSON
 * with its indentation) and replaces the file atomically.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { normaliseValue } from '../core/normalise.js';
import { PolicyFileSchema, type PolicyFile } from '../core/policy-schema.js';
import type { EditOp } from '../core/edits.js';
import type { Platform } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import { MamxError } from '../errors.js';
import { describeIssue, formatPath } from './issues.js';

import { formatOf, type PolicyFormat } from './format.js';

export interface LoadedPolicyFile {
  /** Absolute path. */
  path: string;
  format: PolicyFormat;
  text: string;
  data: PolicyFile;
  /** 1-based line of exception `index` of a platform, where the format allows. */
  lineOf(platform: Platform, index: number): number | undefined;
}

const BOM = '\uFEFF';

export async function readPolicyFile(file: string): Promise<LoadedPolicyFile> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileError(e, file);
  }
  return parsePolicyText(file, text);
}

export function parsePolicyText(file: string, text: string): LoadedPolicyFile {
  const format = formatOf(file);
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  if (body.trim() === '') {
    throw new MamxError('POLICY_INVALID', `${file}:1:1: the policy file is empty`, 'run `mamx init` to write a fresh one');
  }
  let raw: unknown;
  let yamlDoc: YamlView | undefined;
  if (format === 'json') {
    try {
      raw = JSON.parse(body);
    } catch (e) {
      const at = jsonErrorPosition((e as Error).message, body);
      throw new MamxError('POLICY_INVALID', `${file}:${at}: not valid JSON: ${cleanJsonMessage((e as Error).message)}`);
    }
  } else {
    yamlDoc = parseYaml(body);
    const problem = yamlDoc.doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      const where = pos ? `${pos.line}:${pos.col}` : '1:1';
      throw new MamxError('POLICY_INVALID', `${file}:${where}: not valid YAML: ${problem.message.split('\n')[0]}`);
    }
    raw = yamlDoc.doc.toJS({ maxAliasCount: 100 });
  }
  // Positions come from a YAML view of the text; JSON is valid YAML, and is only viewed when needed.
  let view = yamlDoc;
  const getView = (): YamlView => (view ??= parseYaml(body));

  const parsed = PolicyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MamxError('POLICY_INVALID', `${file}:${getView().position(issue.path)}: ${describeIssue(issue)}`, hintFor(issue.path));
  }
  for (const platform of PLATFORMS) {
    const list = parsed.data[platform]?.exceptions ?? [];
    list.forEach((entry, i) => {
      const n = normaliseValue(platform, entry.value);
      if (!n.ok || n.value !== entry.value) {
        const keyPath = [platform, 'exceptions', i, 'value'];
        const why = n.ok ? `write it as "${n.value}"` : n.hint ?? n.message;
        throw new MamxError('POLICY_INVALID', `${file}:${getView().position(keyPath)}: ${formatPath(keyPath)}: "${entry.value}" is not a valid value`, why);
      }
    });
  }
  return {
    path: file,
    format,
    text,
    data: raw as PolicyFile,
    lineOf: (platform, index) => getView().line([platform, 'exceptions', index]),
  };
}

function hintFor(keyPath: readonly PropertyKey[]): string | undefined {
  if (keyPath[0] === 'version') return 'this mamx reads policy files with version: 1';
  return undefined;
}

interface YamlView {
  doc: Document.Parsed;
  line(keyPath: readonly PropertyKey[]): number | undefined;
  position(keyPath: readonly PropertyKey[]): string;
}

function parseYaml(text: string): YamlView {
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

function jsonErrorPosition(message: string, text: string): string {
  const m = /position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `${line}:${col}`;
}

function cleanJsonMessage(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the file ends early');
}

export function fileError(e: unknown, file: string): MamxError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new MamxError('POLICY_MISSING', `${file}: no such policy file`, 'check the path, or run `mamx init`');
  if (code === 'EACCES' || code === 'EPERM') return new MamxError('POLICY_UNREADABLE', `${file}: permission denied`);
  if (code === 'EISDIR') return new MamxError('POLICY_UNREADABLE', `${file}: is a directory, not a policy file`);
  return new MamxError('POLICY_UNREADABLE', `${file}: ${(e as Error).message}`);
}

/** The file's new text after the edits, in its own format. */
export function renderEdits(loaded: LoadedPolicyFile, ops: readonly EditOp[]): string {
  const hasBom = loaded.text.startsWith(BOM);
  const body = hasBom ? loaded.text.slice(BOM.length) : loaded.text;
  const crlf = body.includes('\r\n');
  const out = loaded.format === 'json' ? editJson(body, ops) : editYaml(body, ops);
  return (hasBom ? BOM : '') + (crlf ? out.replace(/\r?\n/g, '\r\n') : out);
}

function editJson(text: string, ops: readonly EditOp[]): string {
  const data = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
  for (const op of ops) {
    const section = (data[op.platform] ??= {});
    const list = (section.exceptions ??= []) as unknown[];
    if (op.op === 'add') list.push({ ...op.entry });
    else list.splice(op.index, 1);
  }
  const indent = /^[ \t]+(?=\S)/m.exec(text)?.[0] ?? (text.trim().includes('\n') ? '  ' : '');
  const trailing = /\r?\n$/.test(text) ? '\n' : '';
  return JSON.stringify(data, null, indent) + trailing;
}

function editYaml(text: string, ops: readonly EditOp[]): string {
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
