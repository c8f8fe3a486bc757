import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, formatWithLuxon, parseInstant, parseWithLuxon } from '../../src/domain/time.js';

const SPRING_2026 = Date.parse('2026-03-29T01:00:00Z');
const AUTUMN_2026 = Date.parse('2026-10-25T01:00:00Z');

describe('formatInstant', () => {
  it('writes the wall clock with the offset in force, on both sides of the DST changes', () => {
    expect(formatInstant(SPRING_2026 - 1)).toBe('2026-03-29T01:59:59.999+01:00');
    expect(formatInstant(SPRING_2026)).toBe('2026-03-29T03:00:00+02:00');
    expect(formatInstant(AUTUMN_2026 - 1_000)).toBe('2026-10-25T02:59:59+02:00');
    expect(formatInstant(AUTUMN_2026)).toBe('2026-10-25T02:00:00+01:00');
    expect(formatInstant(Date.parse('2026-03-23T09:00:00Z'))).toBe('2026-03-23T10:00:00+01:00');
  });

  it('leaves years outside 1000–9999 to luxon, in the zone asked for', () => {
    for (const [ms, zone] of [
      [Date.UTC(9999, 11, 31, 23, 30), 'Europe/Rome'],
      [Date.UTC(500, 0, 1, 0, 0), 'Etc/GMT-1'],
      [Date.UTC(999, 11, 31, 23, 30), 'Europe/Rome'],
    ] as const) {
      expect(formatInstant(ms, zone)).toBe(formatWithLuxon(ms, zone));
    }
  });

  it('gives what luxon gives for any instant and zone (property)', () => {
    const around = (t: number) => fc.integer({ min: t - 3 * 3_600_000, max: t + 3 * 3_600_000 });
    const instant = fc.oneof(
      around(SPRING_2026),
      around(AUTUMN_2026),
      fc.integer({ min: Date.parse('1890-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
      fc.integer({ min: 0, max: 10_000 }).map((m) => Date.parse('2026-06-01T00:00:00Z') + m * 60_000),
    );
    const zone = fc.constantFrom('Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC', 'Europe/London', 'Not/AZone');
    fc.assert(
      fc.property(instant, zone, (ms, z) => {
        expect(formatInstant(ms, z)).toBe(formatWithLuxon(ms, z));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseInstant', () => {
  it('reads the offset given, in every form the schema lets through', () => {
    expect(parseInstant('2026-03-29T03:00:00+02:00')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T01:00:00Z')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T03:00+02:00')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T03:00:00.250+02:00')).toBe(SPRING_2026 + 250);
    expect(parseInstant('2026-03-29T03:00:00.1234+02:00')).toBe(parseWithLuxon('2026-03-29T03:00:00.1234+02:00'));
  });

  it('does not roll a day that does not exist over into the next month', () => {
    expect(parseInstant('2026-02-30T10:00:00+01:00')).toBeNaN();
    expect(parseInstant('2026-04-31T10:00:00+02:00')).toBeNaN();
    expect(parseInstant('2028-02-29T10:00:00+01:00')).toBe(Date.parse('2028-02-29T09:00:00Z'));
  });

  it('gives what luxon gives for any instant written with any offset (property)', () => {
    const instant = fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2199-12-31T00:00:00Z') });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    const form = fc.constantFrom('minutes', 'seconds', 'millis', 'z');
    fc.assert(
      fc.property(instant, offset, form, (ms, off, f) => {
        const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
        const sign = off < 0 ? '-' : '+';
        const abs = Math.abs(off);
        const zone = f === 'z' ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const text = f === 'minutes' ? local.slice(0, 16) : f === 'seconds' ? local.slice(0, 19) : local;
        const iso = f === 'z' ? `${new Date(ms).toISOString().slice(0, 19)}Z` : `${text}${zone}`;
        expect(parseInstant(iso)).toBe(parseWithLuxon(iso));
      }),
      { numRuns: 3000 },
    );
  });
});
