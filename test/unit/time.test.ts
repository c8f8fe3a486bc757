import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/domain/time.js';

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
});

describe('parseInstant', () => {
  it('reads the offset given, in every form the schema lets through', () => {
    expect(parseInstant('2026-03-29T03:00:00+02:00')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T01:00:00Z')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T03:00+02:00')).toBe(SPRING_2026);
    expect(parseInstant('2026-03-29T03:00:00.250+02:00')).toBe(SPRING_2026 + 250);
  });

  it('does not roll a day that does not exist over into the next month', () => {
    expect(parseInstant('2026-02-30T10:00:00+01:00')).toBeNaN();
    expect(parseInstant('2026-04-31T10:00:00+02:00')).toBeNaN();
    expect(parseInstant('2028-02-29T10:00:00+01:00')).toBe(Date.parse('2028-02-29T09:00:00Z'));
  });
});
