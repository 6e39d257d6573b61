/** The one pass over JSON text: what JSON.parse rejects (with a position), duplicate keys, item lines, positions. */
import fc from 'fast-check';
import { jsonPosition, scanJson, scannedLines } from '../../src/io/json-scan.js';

describe('scanJson', () => {
  it('accepts what JSON.parse accepts, and rejects what it rejects (random JSON and random text)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(scanJson(text, 64).error).toBeNull();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        // Duplicate keys aside (the scan rejects them, JSON.parse does not), the two agree.
        const error = scanJson(text, 64).error;
        if (!error?.duplicate) expect(error === null).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });

  it('a key twice in one mapping is an error at the second, escapes decoded; the same key in two mappings is not', () => {
    const text = '{\n  "ios": {"exceptions": []},\n  "a": {"x": 1},\n  "b": {"x": 2},\n  "\\u0069os": 1\n}';
    expect(scanJson(text, 64).error).toMatchObject({ duplicate: true, line: 5, col: 3, message: 'duplicate key "ios"' });
    expect(scanJson('{"a": {"x": 1}, "b": {"x": 1}}', 64).error).toBeNull();
  });

  it('the line of each item of the lists asked for, whatever the layout', () => {
    const policy = {
      version: 1,
      ios: { exceptions: [{ value: 'wbx' }, { value: 'zoomus', name: 'Zoom' }], universalLinks: { exempted: ['a', 'b'] } },
    };
    for (const indent of [2, 4, '\t']) {
      const text = JSON.stringify(policy, null, indent);
      const rows = text.split('\n');
      const scan = scanJson(text, 64, {
        itemsOf: [
          ['ios', 'exceptions'],
          ['android', 'exceptions'],
          ['ios', 'universalLinks', 'exempted'],
        ],
      });
      const lines = scannedLines(scan, ['ios', 'exceptions']);
      expect(lines.map((l) => rows[l - 1]!.trim())).toEqual(['{', '{']);
      expect(rows[lines[1]!]).toContain('"zoomus"');
      expect(scannedLines(scan, ['ios', 'universalLinks', 'exempted']).map((l) => rows[l - 1]!.trim())).toEqual(['"a",', '"b"']);
      expect(scannedLines(scan, ['android', 'exceptions'])).toEqual([]);
    }
    // One line: every item on line 1.
    expect(scannedLines(scanJson(JSON.stringify(policy), 64, { itemsOf: [['ios', 'exceptions']] }), ['ios', 'exceptions'])).toEqual([1, 1]);
  });

  it('where a key path starts, or its deepest parent that exists', () => {
    const text = '{\n  "version": 1,\n  "ios": {\n    "exceptions": [\n      {"value": "wbx"},\n      {"value": 7}\n    ]\n  }\n}';
    expect(jsonPosition(text, ['ios', 'exceptions', 1, 'value'])).toBe('6:17');
    expect(jsonPosition(text, ['ios', 'exceptions', 1, 'name'])).toBe('6:7');
    expect(jsonPosition(text, ['android'])).toBe('1:1');
  });

  it('a mapping of 500,000 keys: every key checked against the others (its speed is measured by npm run bench, part e)', () => {
    const keys = Array.from({ length: 500_000 }, (_, i) => `"k${i}": ${i}`);
    expect(scanJson(`{${keys.join(',\n')}}`, 64).error).toBeNull();
    expect(scanJson(`{${keys.join(',\n')},\n"k499999": 0}`, 64).error).toMatchObject({ duplicate: true, line: 500_001 });
  });
});
