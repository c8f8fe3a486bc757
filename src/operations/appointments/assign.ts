import type { AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import type { Ctx } from '../../deps.js';
import { ConflictError, InvalidError } from '../../domain/errors.js';
import { rankForStep } from '../../domain/matching.js';
import { neutralExclusion } from '../../domain/why-not.js';
import type { FallbackStep } from '../../domain/vocabulary.js';
import { getVisibleAppointment, getWritableAppointment } from '../access.js';
import { claim, notEligible, slotOf } from '../booking.js';
import { matchRequestOf, runMatching } from '../matching.js';
import { offerWithdrawal } from '../offers.js';

export interface AssignInput {
  mediatorId: string;
  /** Take this step of the fallback ladder (recorded as a coverage gap). */
  fallback?: FallbackStep | undefined;
}

/** The desk picks a mediator (optionally as a fallback step); 409 when they no longer fit. */
export async function assignMediator(ctx: Ctx, id: string, input: AssignInput): Promise<AppointmentWithMediator> {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is cancelled.');
  if (a.mediatorId === input.mediatorId) return a;
  const mediator = await ctx.repos.mediators.get(input.mediatorId);
  if (!mediator) throw new InvalidError('mediatorId', `No mediator with id ${input.mediatorId}.`);
  const req = matchRequestOf(a);
  const step = input.fallback;
  const { roster, ctx: matchingCtx, result } = await runMatching(ctx, req);
  const ranked = step ? rankForStep(req, step, roster, matchingCtx, ctx.config.matching) : { ...result, request: req };
  if (!ranked.candidates.some((c) => c.mediatorId === input.mediatorId)) {
    // The neighbouring-area step lists only mediators who travel in: one who serves the area fits as asked.
    if (step === 'neighbouring_area' && result.candidates.some((c) => c.mediatorId === input.mediatorId)) {
      throw new ConflictError('fallback_not_needed', `Mediator ${input.mediatorId} serves area ${a.areaCode}: book them without a fallback step.`);
    }
    throw notEligible(input.mediatorId, ctx.actor.role === 'coordinator' ? ranked.excluded : ranked.excluded.map(neutralExclusion));
  }
  const service = await ctx.repos.services.get(a.serviceId);
  // A desk may pick someone while offers are out: the open offers are withdrawn in the same batch.
  const withdrawal = await offerWithdrawal(ctx, a, 'taken', service ? { service } : {});
  const booked = await claim(ctx, a, input.mediatorId, {
    ...(service ? { service } : {}),
    mediator,
    slot: { ...slotOf(a), modality: ranked.request.modality },
    fallbackStep: step ?? null,
    fromStatuses: ['open', 'unfilled', 'offered', 'booked'],
    expectedVersion: a.version,
    also: withdrawal,
  });
  if (!booked) throw new ConflictError('mediator_unavailable', `Mediator ${input.mediatorId} is no longer free for this appointment.`);
  return getVisibleAppointment(ctx, id);
}
