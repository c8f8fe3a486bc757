import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { randomIds } from '../../src/ids.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The random part of an id as a number (60 bits fit a double only approximately: use BigInt). */
const tailValue = (id: string) => [...id.slice(-12)].reduce((n, ch) => n * 32n + BigInt(ALPHABET.indexOf(ch)), 0n);

describe('randomIds', () => {
  it('gives distinct, well-formed ids in creation order, within a millisecond too, past many refills of its random pool', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const made: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      made.push(ids.next(i % 3 === 0 ? 'apt' : 'aud'));
      if (i % 100 === 99) clock.advance(1);
    }
    for (const id of made) expect(id).toMatch(/^(apt|aud)_[0-9A-HJKMNP-TV-Z]{22}$/);
    const bodies = made.map((id) => id.slice(4));
    expect(new Set(bodies).size).toBe(bodies.length);
    expect([...bodies].sort()).toEqual(bodies);
  });

  it('steps the random part by an unpredictable amount within a millisecond, and draws it afresh in the next one', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const sameMs = Array.from({ length: 200 }, () => ids.next('apt'));
    const steps = sameMs.slice(1).map((id, i) => tailValue(id) - tailValue(sameMs[i] as string));
    for (const s of steps) {
      expect(s).toBeGreaterThanOrEqual(1n);
      expect(s).toBeLessThanOrEqual(65_536n);
    }
    expect(new Set(steps).size).toBeGreaterThan(150); // not a counter
    clock.advance(1);
    const heads = new Set(Array.from({ length: 50 }, () => {
      clock.advance(1);
      return ids.next('apt').slice(-12, -8);
    }));
    expect(heads.size).toBeGreaterThan(40); // a new millisecond starts from fresh randomness
  });

  it('stays in order when the clock steps back', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const first = ids.next('apt');
    clock.advance(-5_000);
    const second = ids.next('apt');
    expect(second > first).toBe(true);
  });
});
