/** What a settled session is paid, under the default policy unless a test says otherwise. */
import { describe, expect, it } from 'vitest';
import { actualMinutes, type BillingPolicy, billableMinutes, DEFAULT_BILLING_POLICY, isLateCancellation, lateCancellationCharge } from '../../src/domain/billing.js';
import { HOUR, MINUTE } from '../../src/domain/intervals.js';
import { at } from './factories.js';

const policy = DEFAULT_BILLING_POLICY;
const START = at('2026-03-23T10:00');

describe('the default policy', () => {
  it('is the network agreement', () => {
    expect(DEFAULT_BILLING_POLICY).toEqual({
      completedMinimumMinutes: 60,
      beneficiaryNoShowMinutes: 60,
      cancelledLateMinutes: 60,
      mediatorNoShowMinutes: 0,
      lateCancellationNoticeHours: 24,
      cancelGraceMinutes: 15,
      roundingMinutes: 15,
      disputeToleranceMinutes: 15,
    });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_BILLING_POLICY)).toBe(true);
  });
});

describe('actualMinutes', () => {
  it('is the time between check-in and check-out', () => {
    expect(actualMinutes(START, START + 95 * MINUTE)).toBe(95);
  });

  it('is 0 when either time is missing', () => {
    expect(actualMinutes(null, START)).toBe(0);
    expect(actualMinutes(START, null)).toBe(0);
    expect(actualMinutes(null, null)).toBe(0);
  });

  it('is 0 when the check-out is not after the check-in', () => {
    expect(actualMinutes(START, START)).toBe(0);
    expect(actualMinutes(START, START - HOUR)).toBe(0);
  });

  it('counts whole minutes, rounding seconds to the nearest minute', () => {
    expect(actualMinutes(START, START + 60 * MINUTE + 29_999)).toBe(60);
    expect(actualMinutes(START, START + 60 * MINUTE + 30_000)).toBe(61);
  });
});

describe('billableMinutes: completed', () => {
  it.each([
    [0, 60],
    [30, 60],
    [60, 60],
    [61, 75],
    [75, 75],
    [76, 90],
    [119, 120],
    [120, 120],
    [121, 135],
  ])('%i actual minutes → %i billable (rounded up to 15, at least 60)', (actual, billable) => {
    expect(billableMinutes('completed', actual, policy)).toBe(billable);
  });

  it('without rounding (0 or 1) pays the actual minutes above the minimum', () => {
    expect(billableMinutes('completed', 61, { ...policy, roundingMinutes: 0 })).toBe(61);
    expect(billableMinutes('completed', 61, { ...policy, roundingMinutes: 1 })).toBe(61);
    expect(billableMinutes('completed', 59, { ...policy, roundingMinutes: 0 })).toBe(60);
  });

  it('rounds to any configured step', () => {
    expect(billableMinutes('completed', 61, { ...policy, roundingMinutes: 30 })).toBe(90);
    expect(billableMinutes('completed', 61, { ...policy, roundingMinutes: 60 })).toBe(120);
  });

  it('follows a configured minimum', () => {
    expect(billableMinutes('completed', 20, { ...policy, completedMinimumMinutes: 30 })).toBe(30);
    expect(billableMinutes('completed', 20, { ...policy, completedMinimumMinutes: 0 })).toBe(30);
  });

  it('treats negative or non-finite actual minutes as 0', () => {
    expect(billableMinutes('completed', -10, policy)).toBe(60);
    expect(billableMinutes('completed', Number.NaN, policy)).toBe(60);
  });
});

describe('billableMinutes: the other outcomes pay a fixed amount whatever the actual time', () => {
  it.each([
    ['beneficiary_no_show', 60],
    ['cancelled_late', 60],
    ['mediator_no_show', 0],
  ] as const)('%s → %i', (outcome, billable) => {
    expect(billableMinutes(outcome, 0, policy)).toBe(billable);
    expect(billableMinutes(outcome, 25, policy)).toBe(billable);
  });

  it('each follows its configured minutes', () => {
    const custom: BillingPolicy = { ...policy, beneficiaryNoShowMinutes: 45, cancelledLateMinutes: 30, mediatorNoShowMinutes: 5 };
    expect(billableMinutes('beneficiary_no_show', 0, custom)).toBe(45);
    expect(billableMinutes('cancelled_late', 0, custom)).toBe(30);
    expect(billableMinutes('mediator_no_show', 0, custom)).toBe(5);
  });
});

describe('isLateCancellation', () => {
  it('exactly 24 hours of notice is NOT late', () => {
    expect(isLateCancellation(START - 24 * HOUR, START, policy)).toBe(false);
  });

  it('23 hours 59 minutes of notice is late', () => {
    expect(isLateCancellation(START - 24 * HOUR + MINUTE, START, policy)).toBe(true);
  });

  it('more notice is not late', () => {
    expect(isLateCancellation(START - 3 * 24 * HOUR, START, policy)).toBe(false);
  });

  it('cancelling at or after the start is late', () => {
    expect(isLateCancellation(START, START, policy)).toBe(true);
    expect(isLateCancellation(START + HOUR, START, policy)).toBe(true);
  });

  it('follows the configured notice', () => {
    expect(isLateCancellation(START - 47 * HOUR, START, { ...policy, lateCancellationNoticeHours: 48 })).toBe(true);
    expect(isLateCancellation(START - 48 * HOUR, START, { ...policy, lateCancellationNoticeHours: 48 })).toBe(false);
  });

  it('counts elapsed hours, not calendar days: across the spring-forward night "the day before" is only 23 h', () => {
    // Clocks in Rome jump from 02:00 to 03:00 on Sunday 29 March 2026.
    expect(isLateCancellation(at('2026-03-28T10:00'), at('2026-03-29T10:00'), policy)).toBe(true);
    expect(isLateCancellation(at('2026-03-29T10:00'), at('2026-03-30T10:00'), policy)).toBe(false);
  });
});

describe('lateCancellationCharge', () => {
  const longAgo = START - 7 * 24 * HOUR;
  const charge = (now: number, bookedAt: number | null, accepted = true, p: BillingPolicy = policy) =>
    lateCancellationCharge({ now, start: START, bookedAt, accepted }, p);

  it('is free with the notice given (exactly 24 h), whatever else holds', () => {
    expect(charge(START - 24 * HOUR, longAgo)).toEqual({ charged: false, reason: 'outside_notice' });
    expect(charge(START - 24 * HOUR, START - 24 * HOUR - 20 * MINUTE, false)).toEqual({ charged: false, reason: 'outside_notice' });
  });

  it('charges a cancellation inside the notice of a booking made long before', () => {
    expect(charge(START - 24 * HOUR + MINUTE, longAgo)).toEqual({ charged: true, reason: 'late' });
    expect(charge(START + HOUR, longAgo)).toEqual({ charged: true, reason: 'late' });
  });

  it('is free within the grace period after booking: 15 min exactly is free, 15 min 1 s is charged', () => {
    const bookedAt = START - 10 * HOUR;
    expect(charge(bookedAt, bookedAt)).toEqual({ charged: false, reason: 'grace_period' });
    expect(charge(bookedAt + 10 * MINUTE, bookedAt)).toEqual({ charged: false, reason: 'grace_period' });
    expect(charge(bookedAt + 15 * MINUTE, bookedAt)).toEqual({ charged: false, reason: 'grace_period' });
    expect(charge(bookedAt + 15 * MINUTE + 1000, bookedAt)).toEqual({ charged: true, reason: 'late' });
  });

  it('counts the grace from the booking, not from entering the notice window', () => {
    const bookedAt = START - 24 * HOUR + MINUTE; // booked, then cancelled at once: the notice is already short
    expect(charge(bookedAt + 5 * MINUTE, START - 30 * HOUR)).toEqual({ charged: true, reason: 'late' });
    expect(charge(bookedAt + 5 * MINUTE, bookedAt)).toEqual({ charged: false, reason: 'grace_period' });
  });

  it('is free for a booking made inside the notice until the mediator accepts', () => {
    const bookedAt = START - 3 * HOUR;
    expect(charge(START - HOUR, bookedAt, false)).toEqual({ charged: false, reason: 'booked_inside_notice' });
    expect(charge(START - HOUR, bookedAt, true)).toEqual({ charged: true, reason: 'late' });
  });

  it('does not spare an unaccepted booking made with the notice given (exactly 24 h before)', () => {
    expect(charge(START - HOUR, START - 24 * HOUR, false)).toEqual({ charged: true, reason: 'late' });
  });

  it('gives no grace when the booking time is unknown', () => {
    expect(charge(START - HOUR, null)).toEqual({ charged: true, reason: 'late' });
  });

  it('follows the configured grace period (0 = none)', () => {
    const bookedAt = START - 10 * HOUR;
    expect(charge(bookedAt + 20 * MINUTE, bookedAt, true, { ...policy, cancelGraceMinutes: 30 })).toEqual({ charged: false, reason: 'grace_period' });
    expect(charge(bookedAt + 1000, bookedAt, true, { ...policy, cancelGraceMinutes: 0 })).toEqual({ charged: true, reason: 'late' });
  });
});
