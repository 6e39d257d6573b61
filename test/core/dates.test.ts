import fc from 'fast-check';
import { daysBetween, isIsoDate, isoDay } from '../../src/core/dates.js';

it.each([
  ['2026-02-28', true],
  ['2026-02-29', false],
  ['2024-02-29', true],
  ['1900-02-29', false],
  ['2000-02-29', true],
  ['2026-04-31', false],
  ['2026-13-01', false],
  ['2026-00-10', false],
  ['2026-1-01', false],
  ['20260101', false],
])('isIsoDate(%s) is %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));

it('agrees with Date for every day and string it is given', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (d) => {
      expect(isoDay(d)).toBe(d.toISOString().slice(0, 10));
      expect(isIsoDate(isoDay(d))).toBe(true);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1970, max: 2999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const t = Date.parse(`${s}T00:00:00Z`);
      expect(isIsoDate(s)).toBe(!Number.isNaN(t) && new Date(t).toISOString().startsWith(s));
    }),
    { numRuns: 3000 },
  );
});

it('counts days across months and leap years', () => {
  expect(daysBetween('2026-11-23', '2026-12-23')).toBe(30);
  expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  expect(daysBetween('2026-11-23', '2026-11-22')).toBe(-1);
});
