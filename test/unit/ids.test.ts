import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { randomIds } from '../../src/ids.js';

describe('randomIds', () => {
  it('gives distinct, well-formed ids past many refills of its random pool, ordered by creation time', () => {
    const clock = fixedClock('2026-03-20T08:00:00Z');
    const ids = randomIds(clock);
    const made: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      made.push(ids.next('apt'));
      if (i % 100 === 99) clock.advance(1);
    }
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id).toMatch(/^apt_[0-9A-HJKMNP-TV-Z]{22}$/);
    const firstOfEachMs = made.filter((_, i) => i % 100 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
    // The random part varies within one millisecond (it is not a counter over a fixed pool).
    const tails = new Set(made.slice(0, 100).map((id) => id.slice(-12)));
    expect(tails.size).toBe(100);
  });
});
