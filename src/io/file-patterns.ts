/**
 * `-f` values with wildcards (`policies/*.yaml`, `teams/?/mam-policy.yaml`), expanded the way a
 * shell would, for shells that do not (cmd.exe, a quoted argument): `*` and `?` within one path
 * segment, matches sorted. A value without a wildcard is kept as it is (it need not exist yet).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MamxError } from '../errors.js';

const WILD = /[*?]/;

export function expandFilePatterns(patterns: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!WILD.test(pattern)) {
      files.push(pattern);
      continue;
    }
    const matches = expand(path.resolve(cwd, pattern));
    if (matches.length === 0) throw new MamxError('POLICY_MISSING', `no file matches -f ${JSON.stringify(pattern)}`);
    files.push(...matches);
  }
  return [...new Set(files.map((f) => path.resolve(cwd, f)))];
}

function expand(absolute: string): string[] {
  const { root } = path.parse(absolute);
  let found = [root];
  for (const segment of absolute.slice(root.length).split(path.sep).filter(Boolean)) {
    if (!WILD.test(segment)) {
      found = found.map((dir) => path.join(dir, segment));
      continue;
    }
    const re = new RegExp(
      `^${segment
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/\\\\]*')
        .replace(/\?/g, '[^/\\\\]')}$`,
    );
    found = found.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((name) => re.test(name) && !(name.startsWith('.') && !segment.startsWith('.')))
          .sort()
          .map((name) => path.join(dir, name));
      } catch {
        return [];
      }
    });
  }
  return found.filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
