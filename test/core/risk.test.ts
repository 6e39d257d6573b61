import fc from 'fast-check';
import { defaultPlatformPolicy } from '../../src/core/policy-model.js';
import { buildCatalog, findLookAlike, searchApps, SHIPPED_APPS } from '../../src/core/catalog.js';
import { editDistance } from '../../src/core/text-distance.js';
import { assessException, assessValue, verdictAssessor } from '../../src/core/risk/assess.js';
import { normaliseValue } from '../../src/core/normalise.js';
import { auditPolicy } from '../../src/core/risk/audit.js';
import * as rules from '../../src/core/risk/rules.js';
import type { EffectivePolicy, PlatformPolicy, Platform } from '../../src/core/types.js';
import riskData from '../../src/data/risky-values.json' with { type: 'json' };

const catalog = buildCatalog(SHIPPED_APPS);
const today = '2026-11-23';
const ctx = (platform: Platform, value: string, extra: Partial<rules.RiskContext> = {}): rules.RiskContext => ({
  platform,
  value,
  catalog,
  today,
  ...extra,
});
function policy(ios: Partial<PlatformPolicy> = {}, android: Partial<PlatformPolicy> = {}): EffectivePolicy {
  const base = (platform: 'ios' | 'android' = 'ios'): PlatformPolicy => defaultPlatformPolicy(platform);
  return { file: '/p.yaml', ios: { ...base('ios'), ...ios }, android: { ...base('android'), ...android } };
}
const codes = (ws: Array<{ code: string }>) => ws.map((w) => w.code);

describe('riskyValue', () => {
  it.each(['http', 'https', 'file', 'data', 'javascript', 'blob', 'about', 'ftp'])('%s is a high broad-scheme', (v) => {
    expect(rules.riskyValue(ctx('ios', v))).toMatchObject({ code: 'broad-scheme', severity: 'high' });
  });
  it.each(['mailto', 'sms'])('%s reaches compose sheets (high)', (v) => {
    expect(rules.riskyValue(ctx('ios', v))).toMatchObject({
      code: 'compose-sheet',
      severity: 'high',
      message: expect.stringContaining('compose sheet'),
    });
  });
  it.each(['tel', 'telprompt'])('%s is a legacy default (medium)', (v) => {
    expect(rules.riskyValue(ctx('ios', v))).toMatchObject({ code: 'legacy-telephony', severity: 'medium' });
  });
  it('only on its platform, and not for app schemes', () => {
    expect(rules.riskyValue(ctx('ios', 'wbx'))).toBeNull();
  });
});

describe('riskyCategory', () => {
  it.each([
    ['android', 'com.android.chrome', 'browser'],
    ['ios', 'googlechrome', 'browser'],
    ['android', 'org.mozilla.firefox', 'browser'],
    ['android', 'com.whatsapp', 'messaging'],
    ['ios', 'tg', 'messaging'],
    ['android', 'com.dropbox.android', 'file-sharing'],
    ['android', 'com.google.android.apps.docs', 'cloud-storage'],
    ['android', 'com.google.android.gm', 'personal-mail'],
    ['android', 'com.samsung.android.messaging', 'sms'],
  ] as const)('%s %s is a high-risk %s app', (platform, value, category) => {
    expect(rules.riskyCategory(ctx(platform, value))).toMatchObject({
      code: 'risky-category',
      severity: 'high',
      message: expect.stringMatching(new RegExp(category, 'i')),
    });
  });
  it.each([
    ['ios', 'wbx'],
    ['android', 'us.zoom.videomeetings'],
    ['ios', 'maps'],
    ['ios', 'salesforce1'],
  ] as const)('meetings, navigation and line-of-business apps carry no warning of their own: %s %s', (platform, value) => {
    expect(assessValue(ctx(platform, value))).toEqual([]);
  });
});

describe('supportsIntuneApp', () => {
  it.each([
    ['ios', 'ms-outlook'],
    ['ios', 'microsoft-edge-https'],
    ['android', 'com.microsoft.office.word'],
    ['android', 'com.microsoft.teams'],
  ] as const)('%s %s: protect it instead', (platform, value) => {
    expect(rules.supportsIntuneApp(ctx(platform, value))).toMatchObject({
      code: 'supports-intune-app',
      severity: 'medium',
      message: expect.stringContaining('supports Intune APP'),
    });
  });
});

describe('lookAlike', () => {
  it.each([
    ['android', 'com.cisco.webex.meeting', 'com.cisco.webex.meetings'],
    ['android', 'com.cisco.webex.meetingss', 'com.cisco.webex.meetings'],
    ['android', 'com.whatsap', 'com.whatsapp'],
    ['android', 'com.WhatsApp', 'com.whatsapp'],
    ['android', 'com.whtasapp', 'com.whatsapp'],
    ['android', 'cmo.whatsapp', 'com.whatsapp'],
    ['android', 'com.android.vendinq', 'com.android.vending'],
    ['ios', 'zoomuss', 'zoomus'],
    ['ios', 'ms-outlok', 'ms-outlook'],
  ] as const)('%s %s points to %s', (platform, value, known) => {
    const w = rules.lookAlike(ctx(platform, value));
    expect(w).toMatchObject({ code: 'look-alike', severity: 'medium' });
    expect(w?.message).toContain(`did you mean ${known}?`);
  });
  it.each([
    ['android', 'com.whatsapp'],
    ['android', 'com.whatsapp.w4b'],
    ['ios', 'tv'],
    ['ios', 'wbx2'],
    ['android', 'com.example.app'],
  ] as const)('%s %s is not a look-alike', (platform, value) => {
    expect(rules.lookAlike(ctx(platform, value))).toBeNull();
  });
  it('finds look-alikes of the user catalog too', () => {
    const mine = buildCatalog(SHIPPED_APPS, [
      {
        id: 'acme',
        name: 'Acme',
        category: 'line-of-business',
        supportsIntuneApp: false,
        source: 's',
        ios: [{ value: 'acme-field', source: 's', confidence: 'local' }],
        android: [],
      },
    ]);
    expect(findLookAlike(mine, 'ios', 'acme-feld')?.known.value).toBe('acme-field');
  });
});

describe('bundleIdAsScheme', () => {
  it('com.apple.maps is a bundle ID, not a scheme', () => {
    expect(rules.bundleIdAsScheme(ctx('ios', 'com.apple.maps'))).toMatchObject({ code: 'bundle-id', severity: 'medium' });
  });
  it('schemes with one dot, and Android values, are not', () => {
    expect(rules.bundleIdAsScheme(ctx('ios', 'x-web-search+v2.1'))).toBeNull();
    expect(rules.bundleIdAsScheme(ctx('android', 'com.apple.maps'))).toBeNull();
  });
});

describe('shortScheme', () => {
  it.each(['x', 'tg'])('%s is low', (v) =>
    expect(rules.shortScheme(ctx('ios', v))).toMatchObject({ code: 'short-scheme', severity: 'low' }),
  );
  it('three letters are fine', () => expect(rules.shortScheme(ctx('ios', 'wbx'))).toBeNull());
});

describe('coveredByDefaults', () => {
  it('skype is already an Intune default', () => {
    expect(rules.coveredByDefaults(ctx('ios', 'skype', { policy: policy() }))).toMatchObject({ code: 'intune-default', severity: 'info' });
  });
  it('follows the policy defaults choice', () => {
    expect(rules.coveredByDefaults(ctx('ios', 'tel', { policy: policy({ defaults: 'legacy' }) }))).not.toBeNull();
    expect(rules.coveredByDefaults(ctx('ios', 'skype', { policy: policy({ defaults: 'none' }) }))).toBeNull();
  });
});

describe('inertException', () => {
  it.each(['allApps', 'none'] as const)('under %s an exception has no effect', (setting) => {
    expect(rules.inertException(ctx('ios', 'wbx', { policy: policy({ sendOrgData: setting }) }))).toMatchObject({
      code: 'inert',
      severity: 'medium',
    });
  });
  it('under managedApps it applies', () => expect(rules.inertException(ctx('ios', 'wbx', { policy: policy() }))).toBeNull());
});

describe('expired and expiresSoon', () => {
  it('past its date: high', () => {
    expect(rules.expired(ctx('ios', 'wbx', { entry: { value: 'wbx', expires: '2026-11-22' } }))).toMatchObject({
      code: 'expired',
      severity: 'high',
    });
    expect(rules.expired(ctx('ios', 'wbx', { entry: { value: 'wbx', expires: '2026-11-23' } }))).toBeNull();
  });
  it('within 30 days: low', () => {
    expect(rules.expiresSoon(ctx('ios', 'wbx', { entry: { value: 'wbx', expires: '2026-12-23' } }))).toMatchObject({
      code: 'expires-soon',
      message: expect.stringContaining('30 days'),
    });
    expect(rules.expiresSoon(ctx('ios', 'wbx', { entry: { value: 'wbx', expires: '2026-12-24' } }))).toBeNull();
  });
});

describe('noReason', () => {
  it('an exception without a reason is low', () => {
    expect(rules.noReason(ctx('ios', 'wbx', { entry: { value: 'wbx' } }))).toMatchObject({ code: 'no-reason', severity: 'low' });
    expect(rules.noReason(ctx('ios', 'wbx', { entry: { value: 'wbx', reason: 'meetings' } }))).toBeNull();
  });
});

describe('assessment', () => {
  it('orders warnings by severity, most severe first', () => {
    const ws = assessException(
      ctx('ios', 'http', { entry: { value: 'http', expires: '2026-12-01' }, policy: policy({ sendOrgData: 'allApps' }) }),
    );
    expect(ws.map((w) => w.severity)).toEqual(['high', 'medium', 'low', 'low']);
    expect(codes(ws)).toEqual(['broad-scheme', 'inert', 'expires-soon', 'no-reason']);
  });
  it('every message is one sentence that says why', () => {
    const all = [
      ...assessException(ctx('ios', 'http', { entry: { value: 'http', expires: '2020-01-01' }, policy: policy({ sendOrgData: 'none' }) })),
      ...assessException(ctx('android', 'com.WhatsApp', { entry: { value: 'com.WhatsApp' }, policy: policy() })),
      ...assessException(ctx('ios', 'x', { entry: { value: 'x' } })),
      ...assessException(ctx('ios', 'com.apple.maps', { entry: { value: 'com.apple.maps' } })),
    ];
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const w of all) expect(w.message).toMatch(/^[A-Z"].*[.?]$/);
  });
});

describe('audit', () => {
  it('finds duplicates, legacy defaults and every exception warning, with sources', () => {
    const src = (line: number) => ({ file: '/p.yaml', line });
    const p = policy(
      {
        defaults: 'legacy',
        exceptions: [
          { platform: 'ios', value: 'wbx', reason: 'r', source: src(5) },
          { platform: 'ios', value: 'wbx', reason: 'r', source: src(8) },
        ],
      },
      {},
    );
    const findings = auditPolicy(p, catalog, today);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['legacy-defaults', 'medium'],
      ['duplicate', 'low'],
    ]);
    expect(findings[1]).toMatchObject({ value: 'wbx', source: src(8), message: expect.stringContaining('/p.yaml:5') });
  });
});

describe('the data', () => {
  it('every catalog app and identifier has a source; community values are marked', () => {
    for (const app of SHIPPED_APPS) {
      expect(app.source.length).toBeGreaterThan(10);
      for (const id of [...app.ios, ...app.android]) {
        expect(id.source.length).toBeGreaterThan(10);
        expect(['docs', 'community']).toContain(id.confidence);
      }
    }
    expect(SHIPPED_APPS.find((a) => a.id === 'zoom')?.ios[0]?.confidence).toBe('community');
    expect(SHIPPED_APPS.find((a) => a.id === 'webex-meetings')?.ios[0]).toMatchObject({ value: 'wbx', confidence: 'docs' });
  });
  it('app ids and identifiers are unique', () => {
    const ids = SHIPPED_APPS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const platform of ['ios', 'android'] as const) {
      const values = SHIPPED_APPS.flatMap((a) => a[platform].map((i) => i.value));
      expect(new Set(values).size).toBe(values.length);
    }
  });
  it('every risky value has a reason and a source', () => {
    for (const v of riskData.values) expect(v.why.length > 10 && v.source.length > 10).toBe(true);
  });
  it('the look-alike search skips only lookups that cannot hit (its first/last-characters screen changes no answer)', () => {
    // The reference: every known identifier of a nearby length, compared by the same rule, no screen.
    const reference = (platform: 'ios' | 'android', value: string) => {
      const m = value.length;
      if (m < 4) return undefined;
      const known = [...catalog.known[platform].exact.values()].filter((k) => Math.abs(k.value.length - m) <= 1 && k.value.length >= 4);
      return known.find((k) => {
        const h = k.value.length >> 1;
        const half = value.slice(0, h) === k.value.slice(0, h) || value.slice(m - (k.value.length - h)) === k.value.slice(h);
        if (!half) return false;
        // One edit, or two neighbours swapped (not any two characters changed).
        const differ = [...value].flatMap((c, i) => (c !== k.value[i] ? [i] : []));
        const swapped =
          value.length === k.value.length &&
          differ.length === 2 &&
          differ[1] === differ[0]! + 1 &&
          value[differ[0]!] === k.value[differ[1]] &&
          value[differ[1]] === k.value[differ[0]!];
        return editDistance(value, k.value, 1) <= 1 || swapped;
      });
    };
    const ids = [...catalog.known.ios.exact.keys(), ...catalog.known.android.exact.keys()];
    const mutate = fc.tuple(
      fc.constantFrom(...ids),
      fc.nat(),
      fc.constantFrom('', 'x', 'a', '.', 'é'),
      fc.constantFrom('sub', 'ins', 'del', 'none'),
    );
    fc.assert(
      fc.property(mutate, fc.constantFrom<'ios' | 'android'>('ios', 'android'), ([id, at, c, how], platform) => {
        const i = at % (id.length + 1);
        const value =
          how === 'sub'
            ? id.slice(0, i) + c + id.slice(i + 1)
            : how === 'ins'
              ? id.slice(0, i) + c + id.slice(i)
              : how === 'del'
                ? id.slice(0, i) + id.slice(i + 1)
                : id;
        const found = findLookAlike(catalog, platform, value);
        if (
          found?.kind === 'case' ||
          catalog.known[platform].exact.has(value) ||
          (platform === 'ios' && catalog.known.ios.lower.has(value.toLowerCase()))
        )
          return;
        expect(Boolean(found)).toBe(Boolean(reference(platform, value)));
      }),
      { numRuns: 3000 },
    );
  });
  it("a verdict's target gets what assessValue gives it (its screens for unlisted and well-formed values change no answer)", () => {
    const assess = verdictAssessor(catalog, policy(), today);
    const ids = [...catalog.known.ios.exact.keys(), ...catalog.known.android.exact.keys(), ...riskData.values.map((v) => v.value)];
    const target = fc.tuple(fc.constantFrom(...ids), fc.nat(), fc.constantFrom('', 'x', 'a', '.', '-intunemam', 'Q'), fc.boolean());
    fc.assert(
      fc.property(target, fc.constantFrom<'ios' | 'android'>('ios', 'android'), ([id, at, c, cut], platform) => {
        const i = at % (id.length + 1);
        const n = normaliseValue(platform, cut ? id.slice(0, i) + c : id.slice(0, i) + c + id.slice(i));
        if (!n.ok) return;
        const key = platform === 'ios' ? n.value.toLowerCase() : n.value;
        expect(assess(platform, n.value, key)).toEqual(assessValue(ctx(platform, n.value)));
      }),
      { numRuns: 3000 },
    );
  });
  it('search finds by name, scheme, package and category', () => {
    expect(searchApps(catalog, 'zoom').map((a) => a.id)).toEqual(['zoom', 'zoom-intune']);
    expect(searchApps(catalog, 'ZOOMUS').map((a) => a.id)).toEqual(['zoom']);
    expect(searchApps(catalog, 'com.whatsapp').map((a) => a.id)).toEqual(['whatsapp']);
    expect(
      searchApps(catalog, 'browser')
        .map((a) => a.id)
        .sort(),
    ).toEqual(['chrome', 'firefox', 'samsung-internet']);
  });
  it('search forgives typos, word by word, after the exact matches; short words only match exactly', () => {
    const ids = (q: string) => searchApps(catalog, q).map((a) => a.id);
    expect(ids('webx')).toEqual(expect.arrayContaining(['webex', 'webex-meetings']));
    expect(ids('webx meetngs')).toEqual(['webex-meetings']);
    expect(ids('gogle maps')).toEqual(['google-maps']);
    expect(ids('outlok')).toEqual(['outlook']);
    expect(ids('zom')).toEqual([]);
    expect(ids('xyzzy')).toEqual([]);
  });
});

describe('blocking an add', () => {
  const ops = [
    { platform: 'ios' as const, value: 'wbx' },
    { platform: 'ios' as const, value: 'http' },
  ];
  const meta = { reason: 'r' };
  it('a high warning blocks unless forced; lower ones never do', async () => {
    const { assessAdditions, blockingWarning } = await import('../../src/core/risk/assess.js');
    const warnings = assessAdditions(ops, meta, policy(), catalog, today);
    expect(warnings.map((w) => [w.value, w.code])).toEqual([['http', 'broad-scheme']]);
    expect(blockingWarning(warnings, false)).toMatchObject({ value: 'http', severity: 'high' });
    expect(blockingWarning(warnings, true)).toBeUndefined();
    expect(blockingWarning(assessAdditions([ops[0]!], meta, policy({ sendOrgData: 'none' }), catalog, today), false)).toBeUndefined();
  });
});

describe('the rule groups a batch skips by', () => {
  // What assessTarget leaves out for a value no list names, or an Android value, must never fire there.
  const known = (p: Platform) => [...catalog.known[p].exact.keys(), ...riskData.values.filter((v) => v.platform === p).map((v) => v.value)];
  const values = (p: Platform) =>
    fc.oneof(
      fc.constantFrom(...known(p)),
      fc.constantFrom('wbx', 'ab', 'x', 'msteams-intunemam', 'com.apple.maps', 'com.whatsapp', 'com.Whatsapp', 'zoomus'),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9.+_-]{0,24}$/),
    );
  it('LISTED_VALUE_RULES fire only for a value a list names', () => {
    for (const p of ['ios', 'android'] as const) {
      const listed = rules.listedKeys(catalog)[p];
      fc.assert(
        fc.property(values(p), (value) => {
          const key = p === 'ios' ? value.toLowerCase() : value;
          if (listed.has(key)) return;
          for (const rule of rules.LISTED_VALUE_RULES) expect(rule({ ...ctx(p, value), key })).toBeNull();
        }),
        { numRuns: 3000 },
      );
    }
  });
  it('IOS_VALUE_RULES fire only for an iOS value', () => {
    fc.assert(
      fc.property(values('android'), (value) => {
        for (const rule of rules.IOS_VALUE_RULES) expect(rule({ ...ctx('android', value), key: value })).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });
});
