import type { AppointmentRow, AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import { auditStatement } from '../../../db/repositories/audit.js';
import type { ChangeGuard } from '../../../db/repositories/guard.js';
import type { Ctx } from '../../deps.js';
import { ConflictError } from '../../domain/errors.js';
import { getVisibleAppointment, getWritableAppointment } from '../access.js';
import { cancellationNotices, deskRecipient, factsOf, mediatorRecipient } from '../notify.js';
import { offerWithdrawal } from '../offers.js';
import { webhookEvent } from '../webhooks.js';
import { type CancellationCharge, cancellationCharge, lateCancellationStatements } from '../settlements.js';

export interface CancelResult {
  appointment: AppointmentWithMediator;
  charge: CancellationCharge;
}

/**
 * Cancels; the mediator's time is freed at once (cancelled rows never block bookings) and gets a CANCEL.
 * With `dryRun` nothing changes: the answer is the appointment as it is and the charge a cancel would bring.
 */
export async function cancelAppointment(ctx: Ctx, id: string, reason: string | undefined, dryRun = false): Promise<CancelResult> {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is already cancelled.');
  const charge = cancellationCharge(ctx, a);
  if (dryRun) return { appointment: await getVisibleAppointment(ctx, id), charge };
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
  const [service, mediator] = await Promise.all([
    ctx.repos.services.get(a.serviceId),
    a.mediatorId && a.status === 'booked' ? ctx.repos.mediators.get(a.mediatorId) : undefined,
  ]);
  const withdrawal = await offerWithdrawal(ctx, a, 'cancelled', service ? { service } : {});
  const after: AppointmentRow = { ...a, status: 'cancelled', cancelReason: reason ?? null };
  // The CANCEL invites go out only when a mediator was booked (nobody holds an invite otherwise).
  const notices =
    service && mediator
      ? cancellationNotices(ctx, factsOf(after, service, mediator), mediatorRecipient(mediator), deskRecipient(service), 'cancelled', guard)
      : [];
  const [changed] = await ctx.db.batch([
    ctx.repos.appointments.cancelStatement(id, reason ?? null, now, guard.changeId),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.cancelled', entity: 'appointment', entityId: id, detail: { reason: reason ?? null, mediatorId: a.mediatorId }, at: now }, guard),
    ...notices,
    ...withdrawal(guard),
    ...lateCancellationStatements(ctx, a, guard),
    webhookEvent(ctx, 'appointment.cancelled', { ...after, cancelledAt: now }, guard),
  ]);
  if (changed === 0) throw new ConflictError('appointment_cancelled', 'The appointment is already cancelled.');
  return { appointment: await getVisibleAppointment(ctx, id), charge };
}
