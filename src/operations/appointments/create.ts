import type { AppointmentRow, AppointmentWithMediator } from '../../../db/repositories/appointments.js';
import type { ServiceRow } from '../../../db/repositories/services.js';
import { auditStatement } from '../../../db/repositories/audit.js';
import { isUniqueViolation } from '../../../db/database.js';
import type { Ctx } from '../../deps.js';
import { ConflictError, InvalidError } from '../../domain/errors.js';
import { MINUTE } from '../../domain/intervals.js';
import { canonicalTag } from '../../domain/languages.js';
import type { FallbackProposal } from '../../domain/matching.js';
import { parseInstant } from '../../domain/time.js';
import type { Assignment, Gender, GenderPreference, Level, Modality, Sector, Urgency } from '../../domain/vocabulary.js';
import { sha256Hex } from '../../ids.js';
import { getVisibleAppointment, requireRole } from '../access.js';
import { assertKnownLanguages, assertModalitySuits } from '../languages.js';
import { type AlsoWrite, autoAssign, type Ranking, settleManual } from '../booking.js';
import { matchRequestOf, rankRequest, readMatchingInput } from '../matching.js';
import { sendOffers } from '../offers.js';

/** What a desk asks for (defaults already applied). */
export interface AppointmentRequest {
  serviceId?: string | undefined;
  language: string;
  area?: string | undefined;
  modality: Modality;
  /** ISO 8601 with offset. */
  start: string;
  durationMinutes: number;
  sector: Sector;
  genderPreference: GenderPreference;
  gender?: Gender | undefined;
  beneficiaryRef?: string | undefined;
  location?: string | undefined;
  videoUrl?: string | undefined;
  dialIn?: string | undefined;
  notes?: string | undefined;
  urgency: Urgency;
  minLevel: Level;
  assignment: Assignment;
  /** auto only: when nobody fits, take the first fallback step that has a candidate. */
  allowFallback: boolean;
}

export interface CreateOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

type Present = (a: AppointmentWithMediator, fallback: FallbackProposal[] | undefined) => unknown;

export function assertFuture(ctx: Ctx, start: number): void {
  if (start <= ctx.clock.now()) throw new InvalidError('start', 'start must be in the future.', 'start_in_past');
}

/**
 * A desk asks for a mediator. The request row, its idempotency key and its audit entry are written
 * in one batch; then auto mode books the best candidate (or marks it unfilled), manual mode waits
 * for a pick, offer mode sends offers. `present` renders the answer, which is stored with the key
 * for replays — in the same batch as the booking in auto mode.
 */
export async function createAppointment(ctx: Ctx, input: AppointmentRequest, idempotencyKey: string | undefined, present: Present): Promise<CreateOutcome> {
  const { serviceId, start } = await checkRequest(ctx, input);
  const now = ctx.clock.now();
  const row = newRequest(ctx, serviceId, input, start, now);

  // What matching reads does not depend on the area (the service's, by default): it goes out with the checks.
  const [service, areaKnown, matchingInput] = await Promise.all([
    ctx.repos.services.get(serviceId),
    input.area ? ctx.repos.areas.exists(input.area) : true,
    readMatchingInput(ctx, matchRequestOf(row)),
  ]);
  if (!service) throw new InvalidError('serviceId', `No service with id ${serviceId}.`);
  if (!service.active) throw new InvalidError('serviceId', 'The service is not active.');
  if (!areaKnown) throw new InvalidError('area', `Unknown area ${input.area}.`);
  row.areaCode = input.area ?? service.areaCode;
  const ranking = rankRequest(ctx, matchRequestOf(row), matchingInput);

  // Only a request with an Idempotency-Key needs its body's hash (to tell a replay from a reuse).
  const requestHash = idempotencyKey ? await sha256Hex(JSON.stringify(input)) : '';
  try {
    await ctx.db.batch([
      ...(idempotencyKey ? [ctx.repos.idempotency.reserveStatement(ctx.actor.userId, idempotencyKey, requestHash, row.id, now)] : []),
      ctx.repos.appointments.insertStatement(row),
      auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.requested', entity: 'appointment', entityId: row.id, at: now }),
    ]);
  } catch (error) {
    // A replay: the key is taken, and the batch holding it wrote nothing.
    if (idempotencyKey && isUniqueViolation(error)) return replay(ctx, idempotencyKey, requestHash, present, input.allowFallback);
    throw error;
  }

  const answer = (a: AppointmentWithMediator, fallback: FallbackProposal[]) => present(a, fallback.length > 0 ? fallback : undefined);
  const save = async (body: unknown) => {
    if (idempotencyKey) await ctx.repos.idempotency.saveResponse(ctx.actor.userId, idempotencyKey, 201, body);
  };
  try {
    if (input.assignment === 'auto') {
      return { status: 201, body: await settleAuto(ctx, row, ranking, { service, allowFallback: input.allowFallback, idempotencyKey, present }), replayed: false };
    }
    const fallback = input.assignment === 'manual' ? await settleManual(ctx, row, ranking, service) : [];
    if (input.assignment === 'offer') await sendOffers(ctx, row, { service, ranking });
    const body = answer(await getVisibleAppointment(ctx, row.id), fallback);
    await save(body);
    return { status: 201, body, replayed: false };
  } catch (error) {
    // The request is written: a retry with the same key must learn it, not wait for an answer for ever.
    await getVisibleAppointment(ctx, row.id)
      .then((current) => save(answer(current, [])))
      .catch(() => undefined);
    throw error;
  }
}

/** The checks of a request that need no read of its service: the caller, gender, modality, a future start, a known language. */
export async function checkRequest(ctx: Ctx, input: AppointmentRequest): Promise<{ serviceId: string; start: number }> {
  requireRole(ctx.actor, 'desk', 'coordinator');
  const serviceId = serviceOf(ctx, input);
  if (input.genderPreference !== 'none' && !input.gender) {
    throw new InvalidError('gender', 'gender is required when genderPreference is preferred or required.');
  }
  assertModalitySuits(input.language, input.modality);
  const start = parseInstant(input.start);
  assertFuture(ctx, start);
  await assertKnownLanguages(ctx, [{ tag: input.language, path: 'language' }]);
  return { serviceId, start };
}

/** Auto mode: books the best candidate (or marks the request unfilled), storing the answer for the key in the same batch. */
async function settleAuto(
  ctx: Ctx,
  row: AppointmentRow,
  ranking: Ranking,
  o: { service: ServiceRow; allowFallback: boolean; idempotencyKey: string | undefined; present: Present },
): Promise<unknown> {
  const { idempotencyKey: key, present } = o;
  const answer = (a: AppointmentWithMediator, fallback: FallbackProposal[]) => present(a, fallback.length > 0 ? fallback : undefined);
  const saveAnswer: AlsoWrite = (guard, after, fallback) =>
    key ? [ctx.repos.idempotency.saveResponseStatement(ctx.actor.userId, key, 201, answer(after, fallback), guard)] : [];
  const { appointment, fallback } = await autoAssign(ctx, row, ranking, { allowFallback: o.allowFallback, service: o.service, also: saveAnswer });
  const body = answer(appointment, fallback);
  // A booking stored its answer in its own batch; otherwise store it now (a no-op when the unfilled mark did).
  if (appointment.status !== 'booked' && key) await ctx.repos.idempotency.saveResponse(ctx.actor.userId, key, 201, body);
  return body;
}

/** A desk books for its own service; a coordinator names it. */
export function serviceOf(ctx: Ctx, input: AppointmentRequest): string {
  if (ctx.actor.role === 'desk') {
    if (input.serviceId && input.serviceId !== ctx.actor.serviceId) {
      throw new InvalidError('serviceId', 'A desk books for its own service only; omit serviceId.');
    }
    return ctx.actor.serviceId as string;
  }
  if (!input.serviceId) throw new InvalidError('serviceId', 'A coordinator must say which service the appointment is for.');
  return input.serviceId;
}

/** The stored form of a request, still open. */
export function newRequest(ctx: Ctx, serviceId: string, input: AppointmentRequest, start: number, now: number, seriesId: string | null = null): AppointmentRow {
  return {
    id: ctx.ids.next('apt'),
    serviceId,
    createdBy: ctx.actor.userId,
    language: canonicalTag(input.language),
    areaCode: input.area ?? '',
    modality: input.modality,
    startsAt: start,
    endsAt: start + input.durationMinutes * MINUTE,
    durationMinutes: input.durationMinutes,
    sector: input.sector,
    genderPreference: input.genderPreference,
    gender: input.gender ?? null,
    beneficiaryRef: input.beneficiaryRef ?? null,
    location: input.location ?? null,
    videoUrl: input.videoUrl ?? null,
    dialIn: input.dialIn ?? null,
    retroactive: false,
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
    seriesId,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A first request takes well under this; a key still without an answer after it belongs to a process
 * that died between the request's batch and its answer, so the retry answers from what was written.
 */
export const IN_PROGRESS_LIMIT_MS = 60_000;

async function replay(ctx: Ctx, key: string, requestHash: string, present: Present, allowFallback: boolean): Promise<CreateOutcome> {
  const previous = await ctx.repos.idempotency.get(ctx.actor.userId, key);
  if (!previous) throw new ConflictError('idempotency_conflict', 'The Idempotency-Key could not be resolved; retry.');
  if (previous.requestHash !== requestHash) {
    throw new InvalidError('Idempotency-Key', 'This Idempotency-Key was used with a different request body.', 'idempotency_key_reused');
  }
  if (previous.responseStatus !== null && previous.responseBody !== null) {
    return { status: previous.responseStatus, body: JSON.parse(previous.responseBody), replayed: true };
  }
  if (ctx.clock.now() - previous.createdAt < IN_PROGRESS_LIMIT_MS) {
    throw new ConflictError('idempotency_in_progress', 'The first request with this Idempotency-Key is still being processed; retry shortly.');
  }
  const current = await getVisibleAppointment(ctx, previous.appointmentId);
  const service = await ctx.repos.services.get(current.serviceId);
  // Stuck before its booking: the retry (same body, so the same allowFallback) books it now.
  if (current.assignment === 'auto' && current.status === 'open' && service) {
    const req = matchRequestOf(current);
    const ranking = rankRequest(ctx, req, await readMatchingInput(ctx, req));
    return { status: 201, body: await settleAuto(ctx, current, ranking, { service, allowFallback, idempotencyKey: key, present }), replayed: true };
  }
  // Stuck after it: answer with the request as it stands (as a failed first attempt does), and keep that answer.
  const body = present(current, undefined);
  await ctx.repos.idempotency.saveResponse(ctx.actor.userId, key, 201, body);
  return { status: 201, body, replayed: true };
}
