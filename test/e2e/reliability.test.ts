/**
 * Shared files: concurrent writers, processes killed, paused and signalled mid-write, a full disk,
 * a colleague's editor saving meanwhile, locks, links, permissions and every kind of malformed file,
 * with real processes on the real file system. The suite counts the faults it injects and the writes
 * lost (a writer that exited 0 whose change is not in the file), and prints both at the end.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { parsePolicyText } from '../../src/io/read-policy.js';
import { BIN, binEnv, FIXTURES, fixture, read, runBin, runBinAsync, tempDir } from '../helpers.js';

const faults = { kills: 0, stops: 0, signals: 0, fullDisks: 0, externalSaves: 0 };
let lostWrites = 0;
let tests = 0;
beforeEach(() => tests++);
afterAll(() => {
  const injected = Object.values(faults).reduce((a, b) => a + b, 0);
  const parts = Object.entries(faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  process.stderr.write(`reliability suite: ${tests} tests, ${injected} faults injected (${parts}), writes lost: ${lostWrites}\n`);
});

/** Counts, then asserts, the writers that reported success but whose value is not in the file. */
function expectNoLostWrites(cwd: string, writers: Array<{ value: string; code: number }>): void {
  const present = new Set(values(cwd));
  const lost = writers.filter((w) => w.code === 0 && !present.has(w.value));
  lostWrites += lost.length;
  expect(lost).toEqual([]);
}

const isTemp = (name: string) => /^mam-policy\.yaml\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);

const values = (cwd: string, file = 'mam-policy.yaml'): string[] => {
  const r = runBin(['list', '--json', '-f', file], { cwd });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).exceptions.map((e: { value: string }) => e.value);
};

describe('concurrent writers', () => {
  it('40 concurrent adds to one file all land', async () => {
    const cwd = tempDir();
    expect(runBin(['init'], { cwd }).code).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => runBinAsync(['add', '--ios', `app${i}`, '--reason', 'load'], { cwd })),
    );
    expect(results.map((r) => r.code)).toEqual(Array(40).fill(0));
    expect(values(cwd).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `app${i}`).sort());
    expect(existsSync(path.join(cwd, 'mam-policy.yaml.lock'))).toBe(false);
  });

  it('concurrent first adds with no file create it once and all land', async () => {
    const cwd = tempDir();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runBinAsync(['add', '--android', `com.example.app${i}`, '--reason', 'r'], { cwd })),
    );
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(values(cwd)).toHaveLength(10);
    expect(results.filter((r) => r.stderr.includes('created')).length).toBe(1);
  });
});

describe('SIGKILL at random points never leaves a broken file or loses an entry', () => {
  it('25 kills of adds to a 2,000-exception file, half of them the moment the write starts', async () => {
    const cwd = tempDir();
    let text = 'version: 1\nios:\n  exceptions:\n';
    for (let i = 0; i < 2000; i++) text += `    - value: base${i}\n      reason: Existing entry ${i}\n`;
    const file = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(file, text);
    // The file must load (the real parser, in-process for speed) and keep every earlier entry.
    const load = async () => ((await parsePolicyText(file, readFileSync(file, 'utf8'))).data.ios?.exceptions ?? []).map((e) => e.value);
    // A seeded generator, so a failure can be replayed.
    let seed = 20261123;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

    let expected = await load();
    let landed = 0;
    let midWrite = 0;
    for (let round = 0; round < 25; round++) {
      const child = spawn(process.execPath, [BIN, 'add', '--ios', `kill${round}`, '--reason', 'r'], {
        cwd,
        env: binEnv(cwd),
        stdio: 'ignore',
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      const kill = () => child.kill('SIGKILL');
      let watcher: FSWatcher | undefined;
      let timer: NodeJS.Timeout | undefined;
      if (round % 2 === 0) {
        // The moment a temporary file appears beside the policy, the write is under way.
        watcher = watch(cwd, (_event, name) => {
          if (name && isTemp(name)) kill();
        });
      } else {
        timer = setTimeout(kill, Math.floor(random() * 400));
      }
      await exited;
      watcher?.close();
      clearTimeout(timer);
      faults.kills++;
      const leftovers = readdirSync(cwd).filter(isTemp);
      if (leftovers.length > 0) midWrite++;
      for (const f of leftovers) rmSync(path.join(cwd, f));
      // A killed holder's lock is taken over after 10 s (tested below); remove it so the next round runs now.
      rmSync(path.join(cwd, 'mam-policy.yaml.lock'), { recursive: true, force: true });

      const now = await load();
      expect(now.slice(0, expected.length)).toEqual(expected);
      expect(now.length - expected.length).toBeLessThanOrEqual(1);
      if (now.length > expected.length) landed++;
      expected = now;
    }
    expect(expected.length).toBe(2000 + landed);
    expect(midWrite).toBeGreaterThan(0);
    process.stderr.write(
      `kills: 25; killed while the temporary file was on disk (mid-write): ${midWrite}; entry landed before the kill: ${landed}\n`,
    );
  });
});

describe('locks', () => {
  it('a lock left behind by a crashed mamx is taken over once stale', () => {
    const cwd = tempDir();
    fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const lockDir = path.join(cwd, 'mam-policy.yaml.lock');
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    expect(runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd }).code).toBe(0);
    expect(values(cwd)).toContain('zoomus');
    expect(existsSync(lockDir)).toBe(false);
  });

  it('a live lock makes a writer wait, then exit 3 "locked by another mamx since"; readers are not blocked', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const before = readFileSync(file);
    mkdirSync(path.join(cwd, 'mam-policy.yaml.lock'));
    const r = runBin(['add', '--ios', 'zoomus', '--json'], { cwd, env: { MAMX_LOCK_TIMEOUT: '1' } });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'POLICY_LOCKED',
      message: expect.stringMatching(/locked by another mamx since \d{4}-\d\d-\d\dT/),
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(runBin(['check', '--ios', 'wbx'], { cwd }).code).toBe(0);
  });
});

describe('links and permissions', () => {
  it('a symlinked policy file is edited through to its target; the link survives', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'share'));
    const target = fixture('clean-policy.yaml', path.join(cwd, 'share'), 'team.yaml');
    symlinkSync(target, path.join(cwd, 'mam-policy.yaml'));
    expect(runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd }).code).toBe(0);
    expect(runBin(['remove', '--ios', 'wbx'], { cwd }).code).toBe(0);
    expect(lstatSync(path.join(cwd, 'mam-policy.yaml')).isSymbolicLink()).toBe(true);
    expect(read(target)).toContain('- value: zoomus');
    expect(read(target)).not.toContain('- value: wbx');
    expect(readdirSync(path.join(cwd, 'share'))).toEqual(['team.yaml']);
  });

  // As root, permissions do not bind: the writer then runs as "nobody".
  const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  const runAs = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: binEnv(cwd), encoding: 'utf8', ...asOther });
    return { code: r.status ?? -1, stderr: r.stderr };
  };

  it('a read-only file is exit 3 and unchanged', () => {
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    chmodSync(file, 0o444);
    if (asOther) chmodSync(cwd, 0o777); // the folder is writable: only the file says no
    const before = readFileSync(file);
    const r = runAs(['add', '--ios', 'zoomus', '--reason', 'r'], cwd);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/read-only/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a read-only folder is exit 3 and nothing changes', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    chmodSync(file, 0o666);
    chmodSync(cwd, 0o555);
    const before = readFileSync(file);
    const r = runAs(['add', '--ios', 'zoomus', '--reason', 'r'], cwd);
    chmodSync(cwd, 0o755);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/read-only/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('malformed files of every kind: exit 3 with path:line, never rewritten', () => {
  const valid = read(path.join(FIXTURES, 'clean-policy.yaml'));
  it.each([
    ['truncated YAML', 'mam-policy.yaml', `${valid.slice(0, valid.indexOf('reason: Open') + 8)}"Open meeting`, /:\d+:\d+: not valid YAML/],
    [
      'truncated JSON',
      'mam-policy.json',
      '{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "wbx"',
      /mam-policy\.json:\d+:\d+: not valid JSON/,
    ],
    [
      'wrong type: exceptions is a string',
      'mam-policy.yaml',
      'version: 1\nios:\n  exceptions: wbx\n',
      /mam-policy\.yaml:3:\d+: ios\.exceptions: /,
    ],
    ['wrong type: version is a string', 'mam-policy.json', '{\n  "version": "1"\n}\n', /mam-policy\.json:2:\d+: version: /],
    ['unknown version', 'mam-policy.yaml', 'version: 3\n', /mam-policy\.yaml:1:\d+: version: /],
    [
      'duplicate keys in YAML',
      'mam-policy.yaml',
      'version: 1\nios: {}\nios: {}\n',
      /mam-policy\.yaml:3:\d+: not valid YAML: duplicated mapping key/,
    ],
    ['duplicate keys in JSON', 'mam-policy.json', '{"version": 1,\n "version": 1}\n', /mam-policy\.json:2:\d+: duplicate key/],
    [
      'a BOM before broken YAML',
      'mam-policy.yaml',
      '\uFEFFversion: 1\nios:\n  exceptions: [\n',
      /mam-policy\.yaml:\d+:\d+: not valid YAML/,
    ],
    [
      'CRLF with a bad setting',
      'mam-policy.yaml',
      'version: 1\r\nios:\r\n  exceptions: []\r\n  dialer: sometimes\r\n',
      /mam-policy\.yaml:4:\d+: ios\.dialer: expected allApps, managedApps, blocked or \{customApp/,
    ],
    ['empty', 'mam-policy.yaml', '', /mam-policy\.yaml:1:1: the policy file is empty/],
    ['only a comment', 'mam-policy.yaml', '# nothing yet\n', /mam-policy\.yaml:1:\d+: /],
    ['two YAML documents', 'mam-policy.yaml', 'version: 1\n---\nversion: 1\n', /mam-policy\.yaml:\d+:\d+: not valid YAML/],
  ])('%s', (_what, name, content, message) => {
    const cwd = tempDir();
    const file = path.join(cwd, name);
    writeFileSync(file, content);
    const before = readFileSync(file);
    for (const args of [['add', '--ios', 'zoomus'], ['remove', '--ios', 'wbx'], ['check', '--ios', 'wbx'], ['list'], ['audit']]) {
      const r = runBin(args, { cwd });
      expect([args[0], r.code]).toEqual([args[0], 3]);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a BOM and CRLF line endings are not malformed: the file loads and edits keep both', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(file, '\uFEFFversion: 1\r\nios:\r\n  exceptions:\r\n    - value: wbx\r\n      reason: Meetings\r\n');
    expect(runBin(['check', '--ios', 'wbx'], { cwd }).code).toBe(0);
    expect(runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd }).code).toBe(0);
    const text = read(file);
    expect(text.startsWith('\uFEFFversion: 1\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(values(cwd)).toEqual(['wbx', 'zoomus']);
  });
});

describe('extends', () => {
  it('a team policy extending an org baseline: check names the file that allowed a value; remove of an inherited value names the file to edit', () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'org'));
    mkdirSync(path.join(cwd, 'team'));
    writeFileSync(
      path.join(cwd, 'org', 'baseline.yaml'),
      '# Org baseline\nversion: 1\nios:\n  exceptions:\n    - value: maps\n      reason: Addresses\n',
    );
    writeFileSync(
      path.join(cwd, 'team', 'mam-policy.yaml'),
      'version: 1\nextends: [../org/baseline.yaml]\nios:\n  exceptions:\n    - value: wbx\n      reason: Meetings\n',
    );
    const team = path.join(cwd, 'team');
    const v = JSON.parse(runBin(['check', '--ios', 'maps', 'wbx', '--json'], { cwd: team }).stdout).verdicts;
    expect(v[0]).toMatchObject({ verdict: 'allow', reason: 'exception', source: `${path.join(cwd, 'org', 'baseline.yaml')}:5` });
    expect(v[1]).toMatchObject({ verdict: 'allow', source: `${path.join(team, 'mam-policy.yaml')}:5` });
    const rm = runBin(['remove', '--ios', 'maps'], { cwd: team });
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain(`inherited from ${path.join(cwd, 'org', 'baseline.yaml')}`);
    expect(rm.stderr).toContain(`mamx remove --file ${path.join(cwd, 'org', 'baseline.yaml')} --ios maps`);
  });

  it('a cycle and a missing file are exit 3 showing the chain', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'a.yaml'), 'version: 1\nextends: b.yaml\n');
    writeFileSync(path.join(cwd, 'b.yaml'), 'version: 1\nextends: a.yaml\n');
    writeFileSync(path.join(cwd, 'c.yaml'), 'version: 1\nextends: [missing.yaml]\n');
    const cycle = runBin(['check', '-f', 'a.yaml', '--ios', 'wbx'], { cwd });
    expect(cycle.code).toBe(3);
    expect(cycle.stderr).toContain(`${path.join(cwd, 'a.yaml')} -> ${path.join(cwd, 'b.yaml')} -> ${path.join(cwd, 'a.yaml')}`);
    const missing = runBin(['check', '-f', 'c.yaml', '--ios', 'wbx'], { cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`${path.join(cwd, 'c.yaml')} -> ${path.join(cwd, 'missing.yaml')}`);
  });
});

describe('a hand-commented policy keeps every comment through add and remove', () => {
  it('team-policy.yaml: only the changed item differs', () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file);
    const comments = before.split('\n').filter((l) => l.includes('#'));
    expect(comments.length).toBe(7);
    expect(runBin(['add', '--ios', 'slack', '--reason', 'Chat'], { cwd }).code).toBe(0);
    expect(runBin(['add', '--android', 'us.zoom.videomeetings', '--reason', 'Meetings'], { cwd }).code).toBe(0);
    expect(runBin(['remove', '--ios', 'zoomus'], { cwd }).code).toBe(0);
    expect(runBin(['remove', '--ios', 'slack', '--android', 'us.zoom.videomeetings'], { cwd }).code).toBe(0);
    const after = read(file);
    for (const c of comments) expect(after.split('\n')).toContain(c);
    const zoomus = [
      '    - value: zoomus',
      '      name: Zoom',
      '      reason: Customer meetings',
      '      ticket: "CHG-1300"',
      '      added: 2026-02-01',
    ];
    expect(after).toBe(before.replace(`${zoomus.join('\n')}\n`, ''));
  });
});

/** The text of a policy of `n` exceptions, large enough that a writer is still at work when it is paused. */
function bigPolicyText(n: number): string {
  let text = 'version: 1\nios:\n  exceptions:\n';
  for (let i = 0; i < n; i++) text += `    - value: base${i}\n      reason: Existing entry ${i}\n`;
  return text;
}

function bigPolicy(cwd: string, n: number): string {
  const file = path.join(cwd, 'mam-policy.yaml');
  writeFileSync(file, bigPolicyText(n));
  return file;
}

interface Writer {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

// A failed assertion must not leave a paused writer behind (jest would wait for it forever).
const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startAdd(cwd: string, value: string, env: NodeJS.ProcessEnv = {}): Writer {
  const child = spawn(process.execPath, [BIN, 'add', '--ios', value, '--reason', 'r'], {
    cwd,
    env: binEnv(cwd, env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/**
 * Starts `add --ios value` and stops it (SIGSTOP) while it holds the lock: when the lock folder
 * appears (inotify, not polling), or `pauseAfterMs` later. Returns null when the writer finished
 * before it could be stopped holding the lock; the caller then sets the scenario up again.
 */
async function stopWhileLocked(cwd: string, value: string, pauseAfterMs = 0): Promise<Writer | null> {
  const lock = path.join(cwd, 'mam-policy.yaml.lock');
  let a!: Writer;
  let watcher: FSWatcher | undefined;
  await new Promise<void>((resolve) => {
    watcher = watch(cwd, (_e, n) => n === 'mam-policy.yaml.lock' && resolve());
    a = startAdd(cwd, value);
    void a.exited.then(() => resolve());
  });
  watcher?.close();
  // Where in its work A is paused (before, during or after its read): a choice, not a race fix.
  if (pauseAfterMs > 0) await new Promise((r) => setTimeout(r, pauseAfterMs));
  a.child.kill('SIGSTOP');
  if (a.child.exitCode === null && a.child.signalCode === null && existsSync(lock)) return a;
  a.child.kill('SIGCONT');
  await a.exited;
  return null;
}

/**
 * Runs `scenario` in a fresh folder until the writer could be stopped holding the lock (at most 5
 * tries). A writer that finished within the pause holds the lock for less than it: the next try
 * pauses half as long, the last two not at all (an edit that the read cache serves holds the lock
 * for a few milliseconds).
 */
async function withStoppedWriter<T>(
  make: (cwd: string) => void,
  value: string,
  pauseAfterMs: number,
  scenario: (cwd: string, a: Writer) => Promise<T>,
): Promise<T> {
  for (let attempt = 0, pause = pauseAfterMs; attempt < 5; attempt++, pause = attempt >= 3 ? 0 : Math.floor(pause / 2)) {
    const cwd = tempDir();
    make(cwd);
    const a = await stopWhileLocked(cwd, value, pause);
    if (a) return scenario(cwd, a);
  }
  throw new Error(`could not stop a writer while it held the lock in 5 tries (${value})`);
}

describe('a writer paused while it holds the lock never costs another writer its change', () => {
  // Writer A takes the lock and is stopped (SIGSTOP) at once or a little later (before, during or
  // after its read); writer B waits until A's lock is stale (10 s), takes it over, writes and exits;
  // then A resumes. Ten rounds run side by side, each in its own folder.
  it('10 of 10 rounds: both writers land, none reports success without its change', async () => {
    let seed = 8;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const round = (i: number) =>
      withStoppedWriter(
        (cwd) => bigPolicy(cwd, 5000),
        `stopped${i}`,
        i % 2 === 0 ? 0 : Math.floor(random() * 150),
        async (cwd, a) => {
          faults.stops++;
          const b = startAdd(cwd, `writer${i}`);
          const bResult = await b.exited;
          a.child.kill('SIGCONT');
          const aResult = await a.exited;
          expectNoLostWrites(cwd, [
            { value: `stopped${i}`, code: aResult.code ?? -1 },
            { value: `writer${i}`, code: bResult.code ?? -1 },
          ]);
          expect([aResult.code, bResult.code, aResult.stderr]).toEqual([0, 0, '']);
          expect(values(cwd)).toHaveLength(5002);
          expect(readdirSync(cwd).sort()).toEqual(['mam-policy.yaml']);
        },
      );
    await Promise.all(Array.from({ length: 10 }, (_, i) => round(i)));
  }, 90_000);
});

describe("a colleague's editor saving the file while mamx edits it", () => {
  it.each([0, 1, 2])("round %i: the editor's save and the mamx change both stay", (i) =>
    withStoppedWriter(
      (cwd) => bigPolicy(cwd, 3000),
      `mamx${i}`,
      0,
      async (cwd, a) => {
        const file = path.join(cwd, 'mam-policy.yaml');
        // An editor's save: a temporary file renamed over the policy, no lock taken.
        const edited = read(file).replace(
          '    - value: base0\n',
          `    - value: editor${i}\n      reason: Saved in an editor\n    - value: base0\n`,
        );
        writeFileSync(`${file}.editor~`, edited);
        renameSync(`${file}.editor~`, file);
        faults.externalSaves++;
        a.child.kill('SIGCONT');
        const r = await a.exited;
        expect(r.code).toBe(0);
        expectNoLostWrites(cwd, [
          { value: `editor${i}`, code: 0 },
          { value: `mamx${i}`, code: r.code ?? -1 },
        ]);
        expect(values(cwd)).toHaveLength(3002);
      },
    ),
  );
});

describe('SIGTERM and SIGINT while mamx holds the lock', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s ends add at once: lock released, nothing written, no temporary file', (signal) =>
    withStoppedWriter(
      (cwd) => bigPolicy(cwd, 5000),
      'never',
      0,
      async (cwd, a) => {
        const file = path.join(cwd, 'mam-policy.yaml');
        a.child.kill(signal);
        faults.signals++;
        const resumed = Date.now();
        a.child.kill('SIGCONT');
        const r = await a.exited;
        const ms = Date.now() - resumed;
        process.stderr.write(`${signal} while holding the lock: ended ${ms} ms after resuming\n`);
        expect(r.signal).toBe(signal);
        expect(ms).toBeLessThan(1000);
        expect(read(file)).toBe(bigPolicyText(5000));
        expect(readdirSync(cwd)).toEqual(['mam-policy.yaml']);
      },
    ),
  );
});

describe('a full disk', () => {
  // A real 64 KiB tmpfs: mounting needs root (CI runs as root).
  const mountTmpfs = (dir: string): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;

  it('an add that does not fit exits 3 and leaves the policy byte-identical', () => {
    const cwd = tempDir();
    const disk = path.join(cwd, 'disk');
    mkdirSync(disk);
    if (!mountTmpfs(disk)) {
      process.stderr.write('full-disk test not run: mounting a tmpfs needs root (mount -t tmpfs failed)\n');
      return;
    }
    try {
      let text = 'version: 1\nios:\n  exceptions:\n';
      for (let i = 0; text.length < 38_900; i++) text += `    - value: app${i}\n`;
      const file = path.join(disk, 'mam-policy.yaml');
      writeFileSync(file, text);
      const before = readFileSync(file);
      for (const format of ['human', 'json']) {
        const r = runBin(['add', '--ios', 'onemore', '--reason', 'does not fit', ...(format === 'json' ? ['--json'] : [])], { cwd: disk });
        faults.fullDisks++;
        expect(r.code).toBe(3);
        if (format === 'json')
          expect(JSON.parse(r.stderr).error).toMatchObject({
            code: 'POLICY_WRITE_FAILED',
            message: expect.stringContaining('disk is full'),
          });
        else expect(r.stderr).toMatch(/disk is full \(ENOSPC\).*unchanged/);
        expect(readFileSync(file).equals(before)).toBe(true);
        expect(readdirSync(disk)).toEqual(['mam-policy.yaml']);
      }
      expect(runBin(['check', '--ios', 'app1000'], { cwd: disk }).code).toBe(0);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});

describe('lock details', () => {
  const liveLock = (cwd: string, pid: number) => {
    const dir = path.join(cwd, 'mam-policy.yaml.lock');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'owner.json'),
      JSON.stringify({ pid, host: os.hostname(), token: 'x', since: '2026-11-25T00:00:00.000Z' }),
    );
    return dir;
  };

  it('MAMX_LOCK_TIMEOUT=0 does not wait for a live lock; a junk value is exit 2', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const before = readFileSync(file);
    const lock = liveLock(cwd, process.pid);
    const r = runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd, env: { MAMX_LOCK_TIMEOUT: '0' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`locked by another mamx (pid ${process.pid} on`);
    expect(existsSync(lock)).toBe(true);
    expect(readFileSync(file).equals(before)).toBe(true);
    for (const junk of ['soon', '-1', '1e9x']) {
      const j = runBin(['add', '--ios', 'zoomus', '--json'], { cwd, env: { MAMX_LOCK_TIMEOUT: junk } });
      expect([junk, j.code]).toEqual([junk, 2]);
      expect(JSON.parse(j.stderr).error.message).toContain('MAMX_LOCK_TIMEOUT');
    }
  });

  it('the lock of a mamx that died on this host is taken over at once; its temporary files are swept', () => {
    const cwd = tempDir();
    fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    liveLock(cwd, Number(dead.stdout));
    const leftover = path.join(cwd, `mam-policy.yaml.${dead.stdout}.0badf00d.tmp`);
    writeFileSync(leftover, 'version: 1\nios:\n  exc');
    const old = new Date(Date.now() - 60_000);
    utimesSync(leftover, old, old);
    const r = runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd, env: { MAMX_LOCK_TIMEOUT: '1' } });
    expect(r.code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['mam-policy.yaml']);
  });

  it('a 0444 policy is not rewritten, even by root', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const r = runBin(['add', '--ios', 'zoomus', '--reason', 'r'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/read-only/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("in a sticky folder, another user's file: exit 3 saying why, not 'read-only'", () => {
    if (process.getuid?.() !== 0) {
      process.stderr.write('sticky-folder test not run: it needs root to hand the file to another user\n');
      return;
    }
    const cwd = tempDir();
    chmodSync(cwd, 0o1777);
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    chmodSync(file, 0o666);
    chownSync(file, 1, 1); // daemon: neither the writer (nobody) nor the folder's owner
    const before = readFileSync(file);
    const r = spawnSync(process.execPath, [BIN, 'add', '--ios', 'zoomus', '--reason', 'r'], {
      cwd,
      env: binEnv(cwd),
      encoding: 'utf8',
      uid: 65534,
      gid: 65534,
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('sticky');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).uid).toBe(1);
  });
});
