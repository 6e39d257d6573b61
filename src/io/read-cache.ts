/**
 * What reading a large policy text found, remembered in the user's cache folder under the SHA-256 of
 * mamx's build, the file's format and the text itself: its values (YAML: as js-yaml read them,
 * v8-serialised, so every value comes back exactly) and where its lists are (JSON: all; YAML: those
 * an edit appended to, as it found them). A read or an edit of a text that mamx last wrote, or has
 * read before, then starts from there instead of parsing and checking the whole file again; any
 * other byte in the text is another key. Only texts that read without error are kept, only from
 * MIN_CACHED_CHARS (smaller ones parse faster than the cache is read); past 32 entries, the 16 most
 * recently used are kept. A folder that cannot be written, or an entry that
 * cannot be read, costs a failed open, never an error.
 */
import { mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import os from 'node:os';
import { BUILD } from '../version.js';
import { cacheFolder } from './cache-folder.js';
import type { ListSpan } from './json-scan.js';
import { MIN_CACHED_CHARS } from './read-policy.js';
import type { YamlListSpan } from './yaml-block.js';

export interface CachedRead {
  /** YAML: the values js-yaml read (JSON's come from JSON.parse, which is faster than any cache). */
  data?: unknown;
  /** JSON: where each list is, by its path joined with "/". */
  spans?: Record<string, ListSpan>;
  /** YAML: where lists an edit appended to are, by path, in the text (its LF-separated form). */
  yamlSpans?: Record<string, YamlListSpan>;
}

export interface ReadCache {
  /** The key of a text: null when the text is too small to be worth keeping. */
  keyOf(format: string, body: string): string | null;
  get(key: string): CachedRead | undefined;
  put(key: string, entry: CachedRead): void;
}

const KEEP = 16;

/** The user's read cache, for this build of mamx (none when run from source: no build to bind it to). */
export function userReadCache(env: NodeJS.ProcessEnv): ReadCache | undefined {
  return BUILD === undefined ? undefined : openReadCache(cacheFolder(env, env.HOME ?? env.USERPROFILE ?? os.homedir()), BUILD);
}

export function openReadCache(folder: string, build: string): ReadCache {
  const dir = path.join(folder, 'read');
  const fileOf = (key: string) => path.join(dir, `${key}.v8`);
  return {
    keyOf(format, body) {
      if (body.length < MIN_CACHED_CHARS) return null;
      // node:crypto loads only for a text this large: 1.6 ms of every start otherwise.
      const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
      return createHash('sha256').update(`${build}\0${format}\0`).update(body).digest('hex');
    },
    get(key) {
      try {
        const entry: unknown = deserialize(readFileSync(fileOf(key)));
        if (typeof entry !== 'object' || entry === null) return undefined;
        const now = new Date();
        utimesSync(fileOf(key), now, now); // the newest are kept
        return entry;
      } catch {
        return undefined;
      }
    },
    put(key, entry) {
      const file = fileOf(key);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const fd = openSync(tmp, 'wx', 0o600);
        try {
          const bytes = serialize(entry);
          for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        prune(dir);
      } catch {
        try {
          rmSync(tmp, { force: true });
        } catch {
          // no folder, no file to remove
        }
      }
    },
  };
}

/** Past twice KEEP entries, all but the KEEP most recently used go (so most puts list the folder only). */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.v8'));
  if (names.length <= 2 * KEEP) return;
  const used = (n: string) => {
    try {
      return statSync(path.join(dir, n)).mtimeMs;
    } catch {
      return 0;
    }
  };
  const byAge = names.map((n) => ({ n, t: used(n) })).sort((a, b) => b.t - a.t);
  for (const { n } of byAge.slice(KEEP)) rmSync(path.join(dir, n), { force: true });
}
