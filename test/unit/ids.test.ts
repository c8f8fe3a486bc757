import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { randomIds } from '../../src/ids.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The random part of an id as a number (60 bits fit a double only approximately: use BigInt). */
const tailValue = (id: string) => [...id.slice(-12)].reduce((n, ch) => n * 32n + BigInt(ALPHABET.indexOf(ch)), 0n);

afterEach(() => vi.restoreAllMocks());

describe('randomIds', () => {
  it('gives distinct, well-formed ids in creation order, within a millisecond too', () => {
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

  it('counts the random part up by one within a millisecond, and draws it afresh in the next one', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const sameMs = Array.from({ length: 200 }, () => ids.next('apt'));
    const steps = sameMs.slice(1).map((id, i) => tailValue(id) - tailValue(sameMs[i] as string));
    expect(new Set(steps)).toEqual(new Set([1n]));
    // The first four characters of the random part, each in a new millisecond: drawn afresh, not carried on.
    const starts = new Set(Array.from({ length: 50 }, () => {
      clock.advance(1);
      return ids.next('apt').slice(-12, -8);
    }));
    expect(starts.size).toBeGreaterThan(40);
  });

  it('moves on to the next millisecond when the random part would overflow, staying in order', () => {
    // Every random byte 0xFF: the tail starts at its largest value and the first step overflows it.
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(0xff);
      return array;
    });
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const [first, second, third] = [ids.next('apt'), ids.next('apt'), ids.next('apt')];
    expect(first.slice(-12)).toBe('ZZZZZZZZZZZZ');
    expect(second > first && third > second).toBe(true);
    const time = (id: string) => [...id.slice(4, 14)].reduce((n, ch) => n * 32 + ALPHABET.indexOf(ch), 0);
    expect([time(first), time(second), time(third)]).toEqual([clock.now(), clock.now() + 1, clock.now() + 1]);
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
