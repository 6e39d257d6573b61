import fc from 'fast-check';
import { load } from 'js-yaml';
import { stringify } from 'yaml';
import type { EditOp } from '../../src/core/edits.js';
import { parsePolicyText, renderEdits } from '../../src/io/policy-file.js';
import { appendEntry, entryLines, removeEntry } from '../../src/io/yaml-block.js';

/** The file's text after the edits. */
const edit = async (text: string, ops: EditOp[], file = 'p.yaml') => renderEdits(await parsePolicyText(file, text), ops);

const add = (platform: 'ios' | 'android', value: string, extra: Record<string, string> = {}): EditOp => ({
  op: 'add',
  platform,
  entry: { value, ...extra },
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
    const out = appendEntry(doc, 'ios', { value: 'zoomus' }, { section: true, items: 1 })!.text;
    expect(out.split('\n').slice(3, 7)).toEqual(['    - value: wbx', '      name: Webex', '    - value: zoomus', '']);
  });

  it('turns an empty flow list into a block, keeping its comment', () => {
    const out = appendEntry(doc, 'android', { value: 'com.whatsapp' }, { section: true, items: 0 })!.text;
    expect(out).toContain('  exceptions: # none yet\n    - value: com.whatsapp\n');
    expect(load(out)).toMatchObject({ android: { exceptions: [{ value: 'com.whatsapp' }] } });
  });

  it('adds a missing section or key', () => {
    expect(load(appendEntry('version: 1\n', 'ios', { value: 'wbx' }, { section: false })!.text)).toEqual({
      version: 1,
      ios: { exceptions: [{ value: 'wbx' }] },
    });
    const noKey = appendEntry('version: 1\nios:\n  sendOrgData: managedApps\n', 'ios', { value: 'wbx' }, { section: true })!.text;
    expect(load(noKey)).toEqual({ version: 1, ios: { sendOrgData: 'managedApps', exceptions: [{ value: 'wbx' }] } });
  });

  it('quotes what would not read back as the same string', () => {
    const out = appendEntry(
      doc,
      'ios',
      { value: 'x', name: 'yes', reason: 'a: b #c', ticket: '123', owner: ' padded ' },
      { section: true, items: 1 },
    )!.text;
    expect((load(out) as { ios: { exceptions: unknown[] } }).ios.exceptions[1]).toEqual({
      value: 'x',
      name: 'yes',
      reason: 'a: b #c',
      ticket: '123',
      owner: ' padded ',
    });
  });

  it('removes an item and leaves an empty list as []', () => {
    const out = removeEntry(doc, 'ios', 0)!;
    expect(out.split('\n').slice(0, 4)).toEqual(['version: 1', 'ios:', '  exceptions: []', '']);
  });

  it('handles items at the same indentation as their key', () => {
    const text = 'ios:\n  exceptions:\n  - value: a\n  - value: b\n  sendOrgData: managedApps\n';
    expect(entryLines(text, 'ios')).toEqual([3, 4]);
    expect(load(appendEntry(text, 'ios', { value: 'c' }, { section: true, items: 2 })!.text)).toEqual({
      ios: { exceptions: [{ value: 'a' }, { value: 'b' }, { value: 'c' }], sendOrgData: 'managedApps' },
    });
  });

  it('declines flow-style sections', () => {
    expect(appendEntry('ios: {exceptions: [{value: a}]}\n', 'ios', { value: 'b' }, { section: true, items: 1 })).toBeNull();
    expect(appendEntry('{version: 1}\n', 'ios', { value: 'b' }, { section: false })).toBeNull();
    expect(appendEntry('ios:\n  exceptions: [{value: a}]\n', 'ios', { value: 'b' }, { section: true, items: 1 })).toBeNull();
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
    const lines = async (file: string, text: string) => (await parsePolicyText(file, text)).linesOf('ios');
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
        const removed = await edit(added, [{ op: 'remove', platform: 'ios', index, value: '' }]);
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
    const out = await edit(text, [{ op: 'add', platform: 'ios', entry: { value: 'b' } }]);
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
});
