import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fixture, read, runIn, tempDir } from '../helpers.js';

describe('check', () => {
  it.each([
    [['check', '--ios', 'skype'], 0],
    [['check', '--ios', 'wbx'], 1],
    [['check', '--android', 'com.skype.raider'], 4],
    [['check', '--android', 'com.skype.raider', 'com.whatsapp'], 1],
    [['check', '--android', 'com.android.vending', 'com.skype.raider'], 4],
    [['test', '--ios', 'skype', 'calshow'], 0],
  ])('with the embedded default, %j exits %i', async (args, code) => {
    const r = await runIn(args, { cwd: tempDir() });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain('embedded default');
  });

  it('answers from the policy file with the SPEC §5 JSON shape', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['check', '--ios', 'wbx', 'ms-outlook', '--android', 'com.whatsapp', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const { verdicts } = JSON.parse(r.stdout);
    expect(verdicts).toHaveLength(3);
    expect(verdicts[0]).toEqual({
      platform: 'ios',
      target: 'wbx',
      verdict: 'allow',
      reason: 'exception',
      message: expect.stringContaining(`${file}:11`),
      source: `${file}:11`,
      entry: expect.objectContaining({ value: 'wbx', ticket: 'CHG-1234', expires: '2027-01-15' }),
      warnings: [],
    });
    expect(verdicts[1]).toMatchObject({ target: 'ms-outlook', verdict: 'allow', reason: 'managed-app' });
    expect(verdicts[2]).toMatchObject({ platform: 'android', target: 'com.whatsapp', verdict: 'deny', reason: 'not-exempt' });
  });

  it('normalises targets like the flags of add', async () => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['check', '--ios', 'WBX://', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdicts[0].target).toBe('wbx');
  });

  it('an invalid target is exit 2 with a JSON error on stderr and nothing on stdout', async () => {
    const r = await runIn(['check', '--ios', 'https://zoom.us/j/1', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'INVALID_VALUE', message: expect.stringContaining('looks like a URL'), hint: 'did you mean "https"?' },
    });
  });

  it('-q prints nothing and still sets the exit code', async () => {
    const r = await runIn(['check', '-q', '--ios', 'wbx'], { cwd: tempDir() });
    expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('--stdin: one NDJSON verdict per line, invalid lines reported in place, exit 2 wins over 1', async () => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const input = 'ios wbx\n# a comment\n\nandroid com.whatsapp\nios not a scheme\nwindows x\nandroid com.skype.raider\n';
    const r = await runIn(['check', '--stdin', '--json'], { cwd, stdin: input });
    expect(r.code).toBe(2);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict ?? l.error.code)).toEqual(['allow', 'deny', 'INVALID_VALUE', 'INVALID_LINE', 'limited']);
    expect(lines[2]).toMatchObject({ line: 5, input: 'ios not a scheme' });
  });

  it.each([
    ['ios wbx\nios skype\n', 0],
    ['ios skype\nandroid com.skype.raider\n', 4],
    ['ios skype\nandroid com.whatsapp\nandroid com.skype.raider\n', 1],
  ])('--stdin %j exits %i', async (input, code) => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    expect((await runIn(['check', '--stdin', '-q'], { cwd, stdin: input })).code).toBe(code);
  });

  it('needs a target, and not both --stdin and flags', async () => {
    expect((await runIn(['check'], { cwd: tempDir() })).code).toBe(2);
    expect((await runIn(['check', '--stdin', '--ios', 'wbx'], { cwd: tempDir() })).code).toBe(2);
  });
});

describe('list', () => {
  it('lists own and inherited exceptions with their source lines', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'baseline.yaml'), 'version: 1\nandroid:\n  exceptions:\n    - value: com.google.android.apps.maps\n');
    const file = fixture('team-policy.yaml', cwd, 'team.yaml');
    writeFileSync(file, read(file).replace('version: 1\n', 'version: 1\nextends: baseline.yaml\n'));
    const r = await runIn(['list', '--json', '-f', 'team.yaml'], { cwd });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.policy).toBe(file);
    expect(data.exceptions.map((e: { value: string; source: string }) => [e.value, e.source])).toEqual([
      ['wbx', `${file}:12`],
      ['zoomus', `${file}:19`],
      ['maps', `${file}:26`],
      ['com.cisco.webex.meetings', `${file}:33`],
      ['com.google.android.apps.maps', `${path.join(cwd, 'baseline.yaml')}:4`],
    ]);
    expect(data.exceptions[0]).toMatchObject({
      platform: 'ios',
      name: 'Cisco Webex Meetings',
      owner: 'mobility@contoso.example',
      warnings: [],
    });
  });

  it('--platform and --defaults', async () => {
    const r = await runIn(['ls', '--platform', 'android', '--defaults', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ policy: null, exceptions: [] });
    expect(data.defaults.every((d: { platform: string }) => d.platform === 'android')).toBe(true);
    expect(data.defaults.find((d: { value: string }) => d.value === 'com.android.chrome')).toMatchObject({ kind: 'conditional' });
    expect((await runIn(['ls', '--platform', 'windows'], { cwd: tempDir() })).code).toBe(2);
  });
});

describe('init', () => {
  it('writes a commented YAML policy that validates and references the schema', async () => {
    const cwd = tempDir();
    const r = await runIn(['init'], { cwd });
    expect(r.code).toBe(0);
    const text = read(path.join(cwd, 'mam-policy.yaml'));
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+mam-policy\.schema\.json\n/);
    expect(text).toContain('# allApps | managedApps | none');
    expect(parse(text)).toMatchObject({ version: 1, ios: { sendOrgData: 'managedApps', exceptions: [] } });
    expect((await runIn(['list'], { cwd })).code).toBe(0);
  });

  it('--format json', async () => {
    const cwd = tempDir();
    expect((await runIn(['init', '--format', 'json'], { cwd })).code).toBe(0);
    expect(JSON.parse(read(path.join(cwd, 'mam-policy.json')))).toMatchObject({ version: 1, android: { sendOrgData: 'managedApps' } });
  });

  it('an existing file is exit 2 and is left alone', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file);
    const r = await runIn(['init'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect((await runIn(['init', '--format', 'json'], { cwd })).code).toBe(2);
    expect(existsSync(path.join(cwd, 'mam-policy.json'))).toBe(false);
    expect(read(file)).toBe(before);
  });
});
