/**
 * The verdicts Intune would give, through the built CLI: phone and messaging hand-offs by their own
 * settings, Chrome, universal links, exact values from real tenants, strict keys, catalog integrity.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, read, runBin, tempDir } from '../helpers.js';

const verdicts = (r: { stdout: string }) =>
  JSON.parse(r.stdout).verdicts as Array<{ target: string; verdict: string; reason: string; message: string; covers?: string }>;

function policy(cwd: string, text: string): string {
  const file = path.join(cwd, 'mam-policy.yaml');
  writeFileSync(file, text);
  return file;
}

describe('hand-offs go by their own settings', () => {
  const targets = ['--ios', 'tel', 'telprompt', 'sms', '--android', 'com.google.android.dialer', 'com.google.android.apps.messaging'];

  it("under Intune's defaults phone numbers and messaging links go to any app", () => {
    const r = runBin(['check', ...targets, '--json'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(verdicts(r).map((v) => [v.target, v.verdict, v.reason])).toEqual([
      ['tel', 'allow', 'dialer-any-app'],
      ['telprompt', 'allow', 'dialer-any-app'],
      ['sms', 'allow', 'messaging-any-app'],
      ['com.google.android.dialer', 'allow', 'dialer-any-app'],
      ['com.google.android.apps.messaging', 'allow', 'messaging-any-app'],
    ]);
  });

  it('blocked denies them; the managed-apps settings deny unmanaged ones', () => {
    const cwd = tempDir();
    policy(cwd, 'version: 1\nios:\n  dialer: blocked\n  messaging: anyManagedApp\nandroid:\n  dialer: managedApps\n  messaging: blocked\n');
    const r = runBin(['check', ...targets, '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(verdicts(r).map((v) => [v.target, v.verdict, v.reason])).toEqual([
      ['tel', 'deny', 'dialer-blocked'],
      ['telprompt', 'deny', 'dialer-blocked'],
      ['sms', 'deny', 'messaging-any-managed-app'],
      ['com.google.android.dialer', 'deny', 'dialer-managed-apps'],
      ['com.google.android.apps.messaging', 'deny', 'messaging-blocked'],
    ]);
  });

  it('a custom app: only the named app is allowed', () => {
    const cwd = tempDir();
    policy(
      cwd,
      [
        'version: 1',
        'ios:',
        '  dialer: {customApp: contosophone}',
        '  messaging: {specificApps: contosotext}',
        'android:',
        '  dialer: {customApp: com.contoso.phone, name: Contoso Phone}',
        '  messaging: {specificApps: com.contoso.text, name: Contoso Text}',
        '',
      ].join('\n'),
    );
    const r = runBin(
      [
        'check',
        '--ios',
        'tel',
        'contosophone',
        'sms',
        'contosotext',
        '--android',
        'com.google.android.dialer',
        'com.contoso.phone',
        'com.contoso.text',
        '--json',
      ],
      { cwd },
    );
    expect(verdicts(r).map((v) => [v.target, v.verdict, v.reason])).toEqual([
      ['tel', 'deny', 'dialer-custom-app'],
      ['contosophone', 'allow', 'dialer-custom-app'],
      ['sms', 'deny', 'messaging-specific-app'],
      ['contosotext', 'allow', 'messaging-specific-app'],
      ['com.google.android.dialer', 'deny', 'dialer-custom-app'],
      ['com.contoso.phone', 'allow', 'dialer-custom-app'],
      ['com.contoso.text', 'allow', 'messaging-specific-app'],
    ]);
    expect(verdicts(r)[4]!.message).toContain('only to Contoso Phone (com.contoso.phone)');
  });
});

describe('built-ins', () => {
  it('Chrome on Android is denied: its data flow is always restricted', () => {
    const r = runBin(['check', '--android', 'com.android.chrome', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(verdicts(r)[0]).toMatchObject({
      verdict: 'deny',
      reason: 'intune-default-restricted',
      message: expect.stringContaining('always restricted'),
    });
  });

  it.each(['none', 'legacy'])('android defaults: %s is exit 3 naming the key, and the file is untouched', (value) => {
    const cwd = tempDir();
    const file = policy(cwd, `version: 1\nandroid:\n  defaults: ${value}\n`);
    const r = runBin(['check', '--android', 'com.android.phone'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mam-policy\.yaml:3:\d+: android\.defaults: Android's built-in exemptions cannot be turned off/);
    expect(read(file)).toBe(`version: 1\nandroid:\n  defaults: ${value}\n`);
  });

  it('an iOS allow says it covers URL-scheme launches only, in human output and in JSON', () => {
    const cwd = tempDir();
    policy(cwd, 'version: 1\nios:\n  exceptions:\n    - value: wbx\n');
    const human = runBin(['check', '--ios', 'wbx', 'skype'], { cwd });
    expect(human.stdout).toMatch(/allow\s+ios wbx .*by its URL scheme, not through Open-in\/Share or copy\/paste/);
    expect(human.stdout).toMatch(/allow\s+ios skype .*by its URL scheme only/);
    const json = verdicts(runBin(['check', '--ios', 'wbx', 'skype', '--json'], { cwd }));
    expect(json.map((v) => v.covers)).toEqual([
      'URL-scheme launches only (not Open-in/Share, not copy/paste)',
      'URL-scheme launches only (not Open-in/Share, not copy/paste)',
    ]);
  });
});

describe('universal links', () => {
  it("check --link: Microsoft's default exempted link allows; a link in neither list is denied with its reason", () => {
    const r = runBin(
      ['check', '--link', 'https://maps.apple.com/?q=x', 'https://contoso.sharepoint.com/sites/a', 'https://example.com/x', '--json'],
      { cwd: tempDir() },
    );
    expect(r.code).toBe(1);
    expect(verdicts(r).map((v) => [v.verdict, v.reason])).toEqual([
      ['allow', 'universal-link-exempted'],
      ['allow', 'universal-link-managed'],
      ['deny', 'universal-link-not-listed'],
    ]);
    expect(verdicts(r)[2]!.message).toContain('Restrict web content transfer with other apps');
  });

  it('add and remove work on both lists; the first edit writes out the defaults it starts from', () => {
    const cwd = tempDir();
    policy(cwd, 'version: 1\n');
    expect(runBin(['add', '--link', 'https://*.contoso-field.example/*', '--reason', 'r'], { cwd }).code).toBe(0);
    expect(runBin(['add', '--link', 'https://*.contoso-docs.example/*', '--managed'], { cwd }).code).toBe(0);
    let doc = parse(read(path.join(cwd, 'mam-policy.yaml')));
    expect(doc.ios.universalLinks.exempted).toEqual([
      'http://maps.apple.com',
      'https://maps.apple.com',
      'http://facetime.apple.com',
      'https://facetime.apple.com',
      'https://*.contoso-field.example/*',
    ]);
    expect(doc.ios.universalLinks.managed).toHaveLength(49);
    expect(verdicts(runBin(['check', '--link', 'https://a.contoso-field.example/job/1', '--json'], { cwd }))[0]).toMatchObject({
      verdict: 'allow',
      reason: 'universal-link-exempted',
    });
    expect(runBin(['remove', '--link', 'http://facetime.apple.com', 'https://facetime.apple.com'], { cwd }).code).toBe(0);
    expect(runBin(['remove', '--link', 'https://*.contoso-docs.example/*', '--managed'], { cwd }).code).toBe(0);
    doc = parse(read(path.join(cwd, 'mam-policy.yaml')));
    expect(doc.ios.universalLinks.exempted).toEqual([
      'http://maps.apple.com',
      'https://maps.apple.com',
      'https://*.contoso-field.example/*',
    ]);
    expect(doc.ios.universalLinks.managed).toHaveLength(48);
    const missing = runBin(['remove', '--link', 'https://maps.apple.co'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('did you mean https://maps.apple.com?');
  });

  it('a link that matches every host of a domain is refused without --force (exit 5)', () => {
    const cwd = tempDir();
    const file = policy(cwd, 'version: 1\n');
    const r = runBin(['add', '--link', 'https://*.com/*'], { cwd });
    expect(r.code).toBe(5);
    expect(read(file)).toBe('version: 1\n');
  });
});

describe('values are what Intune stores', () => {
  const tenant = [
    'version: 1',
    'ios:',
    '  defaults: {custom: "tel;telprompt;skype;app-settings;calshow;itms;itmss;itms-apps;itms-appss;itms-services;comgooglemaps;"}',
    '  exceptions:',
    '    - value: bjn',
    '      name: BlueJeans',
    '    - value: bjn-intunemam',
    '      name: BlueJeans',
    '    - value: bjn-a2m',
    '      name: BlueJeans',
    '    - value: Docusignit',
    '      name: " DocuSign"',
    '    - value: "zoomus;webex"',
    '      name: packed',
    '',
  ].join('\n');

  it('bjn and bjn-intunemam both survive add and remove of other values; a custom Default row is kept byte for byte and evaluated part by part', () => {
    const cwd = tempDir();
    const file = policy(cwd, tenant);
    expect(runBin(['add', '--ios', 'slack', '--reason', 'r'], { cwd }).code).toBe(0);
    expect(runBin(['remove', '--ios', 'slack'], { cwd }).code).toBe(0);
    expect(read(file)).toBe(tenant);
    const r = runBin(['check', '--ios', 'bjn', 'bjn-intunemam', 'docusignit', 'webex', 'comgooglemaps', 'tel', '--json'], { cwd });
    expect(verdicts(r).map((v) => [v.target, v.reason])).toEqual([
      ['bjn', 'exception'],
      ['bjn-intunemam', 'exception'],
      ['docusignit', 'exception'],
      ['webex', 'exception'],
      ['comgooglemaps', 'intune-default'],
      ['tel', 'intune-default'],
    ]);
    expect(
      JSON.parse(runBin(['list', '--json'], { cwd }).stdout).exceptions.map((e: { value: string; name?: string }) => [e.value, e.name]),
    ).toEqual([
      ['bjn', 'BlueJeans'],
      ['bjn-intunemam', 'BlueJeans'],
      ['bjn-a2m', 'BlueJeans'],
      ['Docusignit', ' DocuSign'],
      ['zoomus;webex', 'packed'],
    ]);
  });

  it('add --ios bjn-intunemam keeps the value and warns with a suggestion; an existing value in another case is already there', () => {
    const cwd = tempDir();
    policy(cwd, 'version: 1\nios:\n  exceptions:\n    - value: Docusignit\n');
    const r = runBin(['add', '--ios', 'bjn-intunemam', 'docusignit', '--reason', 'r', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.added).toEqual([{ platform: 'ios', value: 'bjn-intunemam' }]);
    expect(out.warnings).toContainEqual(
      expect.objectContaining({
        value: 'bjn-intunemam',
        code: 'intunemam-scheme',
        message: expect.stringContaining('its own scheme is "bjn"'),
      }),
    );
    expect(parse(read(path.join(cwd, 'mam-policy.yaml'))).ios.exceptions.map((e: { value: string }) => e.value)).toEqual([
      'Docusignit',
      'bjn-intunemam',
    ]);
  });

  it('a pasted meeting link is refused, pointing at the app that owns it and at universal links, never at "https"', () => {
    const cwd = tempDir();
    const r = runBin(['add', '--ios', 'https://contoso.webex.com/meet/x', '--json'], { cwd });
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.stderr);
    expect(error.hint).toContain('contoso.webex.com belongs to Cisco Webex: webex, webexteams');
    expect(error.hint).toContain('mamx add --link');
    expect(JSON.stringify(error)).not.toMatch(/did you mean "https"/);
  });
});

describe('strict keys', () => {
  it.each([
    ['version: 1\nios:\n  sendOrgdata: none\n', 'ios.sendOrgdata', 'sendOrgData'],
    ['version: 1\nios:\n  exeptions:\n    - value: wbx\n', 'ios.exeptions', 'exceptions'],
    ['version: 1\nios:\n  exceptions:\n    - value: wbx\n      expire: 2020-01-01\n', 'ios.exceptions[0].expire', 'expires'],
  ])('%j is exit 3 with the suggestion, and the file is untouched', (text, key, suggestion) => {
    const cwd = tempDir();
    const file = policy(cwd, text);
    for (const args of [['check', '--ios', 'wbx'], ['add', '--ios', 'slack'], ['audit']]) {
      const r = runBin([...args, '--json'], { cwd });
      expect(r.code).toBe(3);
      const { error } = JSON.parse(r.stderr);
      expect(error.message).toContain(`${key}: unknown key`);
      expect(error.hint).toBe(`did you mean "${suggestion}"?`);
    }
    expect(read(file)).toBe(text);
  });

  it('other unknown keys are kept and listed by audit as info', () => {
    const cwd = tempDir();
    policy(cwd, 'version: 1\nx-reviewed-by: security\nios:\n  x-owner-team: mobility\n');
    const findings = JSON.parse(runBin(['audit', '--json'], { cwd }).stdout).findings;
    expect(
      findings
        .filter((f: { code: string }) => f.code === 'unknown-key')
        .map((f: { value: string; severity: string }) => [f.value, f.severity]),
    ).toEqual([
      ['x-reviewed-by', 'info'],
      ['ios.x-owner-team', 'info'],
    ]);
  });
});

describe('the catalog', () => {
  const userCatalog = (cwd: string, override: boolean) => {
    writeFileSync(
      path.join(cwd, 'apps.yaml'),
      `apps:\n  - id: field-chat\n    name: Field Chat\n    category: line-of-business\n    source: our own review\n    android: [com.whatsapp]\n${override ? '    override: Reviewed by security as our field channel (SEC-42)\n' : ''}`,
    );
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'catalog: apps.yaml\n');
  };

  it('re-categorising com.whatsapp without an override does not lower its risk: add still exits 5, with a warning naming the catalog', () => {
    const cwd = tempDir();
    userCatalog(cwd, false);
    const r = runBin(['add', '--android', 'com.whatsapp'], { cwd });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      `ignored in the catalog ${path.join(cwd, 'apps.yaml')}: "field-chat" would make android com.whatsapp (WhatsApp, messaging) less risky`,
    );
  });

  it('with an override it takes effect, and audit reports it', () => {
    const cwd = tempDir();
    userCatalog(cwd, true);
    expect(runBin(['add', '--android', 'com.whatsapp', '--reason', 'r'], { cwd }).code).toBe(0);
    const findings = JSON.parse(runBin(['audit', '--json'], { cwd }).stdout).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'catalog-override',
        severity: 'medium',
        value: 'com.whatsapp',
        message: expect.stringContaining('SEC-42'),
      }),
    );
  });

  it('apps webex lists every Webex identifier; the Intune edition warns "supports Intune APP"; com.slack points to com.Slack', () => {
    const cwd = tempDir();
    const apps = JSON.parse(runBin(['apps', 'webex', '--json'], { cwd }).stdout).apps as Array<{
      ios: Array<{ value: string }>;
      android: Array<{ value: string }>;
    }>;
    const ids = apps.flatMap((a) => [...a.ios, ...a.android].map((i) => i.value));
    for (const v of ['webex', 'webexteams', 'wbx', 'com.cisco.wx2.android', 'com.cisco.webex.meetings']) expect(ids).toContain(v);
    const add = runBin(['add', '--android', 'com.cisco.wx2.android.msintune', '--reason', 'r', '--dry-run', '--json'], { cwd });
    expect(JSON.parse(add.stdout).warnings).toContainEqual(
      expect.objectContaining({ code: 'supports-intune-app', message: expect.stringContaining('supports Intune APP') }),
    );
    const slack = verdicts(runBin(['check', '--android', 'com.slack', '--json'], { cwd }))[0] as unknown as {
      warnings: Array<{ code: string; message: string }>;
    };
    expect(slack.warnings).toContainEqual(
      expect.objectContaining({ code: 'look-alike', message: expect.stringContaining('did you mean com.Slack?') }),
    );
  });
});

it('no message names a file of this repository, or a section sign', () => {
  const cwd = tempDir();
  policy(cwd, readFileSync(path.join(FIXTURES, 'team-policy.yaml'), 'utf8'));
  const everything = [
    runBin(['list', '--defaults', '--links', '--json'], { cwd }).stdout,
    runBin(['audit', '--json'], { cwd }).stdout,
    runBin(['apps', '--json'], { cwd }).stdout,
    runBin(
      ['check', '--ios', 'http', 'tel', 'bjn-intunemam', 'com.apple.Maps', '--android', 'com.android.chrome', 'com.whatsapp', '--json'],
      { cwd },
    ).stdout,
  ].join('\n');
  expect(everything).not.toMatch(/§|domain-facts|SPEC\.md|src\/(core|data|io)|\.ts\b|known-apps|risky-values|intune-defaults/);
});
