import type { Statement } from '../../db/database.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { SettlementRow } from '../../db/repositories/attendance.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { Ctx } from '../deps.js';
import type { Outcome } from '../domain/attendance.js';
import { actualMinutes, billableMinutes, isLateCancellation } from '../domain/billing.js';

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

/** The settlement a cancellation creates when notice was shorter than the policy's (billable), for the cancel batch. */
export function lateCancellationStatements(ctx: Ctx, a: AppointmentRow, guard: ChangeGuard): Statement[] {
  const now = ctx.clock.now();
  if (a.status !== 'booked' || !a.mediatorId || !isLateCancellation(now, a.startsAt, ctx.config.billing)) return [];
  const row = settlementOf(ctx, a, { outcome: 'cancelled_late', checkIn: null, checkOut: null }, 'late_cancellation');
  return [ctx.repos.attendance.settleStatement(row, guard)];
}

