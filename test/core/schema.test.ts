import { nearMiss, s, toJsonSchema, validate } from '../../src/core/schema.js';

const section = s.object({
  sendOrgData: s.optional(s.enum(['allApps', 'managedApps', 'none'])),
  exceptions: s.optional(
    s.array(s.object({ value: s.string({ pattern: /^[a-z]+$/, patternMessage: 'lower-case letters' }), expires: s.optional(s.string()) })),
  ),
});
const file = s.object({ version: s.literal(1), ios: s.optional(section), extends: s.optional(s.union([s.string(), s.array(s.string())])) });

describe('validate', () => {
  it.each([
    [{ version: 1 }, null],
    [{ version: 1, ios: { exceptions: [{ value: 'wbx' }] }, 'x-kept': true }, null],
    [{ version: 1, extends: ['a.yaml'] }, null],
    [{ version: 2 }, { path: ['version'], message: 'expected 1, found number 2' }],
    [{}, { path: ['version'], message: 'is required' }],
    [[], { path: [], message: 'expected a mapping, found a list' }],
    [
      { version: 1, ios: { sendOrgData: 'someApps' } },
      { path: ['ios', 'sendOrgData'], message: 'expected one of allApps, managedApps, none, found string "someApps"' },
    ],
    [
      { version: 1, ios: { exceptions: 'wbx' } },
      { path: ['ios', 'exceptions'], message: 'expected a list, found string "wbx"' },
    ],
    [
      { version: 1, ios: { exceptions: [{ value: 'WBX' }] } },
      { path: ['ios', 'exceptions', 0, 'value'], message: 'lower-case letters' },
    ],
    [
      { version: 1, extends: [3] },
      { path: ['extends', 0], message: 'expected text, found number 3' },
    ],
  ])('%j → %j', (value, issue) => {
    expect(validate(file, value)).toEqual(issue);
  });

  it.each([
    ['sendOrgdata', 'sendOrgData', ['ios', 'sendOrgdata']],
    ['exeptions', 'exceptions', ['ios', 'exeptions']],
  ])('a near miss of a known key (%s) is an issue with a suggestion', (key, suggestion, path) => {
    expect(validate(file, { version: 1, ios: { [key]: 'x' } })).toEqual({
      path,
      message: `unknown key "${key}"`,
      hint: `did you mean "${suggestion}"?`,
    });
  });

  it('an entry key near miss: expire for expires', () => {
    expect(validate(file, { version: 1, ios: { exceptions: [{ value: 'a', expire: '2020-01-01' }] } })).toMatchObject({
      path: ['ios', 'exceptions', 0, 'expire'],
      hint: 'did you mean "expires"?',
    });
  });

  it('reject mode: every unknown key is an issue naming the known ones', () => {
    const strict = s.object({ policy: s.optional(s.string()) }, { unknownKeys: 'reject' });
    expect(validate(strict, { polcy: 'x' })).toEqual({ path: ['polcy'], message: 'unknown key "polcy"', hint: 'did you mean "policy"?' });
    expect(validate(strict, { other: 'x' })).toEqual({ path: ['other'], message: 'unknown key "other"', hint: 'known keys: policy' });
  });
});

it.each([
  ['sendorgdata', 'sendOrgData'],
  ['exeption', 'exceptions'],
  ['name', undefined],
  ['x-reviewed-by', undefined],
  ['notes', undefined],
])('nearMiss(%s) = %s', (key, expected) => {
  expect(nearMiss(key, ['sendOrgData', 'exceptions', 'value', 'owner', 'reason'])).toBe(expected);
});

it('generates JSON Schema from the same definition', () => {
  expect(toJsonSchema(file.def)).toEqual({
    type: 'object',
    properties: {
      version: { const: 1 },
      ios: {
        type: 'object',
        properties: {
          sendOrgData: { type: 'string', enum: ['allApps', 'managedApps', 'none'] },
          exceptions: {
            type: 'array',
            items: {
              type: 'object',
              properties: { value: { type: 'string', pattern: '^[a-z]+$' }, expires: { type: 'string' } },
              required: ['value'],
              additionalProperties: true,
            },
          },
        },
        additionalProperties: true,
      },
      extends: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
    required: ['version'],
    additionalProperties: true,
  });
});
