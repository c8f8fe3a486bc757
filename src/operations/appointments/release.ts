import type { Ctx } from '../../deps.js';
import { isLateCancellation } from '../../domain/billing.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { formatInstant } from '../../domain/time.js';
import { getVisibleAppointment, requireRole } from '../access.js';
import { handBack, type Released } from '../release.js';

/** Why the mediator hands the booking back (kept in the audit log for the coordinator). */
export interface HandBackInput {
  reason: string;
}

/**
 * The assigned mediator (or a coordinator for them) hands a booking back before it starts: it is
 * released as a change to the mediator would release it, and matched again. `late`: inside the
 * notice period of late cancellations, recorded for the coordinator.
 */
export async function releaseAppointment(ctx: Ctx, id: string, input: HandBackInput): Promise<Released & { late: boolean }> {
  requireRole(ctx.actor, 'mediator', 'coordinator');
  const a = await getVisibleAppointment(ctx, id);
  if (a.status !== 'booked' || !a.mediatorId) throw new ConflictError('not_booked', 'Only a booked appointment can be handed back.');
  const now = ctx.clock.now();
  if (a.startsAt <= now) throw new ConflictError('already_started', 'The appointment has started: record the attendance sheet instead.');
  const mediator = await ctx.repos.mediators.get(a.mediatorId);
  if (!mediator) throw new NotFoundError('mediator', a.mediatorId);
  const late = isLateCancellation(now, a.startsAt, ctx.config.billing);
  await handBack(ctx, a, mediator, input.reason, late);
  return { appointmentId: a.id, start: formatInstant(a.startsAt, ctx.config.zone), late };
}
