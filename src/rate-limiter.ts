import type { Clock } from './clock.js';

export interface RateLimiter {
  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): number;
  /** Counts one failure against `key`. */
  fail(key: string): void;
}

/**
 * Counts failures per key in fixed windows, in memory (per process on Node, per isolate on Workers):
 * after `limit` failures a key waits for its window to end.
 * @example const limiter = failureLimiter({ limit: 20, windowMs: 60_000, clock: systemClock })
 */
export function failureLimiter(o: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const maxKeys = o.maxKeys ?? 100_000;
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && w.endsAt <= o.clock.now()) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  return {
    retryAfter(key) {
      const w = current(key);
      return w && w.count >= o.limit ? Math.max(1, Math.ceil((w.endsAt - o.clock.now()) / 1000)) : 0;
    },
    fail(key) {
      const w = current(key);
      if (w) {
        w.count++;
        return;
      }
      // Many keys (a spray of guessed tokens) must not grow memory without bound: drop the ended windows, then the oldest.
      if (windows.size >= maxKeys) {
        for (const [k, v] of windows) if (v.endsAt <= o.clock.now()) windows.delete(k);
        for (const k of windows.keys()) {
          if (windows.size < maxKeys) break;
          windows.delete(k);
        }
      }
      windows.set(key, { count: 1, endsAt: o.clock.now() + o.windowMs });
    },
  };
}
