/** The settings that name an app (dialer, messaging), to and from Graph's properties, per platform. */
import { graphBody, sectionFromGraph } from '../../src/core/intune.js';
import { defaultPlatformPolicy } from '../../src/core/policy-model.js';
import type { EffectivePolicy, PlatformPolicy } from '../../src/core/types.js';

const imported = (platform: 'ios' | 'android', properties: Record<string, unknown>) => sectionFromGraph({ platform, properties });

describe('from Graph', () => {
  it('a level that names no app is taken as it is; one that does carries the app (and its name on Android)', () => {
    expect(
      imported('ios', {
        dialerRestrictionLevel: 'managedApps',
        protectedMessagingRedirectAppType: 'specificApps',
        messagingRedirectAppUrlScheme: 'signal',
      }).section,
    ).toEqual({
      dialer: 'managedApps',
      messaging: { specificApps: 'signal' },
    });
    expect(
      imported('android', {
        dialerRestrictionLevel: 'customApp',
        customDialerAppPackageId: 'com.contoso.dialer',
        customDialerAppDisplayName: 'Contoso Dialer',
        protectedMessagingRedirectAppType: 'specificApps',
        messagingRedirectAppPackageId: 'com.contoso.sms',
        messagingRedirectAppDisplayName: ' ',
      }).section,
    ).toEqual({ dialer: { customApp: 'com.contoso.dialer', name: 'Contoso Dialer' }, messaging: { specificApps: 'com.contoso.sms' } });
  });

  it('an unknown level, or a named-app level with an empty placeholder, is not imported and says why', () => {
    const r = imported('android', {
      dialerRestrictionLevel: 'someApps',
      protectedMessagingRedirectAppType: 'specificApps',
      messagingRedirectAppPackageId: '',
    });
    expect(r.section).toEqual({});
    expect(r.notes).toEqual([
      'dialerRestrictionLevel "someApps" is not a value mamx knows: not imported',
      'messaging: specificApps names no app (an empty placeholder): not imported; set it in Intune or in the file',
    ]);
  });
});

describe('to Graph', () => {
  const body = (platform: 'ios' | 'android', p: Partial<PlatformPolicy>) => {
    const policy = { file: null, ios: defaultPlatformPolicy('ios'), android: defaultPlatformPolicy('android') } as EffectivePolicy;
    policy[platform] = { ...policy[platform], ...p };
    const b = graphBody(platform, policy);
    return Object.fromEntries(Object.entries(b).filter(([k]) => /dialer|messaging/i.test(k)));
  };

  it("the named app goes to the platform's own properties, in a fixed order; Android gets a display name", () => {
    expect(body('ios', { dialer: { level: 'customApp', app: { value: 'contosodial' } }, messaging: { type: 'blocked' } })).toEqual({
      dialerRestrictionLevel: 'customApp',
      customDialerAppProtocol: 'contosodial',
      protectedMessagingRedirectAppType: 'blocked',
    });
    const android = body('android', {
      dialer: { level: 'customApp', app: { value: 'com.contoso.dialer' } },
      messaging: { type: 'specificApps', app: { value: 'com.contoso.sms', name: 'Contoso SMS' } },
    });
    expect(Object.keys(android)).toEqual([
      'dialerRestrictionLevel',
      'customDialerAppPackageId',
      'customDialerAppDisplayName',
      'protectedMessagingRedirectAppType',
      'messagingRedirectAppPackageId',
      'messagingRedirectAppDisplayName',
    ]);
    expect(android).toMatchObject({ customDialerAppDisplayName: 'com.contoso.dialer', messagingRedirectAppDisplayName: 'Contoso SMS' });
  });

  it('an app is not sent when the level names none', () => {
    expect(body('ios', { dialer: { level: 'allApps', app: { value: 'contosodial' } } })).toEqual({
      dialerRestrictionLevel: 'allApps',
      protectedMessagingRedirectAppType: 'anyApp',
    });
  });
});
