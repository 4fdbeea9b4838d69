// The byte-level type parsers agree with JavaScript's own parsers on what both accept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../shared/src/data/parse-values.ts';

describe('typed parsing of field text', () => {
  it('reads dates as Date.UTC does, and rejects days a month does not have', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const ref = new Date(`${text}T00:00:00Z`);
        const expected = Number.isNaN(ref.getTime()) || ref.getUTCDate() !== d ? Number.NaN : ref.getTime();
        expect(parseText('date', text)).toBe(expected);
      }),
    );
    expect(parseText('date', '2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseText('date', '2023-02-29')).toBeNaN();
    expect(parseText('date', '2024-1-05')).toBeNaN();
  });

  it('reads ISO 8601 timestamps with zones as Date.parse does', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (date, offset) => {
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? '-' : '+';
        const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        expect(parseText('timestamp', `${local}${zone}`)).toBe(date.getTime());
        expect(parseText('timestamp', `${local}Z`)).toBe(Date.parse(`${local}Z`));
      }),
    );
    expect(parseText('timestamp', '2024-06-02 09:30')).toBe(Date.UTC(2024, 5, 2, 9, 30));
    expect(parseText('timestamp', '2024-06-02T25:00')).toBeNaN();
  });

  it('reads numbers as Number() does, integers and booleans strictly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseText('number', String(x))).toBe(Number(String(x)));
        expect(parseText('number', x.toFixed(2))).toBe(Number(x.toFixed(2)));
      }),
    );
    expect(parseText('number', '.5')).toBe(0.5);
    expect(parseText('number', '1e3')).toBe(1000);
    expect(parseText('number', 'abc')).toBeNaN();
    expect(parseText('number', '1.2.3')).toBeNaN();
    expect(parseText('integer', '-42')).toBe(-42);
    expect(parseText('integer', '4.0')).toBeNaN();
    expect(['true', 'FALSE', '1', '0', 'yes'].map((t) => parseText('boolean', t))).toEqual([1, 0, 1, 0, Number.NaN]);
  });
});
