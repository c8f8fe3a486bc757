import type { z } from '@hono/zod-openapi';
import type { AppointmentRow, AppointmentWithMediator } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import { isUniqueViolation } from '../../db/database.js';
import type { Ctx } from '../deps.js';
import { checkEligibility } from '../domain/eligibility.js';
import { ConflictError, InvalidError, NotFoundError } from '../domain/errors.js';
import { MINUTE } from '../domain/intervals.js';
import { canonicalTag } from '../domain/languages.js';
import { exclusionSummary, type FallbackProposal, rankForStep } from '../domain/matching.js';
import type { FallbackStep } from '../domain/vocabulary.js';
import { sha256Hex } from '../ids.js';
import { parseInstant } from '../domain/time.js';
import type { AppointmentCreate, AppointmentPatch, AssignBody } from '../http/schemas/appointments.js';
import { canSeeAppointment, requireRole } from './access.js';
import { autoAssign, claim, notEligible, settleManual, slotOf } from './booking.js';
import { matchRequestOf, runMatching } from './matching.js';
import { bookingNotices, cancellationNotices, deskRecipient, factsOf, mediatorRecipient } from './notify.js';
import { offerWithdrawal, sendOffers } from './offers.js';
import { lateCancellationStatements } from './attendance.js';

export type CreateInput = z.infer<typeof AppointmentCreate>;
export type PatchInput = z.infer<typeof AppointmentPatch>;
export type AssignInput = z.infer<typeof AssignBody>;

export interface CreateOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Reads an appointment the caller may see; anything else is 404. */
export async function getVisibleAppointment(ctx: Ctx, id: string): Promise<AppointmentWithMediator> {
  const a = await ctx.repos.appointments.get(id);
  if (!a || !canSeeAppointment(ctx.actor, a)) throw new NotFoundError('appointment', id);
  return a;
}

/** Desk (or coordinator) write access: the desk's own service only. */
async function getWritableAppointment(ctx: Ctx, id: string): Promise<AppointmentWithMediator> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  return getVisibleAppointment(ctx, id);
}

function assertFuture(ctx: Ctx, start: number): void {
  if (start <= ctx.clock.now()) throw new InvalidError('start', 'start must be in the future.', 'start_in_past');
}

/**
 * A desk asks for a mediator. The request row, its idempotency key and its audit entry are
 * written in one batch; auto mode ranks the candidates first and adds the booking of the best one
 * (or the unfilled mark) to that same batch, manual mode waits for a pick, offer mode sends offers.
 * `present` renders the final answer, which is also stored for idempotent replays.
 */
export async function createAppointment(
  ctx: Ctx,
  input: CreateInput,
  idempotencyKey: string | undefined,
  present: (a: AppointmentWithMediator, fallback: FallbackProposal[] | undefined) => unknown,
): Promise<CreateOutcome> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  let serviceId: string;
  if (ctx.actor.role === 'desk') {
    if (input.serviceId && input.serviceId !== ctx.actor.serviceId) {
      throw new InvalidError('serviceId', 'A desk books for its own service only; omit serviceId.');
    }
    serviceId = ctx.actor.serviceId as string;
  } else {
    if (!input.serviceId) throw new InvalidError('serviceId', 'A coordinator must say which service the appointment is for.');
    serviceId = input.serviceId;
  }
  const service = await ctx.repos.services.get(serviceId);
  if (!service) throw new InvalidError('serviceId', `No service with id ${serviceId}.`);
  if (!service.active) throw new InvalidError('serviceId', 'The service is not active.');
  const area = input.area ?? service.areaCode;
  if (!(await ctx.repos.areas.exists(area))) throw new InvalidError('area', `Unknown area ${area}.`);
  if (input.genderPreference !== 'none' && !input.gender) {
    throw new InvalidError('gender', 'gender is required when genderPreference is preferred or required.');
  }
  const start = parseInstant(input.start);
  assertFuture(ctx, start);

  const now = ctx.clock.now();
  const id = ctx.ids.next('apt');
  const row: AppointmentRow = {
    id,
    serviceId,
    createdBy: ctx.actor.userId,
    language: canonicalTag(input.language),
    areaCode: area,
    modality: input.modality,
    startsAt: start,
    endsAt: start + input.durationMinutes * MINUTE,
    durationMinutes: input.durationMinutes,
    sector: input.sector,
    genderPreference: input.genderPreference,
    gender: input.gender ?? null,
    beneficiaryRef: input.beneficiaryRef ?? null,
    location: input.location ?? null,
    notes: input.notes ?? null,
    urgency: input.urgency,
    minLevel: input.minLevel,
    assignment: input.assignment,
    status: 'open',
    mediatorId: null,
    fallbackStep: null,
    unfilledReason: null,
    bookedAt: null,
    settledAt: null,
    cancelledAt: null,
    cancelReason: null,
    version: 1,
    changeId: null,
    reminderQueuedAt: null,
    offerRound: 0,
    createdAt: now,
    updatedAt: now,
  };

  // Only a request with an Idempotency-Key needs its body's hash (to tell a replay from a reuse).
  const requestHash = idempotencyKey ? await sha256Hex(JSON.stringify(input)) : '';
  const statements = [
    ...(idempotencyKey ? [ctx.repos.idempotency.claimStatement(ctx.actor.userId, idempotencyKey, requestHash, id, now)] : []),
    ctx.repos.appointments.insertStatement(row),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.requested', entity: 'appointment', entityId: id, at: now }),
  ];
  const req = matchRequestOf(row);
  let fallback: FallbackProposal[] = [];
  try {
    // Auto mode ranks first and writes the request in the batch of its first claim (or of its unfilled mark).
    if (input.assignment === 'auto') fallback = (await autoAssign(ctx, row, req, input.allowFallback, { service, insert: statements })).fallback;
    else await ctx.db.batch(statements);
  } catch (error) {
    // A replay's key is taken: the batch holding the key claim wrote nothing, the request row included.
    // (A unique violation after the row was written is something else, and stays an error.)
    if (idempotencyKey && isUniqueViolation(error) && !(await ctx.repos.appointments.get(id))) return replay(ctx, idempotencyKey, requestHash);
    throw error;
  }
  if (input.assignment === 'manual') fallback = await settleManual(ctx, row, req, service);
  else if (input.assignment === 'offer') await sendOffers(ctx, row, { service });
  const stored = await ctx.repos.appointments.get(id);
  if (!stored) throw new Error(`appointment ${id} vanished after insert`);
  const body = present(stored, fallback.length > 0 ? fallback : undefined);
  if (idempotencyKey) await ctx.repos.idempotency.saveResponse(ctx.actor.userId, idempotencyKey, 201, body);
  return { status: 201, body, replayed: false };
}

async function replay(ctx: Ctx, key: string, requestHash: string): Promise<CreateOutcome> {
  const previous = await ctx.repos.idempotency.get(ctx.actor.userId, key);
  if (!previous) throw new ConflictError('idempotency_conflict', 'The Idempotency-Key could not be resolved; retry.');
  if (previous.requestHash !== requestHash) {
    throw new InvalidError('Idempotency-Key', 'This Idempotency-Key was used with a different request body.', 'idempotency_key_reused');
  }
  if (previous.responseStatus === null || previous.responseBody === null) {
    throw new ConflictError('idempotency_in_progress', 'The first request with this Idempotency-Key is still being processed; retry shortly.');
  }
  return { status: previous.responseStatus, body: JSON.parse(previous.responseBody), replayed: true };
}

/**
 * The best `limit` candidates with reasons, how many there are in all, and the excluded mediators
 * counted per rule. With `explain`, the whole roster is checked and every excluded mediator is named
 * with the rule and a detail; without it, only the speakers of the language are checked and counted,
 * and `excluded` stays empty (a detail per speaker made an English search's answer 87 KB).
 */
export async function listCandidates(ctx: Ctx, id: string, options: { explain: boolean; limit: number }) {
  const a = await getWritableAppointment(ctx, id);
  const { result } = await runMatching(ctx, matchRequestOf(a), { everyone: options.explain });
  return {
    candidates: result.candidates.slice(0, options.limit),
    candidateCount: result.candidates.length,
    excluded: options.explain ? result.excluded : [],
    excludedByRule: exclusionSummary(result.excluded),
    fallback: result.fallback,
  };
}

/** The desk picks a mediator (optionally as a fallback step); 409 when they no longer fit. */
export async function assignMediator(ctx: Ctx, id: string, input: AssignInput): Promise<AppointmentWithMediator> {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is cancelled.');
  if (a.mediatorId === input.mediatorId) return a;
  const mediator = await ctx.repos.mediators.get(input.mediatorId);
  if (!mediator) throw new InvalidError('mediatorId', `No mediator with id ${input.mediatorId}.`);
  const req = matchRequestOf(a);
  const step: FallbackStep | undefined = input.fallback;
  const { roster, ctx: matchingCtx, maxTravelMinutes, result } = await runMatching(ctx, req, { variants: step ? 'fallback' : 'asked' });
  const ranked = step ? rankForStep(req, step, roster, matchingCtx, ctx.config.matching) : { ...result, request: req };
  if (!ranked.candidates.some((c) => c.mediatorId === input.mediatorId)) {
    // The neighbouring-area step lists only mediators who travel in: one who serves the area fits as asked.
    if (step === 'neighbouring_area' && result.candidates.some((c) => c.mediatorId === input.mediatorId)) {
      throw new ConflictError('fallback_not_needed', `Mediator ${input.mediatorId} serves area ${a.areaCode}: book them without a fallback step.`);
    }
    throw notEligible(input.mediatorId, ranked.excluded);
  }
  const slot = { ...slotOf(a), modality: ranked.request.modality };
  // A desk may pick someone while offers are out: the open offers are withdrawn in the same batch.
  const reading = ctx.repos.services.get(a.serviceId);
  const [withdrawal, service] = await Promise.all([offerWithdrawal(ctx, a, 'taken', { service: reading }), reading]);
  const ok = await claim(ctx, a, input.mediatorId, {
    ...(service ? { service } : {}),
    mediator,
    slot,
    fallbackStep: step ?? null,
    fromStatuses: ['open', 'unfilled', 'offered', 'booked'],
    expectedVersion: a.version,
    maxTravelMinutes,
    extra: withdrawal,
  });
  if (!ok) throw new ConflictError('mediator_unavailable', `Mediator ${input.mediatorId} is no longer free for this appointment.`);
  return (await ctx.repos.appointments.get(id)) as AppointmentWithMediator;
}

/**
 * Reschedule or edit. When the time, place or modality changes, the booked mediator is re-checked
 * against every rule with the same database guard; if they no longer fit they are freed and the
 * request goes back to matching (auto), to the desk (manual), or out as the next round of offers
 * (offer; the offers for the old slot are withdrawn in the same batch).
 */
export async function updateAppointment(ctx: Ctx, id: string, patch: PatchInput) {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'A cancelled appointment cannot be changed.');
  const now = ctx.clock.now();
  const details = {
    ...(patch.location !== undefined ? { location: patch.location } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
  };
  const start = patch.start ? parseInstant(patch.start) : a.startsAt;
  const duration = patch.durationMinutes ?? a.durationMinutes;
  const next: AppointmentRow = {
    ...a,
    startsAt: start,
    endsAt: start + duration * MINUTE,
    durationMinutes: duration,
    areaCode: patch.area ?? a.areaCode,
    modality: patch.modality ?? a.modality,
  };
  const slotChanged =
    next.startsAt !== a.startsAt || next.endsAt !== a.endsAt || next.areaCode !== a.areaCode || next.modality !== a.modality;
  if (patch.area && !(await ctx.repos.areas.exists(patch.area))) throw new InvalidError('area', `Unknown area ${patch.area}.`);
  if (slotChanged) assertFuture(ctx, start);

  const detailsStatement = (version: number, changeId: string) =>
    ctx.repos.appointments.updateDetailsStatement(id, version, details, now, changeId);
  const audit = (guard: ChangeGuard, detail: unknown) =>
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.edited', entity: 'appointment', entityId: id, detail, at: now }, guard);

  const unchanged = !slotChanged && Object.entries(details).every(([k, v]) => a[k as keyof typeof details] === v);
  // Nothing to change: no write, no version bump, and above all no e-mail to the mediator.
  if (unchanged) return { appointment: a, mediatorKept: a.mediatorId !== null, fallback: [] };
  if (!slotChanged) {
    const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
    const notices = await mediatorNotices(ctx, { ...a, ...details }, 'rescheduled', guard);
    const [changed] = await ctx.db.batch([detailsStatement(a.version, guard.changeId), audit(guard, details), ...notices]);
    if (changed === 0) throw new ConflictError('version_conflict', 'The appointment changed meanwhile; reload and retry.');
    return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: a.mediatorId !== null, fallback: [] };
  }

  const req = matchRequestOf(next);
  const { roster, ctx: matchingCtx, maxTravelMinutes } = await runMatching(ctx, req);
  const current = a.mediatorId ? roster.find((m) => m.id === a.mediatorId) : undefined;
  const stillFits = current !== undefined && a.status === 'booked' && checkEligibility(current, req, matchingCtx).eligible;

  if (stillFits && a.mediatorId) {
    const kept = await claim(ctx, { ...a, ...details }, a.mediatorId, {
      slot: slotOf(next),
      fallbackStep: a.fallbackStep as FallbackStep | null,
      fromStatuses: ['booked'],
      expectedVersion: a.version,
      maxTravelMinutes,
      event: 'rescheduled',
      extra: (guard) => [detailsStatement(a.version + 1, guard.changeId)],
    });
    if (kept) return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: true, fallback: [] };
  }

  const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
  const reading = ctx.repos.services.get(a.serviceId);
  const [service, previous, withdrawal] = await Promise.all([
    reading,
    a.mediatorId && a.status === 'booked' ? ctx.repos.mediators.get(a.mediatorId) : Promise.resolve(undefined),
    // Offers out for the old slot close in the same batch, and their mediators are told.
    offerWithdrawal(ctx, a, 'changed', { service: reading }),
  ]);
  const freed =
    service && previous
      ? cancellationNotices(ctx, factsOf({ ...a, ...details }, service, previous), mediatorRecipient(previous), null, 'reassigned_away', guard)
      : [];
  const [released] = await ctx.db.batch([
    ctx.repos.appointments.releaseStatement(id, a.version, slotOf(next), 'open', now, guard.changeId),
    detailsStatement(a.version + 1, guard.changeId),
    audit(guard, { ...patch, mediatorKept: false, freedMediatorId: a.mediatorId }),
    ...freed,
    ...withdrawal(guard),
  ]);
  if (released === 0) throw new ConflictError('version_conflict', 'The appointment changed meanwhile; reload and retry.');
  const reopened: AppointmentRow = { ...next, ...details, status: 'open', mediatorId: null, version: a.version + 2 };
  let fallback: FallbackProposal[] = [];
  const known = service ? { service } : {};
  if (a.assignment === 'auto') fallback = (await autoAssign(ctx, reopened, req, false, known)).fallback;
  else if (a.assignment === 'offer') await sendOffers(ctx, reopened, known); // the next round, to mediators not asked yet
  else fallback = await settleManual(ctx, reopened, req, service);
  return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: false, fallback };
}

/** The REQUEST update for the booked mediator (and desk copy) after an edit that keeps them. */
async function mediatorNotices(ctx: Ctx, a: AppointmentRow, event: 'rescheduled', guard: ChangeGuard) {
  if (a.status !== 'booked' || !a.mediatorId) return [];
  const [service, mediator] = await Promise.all([ctx.repos.services.get(a.serviceId), ctx.repos.mediators.get(a.mediatorId)]);
  if (!service || !mediator) return [];
  return bookingNotices(ctx, factsOf(a, service, mediator), mediatorRecipient(mediator), deskRecipient(service), event, guard);
}

/** Cancels; the mediator's time is freed at once (cancelled rows never block bookings) and gets a CANCEL. */
export async function cancelAppointment(ctx: Ctx, id: string, reason: string | undefined): Promise<AppointmentWithMediator> {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is already cancelled.');
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
  const reading = ctx.repos.services.get(a.serviceId);
  const [service, mediator, withdrawal] = await Promise.all([
    reading,
    a.mediatorId && a.status === 'booked' ? ctx.repos.mediators.get(a.mediatorId) : Promise.resolve(undefined),
    offerWithdrawal(ctx, a, 'cancelled', { service: reading }),
  ]);
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
  ]);
  if (changed === 0) throw new ConflictError('appointment_cancelled', 'The appointment is already cancelled.');
  return getVisibleAppointment(ctx, id);
}
