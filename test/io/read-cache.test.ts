import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openReadCache } from '../../src/io/read-cache.js';
import { MIN_CACHED_CHARS } from '../../src/io/read-policy.js';
import { tempDir } from '../helpers.js';

const big = (tag: string) => `${tag}\n${'x'.repeat(MIN_CACHED_CHARS)}`;

describe('the read cache', () => {
  it('gives back exactly what was kept, for exactly the text, format and build it was kept for', () => {
    const cache = openReadCache(tempDir(), 'build-1');
    const shared = { value: 'wbx' };
    const data = { n: [NaN, -0, Infinity], list: [shared, shared], ['__proto__']: 'plain key' };
    const key = cache.keyOf('yaml', big('a'))!;
    cache.put(key, { data });
    const back = cache.get(key)!.data as typeof data;
    expect(back.n).toEqual([NaN, -0, Infinity]);
    expect(Object.is(back.n[1], -0)).toBe(true);
    expect(back.list[0]).toBe(back.list[1]);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe('plain key');
    expect(cache.get(cache.keyOf('json', big('a'))!)).toBeUndefined();
    expect(cache.get(cache.keyOf('yaml', big('b'))!)).toBeUndefined();
    expect(cache.get(openReadCache(tempDir(), 'build-2').keyOf('yaml', big('a'))!)).toBeUndefined();
  });

  it('small texts are not kept: they parse faster than an entry is read', () => {
    expect(openReadCache(tempDir(), 'b').keyOf('yaml', 'version: 1\n')).toBeNull();
  });

  it('past 32 entries, keeps the 16 most recently used', () => {
    const folder = tempDir();
    const cache = openReadCache(folder, 'b');
    const keys = Array.from({ length: 33 }, (_, i) => cache.keyOf('yaml', big(`t${i}`))!);
    keys.forEach((key, i) => {
      cache.put(key, { data: i });
      const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      utimesSync(path.join(folder, 'read', `${key}.v8`), t, t);
    });
    expect(readdirSync(path.join(folder, 'read'))).toHaveLength(16);
    expect(cache.get(keys[16]!)).toBeUndefined();
    expect(cache.get(keys[17]!)).toEqual({ data: 17 });
    expect(cache.get(keys[32]!)).toEqual({ data: 32 });
  });

  it('a folder that cannot be written, or an entry that cannot be read, is no entry and no error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    const cache = openReadCache(path.join(dir, 'file'), 'b');
    const key = cache.keyOf('yaml', big('a'))!;
    expect(() => cache.put(key, { data: 1 })).not.toThrow();
    expect(cache.get(key)).toBeUndefined();
  });
});
