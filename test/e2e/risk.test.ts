/** Risk warnings, the catalog and audit, through the built CLI. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, read, runBin, tempDir } from '../helpers.js';

describe('add refuses high-risk values (exit 5, file unchanged) unless --force', () => {
  it.each([
    ['--ios', 'http'],
    ['--ios', 'https'],
    ['--ios', 'mailto'],
    ['--ios', 'sms'],
    ['--ios', 'file'],
    ['--android', 'com.android.chrome'],
    ['--android', 'org.mozilla.firefox'],
    ['--android', 'com.dropbox.android'],
    ['--android', 'com.google.android.apps.docs'],
    ['--android', 'com.whatsapp'],
    ['--android', 'org.telegram.messenger'],
  ])('%s %s', (flag, value) => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const before = readFileSync(file);
    const refused = runBin(['add', flag, value, '--reason', 'test'], { cwd });
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/high: /);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(file).equals(before)).toBe(true);

    const forced = runBin(['add', flag, value, '--reason', 'test', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/high: /);
    expect(read(file)).toContain(`- value: ${value}`);
  });

  it('refusing one value writes none of the others, and --json reports the refusal', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const before = readFileSync(file);
    const r = runBin(['add', '--ios', 'zoomus', 'http', '--json'], { cwd });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'HIGH_RISK', message: expect.stringContaining('http') });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('with no policy file, a refused add creates none', () => {
    const cwd = tempDir();
    expect(runBin(['add', '--ios', 'http'], { cwd }).code).toBe(5);
    expect(runBin(['list', '--json'], { cwd }).stdout).toContain('"policy": null');
  });
});

describe('add warns, and adds, for medium and lower risks', () => {
  it.each([
    [['--ios', 'ms-outlook'], 'supports-intune-app', /Outlook supports Intune APP/],
    [['--android', 'com.cisco.webex.meeting'], 'look-alike', /did you mean com\.cisco\.webex\.meetings\?/],
    [['--ios', 'skype'], 'intune-default', /Already allowed by Intune's built-in iOS exemptions/],
    [['--ios', 'com.apple.maps'], 'bundle-id', /bundle ID/],
  ])('%j: %s', (args, code, message) => {
    const cwd = tempDir();
    const human = runBin(['add', ...args, '--reason', 'r'], { cwd });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(message);
    const json = JSON.parse(runBin(['add', ...args, '--reason', 'r', '--json'], { cwd: tempDir() }).stdout);
    expect(json.warnings).toEqual([expect.objectContaining({ code, value: args[1] })]);
  });

  it('--app adds both platforms with the catalog name', () => {
    const cwd = tempDir();
    const r = runBin(['add', '--app', 'webex-meetings', '--reason', 'Meetings', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).added).toEqual([
      { platform: 'ios', value: 'wbx' },
      { platform: 'android', value: 'com.cisco.webex.meetings' },
    ]);
    expect(read(path.join(cwd, 'mam-policy.yaml'))).toContain('name: Cisco Webex Meetings');
    const typo = runBin(['add', '--app', 'webx'], { cwd });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean webex?');
    expect(runBin(['add', '--app', 'whatsapp'], { cwd }).code).toBe(5);
  });
});

describe('audit', () => {
  it('--fail-on high exits 0 on a clean policy', () => {
    const cwd = tempDir();
    fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    const r = runBin(['audit', '--fail-on', 'high', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ counts: { high: 0, medium: 0, low: 0, info: 0 }, findings: [] });
  });

  it('--fail-on high exits 1 on a forced high-risk exception, listing every finding with code, severity, value and source', () => {
    const cwd = tempDir();
    const file = fixture('clean-policy.yaml', cwd, 'mam-policy.yaml');
    expect(runBin(['add', '--ios', 'mailto', '--force'], { cwd }).code).toBe(0);
    const r = runBin(['audit', '--fail-on', 'high', '--json'], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.policy).toBe(file);
    expect(report.counts).toEqual({ high: 1, medium: 0, low: 1, info: 0, accepted: 0 });
    expect(report.findings).toEqual([
      {
        code: 'compose-sheet',
        severity: 'high',
        platform: 'ios',
        value: 'mailto',
        message: expect.any(String),
        basis: expect.any(String),
        source: `${file}:11`,
      },
      { code: 'no-reason', severity: 'low', platform: 'ios', value: 'mailto', message: expect.any(String), source: `${file}:11` },
    ]);
    expect(runBin(['audit'], { cwd }).code).toBe(0);
  });

  it('--fail-on high exits 1 on an expired exception; config failOn sets the default', () => {
    const cwd = tempDir();
    fixture('expired-policy.yaml', cwd, 'mam-policy.yaml');
    const r = runBin(['audit', '--fail-on', 'high'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/expired/);
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'failOn: high\n');
    expect(runBin(['audit', '-q'], { cwd }).code).toBe(1);
    expect(runBin(['audit', '--fail-on', 'bogus'], { cwd }).code).toBe(2);
  });

  it('names the inherited file a finding comes from', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'baseline.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: sms\n');
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\nextends: baseline.yaml\n');
    const report = JSON.parse(runBin(['audit', '--json'], { cwd }).stdout);
    expect(report.findings[0]).toMatchObject({ code: 'compose-sheet', source: `${path.join(cwd, 'baseline.yaml')}:4` });
  });
});

describe('warnings on check and list', () => {
  it('check attaches the target and deciding-exception warnings', () => {
    const cwd = tempDir();
    fixture('expired-policy.yaml', cwd, 'mam-policy.yaml');
    const v = JSON.parse(runBin(['check', '--ios', 'zoomus', '--android', 'com.whatsap', '--json'], { cwd }).stdout).verdicts;
    expect(v[0]).toMatchObject({ verdict: 'allow', warnings: [expect.objectContaining({ code: 'expired', severity: 'high' })] });
    expect(v[1]).toMatchObject({ verdict: 'deny', warnings: [expect.objectContaining({ code: 'look-alike' })] });
  });

  it('list attaches each exception its warnings', () => {
    const cwd = tempDir();
    fixture('expired-policy.yaml', cwd, 'mam-policy.yaml');
    const list = JSON.parse(runBin(['list', '--json'], { cwd }).stdout);
    expect(list.exceptions[0].warnings.map((w: { code: string }) => w.code)).toEqual(['expired']);
    expect(runBin(['list'], { cwd }).stdout).toMatch(/high: Expired on 2025-06-30/);
  });
});

describe('apps and the user catalog', () => {
  it('apps finds Zoom by name and shows both platforms', () => {
    const r = runBin(['apps', 'zoom', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    const { apps } = JSON.parse(r.stdout);
    expect(apps.map((a: { id: string }) => a.id)).toEqual(['zoom', 'zoom-intune']);
    expect(apps[0]).toMatchObject({
      id: 'zoom',
      category: 'meetings',
      supportsIntuneApp: false,
      ios: [{ value: 'zoomus', confidence: 'community' }],
      android: [{ value: 'us.zoom.videomeetings' }],
    });
    expect(runBin(['apps', 'zoom'], { cwd: tempDir() }).stdout).toMatch(/zoomus\*/);
  });

  it('a catalog file from the config adds apps, with look-alikes and categories', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'apps.yaml'),
      'apps:\n  - id: acme-field\n    name: Acme Field Service\n    category: line-of-business\n    source: vendor onboarding guide\n    ios: [acmefield]\n    android: [com.acme.field]\n  - id: acme-chat\n    name: Acme Chat\n    category: messaging\n    source: vendor\n    android: [com.acme.chat]\n',
    );
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'catalog: apps.yaml\n');
    expect(JSON.parse(runBin(['apps', 'acme', '--json'], { cwd }).stdout).apps.map((a: { id: string }) => a.id)).toEqual([
      'acme-field',
      'acme-chat',
    ]);
    expect(runBin(['add', '--app', 'acme-field', '--reason', 'Field work'], { cwd }).code).toBe(0);
    expect(runBin(['add', '--android', 'com.acme.chat'], { cwd }).code).toBe(5);
    expect(runBin(['check', '--android', 'com.acme.feld', '--json'], { cwd }).stdout).toContain('did you mean com.acme.field?');
  });

  it('an invalid catalog file is exit 3 naming it', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'apps.yaml'), 'apps:\n  - id: x\n    name: X\n    category: c\n    ios: [https://x]\n');
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'catalog: apps.yaml\n');
    const r = runBin(['apps'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(path.join(cwd, 'apps.yaml'));
  });
});
