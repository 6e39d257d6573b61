/**
 * Intune's own data in and out, through the built CLI: every export format imports, rows verbatim;
 * export gives what Intune takes; diff sees only real differences; and the round trip loses nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, read, runBin, tempDir } from '../helpers.js';

const fx = (name: string) => path.join(FIXTURES, name);
const CURRENT = 'skype;app-settings;calshow;itms;itmss;itms-apps;itms-appss;itms-services;';
const LEGACY = `tel;telprompt;${CURRENT}`;

function imported(cwd: string, ...args: string[]) {
  const r = runBin(['import', ...args, '--json'], { cwd });
  expect([r.code, r.stderr]).toEqual([0, '']);
  return { result: JSON.parse(r.stdout), doc: parse(read(path.join(cwd, 'mam-policy.yaml'))) };
}

const exported = (cwd: string, platform: string) => {
  const r = runBin(['export', '--platform', platform], { cwd });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('import: each format', () => {
  it('a Graph GET response (iOS): a real-world list survives verbatim, with the warnings that apply', () => {
    const cwd = tempDir();
    const { result, doc } = imported(cwd, fx('graph-ios-policy.json'));
    const rows = doc.ios.exceptions.map((e: { value: string; name?: string }) => [e.value, e.name]);
    expect(rows.slice(0, 7)).toEqual([
      ['bjn', 'BlueJeans'],
      ['bjn-intunemam', 'BlueJeans'],
      ['bjn-a2m', 'BlueJeans'],
      ['com.apple.Maps', 'Apple Maps'],
      ['com.apple.MobileSMS', 'Messages'],
      ['Docusignit', 'DocuSign'],
      ['webex', ' Cisco Webex'],
    ]);
    expect(rows).toHaveLength(17);
    expect(doc.ios.defaults).toEqual({ custom: `${CURRENT}comgooglemaps;` });
    expect(doc.ios.intune).toEqual({
      id: 'T_4a8c2f9e-6d1b-4c3a-9e2f-1b7d5c3a9e01',
      displayName: 'iOS - BYOD data protection',
      version: '"3d0068a6-0000-0d00-0000-66f2e4a50000"',
    });
    const codes = (value: string) =>
      result.warnings.filter((w: { value: string }) => w.value === value).map((w: { code: string }) => w.code);
    expect(codes('bjn')).toEqual(['supports-intune-app']);
    expect(codes('bjn-intunemam')).toEqual(['intunemam-scheme']);
    expect(codes('com.apple.Maps')).toEqual(['bundle-id']);
    expect(codes('Docusignit')).toEqual([]);
  });

  it('a Graph GET response (Android): a case-different ID is kept as it is, and flagged', () => {
    const cwd = tempDir();
    const { result, doc } = imported(cwd, fx('graph-android-policy.json'));
    expect(doc.android.exceptions.map((e: { value: string }) => e.value)).toEqual([
      'com.cisco.webex.meetings',
      'com.Samsung.android.messaging',
      'com.google.maps',
      'us.zoom.videomeetings',
    ]);
    expect(doc.android.dialer).toBe('allApps');
    expect(result.warnings).toContainEqual(expect.objectContaining({ value: 'com.Samsung.android.messaging', code: 'look-alike' }));
  });

  it('a managedAppPolicies collection: two policies of a platform need --policy (exit 2, listing them); other types are skipped with a note', () => {
    const cwd = tempDir();
    const r = runBin(['import', fx('graph-managedAppPolicies.json')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 iOS policies: say which with --policy');
    expect(r.stderr).toContain('"iOS - Corporate"');
    const { result, doc } = imported(cwd, fx('graph-managedAppPolicies.json'), '--policy', 'iOS - Corporate');
    expect(doc.ios.exceptions).toEqual([
      { value: 'wbx', name: 'Webex' },
      { value: 'comgooglemaps', name: 'Google Maps' },
    ]);
    expect(doc.ios.defaults).toBe('current');
    expect(result.skipped).toEqual([
      `${fx('graph-managedAppPolicies.json')}: "Windows - WIP": windowsInformationProtectionPolicy is not an iOS or Android app protection policy`,
      `${fx('graph-managedAppPolicies.json')}: "Outlook app configuration": targetedManagedAppConfiguration is not an iOS or Android app protection policy`,
    ]);
    expect(
      imported(cwd, fx('graph-managedAppPolicies.json'), '--policy', 'T_5d7f9b1c-3e5a-4c7e-9b1d-5f7a9c1e3b04').doc.android.intune
        .displayName,
    ).toBe('Android - Corporate');
  });

  it('an IntuneManagement export (CRLF, OData annotations): legacy Default row, custom dialer, Open-In filtering, links', () => {
    const cwd = tempDir();
    const { result, doc } = imported(cwd, fx('intunemanagement-ios.json'));
    expect(doc.ios).toMatchObject({
      sendOrgData: 'managedApps',
      filterOpenInToOnlyManagedApps: true,
      receiveOrgData: 'managedApps',
      defaults: 'legacy',
      dialer: { customApp: 'frontlinephone' },
      messaging: 'blocked',
      exceptions: [
        { value: 'wbx', name: 'Cisco Webex Meetings' },
        { value: 'kronos', name: 'Kronos' },
      ],
      universalLinks: {
        exempted: ['http://maps.apple.com', 'https://maps.apple.com'],
        managed: ['http://*.sharepoint.com/*', 'https://*.sharepoint.com/*', 'https://*teams.microsoft.com/l/*'],
      },
    });
    expect(result.imported[0].notes).toEqual([
      expect.stringContaining('2 targeted iOS app(s) by bundle ID (com.microsoft.Office.Outlook, com.microsoft.skype.teams)'),
    ]);
  });

  it.each([
    ['UTF-16LE with a byte-order mark', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16LE without one', (t: string) => Buffer.from(t, 'utf16le')],
    ['UTF-16BE with a byte-order mark', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ['UTF-8 with a byte-order mark', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
  ])('the same export in %s', (_how, encode) => {
    const cwd = tempDir();
    const file = path.join(cwd, 'export.json');
    writeFileSync(file, encode(readFileSync(fx('intunemanagement-ios.json'), 'utf8')));
    expect(imported(cwd, file).doc.ios.exceptions).toEqual([
      { value: 'wbx', name: 'Cisco Webex Meetings' },
      { value: 'kronos', name: 'Kronos' },
    ]);
  });

  it('an IntuneCD backup in YAML (Android): sorted keys, no id, group names; targeted apps become managedApps; a packed row stays one row', () => {
    const cwd = tempDir();
    const { doc } = imported(cwd, fx('intunecd-android.yaml'));
    expect(doc.android).toMatchObject({
      dialer: 'managedApps',
      messaging: { specificApps: 'com.contoso.securesms', name: 'Contoso Secure SMS' },
      managedApps: ['com.microsoft.office.outlook', 'com.microsoft.teams'],
      exceptions: [
        { value: 'com.cisco.wx2.android', name: 'Webex' },
        { value: 'com.google.android.apps.messaging;com.samsung.android.messaging', name: 'SMS' },
      ],
      intune: { displayName: 'Android - Contractors' },
    });
    expect(doc.android.intune.id).toBeUndefined();
  });

  it('an IntuneCD backup in JSON (iOS): allApps, the current Default row, an emptied managed-links list', () => {
    const cwd = tempDir();
    const { doc } = imported(cwd, fx('intunecd-ios.json'));
    expect(doc.ios).toMatchObject({ sendOrgData: 'allApps', defaults: 'current', exceptions: [], universalLinks: { managed: [] } });
  });

  it('a framework baseline: the pre-2020 Default row; placeholder custom-app values are not settings', () => {
    const cwd = tempDir();
    const { doc } = imported(cwd, fx('framework-ios-level2.json'));
    expect(doc.ios).toMatchObject({ defaults: 'legacy', dialer: 'allApps', messaging: 'anyApp', receiveOrgData: 'managedApps' });
  });

  it('--dry-run writes nothing and says so', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\n');
    const r = runBin(['import', fx('graph-android-policy.json'), '--dry-run', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      changed: false,
      dryRun: true,
      added: expect.arrayContaining([expect.objectContaining({ value: 'com.google.maps' })]),
    });
    expect(read(path.join(cwd, 'mam-policy.yaml'))).toBe('version: 1\n');
  });

  it('into an existing file: rows merged, metadata and comments kept', () => {
    const cwd = tempDir();
    const text =
      '# Reviewed quarterly\nversion: 1\nandroid:\n  exceptions:\n    - value: com.google.maps # navigation\n      reason: Addresses from Outlook\n';
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), text);
    const { doc } = imported(cwd, fx('graph-android-policy.json'));
    expect(doc.android.exceptions.find((e: { value: string }) => e.value === 'com.google.maps')).toEqual({
      value: 'com.google.maps',
      reason: 'Addresses from Outlook',
      name: 'Google Maps',
    });
    expect(doc.android.exceptions).toHaveLength(4);
    const after = read(path.join(cwd, 'mam-policy.yaml'));
    expect(after).toContain('# Reviewed quarterly');
    expect(after).toContain('# navigation');
  });
});

describe('export', () => {
  it('--format graph --platform ios of a file with defaults: legacy starts with the legacy Default row', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'mam-policy.yaml'),
      'version: 1\nios:\n  defaults: legacy\n  exceptions:\n    - value: wbx\n      name: Webex\n',
    );
    const r = runBin(['export', '--format', 'graph', '--platform', 'ios'], { cwd });
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body['@odata.type']).toBe('#microsoft.graph.iosManagedAppProtection');
    expect(body.exemptedAppProtocols).toEqual([
      { name: 'Default', value: LEGACY },
      { name: 'Webex', value: 'wbx' },
    ]);
  });

  it('Android gets no Default row; defaults: none on iOS drops it, loudly', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\nios:\n  defaults: none\n');
    const r = runBin(['export'], { cwd });
    expect(r.stderr).toContain('has no Default row');
    const bodies = JSON.parse(r.stdout);
    expect(bodies.ios.exemptedAppProtocols).toEqual([]);
    expect(bodies.android.exemptedAppPackages).toEqual([]);
  });

  it('--format csv and md: a review table, one row per exception, cells made safe', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'mam-policy.yaml'),
      'version: 1\nios:\n  exceptions:\n    - value: wbx\n      name: "Webex, Meetings"\n      reason: "=cmd|calc"\n    - value: zoomus\n',
    );
    const csv = runBin(['export', '--format', 'csv'], { cwd }).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('platform,value,name,reason,ticket,owner,added,expires,accepted,warnings,source');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('"Webex, Meetings","\'=cmd|calc"');
    const md = runBin(['export', '--format', 'md'], { cwd }).stdout;
    expect(md).toContain('| ios | wbx | Webex, Meetings | =cmd\\|calc |');
  });
});

describe('diff', () => {
  const ios = (rows: Array<[string, string]>) => ({
    '@odata.type': '#microsoft.graph.iosManagedAppProtection',
    displayName: 'p',
    allowedOutboundDataTransferDestinations: 'managedApps',
    exemptedAppProtocols: [{ name: 'Default', value: CURRENT }, ...rows.map(([name, value]) => ({ name, value }))],
  });

  it('two iOS policies that differ by com.google.maps vs comgooglemaps: exactly that change, exit 1', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'a.json'),
      JSON.stringify(
        ios([
          ['Webex', 'wbx'],
          ['Google Maps', 'com.google.maps'],
        ]),
      ),
    );
    writeFileSync(
      path.join(cwd, 'b.json'),
      JSON.stringify(
        ios([
          ['Webex', 'wbx'],
          ['Google Maps', 'comgooglemaps'],
        ]),
      ),
    );
    const r = runBin(['diff', 'a.json', 'b.json', '--json'], { cwd });
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.equal).toBe(false);
    expect(d.platforms).toHaveLength(1);
    expect(d.platforms[0]).toMatchObject({
      platform: 'ios',
      settings: [],
      added: [{ value: 'comgooglemaps', name: 'Google Maps' }],
      removed: [{ value: 'com.google.maps', name: 'Google Maps' }],
      changed: [],
    });
    expect(d.platforms[0].risk.removed).toContainEqual(expect.objectContaining({ code: 'bundle-id', value: 'com.google.maps' }));
    const md = runBin(['diff', 'a.json', 'b.json', '--format', 'md'], { cwd });
    expect(md.stdout).toContain('- + ios `comgooglemaps` (Google Maps)');
  });

  it('order, annotations, white space around names and null against "" are not differences', () => {
    const cwd = tempDir();
    const a = {
      ...ios([
        ['Webex', 'wbx'],
        ['Maps', 'maps'],
      ]),
      customDialerAppProtocol: null,
    };
    const b = {
      '@odata.context': 'x',
      ...ios([
        [' Maps ', 'maps'],
        ['Webex', 'wbx'],
      ]),
      'exemptedAppProtocols@odata.type': '#Collection(microsoft.graph.keyValuePair)',
      customDialerAppProtocol: '',
    };
    writeFileSync(path.join(cwd, 'a.json'), JSON.stringify(a));
    writeFileSync(path.join(cwd, 'b.json'), JSON.stringify(b, null, 4).replace(/\n/g, '\r\n'));
    const r = runBin(['diff', 'a.json', 'b.json'], { cwd });
    expect([r.code, r.stdout.trim().split('\n').at(-1)]).toEqual([0, 'no difference']);
  });

  it('--fail-on high: only new risk at or above it decides the exit code', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'a.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: wbx\n      reason: r\n');
    writeFileSync(
      path.join(cwd, 'b.yaml'),
      'version: 1\nios:\n  exceptions:\n    - value: wbx\n      reason: r\n    - value: zoomus\n      reason: r\n',
    );
    writeFileSync(
      path.join(cwd, 'c.yaml'),
      'version: 1\nios:\n  exceptions:\n    - value: wbx\n      reason: r\n    - value: mailto\n      reason: r\n',
    );
    expect(runBin(['diff', 'a.yaml', 'b.yaml'], { cwd }).code).toBe(1);
    expect(runBin(['diff', 'a.yaml', 'b.yaml', '--fail-on', 'high'], { cwd }).code).toBe(0);
    const c = runBin(['diff', 'a.yaml', 'c.yaml', '--fail-on', 'high', '--json'], { cwd });
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout).platforms[0].risk.added).toContainEqual(
      expect.objectContaining({ code: 'compose-sheet', severity: 'high', value: 'mailto' }),
    );
  });

  it('a send setting that makes the exception list moot is new risk', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'a.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: wbx\n      reason: r\n');
    writeFileSync(path.join(cwd, 'b.yaml'), 'version: 1\nios:\n  sendOrgData: allApps\n  exceptions:\n    - value: wbx\n      reason: r\n');
    const d = JSON.parse(runBin(['diff', 'a.yaml', 'b.yaml', '--json', '--platform', 'ios'], { cwd }).stdout);
    expect(d.platforms[0].settings).toEqual([{ setting: 'sendOrgData', before: 'managedApps', after: 'allApps' }]);
    expect(d.platforms[0].risk.added).toContainEqual(expect.objectContaining({ code: 'exceptions-moot' }));
  });
});

describe('the round trip loses nothing', () => {
  it.each([
    ['graph-ios-policy.json', []],
    ['graph-android-policy.json', []],
    ['graph-managedAppPolicies.json', ['--policy', 'iOS - Corporate']],
    ['graph-managedAppPolicies.json', ['--policy', 'Android - BYOD data protection']],
    ['intunemanagement-ios.json', []],
    ['intunecd-android.yaml', []],
    ['intunecd-ios.json', []],
    ['framework-ios-level2.json', []],
  ])('%s %j: import, export: the same rows, Default row and links; diff: no difference', (name, args) => {
    const cwd = tempDir();
    const { result } = imported(cwd, fx(name), ...args);
    const text = readFileSync(fx(name), 'utf8');
    const source: unknown = name.endsWith('.yaml') ? parse(text) : JSON.parse(text);
    for (const { platform, displayName } of result.imported) {
      const original = findPolicy(source, platform, displayName);
      const body = exported(cwd, platform);
      const key = platform === 'ios' ? 'exemptedAppProtocols' : 'exemptedAppPackages';
      const rows = (list: unknown) => (list as Array<{ name?: string | null; value: string }>).map((r) => [(r.name ?? '').trim(), r.value]);
      expect(rows(body[key])).toEqual(rows(original[key]));
      if (platform === 'ios') {
        for (const links of ['exemptedUniversalLinks', 'managedUniversalLinks']) {
          if (original[links] !== undefined) expect(body[links]).toEqual(original[links]);
        }
      }
    }
    const d = runBin(['diff', fx(name), 'mam-policy.yaml', ...args], { cwd });
    expect([d.code, d.stdout.trim().split('\n').at(-1)]).toEqual([0, 'no difference']);
  });
});

function findPolicy(doc: unknown, platform: string, displayName: string | undefined): Record<string, unknown> {
  const items = Array.isArray(doc) ? doc : ((doc as { value?: unknown[] }).value ?? [doc]);
  const found = (items as Array<Record<string, unknown>>).find(
    (p) =>
      (typeof p['@odata.type'] === 'string' ? p['@odata.type'] : '').toLowerCase().includes(platform) &&
      (displayName === undefined || p.displayName === displayName),
  );
  if (!found) throw new Error(`no ${platform} policy ${displayName} in the fixture`);
  return found;
}
