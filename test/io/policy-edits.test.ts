import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { stringify } from 'yaml';
import type { EditOp } from '../../src/core/edits.js';
import { listKey, scanJson } from '../../src/io/json-scan.js';
import { parsePolicyText, POLICY_LISTS } from '../../src/io/read-policy.js';
import { renderEdits } from '../../src/io/render-edits.js';
import { appendItem, itemLines, removeItem, setValue, type YamlListSpan } from '../../src/io/yaml-block.js';

/** The file's text after the edits. */
const edit = async (text: string, ops: EditOp[], file = 'p.yaml') => (await renderEdits(await parsePolicyText(file, text), ops)).text;

const add = (platform: 'ios' | 'android', value: string, extra: Record<string, string> = {}): EditOp => ({
  op: 'add',
  list: [platform, 'exceptions'],
  item: { value, ...extra },
});

describe('line-level YAML edits', () => {
  const doc = [
    'version: 1',
    'ios:',
    '  exceptions:',
    '    - value: wbx',
    '      name: Webex',
    '',
    '# Android',
    'android:',
    '  exceptions: [] # none yet',
    '',
  ].join('\n');

  it('appends after the last item, before blank lines and the next section', () => {
    const out = appendItem(doc, ['ios', 'exceptions'], { value: 'zoomus' }, { items: 1 })!.text;
    expect(out.split('\n').slice(3, 7)).toEqual(['    - value: wbx', '      name: Webex', '    - value: zoomus', '']);
  });

  it('turns an empty flow list into a block, keeping its comment', () => {
    const out = appendItem(doc, ['android', 'exceptions'], { value: 'com.whatsapp' }, { items: 0 })!.text;
    expect(out).toContain('  exceptions: # none yet\n    - value: com.whatsapp\n');
    expect(load(out)).toMatchObject({ android: { exceptions: [{ value: 'com.whatsapp' }] } });
  });

  it('adds a missing section or key', () => {
    expect(load(appendItem('version: 1\n', ['ios', 'exceptions'], { value: 'wbx' }, {})!.text)).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'wbx' }] },
    });
    const noKey = appendItem('version: 1\nios:\n  sendOrgData: managedApps\n', ['ios', 'exceptions'], { value: 'wbx' }, {})!.text;
    expect(load(noKey)).toEqual({ version: 1, ios: { sendOrgData: 'managedApps', exceptions: [{ value: 'wbx' }] } });
  });

  it('quotes what would not read back as the same string', () => {
    const out = appendItem(
      doc,
      ['ios', 'exceptions'],
      { value: 'x', name: 'yes', reason: 'a: b #c', ticket: '123', owner: ' padded ' },
      { items: 1 },
    )!.text;
    expect((load(out, { schema: CORE_SCHEMA }) as { ios: { exceptions: unknown[] } }).ios.exceptions[1]).toEqual({
      value: 'x',
      name: 'yes',
      reason: 'a: b #c',
      ticket: '123',
      owner: ' padded ',
    });
  });

  it('removes an item and leaves an empty list as []', () => {
    const out = removeItem(doc, ['ios', 'exceptions'], 0)!;
    expect(out.split('\n').slice(0, 4)).toEqual(['version: 1', 'ios:', '  exceptions: []', '']);
  });

  it('handles items at the same indentation as their key', () => {
    const text = 'ios:\n  exceptions:\n  - value: a\n  - value: b\n  sendOrgData: managedApps\n';
    expect(itemLines(text, ['ios', 'exceptions'])).toEqual([3, 4]);
    expect(load(appendItem(text, ['ios', 'exceptions'], { value: 'c' }, { items: 2 })!.text)).toEqual({
      ios: { exceptions: [{ value: 'a' }, { value: 'b' }, { value: 'c' }], sendOrgData: 'managedApps' },
    });
  });

  it('declines flow-style sections', () => {
    expect(appendItem('ios: {exceptions: [{value: a}]}\n', ['ios', 'exceptions'], { value: 'b' }, { items: 1 })).toBeNull();
    expect(appendItem('{version: 1}\n', ['ios', 'exceptions'], { value: 'b' }, {})).toBeNull();
    expect(appendItem('ios:\n  exceptions: [{value: a}]\n', ['ios', 'exceptions'], { value: 'b' }, { items: 1 })).toBeNull();
  });
});

describe('renderEdits', () => {
  it('falls back to the Document API for flow style, and the result is right', async () => {
    const out = await edit('version: 1\nios: {exceptions: [{value: a}]} # flow\n', [add('ios', 'b')]);
    expect(load(out)).toEqual({ version: 1, ios: { exceptions: [{ value: 'a' }, { value: 'b' }] } });
    expect(out).toContain('# flow');
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const out = await edit('\uFEFFversion: 1\r\nios:\r\n  exceptions:\r\n    - value: a\r\n', [add('ios', 'b')]);
    expect(out).toBe('\uFEFFversion: 1\r\nios:\r\n  exceptions:\r\n    - value: a\r\n    - value: b\r\n');
  });

  it('a commented-out item at column 0 inside the list is kept, and the new item lands last', async () => {
    const text = 'version: 1\nios:\n  exceptions:\n    - value: a\n# - value: old\n    - value: c\n';
    const out = await edit(text, [add('ios', 'd')]);
    expect((load(out) as { ios: { exceptions: Array<{ value: string }> } }).ios.exceptions.map((e) => e.value)).toEqual(['a', 'c', 'd']);
    expect(out).toContain('# - value: old');
  });

  it('reports entry lines for block and flow layouts alike', async () => {
    const lines = async (file: string, text: string) => (await parsePolicyText(file, text)).linesOf(['ios', 'exceptions']);
    expect(await lines('p.yaml', 'version: 1\nios:\n  exceptions:\n    - value: a\n    - value: b\n')).toEqual([4, 5]);
    expect(await lines('p.yaml', 'version: 1\nios: {exceptions: [{value: a},\n  {value: b}]}\n')).toEqual([2, 3]);
    expect(await lines('p.json', '{"version": 1,\n "ios": {"exceptions": [\n  {"value": "a"}]}}')).toEqual([3]);
  });
});

describe('property: any policy document, in any YAML style, edits to exactly the expected data', () => {
  const scheme = fc.stringMatching(/^[a-z][a-z0-9+.-]{0,12}$/);
  const text = fc.oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.constantFrom('yes', 'null', '123', 'a: b', '# x', ' lead', 'trail '),
  );
  const entry = fc.record(
    { value: scheme, name: fc.option(text, { nil: undefined }), reason: fc.option(text, { nil: undefined }) },
    { requiredKeys: ['value'] },
  );
  const section = fc.record(
    { exceptions: fc.array(entry, { maxLength: 6 }), 'x-note': fc.option(text, { nil: undefined }) },
    { requiredKeys: [] },
  );
  const policy = fc.record({ ios: fc.option(section, { nil: undefined }), android: fc.constant(undefined) });

  it('add then remove', async () => {
    await fc.assert(
      fc.asyncProperty(policy, scheme, fc.constantFrom(false, true), fc.nat(), async (p, value, flow, pick) => {
        const data = JSON.parse(JSON.stringify({ version: 1, ...p }));
        const yamlText = stringify(data, { collectionStyle: flow ? 'flow' : 'block' });
        const added = await edit(yamlText, [add('ios', value, { reason: 'why: #1' })]);
        const expected = structuredClone(data);
        expected.ios ??= {};
        expected.ios.exceptions ??= [];
        expected.ios.exceptions.push({ value, reason: 'why: #1' });
        expect(load(added)).toEqual(expected);

        const n = expected.ios.exceptions.length;
        const index = pick % n;
        const removed = await edit(added, [{ op: 'remove', list: ['ios', 'exceptions'], index }]);
        expected.ios.exceptions.splice(index, 1);
        expect(load(removed)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the append window catches a misjudged item end', () => {
  it('a "#" line inside a block scalar of the last item is not mistaken for a comment', async () => {
    const text = 'version: 1\nios:\n  exceptions:\n    - value: a\n      reason: |\n        first\n        # second, part of the text\n';
    const out = await edit(text, [{ op: 'add', list: ['ios', 'exceptions'], item: { value: 'b' } }]);
    expect(load(out)).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'a', reason: 'first\n# second, part of the text\n' }, { value: 'b' }] },
    });
  });
});

describe('property: hand-written layouts, add reads back exactly as expected or is left to the Document API', () => {
  const value = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
  const decoration = fc.constantFrom('', '\n', '\n\n', '# note\n', '    # indented note\n', '# - value: commented\n', '  # half\n');
  const reason = fc.constantFrom(
    undefined,
    'plain words',
    '"quoted: #x"',
    '|\n        line\n        # hash line in the text\n',
    '>-\n        folded\n        - value: inside text\n',
  );
  const item = fc.record({ value, reason, deco: decoration });
  const layout = fc.record({
    head: fc.constantFrom('', '# policy\n', '\n'),
    sectionKey: fc.constantFrom('ios:', '"ios":', "'ios':", 'ios: # section'),
    keyIndent: fc.constantFrom(2, 4),
    sameIndentItems: fc.boolean(),
    before: fc.constantFrom('', 'sendOrgData: managedApps\n'),
    items: fc.array(item, { maxLength: 5 }),
    after: fc.constantFrom('', 'defaults: current\n'),
    tail: fc.constantFrom('', '\n# android\nandroid:\n  exceptions: []\n', 'android:\n  sendOrgData: none\n', '\n'),
  });

  function render(l: typeof layout extends fc.Arbitrary<infer T> ? T : never): string {
    const k = ' '.repeat(l.keyIndent);
    const dash = l.sameIndentItems ? k : `${k}  `;
    let s = `${l.head}version: 1\n${l.sectionKey}\n`;
    if (l.before) s += k + l.before;
    s += `${k}exceptions:${l.items.length === 0 ? ' []' : ''}\n`;
    for (const it of l.items) {
      s += it.deco.replace(/^ {4}/gm, dash).replace(/^ {2}(?=#)/gm, k);
      s += `${dash}- value: ${it.value}\n`;
      if (it.reason !== undefined)
        s += `${dash}  reason: ${it.reason.replace(/^ {8}/gm, `${dash}    `)}${it.reason.includes('\n') ? '' : '\n'}`;
    }
    if (l.after) s += k + l.after;
    return s + l.tail;
  }

  it('add', async () => {
    await fc.assert(
      fc.asyncProperty(layout, value, async (l, v) => {
        const text = render(l);
        let before: { ios: { exceptions?: unknown[] } };
        try {
          before = load(text) as typeof before;
          await parsePolicyText('p.yaml', text);
        } catch {
          return; // not a valid policy layout: nothing to edit
        }
        const out = await edit(text, [add('ios', v, { name: 'New app' })]);
        const expected = structuredClone(before);
        expected.ios.exceptions = [...(expected.ios.exceptions ?? []), { value: v, name: 'New app' }];
        expect(load(out)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
  it('appends that start where the last append left off (the read cache) give the text and the spans a walk gives', async () => {
    const command = fc.array(fc.tuple(fc.constantFrom<'ios' | 'android'>('ios', 'android'), value), { minLength: 1, maxLength: 2 });
    await fc.assert(
      fc.asyncProperty(layout, fc.array(command, { minLength: 1, maxLength: 4 }), async (l, commands) => {
        let text = render(l);
        try {
          await parsePolicyText('p.yaml', text);
        } catch {
          return;
        }
        let spans: Record<string, YamlListSpan> | undefined;
        for (const adds of commands) {
          const loaded = await parsePolicyText('p.yaml', text);
          const ops = adds.map(([platform, v]) => add(platform, v));
          const walked = await renderEdits(loaded, ops);
          const kept = await renderEdits({ ...loaded, ...(spans && { yamlSpans: spans }) }, ops);
          expect(kept.text).toBe(walked.text);
          text = kept.text;
          spans = kept.yamlSpans;
          // Each span is where a walk of the new text finds the list.
          const data = load(text) as Record<string, { exceptions?: unknown[] } | undefined>;
          for (const platform of ['ios', 'android'] as const) {
            const span = spans?.[listKey([platform, 'exceptions'])];
            if (!span) continue;
            const found = appendItem(text, [platform, 'exceptions'], { value: 'probe' }, { items: data[platform]?.exceptions?.length });
            expect(found?.spanBefore).toEqual(span);
          }
          expect(
            Object.keys(spans ?? {}).every((k) => [listKey(['ios', 'exceptions']), listKey(['android', 'exceptions'])].includes(k)),
          ).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('any list, by its key path', () => {
  const links: ['ios', 'universalLinks', 'exempted'] = ['ios', 'universalLinks', 'exempted'];
  const addLink = (url: string): EditOp => ({ op: 'add', list: links, item: url });

  it.each([
    ['no section', 'version: 1\n'],
    ['a section without the mapping', 'version: 1\nios:\n  sendOrgData: managedApps\n'],
    ['the mapping without the list', 'version: 1\nios:\n  universalLinks:\n    managed: []\n'],
    ['an empty list', 'version: 1\nios:\n  universalLinks:\n    exempted: []\n'],
    ['a block list', 'version: 1\nios:\n  universalLinks:\n    exempted:\n      - http://maps.apple.com/*\n'],
    ['flow style (the Document API)', 'version: 1\nios: {universalLinks: {exempted: [http://maps.apple.com/*]}}\n'],
  ])('adds a plain item to a nested list: %s', async (_what, text) => {
    const before = load(text) as { ios?: { universalLinks?: { exempted?: string[] } } };
    const out = await edit(text, [addLink('https://*.contoso.example/*')]);
    const after = load(out) as { ios: { universalLinks: { exempted: string[] } } };
    expect(after.ios.universalLinks.exempted).toEqual([...(before.ios?.universalLinks?.exempted ?? []), 'https://*.contoso.example/*']);
    // Only the list changed.
    expect({ ...after, ios: { ...after.ios, universalLinks: { ...after.ios.universalLinks, exempted: undefined } } }).toEqual({
      ...(before as object),
      ios: { ...before.ios, universalLinks: { ...before.ios?.universalLinks, exempted: undefined } },
    });
  });

  it('removes a plain item by index, line by line', async () => {
    const text = 'version: 1\nios:\n  universalLinks:\n    exempted:\n      - http://a.example/*\n      - http://b.example/*\n';
    const out = await edit(text, [{ op: 'remove', list: links, index: 0 }]);
    expect(out).toBe('version: 1\nios:\n  universalLinks:\n    exempted:\n      - http://b.example/*\n');
    expect(itemLines(out, links)).toEqual([5]);
  });
});

describe('edits that cannot be made safely are refused, naming why', () => {
  it('removing an anchored item that an alias elsewhere points to', async () => {
    const text = 'version: 1\nios:\n  exceptions:\n    - value: wbx\n      name: &vendor Cisco\n    - value: webex\n      name: *vendor\n';
    await expect(edit(text, [{ op: 'remove', list: ['ios', 'exceptions'], index: 0 }])).rejects.toMatchObject({
      code: 'POLICY_UNEDITABLE',
      exitCode: 3,
      message: expect.stringContaining('YAML anchor (&vendor at line 5)'),
    });
  });

  it('adding to a list that is an alias of another', async () => {
    const text = 'version: 1\nbase: &list\n  - value: wbx\nios:\n  exceptions: *list\n';
    await expect(edit(text, [add('ios', 'zoomus')])).rejects.toMatchObject({
      code: 'POLICY_UNEDITABLE',
      message: expect.stringContaining('anchor (&list at line 2)'),
    });
  });
});

describe('setting values line by line (update in place, acceptance, binding)', () => {
  const doc = [
    'version: 1',
    'ios:',
    '  sendOrgData: managedApps   # Policy managed apps',
    '  managedApps: [ms-outlook, msteams]',
    '  exceptions:',
    '    - value: wbx        # Webex',
    '      expires: 2027-01-15   # review in January',
    '    - value: zoomus',
    '      name: Zoom',
    '',
    '# Android',
    'android:',
    '  exceptions: []',
    '',
  ].join('\n');
  const set = (path: Array<string | number>, value: unknown): EditOp => ({ op: 'set', path, value });
  /** The lines that differ, before → after (same line count assumed by callers that pass it). */
  const changed = (a: string, b: string) => {
    const before = a.split('\n');
    return b.split('\n').filter((l) => !before.includes(l));
  };

  it('a scalar for a scalar, on its line: the comment after it stays, nothing else moves', async () => {
    const out = await edit(doc, [set(['ios', 'exceptions', 0, 'expires'], '2099-12-31')]);
    expect(out).toBe(doc.replace('expires: 2027-01-15   # review in January', 'expires: 2099-12-31   # review in January'));
  });

  it('a new field at the end of its item; a nested mapping written as a block', async () => {
    const out = await edit(doc, [
      set(['ios', 'exceptions', 0, 'owner'], 'it-mobility'),
      set(['ios', 'exceptions', 1, 'accepted'], { by: 'ciso', ticket: 'RISK-1', until: '2099-01-01' }),
    ]);
    expect(changed(doc, out)).toEqual([
      '      owner: it-mobility',
      '      accepted:',
      '        by: ciso',
      '        ticket: RISK-1',
      '        until: 2099-01-01',
    ]);
    expect(out.split('\n').indexOf('      owner: it-mobility')).toBe(7);
    expect((load(out, { schema: CORE_SCHEMA }) as { ios: { exceptions: unknown[] } }).ios.exceptions[1]).toEqual({
      value: 'zoomus',
      name: 'Zoom',
      accepted: { by: 'ciso', ticket: 'RISK-1', until: '2099-01-01' },
    });
  });

  it('a key removed with its block; a mapping created on the way (the binding)', async () => {
    const accepted = await edit(doc, [set(['ios', 'exceptions', 1, 'accepted'], { by: 'a', ticket: 'b', until: '2099-01-01' })]);
    expect(await edit(accepted, [set(['ios', 'exceptions', 1, 'accepted'], undefined)])).toBe(doc);
    const bound = await edit(doc, [set(['android', 'intune', 'version'], '"3d0068a6"')]);
    expect(changed(doc, bound)).toEqual(['  intune:', '    version: "\\"3d0068a6\\""']);
    expect(load(bound)).toMatchObject({ android: { exceptions: [], intune: { version: '"3d0068a6"' } } });
  });

  it('what it does not handle (a flow mapping on the way, the key of a dash line) goes to the Document API, still verified', async () => {
    const flow = 'version: 1\nios: {exceptions: [{value: wbx}]}\n';
    expect(setValue(flow, ['ios', 'exceptions', 0, 'owner'], 'x')).toBeNull();
    expect(load(await edit(flow, [set(['ios', 'exceptions', 0, 'owner'], 'x')]))).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'wbx', owner: 'x' }] },
    });
    expect(setValue(doc, ['ios', 'exceptions', 0, 'value'], undefined)).toBeNull();
  });
});

describe('JSON: items added in the text itself, every other byte kept', () => {
  const j = (text: string, ops: EditOp[]) => edit(text, ops, 'p.json');

  it('after the last item, at its indentation; odd spacing elsewhere untouched', async () => {
    const text = '{\n    "version": 1,\n    "ios": { "exceptions": [\n        {"value": "a",   "name": "A"}\n    ] }\n}\n';
    const out = await j(text, [add('ios', 'b', { name: 'B' })]);
    expect(out).toBe(
      '{\n    "version": 1,\n    "ios": { "exceptions": [\n        {"value": "a",   "name": "A"},\n' +
        '        {\n            "value": "b",\n            "name": "B"\n        }\n    ] }\n}\n',
    );
  });

  it('into an empty list, one step in from the line of its "["; CRLF and BOM kept', async () => {
    const text = '\uFEFF{\r\n  "version": 1,\r\n  "android": {\r\n    "exceptions": []\r\n  }\r\n}\r\n';
    const out = await j(text, [add('android', 'com.whatsapp')]);
    expect(out).toBe(
      '\uFEFF{\r\n  "version": 1,\r\n  "android": {\r\n    "exceptions": [\r\n      {\r\n        "value": "com.whatsapp"\r\n' +
        '      }\r\n    ]\r\n  }\r\n}\r\n',
    );
  });

  it('a list on one line, or a remove, is written anew and still reads back exactly', async () => {
    const text = '{"version": 1, "ios": {"exceptions": [{"value": "a"}]}}';
    expect(JSON.parse(await j(text, [add('ios', 'b')]))).toEqual({ version: 1, ios: { exceptions: [{ value: 'a' }, { value: 'b' }] } });
    const multi = '{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "a"},\n      {"value": "b"}\n    ]\n  }\n}\n';
    expect(JSON.parse(await j(multi, [{ op: 'remove', list: ['ios', 'exceptions'], index: 0 }]))).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'b' }] },
    });
  });

  it('several adds to two lists land in order', async () => {
    const text =
      '{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "a"}\n    ]\n  },\n  "android": {\n    "exceptions": []\n  }\n}\n';
    const out = await j(text, [add('ios', 'b'), add('android', 'com.x'), add('ios', 'c')]);
    expect(JSON.parse(out)).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] },
      android: { exceptions: [{ value: 'com.x' }] },
    });
    expect(out.startsWith('{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "a"},\n')).toBe(true);
  });
});

describe('property: JSON items added in place, the lists are where a fresh scan of the new text finds them', () => {
  it('add to one or more lists, any indentation, empty or not', async () => {
    const lists = [
      ['ios', 'exceptions'],
      ['android', 'exceptions'],
      ['ios', 'universalLinks', 'exempted'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('  ', '    ', '\t'),
        fc.array(fc.nat(3), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(2), fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/)), { minLength: 1, maxLength: 4 }),
        async (unit, sizes, adds) => {
          const data = {
            version: 1,
            ios: {
              exceptions: Array.from({ length: sizes[0]! }, (_, i) => ({ value: `i${i}`, reason: 'r' })),
              universalLinks: { exempted: Array.from({ length: sizes[2]! }, (_, i) => `https://l${i}.example/*`) },
            },
            android: { exceptions: Array.from({ length: sizes[1]! }, (_, i) => ({ value: `a.b${i}` })) },
          };
          const text = `${JSON.stringify(data, null, unit)}\n`;
          const ops: EditOp[] = adds.map(([l, v]) =>
            l === 2
              ? { op: 'add', list: [...lists[2]], item: `https://${v}.example/*` }
              : { op: 'add', list: [...lists[l]!], item: { value: v } },
          );
          const rendered = await renderEdits(await parsePolicyText('p.json', text), ops);
          expect(rendered.spans).toBeDefined();
          expect(rendered.spans).toEqual(Object.fromEntries(scanJson(rendered.text, 64, { itemsOf: POLICY_LISTS }).spans));
          expect(JSON.parse(rendered.text)).toEqual(rendered.data);
        },
      ),
      { numRuns: 150 },
    );
  });
});
