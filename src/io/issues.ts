/** The parts of every file error: "line:column" of a YAML error, and a schema issue as "path.to.key: message". */
import type { YAMLException } from 'js-yaml';
import type { Issue } from '../core/schema.js';

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function describeIssue(issue: Issue): string {
  const where = formatPath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** "line:column" (1-based) of a js-yaml error. */
export function yamlErrorPosition(e: YAMLException): string {
  return e.mark ? `${e.mark.line + 1}:${e.mark.column + 1}` : '1:1';
}
