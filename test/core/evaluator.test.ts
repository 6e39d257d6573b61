import { evaluate, indexPolicy } from '../../src/core/evaluator.js';
import type { EffectivePolicy, PlatformPolicy, SendSetting } from '../../src/core/types.js';

function policy(ios: Partial<PlatformPolicy> = {}, android: Partial<PlatformPolicy> = {}): EffectivePolicy {
  const base = (): PlatformPolicy => ({ sendOrgData: 'managedApps', defaults: 'current', managedApps: [], exceptions: [] });
  return { file: '/p/mam-policy.yaml', ios: { ...base(), ...ios }, android: { ...base(), ...android } };
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
    ['legacy tel is not a current default', policy(), 'ios', 'tel', 'deny', 'not-exempt'],
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
    const idx = indexPolicy(policy({ exceptions: [webex] }), (platform, target, entry) => {
      seen.push([platform, target, entry?.value]);
      return [{ code: 'test', severity: 'low', message: 'm' }];
    });
    expect(evaluate(idx, 'ios', 'wbx').warnings).toEqual([{ code: 'test', severity: 'low', message: 'm' }]);
    expect(seen).toEqual([['ios', 'wbx', 'wbx']]);
  });
});
