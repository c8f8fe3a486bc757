/**
 * Billing: how many minutes a settled session is paid, by outcome, under a configurable policy.
 *
 * The functions are pure. When a session settles the caller stores the result (actual and billable
 * minutes) together with the policy used, so a later policy change does not rewrite past timesheets.
 */
import type { Outcome } from './attendance.js';
import { HOUR, MINUTE } from './intervals.js';

export interface BillingPolicy {
  /** A completed session is paid at least this many minutes. Default 60. */
  completedMinimumMinutes: number;
  /** Paid when the beneficiary does not show up (the mediator came). Default 60. */
  beneficiaryNoShowMinutes: number;
  /** Paid when the service cancels with less notice than `lateCancellationNoticeHours`. Default 60. */
  cancelledLateMinutes: number;
  /** Paid when the mediator does not show up. Default 0. */
  mediatorNoShowMinutes: number;
  /** A cancellation with strictly less notice than this is late. Default 24. */
  lateCancellationNoticeHours: number;
  /** A cancellation within this many minutes of booking (inclusive) is never charged. Default 15. */
  cancelGraceMinutes: number;
  /** Completed sessions are rounded UP to the next multiple of this; 0 or 1 means no rounding. Default 15. */
  roundingMinutes: number;
  /** How far apart (minutes, inclusive) the desk's and the mediator's times may be and still agree. Default 15. */
  disputeToleranceMinutes: number;
}

export const DEFAULT_BILLING_POLICY: BillingPolicy = Object.freeze({
  completedMinimumMinutes: 60,
  beneficiaryNoShowMinutes: 60,
  cancelledLateMinutes: 60,
  mediatorNoShowMinutes: 0,
  lateCancellationNoticeHours: 24,
  cancelGraceMinutes: 15,
  roundingMinutes: 15,
  disputeToleranceMinutes: 15,
});

/**
 * Whole minutes between check-in and check-out, rounded to the nearest minute (sheets are kept to
 * the minute; seconds are noise). 0 when either is missing or check-out is not after check-in.
 */
export function actualMinutes(checkIn: number | null, checkOut: number | null): number {
  if (checkIn === null || checkOut === null || !Number.isFinite(checkIn) || !Number.isFinite(checkOut)) return 0;
  if (checkOut <= checkIn) return 0;
  return Math.round((checkOut - checkIn) / MINUTE);
}

/** Rounds up to the next multiple of `step` (whole minutes); a step of 0 or 1 leaves whole minutes alone. */
function roundUp(minutes: number, step: number): number {
  const unit = step > 1 ? step : 1;
  return Math.ceil(minutes / unit) * unit;
}

/**
 * Minutes to pay for one session.
 * - completed → max(actual rounded up to `roundingMinutes`, `completedMinimumMinutes`)
 *   (e.g. 61 → 75; 0 → 60; 60 → 60);
 * - beneficiary_no_show, cancelled_late, mediator_no_show → that outcome's fixed minutes, whatever
 *   the actual time (the mediator waiting 20 minutes for a no-show is still paid the fixed amount).
 * Negative or non-finite `actual` counts as 0.
 */
export function billableMinutes(outcome: Outcome, actual: number, policy: BillingPolicy): number {
  switch (outcome) {
    case 'completed': {
      const minutes = Number.isFinite(actual) && actual > 0 ? actual : 0;
      return Math.max(roundUp(minutes, policy.roundingMinutes), policy.completedMinimumMinutes);
    }
    case 'beneficiary_no_show':
      return policy.beneficiaryNoShowMinutes;
    case 'cancelled_late':
      return policy.cancelledLateMinutes;
    case 'mediator_no_show':
      return policy.mediatorNoShowMinutes;
  }
}

/**
 * True when the notice (start − cancelledAt) is strictly less than `lateCancellationNoticeHours`:
 * exactly 24 h before is on time, 23 h 59 min is late; a cancellation after the start is late.
 */
export function isLateCancellation(cancelledAt: number, start: number, policy: BillingPolicy): boolean {
  return start - cancelledAt < policy.lateCancellationNoticeHours * HOUR;
}

export type CancellationChargeReason = 'outside_notice' | 'grace_period' | 'booked_inside_notice' | 'late';

export interface CancellationFacts {
  now: number;
  start: number;
  /** When the current mediator was booked; null counts as long ago (no grace). */
  bookedAt: number | null;
  /** The mediator has accepted (an accepted offer; auto/manual bookings count as accepted when booked). */
  accepted: boolean;
}

/**
 * Whether cancelling now is charged (`cancelled_late`): only inside the notice window, more than
 * `cancelGraceMinutes` after booking (exactly 15 min is still free), and not when the booking was
 * itself made inside the notice window and the mediator has not accepted yet.
 */
export function lateCancellationCharge(f: CancellationFacts, policy: BillingPolicy): { charged: boolean; reason: CancellationChargeReason } {
  if (!isLateCancellation(f.now, f.start, policy)) return { charged: false, reason: 'outside_notice' };
  if (f.bookedAt !== null && f.now - f.bookedAt <= policy.cancelGraceMinutes * MINUTE) return { charged: false, reason: 'grace_period' };
  if (f.bookedAt !== null && isLateCancellation(f.bookedAt, f.start, policy) && !f.accepted) return { charged: false, reason: 'booked_inside_notice' };
  return { charged: true, reason: 'late' };
}
