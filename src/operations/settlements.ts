import type { Statement } from '../../db/database.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { SettlementRow } from '../../db/repositories/attendance.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { Ctx } from '../deps.js';
import type { Outcome } from '../domain/attendance.js';
import { actualMinutes, billableMinutes, type CancellationChargeReason, lateCancellationCharge } from '../domain/billing.js';

/** A settlement row with the billing policy in force now (stored with it, so history never changes). */
export function settlementOf(
  ctx: Ctx,
  a: Pick<AppointmentRow, 'id' | 'mediatorId' | 'serviceId' | 'startsAt'>,
  agreed: { outcome: Outcome; checkIn: number | null; checkOut: number | null },
  source: 'agreed' | 'coordinator' | 'late_cancellation',
  note: string | null = null,
): SettlementRow {
  const policy = ctx.config.billing;
  const actual = agreed.outcome === 'completed' ? actualMinutes(agreed.checkIn, agreed.checkOut) : 0;
  return {
    appointmentId: a.id,
    mediatorId: a.mediatorId ?? '',
    serviceId: a.serviceId,
    startsAt: a.startsAt,
    outcome: agreed.outcome,
    checkIn: agreed.checkIn,
    checkOut: agreed.checkOut,
    actualMinutes: actual,
    billableMinutes: billableMinutes(agreed.outcome, actual, policy),
    source,
    policy: JSON.stringify(policy),
    decidedBy: source === 'agreed' ? null : ctx.actor.userId,
    note,
    settledAt: ctx.clock.now(),
  };
}

export interface CancellationCharge {
  applies: boolean;
  reason: CancellationChargeReason | 'not_booked';
  billableMinutes: number;
}

/** What cancelling `a` now would cost the service, by the billing policy in force. */
export function cancellationCharge(ctx: Ctx, a: AppointmentRow): CancellationCharge {
  if (a.status !== 'booked' || !a.mediatorId) return { applies: false, reason: 'not_booked', billableMinutes: 0 };
  // A booked mediator has accepted: an offer booking only exists once they accepted it, and an
  // auto/manual booking counts as accepted when made (they are told at once and may set off), so a
  // short-notice auto/manual booking is free to cancel within the grace period only.
  const policy = ctx.config.billing;
  const { charged, reason } = lateCancellationCharge({ now: ctx.clock.now(), start: a.startsAt, bookedAt: a.bookedAt, accepted: true }, policy);
  return { applies: charged, reason, billableMinutes: charged ? billableMinutes('cancelled_late', 0, policy) : 0 };
}

/** The settlement a cancellation creates when it is charged (see `cancellationCharge`), for the cancel batch. */
export function lateCancellationStatements(ctx: Ctx, a: AppointmentRow, guard: ChangeGuard): Statement[] {
  if (!cancellationCharge(ctx, a).applies) return [];
  const row = settlementOf(ctx, a, { outcome: 'cancelled_late', checkIn: null, checkOut: null }, 'late_cancellation');
  return [ctx.repos.attendance.settleStatement(row, guard)];
}
