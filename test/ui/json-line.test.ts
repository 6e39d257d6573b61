/** A batch's NDJSON lines, built from templates, are byte for byte what JSON.stringify (made safe) gives. */
import fc from 'fast-check';
import { evaluate, indexPolicy, notExemptMessage } from '../../src/core/evaluator.js';
import { buildCatalog, SHIPPED_APPS } from '../../src/core/catalog.js';
import { verdictAssessor } from '../../src/core/risk/assess.js';
import { policyFromData } from '../../src/core/policy-model.js';
import { escapeJsonText } from '../../src/core/text.js';
import { matchKey } from '../../src/core/values.js';
import { checkLine, jsonBatchLine, parseLine, type BatchFound } from '../../src/commands/check-line.js';
import { lineStart, verdictLine } from '../../src/ui/json-line.js';

const policy = policyFromData(
  {
    version: 1,
    ios: {
      exceptions: [
        { value: 'wbx', name: 'Webex "Meetings"' },
        { value: 'zoomus', reason: 'a\u202eb' },
      ],
      managedApps: ['ms-outlook'],
    },
  },
  '/tmp/p.yaml',
);
const catalog = buildCatalog(SHIPPED_APPS);
const index = indexPolicy(policy, verdictAssessor(catalog, policy, '2026-11-23'));
/** Values of every kind of verdict, and inputs JSON must escape (quotes, controls, bidi, non-ASCII). */
const VALUES = [
  'wbx',
  'zoomus',
  'ms-outlook',
  'skype',
  'tel',
  'http',
  'whatsapp',
  'zoomu',
  'vendor123',
  'a"b',
  'é',
  'x\u0007y',
  'q\u202ez',
];
const reference = (line: number, input: string, v: object) => escapeJsonText(JSON.stringify({ line, input, ...v }));

describe('verdictLine', () => {
  it('equals JSON.stringify for every kind of verdict and any input (quotes, controls, bidi, non-ASCII)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALUES),
        fc.constantFrom<'ios' | 'android'>('ios', 'android'),
        fc.string(),
        fc.nat(),
        (value, platform, input, line) => {
          const v = evaluate(index, platform, value);
          expect(verdictLine(line, input, v)).toBe(reference(line, input, v));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the template case is the not-exempt verdict with no warning, worded by notExemptMessage', () => {
    const v = evaluate(index, 'ios', 'vendor123');
    expect(v).toEqual({
      platform: 'ios',
      target: 'vendor123',
      verdict: 'deny',
      reason: 'not-exempt',
      message: notExemptMessage('vendor123'),
      warnings: [],
    });
    expect(verdictLine(7, 'ios vendor123', v)).toBe(reference(7, 'ios vendor123', v));
  });

  it('a line parseLine calls canonical is plain, its value its own key: the shortcuts give the same bytes', () => {
    const printable = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
    let canonicalSeen = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('ios ', 'android ', 'IOS ', 'ios  '),
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.+"\\-]{0,12}$/),
          fc.constantFrom(
            'wbx',
            'zoomus',
            'vendor123',
            'com.example.app',
            'a"b',
            'x\\y',
            'é.b',
            'com.Whatsapp',
            '\twbx',
            'WBX://\t',
            ' com.example.app\u00a0',
          ),
        ),
        fc.nat(),
        (prefix, value, line) => {
          const raw = prefix + value;
          const t = parseLine(raw, 1);
          if (t === null || 'error' in t || t.platform === 'link') return;
          if (t.canonical) {
            canonicalSeen++;
            expect(raw).toMatch(printable);
            expect(t.value).toMatch(printable);
            expect(matchKey(t.platform, t.value)).toBe(t.value);
          }
          const v = evaluate(index, t.platform, t.value);
          expect(verdictLine(line, raw, v, t.canonical === true)).toBe(reference(line, raw, v));
        },
      ),
      { numRuns: 2000 },
    );
    expect(canonicalSeen).toBeGreaterThan(20); // about 100 in 2,000 runs
  });
});

describe('jsonBatchLine', () => {
  it('writes what checkLine answers, as JSON.stringify (made safe) would, whatever path it takes', () => {
    // Beyond VALUES: upper case, sms, short, -intunemam, a bundle ID, Android values and their look-alikes.
    const values = [...VALUES, 'WBX', 'sms', 'ab', 'x.intunemam', 'com.apple.maps', 'com.example.app', 'com.Whatsapp', 'com.whatsapp'];
    fc.assert(
      fc.property(
        fc.constantFrom('ios ', 'android ', 'IOS ', 'ios  ', 'link ', '# ', ''),
        fc.oneof(fc.constantFrom(...values), fc.string()),
        fc.nat(),
        fc.boolean(),
        (prefix, value, line, quiet) => {
          const raw = prefix + value;
          const found: BatchFound = { kinds: new Set(), invalid: false };
          const written = jsonBatchLine(index, () => [], raw, line, quiet, found);
          const expected = checkLine(index, raw, line, () => []);
          if (expected === null) return expect(written).toBeNull();
          if ('error' in expected) expect(found.invalid).toBe(true);
          else expect([...found.kinds]).toEqual([expected.verdict]);
          expect(written).toBe(quiet && !('error' in expected) ? null : escapeJsonText(JSON.stringify(expected)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('lineStart', () => {
  it('writes the number as a template would, in any order, across thousands and at the edges', () => {
    const edges = [0, 1, 999, 1000, 1001, 1999, 2000, 999_999, 1_000_000, 0x7fffffff, 0x80000000, 2 ** 53, -1, 1.5, NaN, Infinity];
    for (const n of [...edges, ...[...edges].reverse()]) expect(lineStart(n)).toBe(`{"line":${n}`);
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.integer({ min: 998, max: 3002 })), (n) => expect(lineStart(n)).toBe(`{"line":${n}`)),
      {
        numRuns: 5000,
      },
    );
  });
});
