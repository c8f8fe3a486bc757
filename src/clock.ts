/** The only source of "now" in the app; tests pin it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock stopped at `iso` that tests can move forward. */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`fixedClock: not an ISO instant: ${iso}`);
  return {
    now: () => t,
    set: (next) => {
      t = Date.parse(next);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** The clock an entry point should use: fixed when FIXED_CLOCK is configured (tests, demos), else the system's. */
export function clockFromConfig(fixedAt: string | undefined): Clock {
  return fixedAt ? fixedClock(fixedAt) : systemClock;
}
