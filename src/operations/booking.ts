import type { AppointmentRow, Slot } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { SqlFragment, Statement } from '../../db/database.js';
import type { MediatorRecord } from '../../db/repositories/mediators.js';
import type { ServiceRow } from '../../db/repositories/services.js';
import type { Ctx } from '../deps.js';
import { weekContaining } from '../domain/availability.js';
import { HARD_RULES, type HardRule, type MatchRequest } from '../domain/eligibility.js';
import { baseLanguage } from '../domain/languages.js';
import { ConflictError } from '../domain/errors.js';
import { exclusionSummary, type FallbackProposal, type MatchResult } from '../domain/matching.js';
import type { AppointmentStatus, FallbackStep, Modality } from '../domain/vocabulary.js';
import { runMatching } from './matching.js';
import { bookingNotices, cancellationNotices, deskRecipient, factsOf, mediatorRecipient, queueNotice } from './notify.js';

export interface UnfilledReason {
  code: 'no_speaker' | 'no_candidate' | 'all_taken';
  detail: string;
  rules: Record<string, number>;
}

export function slotOf(a: AppointmentRow): Slot {
  return {
    serviceId: a.serviceId,
    area: a.areaCode,
    modality: a.modality as Modality,
    start: a.startsAt,
    end: a.endsAt,
    durationMinutes: a.durationMinutes,
    beneficiaryRef: a.beneficiaryRef,
  };
}

export interface ClaimOptions {
  slot?: Slot;
  fallbackStep?: FallbackStep | null;
  fromStatuses?: AppointmentStatus[];
  expectedVersion?: number;
  maxTravelMinutes: number;
  /** What the mediator's invite says: a new booking, or a change to one they hold. */
  event?: 'booked' | 'rescheduled';
  /** Further statements for the same batch, guarded by this change. */
  extra?: (guard: ChangeGuard) => Statement[];
  /** One more condition inside the booking statement itself (SQL text and its parameters). */
  alsoRequire?: SqlFragment;
  /** Already loaded by the caller (a claim loop), so each attempt does not read them again. */
  service?: ServiceRow;
  mediator?: MediatorRecord;
  /** Statements written first in the same batch (a new request's own row), whether the claim succeeds or not. */
  before?: Statement[];
}

/**
 * Tries to book one mediator with the database guard: the conditional UPDATE, its audit row and
 * the invites (plus a CANCEL to a mediator who loses it) in one batch. Returns false when someone
 * else got there first or the mediator stopped fitting — then nothing of the batch is written but
 * the `before` statements (a new request's own row), which are written either way.
 */
export async function claim(ctx: Ctx, a: AppointmentRow, mediatorId: string, options: ClaimOptions): Promise<boolean> {
  const slot = options.slot ?? slotOf(a);
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  const previousId = a.mediatorId && a.mediatorId !== mediatorId && a.status === 'booked' ? a.mediatorId : null;
  const [service, mediator, previous] = await Promise.all([
    options.service ?? ctx.repos.services.get(a.serviceId),
    options.mediator?.id === mediatorId ? options.mediator : ctx.repos.mediators.get(mediatorId),
    previousId ? ctx.repos.mediators.get(previousId) : Promise.resolve(undefined),
  ]);
  if (!service || !mediator) {
    if (options.before?.length) await ctx.db.batch(options.before);
    return false;
  }
  const after: AppointmentRow = {
    ...a,
    mediatorId,
    status: 'booked',
    areaCode: slot.area,
    modality: slot.modality,
    startsAt: slot.start,
    endsAt: slot.end,
    durationMinutes: slot.durationMinutes,
    fallbackStep: options.fallbackStep ?? null,
  };
  const event = options.event ?? 'booked';
  const before = options.before ?? [];
  const results = await ctx.db.batch([
    ...before,
    ctx.repos.appointments.claimStatement({
      appointmentId: a.id,
      mediatorId,
      fromStatuses: options.fromStatuses ?? ['open', 'unfilled'],
      ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
      slot,
      heldSlot: slotOf(a),
      week: weekContaining(slot.start, ctx.config.zone),
      maxTravelMinutes: options.maxTravelMinutes,
      fallbackStep: options.fallbackStep ?? null,
      now,
      changeId: guard.changeId,
      ...(options.alsoRequire ? { alsoRequire: options.alsoRequire } : {}),
    }),
    ...(options.extra?.(guard) ?? []),
    auditStatement(
      {
        id: ctx.ids.next('aud'),
        actorId: ctx.actor.userId,
        action: event === 'rescheduled' ? 'appointment.rescheduled' : previous ? 'appointment.reassigned' : 'appointment.booked',
        entity: 'appointment',
        entityId: a.id,
        detail: { mediatorId, previousMediatorId: previous?.id ?? null, fallbackStep: options.fallbackStep ?? null },
        at: now,
      },
      guard,
    ),
    ...bookingNotices(ctx, factsOf(after, service, mediator), mediatorRecipient(mediator), deskRecipient(service), event, guard),
    ...(previous ? cancellationNotices(ctx, factsOf(after, service, previous), mediatorRecipient(previous), null, 'reassigned_away', guard) : []),
  ]);
  const changed = results[before.length];
  return changed !== undefined && changed > 0;
}

/** Why nobody could take a request, for the record and the coverage reports. */
export function unfilledReason(req: MatchRequest, excludedByRule: Partial<Record<HardRule, number>>, speakers: number, raced: number): UnfilledReason {
  const rules = { ...excludedByRule } as Record<string, number>;
  if (speakers === 0) return { code: 'no_speaker', detail: `No mediator in the roster speaks ${req.language}.`, rules };
  if (raced > 0) return { code: 'all_taken', detail: `All ${raced} eligible mediators were booked by others meanwhile.`, rules };
  // Rules checked after the area one concern mediators who do serve the place: the more telling cause.
  const afterArea = new Set(HARD_RULES.slice(HARD_RULES.indexOf('area') + 1));
  const local = Object.entries(rules).filter(([rule]) => afterArea.has(rule as HardRule));
  const ranked = (local.length > 0 ? local : Object.entries(rules)).sort((x, y) => y[1] - x[1]);
  const top = ranked[0];
  const who = `${speakers} mediators speak ${baseLanguage(req.language)} (any variety)`;
  const detail = top
    ? `${who}; none fits (most often: ${top[0]}, ${top[1]}${local.length > 0 ? ' among those who could otherwise come' : ''}).`
    : `${who}; none fits.`;
  return { code: 'no_candidate', detail, rules };
}

export interface AutoAssignResult {
  booked: boolean;
  fallback: FallbackProposal[];
}

/**
 * What a claim loop needs from the ranking: the mediators' ids in rank order, the fallback ladder
 * and the excluded counts per rule (an unfilled mark's reason). Only this is kept while the claims
 * wait for the database (under load dozens of bookings wait at once, each for its group commit),
 * not the scored candidates nor the excluded list, ~200 objects for a common language.
 */
async function claimPlan(ctx: Ctx, req: MatchRequest) {
  // Scores without their reasons as asked (the order is all a claim loop needs); the fallback ladder keeps them, for an unfilled answer.
  const { result, roster, maxTravelMinutes } = await runMatching(ctx, req, { reasons: false });
  return {
    ranked: result.candidates.map((c) => c.mediatorId),
    fallback: result.fallback,
    excludedByRule: exclusionSummary(result.excluded),
    roster,
    maxTravelMinutes,
  };
}

/**
 * Auto-assignment as a claim loop: rank, try to book the best with one conditional write, on
 * failure the next. With `allowFallback`, then the fallback ladder in order. Otherwise unfilled.
 * `known` passes the request's service when the caller has already read it, and `insert` the
 * statements that write a new request: they go in the first batch (with the first claim, or with
 * the unfilled mark), so a request booked at once costs one write transaction, not two.
 */
export async function autoAssign(
  ctx: Ctx,
  a: AppointmentRow,
  req: MatchRequest,
  allowFallback: boolean,
  known: { service?: ServiceRow; insert?: Statement[] } = {},
): Promise<AutoAssignResult> {
  const [{ ranked, fallback, excludedByRule, roster, maxTravelMinutes }, service] = await Promise.all([
    claimPlan(ctx, req),
    known.service ?? ctx.repos.services.get(a.serviceId),
  ]);
  let pending = known.insert ?? [];
  const tryAll = async (mediatorIds: readonly string[], step: FallbackStep | null, modality: Modality) => {
    for (const mediatorId of mediatorIds) {
      const slot = { ...slotOf(a), modality };
      const mediator = roster.find((m) => m.id === mediatorId);
      const loaded = { ...(service ? { service } : {}), ...(mediator ? { mediator } : {}) };
      const before = pending;
      pending = [];
      if (await claim(ctx, a, mediatorId, { slot, fallbackStep: step, maxTravelMinutes, before, ...loaded })) return true;
    }
    return false;
  };
  if (await tryAll(ranked, null, req.modality)) return { booked: true, fallback: [] };
  if (allowFallback) {
    for (const proposal of fallback) {
      if (await tryAll(proposal.candidates.map((c) => c.mediatorId), proposal.step, proposal.modality)) return { booked: true, fallback: [] };
    }
  }
  const reason = unfilledReason(req, excludedByRule, roster.length, ranked.length);
  await markUnfilled(ctx, a, reason, fallback, service, pending);
  return { booked: false, fallback };
}

/** Records that nobody could take the request, and tells the coordinators (a coverage gap). */
export async function markUnfilled(
  ctx: Ctx,
  a: AppointmentRow,
  reason: UnfilledReason,
  fallback: FallbackProposal[] = [],
  knownService?: ServiceRow,
  before: Statement[] = [],
): Promise<void> {
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  const [service, coordinators] = await Promise.all([knownService ?? ctx.repos.services.get(a.serviceId), ctx.repos.users.coordinatorContacts()]);
  const alerts = service
    ? coordinators.map((c) =>
        queueNotice(
          ctx,
          {
            type: 'unfilled_alert',
            recipientName: c.name,
            facts: factsOf({ ...a, mediatorId: null }, service, null),
            reasonDetail: reason.detail,
            fallbackSummary: fallbackSummary(fallback),
          },
          { name: c.name, email: c.email, locale: 'it' },
          guard,
        ),
      )
    : [];
  await ctx.db.batch([
    ...before,
    ctx.repos.appointments.markUnfilledStatement(a.id, reason, now, guard.changeId),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.unfilled', entity: 'appointment', entityId: a.id, detail: reason, at: now }, guard),
    ...alerts,
  ]);
}

function fallbackSummary(fallback: FallbackProposal[]): string | null {
  const usable = fallback.filter((f) => f.candidates.length > 0).map((f) => `${f.step}: ${f.candidates.length}`);
  return usable.length > 0 ? usable.join(', ') : null;
}

/** Manual mode: the request waits for the desk to pick, or is unfilled when nobody could take it. */
export async function settleManual(ctx: Ctx, a: AppointmentRow, req: MatchRequest, knownService?: ServiceRow): Promise<FallbackProposal[]> {
  const { result, roster } = await runMatching(ctx, req);
  if (result.candidates.length > 0) {
    await ctx.db.exec(ctx.repos.appointments.markOpenStatement(a.id, ctx.clock.now()));
    return [];
  }
  await markUnfilled(ctx, a, unfilledReason(req, exclusionSummary(result.excluded), roster.length, 0), result.fallback, knownService);
  return result.fallback;
}

/** Explains a refused manual pick: the rule that excludes the mediator, or that they are taken. */
export function notEligible(mediatorId: string, excluded: MatchResult['excluded']): ConflictError {
  const why = excluded.find((e) => e.mediatorId === mediatorId);
  if (why) {
    return new ConflictError('mediator_not_eligible', `Mediator ${mediatorId} cannot take this appointment: ${why.detail}`, {
      rule: why.rule,
    });
  }
  return new ConflictError('mediator_not_eligible', `Mediator ${mediatorId} cannot take this appointment.`, { rule: 'language' });
}
