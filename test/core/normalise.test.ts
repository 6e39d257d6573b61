import fc from 'fast-check';
import { MAX_VALUE_LENGTH, normaliseValue } from '../../src/core/normalise.js';

const ok = (platform: 'ios' | 'android', raw: string) => {
  const r = normaliseValue(platform, raw);
  if (!r.ok) throw new Error(`expected ${raw} to be valid: ${r.message}`);
  return r;
};

describe('iOS URL schemes', () => {
  it.each([
    ['wbx', 'wbx', 0],
    ['  wbx  ', 'wbx', 0],
    ['wbx://', 'wbx', 1],
    ['wbx:', 'wbx', 1],
    ['WBX', 'wbx', 1],
    ['WBX://', 'wbx', 2],
    // Kept as typed: it names another scheme than the app's own (the risk rules warn and suggest).
    ['ms-outlook-intunemam', 'ms-outlook-intunemam', 0],
    ['com.apple.Maps', 'com.apple.maps', 1],
    ['itms-apps', 'itms-apps', 0],
    ['x-web-search+v2.1', 'x-web-search+v2.1', 0],
  ])('%j normalises to %j with %i notes', (raw, value, notes) => {
    const r = ok('ios', raw);
    expect(r.value).toBe(value);
    expect(r.notes).toHaveLength(notes);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['https://webex.com/meet', /is a web link, not a URL scheme/],
    ['wbx://meeting/123', /looks like a URL/],
    ['mailto:someone@example.com', /looks like a URL/],
    ['wb x', /space/],
    ['wb*', /wildcard/],
    ['*', /wildcard/],
    ['wbx;zoomus', /";"/],
    ['1password', /does not start with a letter/],
    ['-intunemam', /does not start with a letter/],
    ['https://*.webex.com/*', /is a web link/],
    ['wbx_app', /contains "_"/],
    ['wbx\u0000', /control character/],
    ['wb\tx', /control character/],
    ['a'.repeat(MAX_VALUE_LENGTH + 1), /at most/],
    ['://', /empty/],
  ])('%j is rejected (%s)', (raw, message) => {
    const r = normaliseValue('ios', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('hints the scheme of a URL, but never "https" for a web link', () => {
    expect(normaliseValue('ios', 'WBX://meet/123')).toMatchObject({
      ok: false,
      hint: 'the scheme is the part before ":", "wbx"; give only that',
    });
    const web = normaliseValue('ios', 'https://contoso.webex.com/meet/x');
    expect(web).toMatchObject({ ok: false, webHost: 'contoso.webex.com' });
    expect(JSON.stringify(web)).not.toMatch(/"https"/);
  });
});

describe('Android application IDs', () => {
  it.each([
    ['com.cisco.webex.meetings', 'com.cisco.webex.meetings', 0],
    [' com.whatsapp ', 'com.whatsapp', 0],
    ['Com.Example.App_2', 'Com.Example.App_2', 0],
    ['https://play.google.com/store/apps/details?id=com.cisco.webex.meetings&hl=en', 'com.cisco.webex.meetings', 1],
    ['market://details?id=com.whatsapp', 'com.whatsapp', 1],
  ])('%j normalises to %j with %i notes', (raw, value, notes) => {
    const r = ok('android', raw);
    expect(r.value).toBe(value);
    expect(r.notes).toHaveLength(notes);
  });

  it.each([
    ['', /empty/],
    ['whatsapp', /one segment/],
    ['com..whatsapp', /empty segment/],
    ['.com.whatsapp', /empty segment/],
    ['com.whatsapp.', /empty segment/],
    ['com.1password', /does not start with a letter/],
    ['1com.app', /does not start with a letter/],
    ['com.cisco.*', /wildcard/],
    ['com.a;com.b', /";"/],
    ['com.what sapp', /space/],
    ['com.what-sapp', /contains "-"/],
    ['wbx://', /looks like a URL scheme/],
    ['https://example.com/app', /looks like a URL/],
    ['com.app\u001b[31m', /control character/],
    [`com.${'a'.repeat(MAX_VALUE_LENGTH)}`, /at most/],
  ])('%j is rejected (%s)', (raw, message) => {
    const r = normaliseValue('android', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('properties', () => {
  const platforms = fc.constantFrom('ios' as const, 'android' as const);

  it('a valid result is a fixed point: normalising it again changes nothing', () => {
    fc.assert(
      fc.property(platforms, fc.string({ maxLength: 40 }), (platform, raw) => {
        const r = normaliseValue(platform, raw);
        if (!r.ok) return;
        const again = normaliseValue(platform, r.value);
        expect(again).toEqual({ ok: true, value: r.value, notes: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('every valid iOS result matches the RFC 3986 scheme grammar in lower case', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const r = normaliseValue('ios', raw);
        if (r.ok) expect(r.value).toMatch(/^[a-z][a-z0-9+.-]*$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed package name unchanged', () => {
    const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 2, maxLength: 5 }), (segments) => {
        const value = segments.join('.');
        expect(normaliseValue('android', value)).toEqual({ ok: true, value, notes: [] });
      }),
    );
  });

  it('never accepts a value containing a separator, wildcard, space or control character', () => {
    const bad = fc.constantFrom(';', '*', ' ', '\u0000', '\n', '/');
    fc.assert(
      fc.property(platforms, fc.string({ maxLength: 10 }), bad, fc.string({ maxLength: 10 }), (platform, a, c, b) => {
        const r = normaliseValue(platform, `x${a}${c}${b}x`);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
