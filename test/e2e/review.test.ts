/**
 * The review loop through the built CLI: renewing and correcting exceptions in place, recorded risk
 * acceptance that audit honours until its date, what a team requires of each record, policy-level
 * findings, and previews that show exactly the lines that change.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { read, runBin, tempDir } from '../helpers.js';

const POLICY = `version: 1
ios:
  sendOrgData: managedApps   # Policy managed apps
  managedApps: [ms-outlook, msteams]
  exceptions:
    # Meetings
    - value: wbx               # Webex: join links from Outlook
      name: Cisco Webex Meetings
      reason: Open meeting links
      owner: mobility@contoso.example
      added: 2026-01-15
      expires: 2027-01-15
    - value: zoomus
      name: Zoom
      reason: Customer meetings
      ticket: CHG-1300
      owner: sales-it@contoso.example
      added: 2026-02-01
      expires: 2027-02-01
android:
  exceptions:
    - value: com.cisco.webex.meetings
      name: Cisco Webex Meetings
      reason: Open meeting links
      owner: mobility@contoso.example
      added: 2026-01-15
      expires: 2027-01-15
`;

function folder(text = POLICY): { cwd: string; file: string } {
  const cwd = tempDir();
  const file = path.join(cwd, 'mam-policy.yaml');
  writeFileSync(file, text);
  return { cwd, file };
}

/** The lines a unified diff adds and removes (not its context or headers). */
const changedLines = (diff: string) => diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));

describe('add on an exception that is there: the fields given are updated in place', () => {
  it('--expires and --owner: both fields change, nothing else; --dry-run shows only those lines', () => {
    const { cwd, file } = folder();
    const dry = runBin(['add', '--ios', 'wbx', '--expires', '2099-12-31', '--owner', 'it-mobility', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(changedLines(dry.stdout)).toEqual([
      '-      owner: mobility@contoso.example',
      '+      owner: it-mobility',
      '-      expires: 2027-01-15',
      '+      expires: 2099-12-31',
    ]);
    expect(read(file)).toBe(POLICY);

    const json = runBin(['add', '--ios', 'wbx', '--expires', '2099-12-31', '--owner', 'it-mobility', '--dry-run', '--json'], { cwd });
    const preview = JSON.parse(json.stdout) as { dryRun: boolean; changed: boolean; diff: string; updated: unknown[] };
    expect(preview).toMatchObject({ dryRun: true, changed: false });
    expect(preview.updated).toEqual([
      {
        platform: 'ios',
        value: 'wbx',
        fields: {
          owner: { before: 'mobility@contoso.example', after: 'it-mobility' },
          expires: { before: '2027-01-15', after: '2099-12-31' },
        },
      },
    ]);
    expect(preview.diff.startsWith(`--- ${file}\n+++ ${file}\n@@ `)).toBe(true);

    const r = runBin(['add', '--ios', 'wbx', '--expires', '2099-12-31', '--owner', 'it-mobility'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `updated in ${file}:\n  ~ ios wbx: owner mobility@contoso.example -> it-mobility, expires 2027-01-15 -> 2099-12-31\n`,
    );
    // Every other byte as it was: the comments, their alignment, the flow list.
    expect(read(file)).toBe(
      POLICY.replace(
        '      owner: mobility@contoso.example\n      added: 2026-01-15\n      expires: 2027-01-15\n    - value: zoomus',
        '      owner: it-mobility\n      added: 2026-01-15\n      expires: 2099-12-31\n    - value: zoomus',
      ),
    );
    expect(runBin(['add', '--ios', 'wbx', '--expires', '2099-12-31', '--json'], { cwd }).stdout).toContain('"updated": []');
  });
});

describe('renew', () => {
  it('by owner: a new expiry (and the review ticket) on every exception of that owner, only those lines change', () => {
    const { cwd, file } = folder();
    const r = runBin(['renew', '--owner', 'mobility@contoso.example', '--expires', '2099-06-30', '--set-ticket', 'REV-2026Q4', '--json'], {
      cwd,
    });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { updated: Array<{ platform: string; value: string; fields: object }> };
    expect(result.updated.map((u) => [u.platform, u.value, Object.keys(u.fields)])).toEqual([
      ['ios', 'wbx', ['ticket', 'expires']],
      ['android', 'com.cisco.webex.meetings', ['ticket', 'expires']],
    ]);
    const doc = parse(read(file));
    expect(doc.ios.exceptions[0]).toMatchObject({ ticket: 'REV-2026Q4', expires: '2099-06-30' });
    expect(doc.ios.exceptions[1]).toMatchObject({ ticket: 'CHG-1300', expires: '2027-02-01' });
    expect(read(file).split('\n').length).toBe(POLICY.split('\n').length + 2);
  });

  it('by expiry date, dry run; no selection or no match is exit 2 and nothing written', () => {
    const { cwd, file } = folder();
    const dry = runBin(['renew', '--expiring-before', '2027-01-31', '--expires', '2099-06-30', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(changedLines(dry.stdout)).toEqual([
      '-      expires: 2027-01-15',
      '+      expires: 2099-06-30',
      '-      expires: 2027-01-15',
      '+      expires: 2099-06-30',
    ]);
    expect(runBin(['renew', '--expires', '2099-06-30'], { cwd }).code).toBe(2);
    const none = runBin(['renew', '--owner', 'nobody', '--expires', '2099-06-30', '--json'], { cwd });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stderr).error.code).toBe('NOT_FOUND');
    expect(runBin(['renew', '--all', '--expires', '2020-01-01'], { cwd }).code).toBe(2);
    expect(read(file)).toBe(POLICY);
  });
});

describe('recorded risk acceptance', () => {
  const withMailto = (accepted = '') =>
    folder(
      `${POLICY.replace('android:', `    - value: mailto\n      reason: Field reports by mail\n      added: 2026-03-01\n${accepted}android:`)}`,
    );

  it('accepted until a future day: audit --fail-on high passes and lists it as accepted', () => {
    const { cwd } = withMailto('      accepted:\n        by: ciso@contoso.example\n        ticket: RISK-42\n        until: 2099-06-30\n');
    const r = runBin(['audit', '--fail-on', 'high', '--json'], { cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      counts: Record<string, number>;
      findings: Array<{ value: string; severity: string; accepted?: object }>;
    };
    expect(report.counts).toMatchObject({ high: 1, accepted: 1 });
    expect(report.findings.find((f) => f.value === 'mailto')).toMatchObject({
      severity: 'high',
      accepted: { by: 'ciso@contoso.example', ticket: 'RISK-42', until: '2099-06-30' },
    });
    expect(runBin(['audit'], { cwd }).stdout).toMatch(
      /high, accepted +ios mailto .*\[accepted by ciso@contoso\.example until 2099-06-30, RISK-42\]/,
    );
  });

  it('after its day, or with none recorded: exit 1, and audit says the acceptance ended', () => {
    const ended = withMailto('      accepted:\n        by: ciso@contoso.example\n        ticket: RISK-42\n        until: 2020-06-30\n');
    const r = runBin(['audit', '--fail-on', 'high', '--json'], { cwd: ended.cwd });
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.stdout) as { findings: Array<{ code: string; accepted?: object }> }).findings;
    expect(codes.filter((f) => f.accepted)).toEqual([]);
    expect(codes.map((f) => f.code)).toContain('acceptance-ended');
    expect(runBin(['audit', '--fail-on', 'high'], { cwd: withMailto().cwd }).code).toBe(1);
  });

  it('accept records who, ticket and until (all required, until in the future); --revoke removes it', () => {
    const { cwd, file } = withMailto();
    expect(runBin(['accept', '--ios', 'mailto', '--by', 'ciso@contoso.example', '--ticket', 'RISK-42'], { cwd }).code).toBe(2);
    expect(runBin(['accept', '--ios', 'mailto', '--by', 'ciso', '--ticket', 'RISK-42', '--until', '2020-01-01'], { cwd }).code).toBe(2);
    expect(
      runBin(['accept', '--ios', 'mailtoo', '--by', 'ciso', '--ticket', 'RISK-42', '--until', '2099-01-01'], { cwd }).stderr,
    ).toContain('did you mean mailto?');
    const r = runBin(
      ['accept', '--ios', 'mailto', '--by', 'ciso@contoso.example', '--ticket', 'RISK-42', '--until', '2099-06-30', '--json'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      accepted: [{ platform: 'ios', value: 'mailto' }],
      acceptance: { by: 'ciso@contoso.example', ticket: 'RISK-42', until: '2099-06-30' },
    });
    expect(parse(read(file)).ios.exceptions[2].accepted).toEqual({ by: 'ciso@contoso.example', ticket: 'RISK-42', until: '2099-06-30' });
    expect(runBin(['audit', '--fail-on', 'high'], { cwd }).code).toBe(0);
    expect(runBin(['accept', '--ios', 'mailto', '--revoke'], { cwd }).code).toBe(0);
    expect(parse(read(file)).ios.exceptions[2].accepted).toBeUndefined();
    expect(runBin(['audit', '--fail-on', 'high'], { cwd }).code).toBe(1);
  });
});

describe('audit: the policy and what the team requires', () => {
  it('send setting allApps is a finding, naming the exceptions it makes moot', () => {
    const { cwd } = folder(POLICY.replace('sendOrgData: managedApps   # Policy managed apps', 'sendOrgData: allApps'));
    const report = JSON.parse(runBin(['audit', '--json'], { cwd }).stdout) as {
      findings: Array<{ code: string; severity: string; message: string; platform: string }>;
    };
    expect(report.findings.find((f) => f.code === 'send-all-apps')).toMatchObject({
      severity: 'medium',
      platform: 'ios',
      message: expect.stringContaining('the 2 exceptions mean nothing'),
    });
  });

  it('requireOwner, requireExpiry and maxLifetimeDays: audit lists each shortfall, add refuses one', () => {
    const { cwd, file } = folder(
      `${POLICY}  # end\n`
        .replace('      owner: sales-it@contoso.example\n', '')
        .replace('      expires: 2027-01-15\n    - value: zoomus', '      expires: 2028-01-15\n    - value: zoomus'),
    );
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'requireOwner: true\nrequireExpiry: true\nmaxLifetimeDays: 400\n');
    const r = runBin(['audit', '--fail-on', 'medium', '--json'], { cwd });
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ code: string; value: string }> }).findings;
    expect(
      findings.filter((f) => ['missing-owner', 'missing-expiry', 'lifetime-too-long'].includes(f.code)).map((f) => [f.code, f.value]),
    ).toEqual([
      ['lifetime-too-long', 'wbx'],
      ['missing-owner', 'zoomus'],
    ]);
    const before = read(file);
    const refused = runBin(['add', '--ios', 'maps', '--owner', 'x'], { cwd });
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('an expiry date is required (requireExpiry in')]);
    const tooLong = runBin(['add', '--ios', 'maps', '--owner', 'x', '--expires', '2099-01-01'], { cwd });
    expect([tooLong.code, tooLong.stderr]).toEqual([2, expect.stringContaining('at most 400 are allowed (maxLifetimeDays in')]);
    expect(read(file)).toBe(before);
  });
});
