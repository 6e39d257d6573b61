/**
 * The read cache, with the built mamx: a series of edits to a large file gives byte for byte the files
 * the same series gives with no cache (a cache folder that cannot be written), in YAML and in JSON,
 * and an entry that is damaged or stale is never believed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBin, tempDir } from '../helpers.js';

function largePolicy(format: 'yaml' | 'json', n: number): string {
  const exceptions = Array.from({ length: n }, (_, i) => ({ value: `app${i}`, name: `App ${i}`, reason: `Business need ${i}` }));
  const policy = { version: 1, ios: { sendOrgData: 'managedApps', exceptions }, android: { sendOrgData: 'managedApps', exceptions: [] } };
  if (format === 'json') return `${JSON.stringify(policy, null, 2)}\n`;
  return `# reviewed\nversion: 1\nios:\n  sendOrgData: managedApps\n  exceptions:\n${exceptions
    .map((e) => `    - value: ${e.value}\n      name: ${e.name}\n      reason: ${e.reason}\n`)
    .join('')}android:\n  sendOrgData: managedApps\n  exceptions: []\n`;
}

/** The commands of a working session: adds to both platforms, a remove, adds after it. */
const SESSION = [
  ['add', '--ios', 'wbx', '--reason', 'Webex'],
  ['add', '--android', 'com.cisco.webex.meetings', '--reason', 'Webex'],
  ['add', '--ios', 'zoomus', 'msteams-x', '--reason', 'meetings'],
  ['remove', '--ios', 'app17'],
  ['add', '--android', 'com.whatsapp', '--reason', 'chat', '--force'],
  // Appends from where the last one left off: both lists at once, then each (the Android list moved).
  ['add', '--ios', 'pairone', '--android', 'com.example.pairone', '--reason', 'pair'],
  ['add', '--ios', 'pairtwo', '--reason', 'pair'],
  ['add', '--android', 'com.example.pairtwo', '--reason', 'pair'],
];

function runSession(dir: string, file: string, cacheHome: string): string[] {
  return SESSION.map((args) => {
    const r = runBin(['-f', file, ...args], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome } });
    expect(r.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(r.code);
    return readFileSync(path.join(dir, file), 'utf8');
  });
}

describe.each(['yaml', 'json'] as const)('a series of edits to a large %s file', (format) => {
  it('writes the same bytes with the cache as without it, and uses it', () => {
    const dir = tempDir();
    const file = `mam-policy.${format}`;
    const text = largePolicy(format, 2000);
    expect(text.length).toBeGreaterThan(64 * 1024);
    writeFileSync(path.join(dir, 'none'), ''); // a file where the cache folder would be: no cache
    writeFileSync(path.join(dir, file), text);
    const without = runSession(dir, file, path.join(dir, 'none'));
    writeFileSync(path.join(dir, file), text);
    const cacheHome = path.join(dir, 'cache');
    const withCache = runSession(dir, file, cacheHome);
    expect(withCache).toEqual(without);
    expect(readdirSync(path.join(cacheHome, 'mamx', 'read')).filter((n) => n.endsWith('.v8')).length).toBeGreaterThan(0);
    // Every step read back in full, by a fresh reader with no cache, is the policy the step meant.
    const final = runBin(['-f', file, 'list', '--json'], { cwd: dir, env: { XDG_CACHE_HOME: path.join(dir, 'none') } });
    const values = JSON.parse(final.stdout).exceptions.map((e: { value: string }) => e.value);
    expect(values).toEqual(expect.arrayContaining(['wbx', 'zoomus', 'msteams-x', 'com.cisco.webex.meetings', 'com.whatsapp']));
    expect(values).not.toContain('app17');
    expect(values).toHaveLength(2000 + 9 - 1);
  });

  it('check reads a large file it read before from the cache: the same answers, lines and notices included', () => {
    const dir = tempDir();
    const file = `mam-policy.${format}`;
    const cacheHome = path.join(dir, 'cache');
    // A value Intune cannot match (a notice), a hit, a miss and a look-alike, as a batch.
    writeFileSync(path.join(dir, file), largePolicy(format, 2000).replace('app1234', 'App 1234'));
    const input = 'ios app1500\nios vendor\nios zoomu\nios app1234\n';
    const check = (home: string) => runBin(['-f', file, 'check', '--stdin'], { cwd: dir, input, env: { XDG_CACHE_HOME: home } });
    const first = check(cacheHome);
    expect(readdirSync(path.join(cacheHome, 'mamx', 'read')).filter((n) => n.endsWith('.v8'))).toHaveLength(1);
    const second = check(cacheHome);
    writeFileSync(path.join(dir, 'none'), '');
    const uncached = check(path.join(dir, 'none'));
    for (const r of [first, second]) {
      expect(r.code).toBe(uncached.code);
      expect(r.stdout).toBe(uncached.stdout);
      expect(r.stderr).toBe(uncached.stderr);
    }
    expect(uncached.stdout).toContain(`${file}:${format === 'yaml' ? 4506 : 7506}`); // app1500's line
    expect(uncached.stderr).toContain('App 1234');
  });

  it('a damaged entry is not believed: the file is read in full again', () => {
    const dir = tempDir();
    const file = `mam-policy.${format}`;
    const cacheHome = path.join(dir, 'cache');
    writeFileSync(path.join(dir, file), largePolicy(format, 2000));
    expect(runBin(['-f', file, 'add', '--ios', 'first', '--reason', 'r'], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome } }).code).toBe(0);
    const folder = path.join(cacheHome, 'mamx', 'read');
    for (const name of readdirSync(folder)) writeFileSync(path.join(folder, name), 'not a serialised entry');
    const r = runBin(['-f', file, 'add', '--ios', 'second', '--reason', 'r'], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome } });
    expect(r.code).toBe(0);
    const list = runBin(['-f', file, 'list', '--json'], { cwd: dir });
    const values = JSON.parse(list.stdout).exceptions.map((e: { value: string }) => e.value);
    expect(values.slice(-2)).toEqual(['first', 'second']);
    expect(values).toHaveLength(2002);
  });

  it('a file changed by hand is read anew, not taken from the entry of its earlier text', () => {
    const dir = tempDir();
    const file = `mam-policy.${format}`;
    const cacheHome = path.join(dir, 'cache');
    const text = largePolicy(format, 2000);
    writeFileSync(path.join(dir, file), text);
    expect(runBin(['-f', file, 'add', '--ios', 'first', '--reason', 'r'], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome } }).code).toBe(0);
    // The same length, one value changed: a duplicate now, which the entry of the old text would not know.
    const edited = readFileSync(path.join(dir, file), 'utf8').replace('app1999', 'app1998');
    writeFileSync(path.join(dir, file), edited);
    const r = runBin(['-f', file, 'add', '--ios', 'second', '--reason', 'r'], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome } });
    if (format === 'yaml') expect(r.code).toBe(0);
    const after = runBin(['-f', file, 'list', '--json'], { cwd: dir, env: { XDG_CACHE_HOME: path.join(dir, 'none') } });
    const values = JSON.parse(after.stdout).exceptions.map((e: { value: string }) => e.value);
    expect(values.filter((v: string) => v === 'app1998')).toHaveLength(2);
    expect(values).not.toContain('app1999');
    expect(values.slice(-1)).toEqual(['second']);
  });
});
