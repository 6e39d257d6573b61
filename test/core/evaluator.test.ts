import { defaultPlatformPolicy } from '../../src/core/policy-model.js';
import { evaluate, indexPolicy } from '../../src/core/evaluator.js';
import { HANDOFF_SETTING_FACTS, HANDOFFS } from '../../src/core/handoffs.js';
import type { EffectivePolicy, PlatformPolicy, SendSetting } from '../../src/core/types.js';

function policy(ios: Partial<PlatformPolicy> = {}, android: Partial<PlatformPolicy> = {}): EffectivePolicy {
  const base = (platform: 'ios' | 'android' = 'ios'): PlatformPolicy => defaultPlatformPolicy(platform);
  return { file: '/p/mam-policy.yaml', ios: { ...base('ios'), ...ios }, android: { ...base('android'), ...android } };
}

const webex = { value: 'wbx', name: 'Webex', platform: 'ios' as const, source: { file: '/p/mam-policy.yaml', line: 7 } };

describe('the verdict table (SPEC §3)', () => {
  it.each<[string, EffectivePolicy, 'ios' | 'android', string, string, string]>([
    ['allApps allows anything', policy({ sendOrgData: 'allApps' }), 'ios', 'anything', 'allow', 'all-apps'],
    ['none blocks even an exception', policy({ sendOrgData: 'none', exceptions: [webex] }), 'ios', 'wbx', 'deny', 'transfer-blocked'],
    ['a managed app is allowed', policy({ managedApps: ['ms-outlook'] }), 'ios', 'ms-outlook', 'allow', 'managed-app'],
    ['an exception is allowed', policy({ exceptions: [webex] }), 'ios', 'wbx', 'allow', 'exception'],
    ['a full iOS default is allowed', policy(), 'ios', 'skype', 'allow', 'intune-default'],
    ['a full Android default is allowed', policy(), 'android', 'com.android.vending', 'allow', 'intune-default'],
    ['a conditional Android default is limited', policy(), 'android', 'com.skype.raider', 'limited', 'intune-default-conditional'],
    ['anything else is denied', policy(), 'ios', 'wbx', 'deny', 'not-exempt'],
    ["tel goes by the dialer setting (Intune's default: any dialer app)", policy(), 'ios', 'tel', 'allow', 'dialer-any-app'],
    ['legacy defaults include tel', policy({ defaults: 'legacy' }), 'ios', 'tel', 'allow', 'intune-default'],
    ['defaults none drops Intune defaults', policy({ defaults: 'none' }), 'ios', 'skype', 'deny', 'not-exempt'],
    ['Android matching is case-sensitive', policy(), 'android', 'com.Android.vending', 'deny', 'not-exempt'],
    [
      'an explicit exception wins over a conditional default',
      policy({}, { exceptions: [{ value: 'com.android.chrome', platform: 'android', source: { file: 'f' } }] }),
      'android',
      'com.android.chrome',
      'allow',
      'exception',
    ],
  ])('%s', (_title, p, platform, target, verdict, reason) => {
    const v = evaluate(indexPolicy(p), platform, target);
    expect([v.verdict, v.reason]).toEqual([verdict, reason]);
    expect(v.message.length).toBeGreaterThan(10);
    expect(v.platform).toBe(platform);
    expect(v.target).toBe(target);
  });

  it('names the file and line of the exception that allowed a target', () => {
    const v = evaluate(indexPolicy(policy({ exceptions: [webex] })), 'ios', 'wbx');
    expect(v.source).toBe('/p/mam-policy.yaml:7');
    expect(v.entry).toEqual({ value: 'wbx', name: 'Webex' });
    expect(v.message).toContain('/p/mam-policy.yaml:7');
  });

  it('carries the condition and the documentation of a conditional default', () => {
    const v = evaluate(indexPolicy(policy()), 'android', 'com.google.android.apps.maps');
    expect(v.entry).toMatchObject({ kind: 'conditional', condition: expect.stringContaining('navigation') });
    expect(v.source).toMatch(/learn\.microsoft\.com/);
  });

  it('settings apply per platform', () => {
    const p = policy({ sendOrgData: 'none' as SendSetting }, { sendOrgData: 'allApps' });
    const idx = indexPolicy(p);
    expect(evaluate(idx, 'ios', 'skype').verdict).toBe('deny');
    expect(evaluate(idx, 'android', 'com.whatsapp').verdict).toBe('allow');
  });

  it('attaches the warnings the assessor gives, with the deciding exception', () => {
    const seen: unknown[] = [];
    const idx = indexPolicy(policy({ exceptions: [webex] }), (platform, target, _key, entry) => {
      seen.push([platform, target, entry?.value]);
      return [{ code: 'test', severity: 'low', message: 'm' }];
    });
    expect(evaluate(idx, 'ios', 'wbx').warnings).toEqual([{ code: 'test', severity: 'low', message: 'm' }]);
    expect(seen).toEqual([['ios', 'wbx', 'wbx']]);
  });
});

describe('settings and the order they apply in', () => {
  const tel = { value: 'tel', platform: 'ios' as const, source: { file: '/p/mam-policy.yaml', line: 9 } };
  it.each<[string, EffectivePolicy, 'ios' | 'android', string, string, string]>([
    [
      'an exempted tel opens the way whatever the dialer setting (Microsoft: remove the exemption for the setting to apply)',
      policy({ dialer: { level: 'blocked' }, exceptions: [tel] }),
      'ios',
      'tel',
      'allow',
      'exception',
    ],
    [
      'the legacy Default row carries tel',
      policy({ dialer: { level: 'blocked' }, defaults: 'legacy' }),
      'ios',
      'tel',
      'allow',
      'intune-default',
    ],
    ['without it, tel goes by the dialer setting', policy({ dialer: { level: 'blocked' } }), 'ios', 'tel', 'deny', 'dialer-blocked'],
    [
      'messaging: any managed app denies the native app',
      policy({ messaging: { type: 'anyManagedApp' } }),
      'ios',
      'sms',
      'deny',
      'messaging-any-managed-app',
    ],
    [
      'a managed app is allowed before any hand-off rule',
      policy({ managedApps: ['sms'], messaging: { type: 'blocked' } }),
      'ios',
      'sms',
      'allow',
      'managed-app',
    ],
    [
      'iOS values match whatever their case',
      policy({ exceptions: [{ ...tel, value: 'Docusignit' }] }),
      'ios',
      'docusignit',
      'allow',
      'exception',
    ],
    [
      'Android values match exactly',
      policy({}, { exceptions: [{ value: 'com.Slack', platform: 'android', source: { file: 'f' } }] }),
      'android',
      'com.slack',
      'deny',
      'not-exempt',
    ],
    [
      'a packed row matches by its parts',
      policy({ exceptions: [{ ...tel, value: 'zoomus;webex;' }] }),
      'ios',
      'webex',
      'allow',
      'exception',
    ],
    [
      'a custom Default row: its own parts',
      policy({ defaults: { custom: 'skype;comgooglemaps;' } }),
      'ios',
      'comgooglemaps',
      'allow',
      'intune-default',
    ],
    [
      'a custom Default row: what it left out',
      policy({ defaults: { custom: 'skype;comgooglemaps;' } }),
      'ios',
      'calshow',
      'deny',
      'not-exempt',
    ],
    ['Android built-ins cannot be turned off', policy(), 'android', 'com.android.phone', 'allow', 'intune-default'],
    ['Chrome is listed but restricted', policy(), 'android', 'com.android.chrome', 'deny', 'intune-default-restricted'],
  ])('%s', (_title, p, platform, target, verdict, reason) => {
    const v = evaluate(indexPolicy(p), platform, target);
    expect([v.verdict, v.reason]).toEqual([verdict, reason]);
  });

  it('a row Intune cannot match is named on the denial of what it probably meant', () => {
    const v = evaluate(indexPolicy(policy({ exceptions: [{ ...tel, value: 'WBX://' }] })), 'ios', 'wbx');
    expect(v).toMatchObject({
      verdict: 'deny',
      warnings: [
        expect.objectContaining({ code: 'exception-not-matched', message: expect.stringContaining('"WBX://" (/p/mam-policy.yaml:9)') }),
      ],
    });
  });
});

describe('hand-off data (src/data/handoffs.json)', () => {
  it('every hand-off target and setting has a source, and the verdicts quote the setting and its SDK minimum', () => {
    for (const h of HANDOFFS) expect(h.source.length).toBeGreaterThan(10);
    for (const s of Object.values(HANDOFF_SETTING_FACTS)) expect(s.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    const policy: EffectivePolicy = { file: null, ios: defaultPlatformPolicy('ios'), android: defaultPlatformPolicy('android') };
    const v = evaluate(indexPolicy(policy), 'ios', 'tel');
    expect(v.message).toContain(`"${HANDOFF_SETTING_FACTS.dialer.setting}" is allApps (${HANDOFF_SETTING_FACTS.dialer.iosSdk})`);
    expect(evaluate(indexPolicy(policy), 'ios', 'sms').message).toContain(`(${HANDOFF_SETTING_FACTS.messaging.iosSdk})`);
    expect(evaluate(indexPolicy(policy), 'android', 'com.google.android.dialer').message).not.toContain('SDK');
  });
});
