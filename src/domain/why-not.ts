import type { HardRule } from './eligibility.js';

/**
 * Rules whose detail tells of a mediator's life or of another service's work (leave, bookings, hours
 * this week). Only coordinators see them; anyone else is told the mediator is not available then.
 */
export const PRIVATE_RULES: readonly HardRule[] = ['time_off', 'booking_conflict', 'weekly_cap'];

export const NOT_AVAILABLE = 'Not available at that time.';

/** An exclusion as a desk may read it: a private rule becomes `availability` with a neutral detail. */
export function neutralExclusion<E extends { rule: HardRule; detail: string }>(e: E): E {
  return PRIVATE_RULES.includes(e.rule) ? { ...e, rule: 'availability', detail: NOT_AVAILABLE } : e;
}

