import { auditStatement } from '../../../db/repositories/audit.js';
import type { Ctx } from '../../deps.js';
import { isUniqueViolation } from '../../../db/database.js';
import { ConflictError, InvalidError } from '../../domain/errors.js';
import { expandRecurrence, type Recurrence, weekdayIn } from '../../domain/recurrence.js';
import { planSeries } from '../../domain/series-plan.js';
import { sha256Hex } from '../../ids.js';
import { autoAssign, type Ranking, settleManual } from '../booking.js';
import { type AppointmentRequest, checkRequest, IN_PROGRESS_LIMIT_MS, newRequest } from '../appointments/create.js';
import { matchRequestOf, rankRequest, readMatchingInput } from '../matching.js';
import { type SeriesTemplate, type SeriesView, templateOf, viewSeries } from './view.js';

/** A recurring request: an appointment request (its start is the first occurrence) and how it repeats. */
export interface SeriesRequest extends AppointmentRequest {
  recurrence: {
    interval: number;
    /** ISO weekdays (1 = Monday); default: the start's. */
    weekdays?: number[] | undefined;
    /** YYYY-MM-DD in the zone, included. */
    until?: string | undefined;
    count?: number | undefined;
  };
}

type Present = (view: SeriesView) => unknown;

export interface SeriesOutcome {
  body: unknown;
  replayed: boolean;
}

/**
 * A desk asks for a mediator for every occurrence of a series. The series and its occurrences
 * (ordinary appointments) are written in one batch; then they are matched as one: each occurrence is
 * ranked as any request, the plan (domain/series-plan.ts) puts the same mediator first in each
 * ranking where it can, and each is booked by the usual claim loop (auto) or left to the desk (manual).
 */
export async function createSeries(ctx: Ctx, input: SeriesRequest, idempotencyKey: string | undefined, present: Present): Promise<SeriesOutcome> {
  if (input.assignment === 'offer') {
    throw new InvalidError('assignment', 'A series is booked auto or manual; offers go to one appointment at a time.', 'series_assignment_unsupported');
  }
  const { serviceId, start } = await checkRequest(ctx, input);
  const recurrence = recurrenceOf(ctx, start, input.recurrence);
  const starts = expandRecurrence(start, recurrence, ctx.config.zone);
  const [service, areaKnown] = await Promise.all([ctx.repos.services.get(serviceId), input.area ? ctx.repos.areas.exists(input.area) : true]);
  if (!service) throw new InvalidError('serviceId', `No service with id ${serviceId}.`);
  if (!service.active) throw new InvalidError('serviceId', 'The service is not active.');
  if (!areaKnown) throw new InvalidError('area', `Unknown area ${input.area}.`);

  const now = ctx.clock.now();
  const seriesId = ctx.ids.next('ser');
  const rows = starts.map((s) => ({ ...newRequest(ctx, serviceId, input, s, now, seriesId), areaCode: input.area ?? service.areaCode }));
  const template: SeriesTemplate = templateOf(input, start, ctx.config.zone);
  const requestHash = idempotencyKey ? await sha256Hex(JSON.stringify(input)) : '';
  const first = rows[0] as (typeof rows)[number];
  const batch = [
    ...(idempotencyKey ? [ctx.repos.idempotency.reserveStatement(ctx.actor.userId, idempotencyKey, requestHash, first.id, now)] : []),
    ctx.repos.series.insertStatement({ id: seriesId, serviceId, createdBy: ctx.actor.userId ?? 'system', template: JSON.stringify(template), recurrence: JSON.stringify(recurrence), createdAt: now, updatedAt: now }),
    ...rows.map((row) => ctx.repos.appointments.insertStatement(row)),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'series.requested', entity: 'series', entityId: seriesId, detail: { occurrences: rows.length }, at: now }),
    ...rows.map((row) =>
      auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.requested', entity: 'appointment', entityId: row.id, detail: { seriesId }, at: now }),
    ),
  ];
  try {
    await ctx.db.batch(batch);
  } catch (error) {
    // A replay: the key is taken, and the batch holding it wrote nothing.
    if (idempotencyKey && isUniqueViolation(error)) return replay(ctx, idempotencyKey, requestHash, present);
    throw error;
  }

  const rankings = await Promise.all(rows.map(async (row) => rankRequest(ctx, matchRequestOf(row), await readMatchingInput(ctx, matchRequestOf(row)))));
  const plan = planSeries(rankings.map((r) => r.result.candidates.map((c) => c.mediatorId)));
  for (const [i, row] of rows.entries()) {
    const ranking = preferring(rankings[i] as Ranking, plan[i] ?? null);
    if (input.assignment === 'auto') await autoAssign(ctx, row, ranking, { allowFallback: input.allowFallback, service });
    else await settleManual(ctx, row, ranking, service);
  }
  const body = present(await viewSeries(ctx, seriesId));
  if (idempotencyKey) await ctx.repos.idempotency.saveResponse(ctx.actor.userId, idempotencyKey, 201, body);
  return { body, replayed: false };
}

/** As the appointments' replay: the stored answer; a key still without one is in progress, or (after a crash) answered with the series as it stands. */
async function replay(ctx: Ctx, key: string, requestHash: string, present: Present): Promise<SeriesOutcome> {
  const previous = await ctx.repos.idempotency.get(ctx.actor.userId, key);
  if (!previous) throw new ConflictError('idempotency_conflict', 'The Idempotency-Key could not be resolved; retry.');
  if (previous.requestHash !== requestHash) {
    throw new InvalidError('Idempotency-Key', 'This Idempotency-Key was used with a different request body.', 'idempotency_key_reused');
  }
  if (previous.responseStatus !== null && previous.responseBody !== null) return { body: JSON.parse(previous.responseBody), replayed: true };
  if (ctx.clock.now() - previous.createdAt < IN_PROGRESS_LIMIT_MS) {
    throw new ConflictError('idempotency_in_progress', 'The first request with this Idempotency-Key is still being processed; retry shortly.');
  }
  const seriesId = (await ctx.repos.appointments.get(previous.appointmentId))?.seriesId;
  if (!seriesId) throw new ConflictError('idempotency_conflict', 'The Idempotency-Key could not be resolved; retry.');
  const body = present(await viewSeries(ctx, seriesId));
  await ctx.repos.idempotency.saveResponse(ctx.actor.userId, key, 201, body);
  return { body, replayed: true };
}

/** The ranking with the planned mediator first: the claim loop tries them first, then the others as ranked. */
function preferring(ranking: Ranking, mediatorId: string | null): Ranking {
  const planned = ranking.result.candidates.find((c) => c.mediatorId === mediatorId);
  if (!planned) return ranking;
  const candidates = [planned, ...ranking.result.candidates.filter((c) => c !== planned)];
  return { ...ranking, result: { ...ranking.result, candidates } };
}

function recurrenceOf(ctx: Ctx, start: number, r: SeriesRequest['recurrence']): Recurrence {
  const weekdays = r.weekdays ?? [weekdayIn(start, ctx.config.zone)];
  return { interval: r.interval, weekdays: [...new Set(weekdays)].sort((a, b) => a - b), ...(r.until ? { until: r.until } : {}), ...(r.count ? { count: r.count } : {}) };
}
