/** Turns a schema issue into "path.to.key: message", the form every file error takes. */
import type * as z from 'zod/mini';

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return where ? `${where}: ${message}` : message;
}
