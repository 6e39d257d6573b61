/**
 * Input that is out to hurt: special files where a policy, an `extends`, a catalog or a config
 * should be, configuration files planted in parent folders or by other users, control and
 * text-direction characters aimed at the terminal, other encodings, and input that used to crash
 * mamx (exit 70). The real built CLI in temp folders.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, binEnv, fixture, runBin, tempDir, type Result } from '../helpers.js';

/** Runs mamx with its peak memory (maxRSS, MiB) reported by a preloaded hook, within `timeoutMs`. */
function runMeasured(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 2000): Result & { rssMiB: number; ms: number } {
  const hook = path.join(cwd, 'rss-hook.cjs');
  const report = path.join(cwd, 'rss.txt');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const start = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: binEnv(cwd, { NODE_OPTIONS: `--require ${hook}`, ...env }),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const ms = Date.now() - start;
  const rssMiB = existsSync(report) ? Number(readFileSync(report, 'utf8')) / 1024 : Infinity;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, rssMiB, ms };
}

describe('special files where a file should be: exit 3 at once, no lock folder, little memory', () => {
  const kinds = {
    '/dev/zero': () => '/dev/zero',
    'a FIFO': (dir: string) => {
      const p = path.join(dir, 'pipe.yaml');
      expect(spawnSync('mkfifo', [p]).status).toBe(0);
      return p;
    },
    'a directory': (dir: string) => {
      const p = path.join(dir, 'folder.yaml');
      mkdirSync(p);
      return p;
    },
  };

  it.each(Object.keys(kinds))('%s as the policy file (add, check, remove, list)', (kind) => {
    const cwd = tempDir();
    const target = kinds[kind as keyof typeof kinds](cwd);
    const lockBefore = existsSync(`${target}.lock`);
    for (const args of [['add', '--ios', 'wbx', '--reason', 'r'], ['check', '--ios', 'wbx'], ['remove', '--ios', 'wbx'], ['list']]) {
      const r = runMeasured(['--file', target, ...args], cwd);
      expect([args[0], r.code]).toEqual([args[0], 3]);
      expect(r.stderr).toMatch(/is (a named pipe \(FIFO\)|a device|a directory), not a policy file/);
      expect(r.rssMiB).toBeLessThan(200);
      expect(existsSync(`${target}.lock`)).toBe(lockBefore);
    }
  });

  it.each(Object.keys(kinds))('%s as an extended policy, and as the catalog', (kind) => {
    const cwd = tempDir();
    const target = kinds[kind as keyof typeof kinds](cwd);
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), `version: 1\nextends: [${JSON.stringify(target)}]\n`);
    const ext = runMeasured(['check', '--ios', 'wbx'], cwd);
    expect(ext.code).toBe(3);
    expect(ext.rssMiB).toBeLessThan(200);

    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\n');
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), `catalog: ${JSON.stringify(target)}\n`);
    const cat = runMeasured(['check', '--ios', 'wbx'], cwd);
    expect(cat.code).toBe(3);
    expect(cat.stderr).toContain('not a catalog');
    expect(cat.rssMiB).toBeLessThan(200);
  });

  it('a FIFO as the config file', () => {
    const cwd = tempDir();
    expect(spawnSync('mkfifo', [path.join(cwd, '.mamxrc.yaml')]).status).toBe(0);
    const r = runMeasured(['check', '--ios', 'wbx'], cwd);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('not a configuration file');
  });

  it('a policy over the size ceiling is exit 3 with its size', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(file, `version: 1\n# ${'x'.repeat(33 * 1024 * 1024)}\n`);
    const r = runBin(['check', '--ios', 'wbx'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is 33\.0 MiB; mamx reads a policy file of at most 32\.0 MiB/);
  });
});

describe('configuration is read only where it is trusted', () => {
  const asRoot = process.getuid?.() === 0;

  it('a .mamxrc.yaml in a parent folder owned by another user is ignored with a warning naming it', () => {
    if (!asRoot) return void process.stderr.write('not run: handing a file to another user needs root\n');
    const top = tempDir();
    const cwd = path.join(top, 'x', 'y');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(top, 'evil.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: anything\n');
    const planted = path.join(top, '.mamxrc.yaml');
    writeFileSync(planted, `policy: ${path.join(top, 'evil.yaml')}\n`);
    chownSync(planted, 65534, 65534); // nobody
    const r = runBin(['check', '--ios', 'anything'], { cwd, env: { HOME: path.join(top, 'home') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`warning: ignored the configuration file ${planted}: it belongs to another user (uid 65534)`);
    // The same file, owned by the user and not writable by others, is used.
    chownSync(planted, process.getuid!(), process.getgid!());
    expect(runBin(['check', '--ios', 'anything'], { cwd, env: { HOME: path.join(top, 'home') } }).code).toBe(0);
  });

  it('a config file that group or others may write is ignored with a warning', () => {
    const cwd = tempDir();
    const rc = path.join(cwd, '.mamxrc.yaml');
    writeFileSync(rc, 'requireReason: true\n');
    chmodSync(rc, 0o666);
    const r = runBin(['add', '--ios', 'zoomus'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`ignored the configuration file ${rc}: group or others may change it (mode 666)`);
    chmodSync(rc, 0o644);
    expect(runBin(['add', '--ios', 'slack'], { cwd }).code).toBe(2); // now read: a reason is required
  });

  it('none is read above the home folder or above a repository root', () => {
    const top = tempDir();
    writeFileSync(path.join(top, '.mamxrc.yaml'), 'requireReason: true\n');
    const home = path.join(top, 'home');
    const proj = path.join(home, 'proj');
    mkdirSync(proj, { recursive: true });
    expect(runBin(['add', '--ios', 'zoomus', '--debug'], { cwd: proj, env: { HOME: home } })).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('debug: configuration: none found'),
    });

    const repo = path.join(top, 'repo');
    const sub = path.join(repo, 'sub');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(sub);
    const elsewhere = { HOME: path.join(top, 'elsewhere') };
    expect(runBin(['add', '--ios', 'zoomus'], { cwd: sub, env: elsewhere }).code).toBe(0);
    writeFileSync(path.join(repo, '.mamxrc.yaml'), 'requireReason: true\n');
    const inRepo = runBin(['add', '--ios', 'slack', '--debug'], { cwd: sub, env: elsewhere });
    expect(inRepo.code).toBe(2);
    expect(inRepo.stderr).toContain(`debug: configuration: ${path.join(repo, '.mamxrc.yaml')}`);
  });

  it('a catalog owned by another user is ignored with a warning', () => {
    if (!asRoot) return void process.stderr.write('not run: handing a file to another user needs root\n');
    const cwd = tempDir();
    const catalog = path.join(cwd, 'apps.yaml');
    writeFileSync(catalog, 'apps:\n  - {id: acme, name: Acme, category: line-of-business, source: test, ios: [acme]}\n');
    chownSync(catalog, 65534, 65534);
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'catalog: apps.yaml\n');
    const r = runBin(['apps', 'acme'], { cwd });
    expect(r.stderr).toContain(`ignored the configuration file ${catalog}: it belongs to another user (uid 65534)`);
    expect(r.stdout).not.toContain('Acme');
  });

  it('$import in a config file is refused', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), '$import: /dev/zero\n');
    const r = runBin(['check', '--ios', 'wbx'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('$import');
  });
});

describe('nothing from a file or the user reaches the terminal raw', () => {
  const hostile = ['\u001b[2J', '\u001b]0;owned\u0007', 'nul\u0000here', 'csi\u009b31m', 'evil\u202etxt.exe', 'line\u2028break'];
  // eslint-disable-next-line no-control-regex -- what must never reach the terminal
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

  it.each([
    ['without colour', {}],
    ['in colour', { FORCE_COLOR: '1', NO_COLOR: '' }],
  ])('list %s prints names with ESC, OSC, NUL, U+009B and U+202E made visible; --json keeps them exact', (_how, env) => {
    const cwd = tempDir();
    const exceptions = hostile.map((name, i) => ({ value: `app${i}`, name }));
    writeFileSync(path.join(cwd, 'mam-policy.json'), JSON.stringify({ version: 1, ios: { exceptions } }, null, 2));
    const r = runBin(['list'], { cwd, env });
    expect(r.code).toBe(0);
    // Colour may use SGR sequences (ESC [ digits m) and nothing else.
    const withoutSgr = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(withoutSgr(r.stdout)).not.toMatch(RAW);
    expect(withoutSgr(r.stderr)).not.toMatch(RAW);
    expect(r.stdout).toContain('\\x1b[2J');
    expect(r.stdout).toContain('evil\\u202etxt.exe');
    const jsonText = runBin(['list', '--json'], { cwd }).stdout;
    expect(jsonText).not.toMatch(RAW);
    const json = JSON.parse(jsonText);
    expect(json.exceptions.map((e: { name: string }) => e.name)).toEqual(hostile);
  });

  it.each(['\u009b31m', 'a\u202eb', 'a\u2028b', 'a\u001bb'])('--name / --reason %j are refused (exit 2), nothing written', (text) => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const before = readFileSync(file);
    for (const flag of ['--name', '--reason', '--owner', '--ticket']) {
      const r = runBin(['add', '--ios', 'zoomus', flag, text], { cwd });
      expect([flag, r.code]).toEqual([flag, 2]);
      expect(r.stderr).not.toMatch(RAW);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a JSON syntax error near control characters names the position and echoes nothing raw', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.json'), '{\n  "version": 1,\n  "ios": \u001b[2J\u001b]0;x\u0007\n}\n');
    const r = runBin(['list'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('mam-policy.json:3:10: not valid JSON: unexpected "\\u001b"');
    expect(r.stderr).not.toMatch(RAW);
  });
});

describe('encodings', () => {
  it('a Latin-1 policy is exit 3 and never rewritten', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(
      file,
      Buffer.from('version: 1\n# caf\u00e9 na\u00efve\nios:\n  exceptions:\n    - value: wbx\n      name: Caf\u00e9\n', 'latin1'),
    );
    const before = readFileSync(file);
    for (const args of [['add', '--ios', 'zoomus', '--reason', 'r'], ['check', '--ios', 'wbx'], ['list']]) {
      const r = runBin(args, { cwd });
      expect([args[0], r.code]).toEqual([args[0], 3]);
      expect(r.stderr).toContain('mam-policy.yaml:2:6: not UTF-8 (byte 0xE9)');
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('"K" (Kelvin sign) is not folded to an ASCII k; a no-break space is trimmed with a note', () => {
    const cwd = tempDir();
    const kelvin = runBin(['check', '--ios', '\u212Aakao'], { cwd });
    expect(kelvin.code).toBe(2);
    expect(kelvin.stderr).toContain('(U+212A), which is not ASCII');
    const nbsp = runBin(['check', '--ios', '\u00a0wbx'], { cwd });
    expect(nbsp.code).toBe(1);
    expect(nbsp.stderr).toContain('removed white space around the value: "\u00a0" (U+00A0)');
  });
});

describe('input that used to end in an internal error (exit 70)', () => {
  const badPlay = 'https://play.google.com/store/apps/details?id=%ZZ';

  it('a Play link with broken %-encoding is exit 2 in add, remove and check', () => {
    const cwd = tempDir();
    fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    for (const cmd of ['add', 'remove', 'check']) {
      const r = runBin([cmd, '--android', badPlay], { cwd });
      expect([cmd, r.code]).toEqual([cmd, 2]);
      expect(r.stderr).toContain('broken %-encoding');
    }
  });

  it('in check --stdin it is an error record on its line, and the next line is still answered', () => {
    const cwd = tempDir();
    const r = runBin(['check', '--stdin', '--json'], { cwd, input: `android ${badPlay}\nios skype\n` });
    expect(r.code).toBe(2);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ line: 1, error: { code: 'INVALID_VALUE' } });
    expect(lines[1]).toMatchObject({ target: 'skype', verdict: 'allow' });
  });

  it('a 100,000-deep JSON policy is exit 3 with its position', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'mam-policy.json');
    writeFileSync(file, `{"version": 1, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    const before = readFileSync(file);
    for (const args of [
      ['add', '--ios', 'zoomus', '--reason', 'r'],
      ['check', '--ios', 'wbx'],
    ]) {
      const r = runBin(args, { cwd });
      expect([args[0], r.code]).toEqual([args[0], 3]);
      expect(r.stderr).toMatch(/mam-policy\.json:1:\d+: not valid JSON: nested more than 64 levels deep/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('deep YAML nesting is exit 3', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), `version: 1\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    const r = runBin(['check', '--ios', 'wbx'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mam-policy\.yaml:2:\d+: not valid YAML: nesting exceeded/);
  });

  it('list of 150,000 exceptions prints them', () => {
    const cwd = tempDir();
    const lines = ['version: 1', 'ios:', '  exceptions:'];
    for (let i = 0; i < 150_000; i++) lines.push(`    - value: app${i}`);
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), `${lines.join('\n')}\n`);
    const r = runBin(['list'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^ios +app\d+ +\S+mam-policy\.yaml:\d+$/.test(l))).toHaveLength(150_000);
  });
});

describe('smaller things', () => {
  it.each([
    [
      '{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "wbx",}\n    ]\n  }\n}\n',
      '5:23: not valid JSON: expected a key in double quotes, found "}"',
    ],
    ['{\n  "version": 1\n  "ios": {}\n}\n', '3:3: not valid JSON: expected "," or "}", found """'],
    ['{"version": 1} x', '1:16: not valid JSON: unexpected "x" after the end of the JSON value'],
    ['{"version": 1, "ios": {"exceptions": [{"value": tru}]}}', '1:49: not valid JSON: unexpected "t"'],
  ])('JSON syntax errors name their own line and column: %j', (text, message) => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.json'), text);
    const r = runBin(['check', '--ios', 'wbx'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`mam-policy.json:${message}`);
  });

  it('a YAML merge key is read as YAML 1.2 reads it, with a warning', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'mam-policy.yaml'),
      'version: 1\nbase: &base {sendOrgData: allApps}\nios:\n  <<: *base\n  exceptions:\n    - value: wbx\n',
    );
    const r = runBin(['check', '--ios', 'zoomus'], { cwd });
    expect(r.stderr).toContain('line 4: "<<" is read as a plain key named "<<" (YAML 1.2), not as a merge');
  });
});
