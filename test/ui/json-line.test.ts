/** A batch's NDJSON lines, built from templates, are byte for byte what JSON.stringify (made safe) gives. */
import fc from 'fast-check';
import { evaluate, indexPolicy, notExemptMessage } from '../../src/core/evaluator.js';
import { buildCatalog, SHIPPED_APPS } from '../../src/core/catalog.js';
import { verdictAssessor } from '../../src/core/risk/assess.js';
import { policyFromData } from '../../src/core/policy-model.js';
import { escapeJsonText } from '../../src/core/text.js';
import { verdictLine } from '../../src/ui/json-line.js';

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
const reference = (line: number, input: string, v: object) => escapeJsonText(JSON.stringify({ line, input, ...v }));

describe('verdictLine', () => {
  it('equals JSON.stringify for every kind of verdict and any input (quotes, controls, bidi, non-ASCII)', () => {
    const values = [
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
    fc.assert(
      fc.property(
        fc.constantFrom(...values),
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
});
