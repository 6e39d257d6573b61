/** What import and pull do to a file: the tenant's settings, rows and list items in; the file's own kept (merge) or removed (mirror). */
import { planImport } from '../../src/core/import-plan.js';
import type { Imported } from '../../src/core/intune.js';
import type { PolicyFile } from '../../src/core/policy-schema.js';

const tenant = (platform: 'ios' | 'android', section: Record<string, unknown>): Imported => ({
  platform,
  section,
  notes: [],
  untouched: [],
});

const file = {
  version: 1,
  ios: {
    sendOrgData: 'managedApps',
    exceptions: [{ value: 'wbx' }, { value: 'zoomus', name: 'Zoom', reason: 'calls' }, { value: 'waze', name: 'Waze' }],
    universalLinks: { exempted: ['https://*.webex.com/*'] },
  },
  android: { managedApps: ['com.contoso.app'] },
} as unknown as PolicyFile;

const ios = tenant('ios', {
  sendOrgData: 'managedApps',
  exceptions: [
    { value: 'wbx', name: 'wbx' },
    { value: 'zoomus', name: 'Zoom' },
    { value: 'zoomroom', name: 'Zoom Rooms' },
  ],
  universalLinks: { exempted: ['https://contoso.example/*'], managed: ['https://teams.microsoft.com/*'] },
});
const android = tenant('android', { managedApps: ['com.contoso.app', 'com.contoso.other'] });

describe('planImport', () => {
  it('merge: adds what the tenant has, keeps the file’s own, sets a list the file lacks whole, and a nameless row is not renamed to its value', () => {
    const plan = planImport(file, [ios, android], 'merge');
    expect(plan.added).toEqual([
      { platform: 'ios', value: 'https://contoso.example/*', list: 'universalLinks.exempted' },
      { platform: 'ios', value: 'zoomroom', name: 'Zoom Rooms' },
      { platform: 'android', value: 'com.contoso.other', list: 'managedApps' },
    ]);
    expect(plan.kept).toEqual([
      { platform: 'ios', value: 'https://*.webex.com/*', list: 'universalLinks.exempted' },
      { platform: 'ios', value: 'waze' },
    ]);
    expect(plan.removed).toEqual([]);
    expect(plan.renamed).toEqual([]);
    expect(plan.settings).toEqual([{ platform: 'ios', setting: 'universalLinks.managed', after: ['https://teams.microsoft.com/*'] }]);
    expect(plan.ops).toEqual([
      { op: 'set', path: ['ios', 'universalLinks', 'managed'], value: ['https://teams.microsoft.com/*'] },
      { op: 'add', list: ['ios', 'universalLinks', 'exempted'], item: 'https://contoso.example/*' },
      { op: 'add', list: ['ios', 'exceptions'], item: { value: 'zoomroom', name: 'Zoom Rooms' } },
      { op: 'add', list: ['android', 'managedApps'], item: 'com.contoso.other' },
    ]);
  });

  it('mirror: removes the file’s own, highest index first in each list, before adding', () => {
    const twoOwn = { ...file, ios: { ...file.ios, exceptions: [{ value: 'a' }, ...file.ios!.exceptions!, { value: 'b' }] } } as PolicyFile;
    const plan = planImport(twoOwn, [ios], 'mirror');
    expect(plan.removed.map((r) => r.value)).toEqual(['https://*.webex.com/*', 'a', 'waze', 'b']);
    expect(plan.kept).toEqual([]);
    const removes = plan.ops.filter((o) => o.op === 'remove');
    expect(removes).toEqual([
      { op: 'remove', list: ['ios', 'exceptions'], index: 4 },
      { op: 'remove', list: ['ios', 'exceptions'], index: 3 },
      { op: 'remove', list: ['ios', 'exceptions'], index: 0 },
      { op: 'remove', list: ['ios', 'universalLinks', 'exempted'], index: 0 },
    ]);
    expect(plan.ops.findIndex((o) => o.op === 'add')).toBeGreaterThan(plan.ops.findLastIndex((o) => o.op === 'remove'));
  });

  it('a file without universalLinks takes the tenant’s whole, once', () => {
    const bare = { version: 1, ios: { exceptions: [] } } as unknown as PolicyFile;
    const plan = planImport(bare, [ios], 'merge');
    expect(plan.ops.filter((o) => o.op === 'set' && o.path[1] === 'universalLinks')).toEqual([
      { op: 'set', path: ['ios', 'universalLinks'], value: ios.section.universalLinks },
    ]);
    expect(plan.settings.filter((x) => x.setting.startsWith('universalLinks'))).toHaveLength(1);
  });

  it('a real rename is one: a name that differs from what the file says', () => {
    const renamed = tenant('ios', { exceptions: [{ value: 'waze', name: 'Waze Navigation' }] });
    expect(planImport(file, [renamed], 'merge').renamed).toEqual([{ platform: 'ios', value: 'waze', from: 'Waze', to: 'Waze Navigation' }]);
  });
});
