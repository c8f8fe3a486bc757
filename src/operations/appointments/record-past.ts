import type { AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import { auditStatement } from '../../../db/repositories/audit.js';
import type { Ctx } from '../../deps.js';
import { attendanceProblems, type Outcome } from '../../domain/attendance.js';
import { ConflictError, DomainError, InvalidError, NotFoundError } from '../../domain/errors.js';
import { DAY } from '../../domain/intervals.js';
import { parseInstant } from '../../domain/time.js';
import { getVisibleAppointment, requireRole } from '../access.js';
import { assertKnownLanguages, assertModalitySuits } from '../languages.js';
import { type AppointmentRequest, newRequest, serviceOf } from './create.js';

/** How far back a session can be recorded after the fact. */
export const PAST_SESSION_WINDOW_DAYS = 30;

/** A session that already happened without a booking (an emergency handled by phone), with who did it and the desk's sheet. */
export interface PastSessionInput
  extends Pick<AppointmentRequest, 'serviceId' | 'language' | 'area' | 'modality' | 'start' | 'durationMinutes' | 'sector' | 'beneficiaryRef' | 'location' | 'notes'> {
  mediatorId: string;
  outcome: Outcome;
  /** ISO instants; required for a completed session. */
  checkIn?: string | undefined;
  checkOut?: string | undefined;
  comment?: string | undefined;
}

/**
 * Records a session after the fact: an appointment booked to the mediator who did it, flagged
 * `retroactive` (reports count it apart, and it never counts towards the time to fill), with the
 * desk's attendance sheet — one batch. No invite or e-mail goes out (it is over); the mediator signs
 * their sheet as for any session, and the two settle as usual.
 */
export async function recordPastSession(ctx: Ctx, input: PastSessionInput): Promise<AppointmentWithMediator> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  const request: AppointmentRequest = { ...input, genderPreference: 'none', urgency: 'urgent', minLevel: 'B1', assignment: 'manual', allowFallback: false };
  const serviceId = serviceOf(ctx, request);
  assertModalitySuits(input.language, input.modality);
  await assertKnownLanguages(ctx, [{ tag: input.language, path: 'language' }]);
  const now = ctx.clock.now();
  const start = parseInstant(input.start);
  const row = newRequest(ctx, serviceId, request, start, now);
  if (row.endsAt > now) throw new InvalidError('start', 'A session recorded after the fact must be over; book a future one as usual.', 'not_past');
  if (start < now - PAST_SESSION_WINDOW_DAYS * DAY) {
    throw new InvalidError('start', `Sessions are recorded after the fact within ${PAST_SESSION_WINDOW_DAYS} days.`, 'too_old');
  }
  const checkIn = input.checkIn ? parseInstant(input.checkIn) : null;
  const checkOut = input.checkOut ? parseInstant(input.checkOut) : null;
  const problems = attendanceProblems({ party: 'desk', outcome: input.outcome, checkIn, checkOut }, { start, end: row.endsAt });
  if (problems.length > 0) throw new DomainError(422, 'invalid_attendance', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);

  const [service, mediator, theirs] = await Promise.all([
    ctx.repos.services.get(serviceId),
    ctx.repos.mediators.get(input.mediatorId),
    ctx.repos.appointments.list({ limit: 50, mediatorId: input.mediatorId, status: 'booked', from: start - DAY, to: row.endsAt }),
  ]);
  if (!service) throw new NotFoundError('service', serviceId);
  if (!mediator) throw new InvalidError('mediatorId', `No mediator with id ${input.mediatorId}.`);
  if (theirs.items.some((b) => b.startsAt < row.endsAt && b.endsAt > start)) {
    throw new ConflictError('mediator_busy', 'The mediator was booked for another appointment at that time.');
  }
  row.areaCode = input.area ?? service.areaCode;
  Object.assign(row, { status: 'booked', mediatorId: mediator.id, bookedAt: now, retroactive: true });
  await ctx.db.batch([
    ctx.repos.appointments.insertStatement(row),
    ctx.repos.attendance.upsertStatement({
      appointmentId: row.id,
      party: 'desk',
      recordedBy: ctx.actor.userId,
      outcome: input.outcome,
      checkIn,
      checkOut,
      rating: null,
      comment: input.comment ?? null,
      recordedAt: now,
    }),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.recorded_after', entity: 'appointment', entityId: row.id, at: now }),
  ]);
  return getVisibleAppointment(ctx, row.id);
}
