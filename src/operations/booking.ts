import type { SQL } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import type { AppointmentRow, AppointmentWithMediator, Slot } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { MediatorRecord } from '../../db/repositories/mediators.js';
import type { ServiceRow } from '../../db/repositories/services.js';
import type { Ctx } from '../deps.js';
import { weekContaining } from '../domain/availability.js';
import { HARD_RULES, type HardRule } from '../domain/eligibility.js';
import { ConflictError } from '../domain/errors.js';
import { baseLanguage } from '../domain/languages.js';
import { exclusionSummary, type FallbackProposal, type MatchResult } from '../domain/matching.js';
import type { AppointmentStatus, FallbackStep, Modality } from '../domain/vocabulary.js';
import { bookingNotices, cancellationNotices, deskRecipient, factsOf, mediatorRecipient, queueNotice } from './notify.js';
import { webhookEvent } from './webhooks.js';

export interface UnfilledReason {
  code: 'no_speaker' | 'no_candidate' | 'all_taken' | 'mediator_unavailable';
  detail: string;
  rules: Record<string, number>;
}

/** More statements for the batch that settles a request, written only if that change happens; `fallback` as proposed to the desk. */
export type AlsoWrite = (guard: ChangeGuard, after: AppointmentWithMediator, fallback: FallbackProposal[]) => Statement[];

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
  /** Where and when (default: the appointment's own slot). */
  slot?: Slot;
  fallbackStep?: FallbackStep | null;
  fromStatuses?: AppointmentStatus[];
  expectedVersion?: number;
  /** What the mediator's invite says: a new booking, or a change to one they hold. */
  event?: 'booked' | 'rescheduled';
  also?: AlsoWrite;
  /** One more condition inside the booking statement itself (e.g. the accepted offer is still open). */
  alsoRequire?: SQL;
  /** Already read by the caller. */
  service?: ServiceRow;
  mediator?: MediatorRecord;
}

/**
 * Tries to book one mediator with the database guard: the conditional UPDATE, its audit row and
 * the invites (plus a CANCEL to a mediator who loses it) in one batch. Returns the appointment as
 * booked, or null when someone else got there first or the mediator stopped fitting — then nothing
 * of the batch is written.
 */
export async function claim(ctx: Ctx, a: AppointmentRow, mediatorId: string, options: ClaimOptions = {}): Promise<AppointmentWithMediator | null> {
  const slot = options.slot ?? slotOf(a);
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  const previousId = a.mediatorId && a.mediatorId !== mediatorId && a.status === 'booked' ? a.mediatorId : null;
  const [service, mediator, previous] = await Promise.all([
    options.service ?? ctx.repos.services.get(a.serviceId),
    options.mediator?.id === mediatorId ? options.mediator : ctx.repos.mediators.get(mediatorId),
    previousId ? ctx.repos.mediators.get(previousId) : undefined,
  ]);
  if (!service || !mediator) return null;
  const after: AppointmentWithMediator = {
    ...a,
    mediatorId,
    mediator: { id: mediator.id, name: mediator.name, phone: mediator.phone, email: mediator.email },
    status: 'booked',
    areaCode: slot.area,
    modality: slot.modality,
    startsAt: slot.start,
    endsAt: slot.end,
    durationMinutes: slot.durationMinutes,
    fallbackStep: options.fallbackStep ?? null,
    unfilledReason: null,
    // As the guard writes it: a reschedule that keeps the mediator keeps the time it was booked.
    bookedAt: a.status === 'booked' && a.mediatorId === mediatorId ? (a.bookedAt ?? now) : now,
    updatedAt: now,
    version: a.version + 1,
    changeId: guard.changeId,
    // As the guard writes it: a reminder already queued stands only for the same mediator and times.
    reminderQueuedAt: slot.start === a.startsAt && slot.end === a.endsAt && a.mediatorId === mediatorId ? a.reminderQueuedAt : null,
  };
  const event = options.event ?? 'booked';
  const [changed] = await ctx.db.batch([
    ctx.repos.appointments.claimStatement({
      appointmentId: a.id,
      mediatorId,
      fromStatuses: options.fromStatuses ?? ['open', 'unfilled'],
      ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
      slot,
      heldSlot: slotOf(a),
      week: weekContaining(slot.start, ctx.config.zone),
      fallbackStep: options.fallbackStep ?? null,
      now,
      changeId: guard.changeId,
      ...(options.alsoRequire ? { alsoRequire: options.alsoRequire } : {}),
    }),
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
    ...(event === 'booked' ? [webhookEvent(ctx, 'appointment.booked', after, guard)] : []),
    ...(options.also?.(guard, after, []) ?? []),
  ]);
  return changed ? after : null;
}

/** Why nobody could take a request, for the record and the coverage reports. */
export function unfilledReason(language: string, excludedByRule: Partial<Record<HardRule, number>>, speakers: number, raced: number): UnfilledReason {
  const rules = { ...excludedByRule } as Record<string, number>;
  if (speakers === 0) return { code: 'no_speaker', detail: `No mediator in the roster speaks ${language}.`, rules };
  if (raced > 0) return { code: 'all_taken', detail: `All ${raced} eligible mediators were booked by others meanwhile.`, rules };
  // Rules checked after the area one concern mediators who do serve the place: the more telling cause.
  const afterArea = new Set(HARD_RULES.slice(HARD_RULES.indexOf('area') + 1));
  const local = Object.entries(rules).filter(([rule]) => afterArea.has(rule as HardRule));
  const ranked = (local.length > 0 ? local : Object.entries(rules)).sort((x, y) => y[1] - x[1]);
  const top = ranked[0];
  const who = `${speakers} mediators speak ${baseLanguage(language)} (any variety)`;
  const detail = top
    ? `${who}; none fits (most often: ${top[0]}, ${top[1]}${local.length > 0 ? ' among those who could otherwise come' : ''}).`
    : `${who}; none fits.`;
  return { code: 'no_candidate', detail, rules };
}

/** The ranking a request was matched with, and the speakers of its language it was ranked from. */
export interface Ranking {
  result: MatchResult;
  speakers: readonly MediatorRecord[];
}

/**
 * Auto-assignment as a claim loop over a ranking: try to book the best with one conditional write,
 * on failure the next; with `allowFallback`, then the fallback ladder in order. Nobody left: the
 * request is unfilled (for `unfilled`, or the reason the ranking gives). `also` adds statements to
 * whichever batch settles it.
 */
export async function autoAssign(
  ctx: Ctx,
  a: AppointmentRow,
  { result, speakers }: Ranking,
  options: { allowFallback: boolean; service?: ServiceRow; also?: AlsoWrite; unfilled?: UnfilledReason },
): Promise<{ appointment: AppointmentWithMediator; fallback: FallbackProposal[] }> {
  const service = options.service ?? (await ctx.repos.services.get(a.serviceId));
  const known = { ...(service ? { service } : {}), ...(options.also ? { also: options.also } : {}) };
  // Each claim requires the request as read: the answer built from it is then what was written.
  const steps = [
    { step: null, modality: a.modality as Modality, candidates: result.candidates },
    ...(options.allowFallback ? result.fallback : []),
  ];
  for (const { step, modality, candidates } of steps) {
    for (const { mediatorId } of candidates) {
      const mediator = speakers.find((m) => m.id === mediatorId);
      const booked = await claim(ctx, a, mediatorId, {
        ...known,
        slot: { ...slotOf(a), modality },
        fallbackStep: step,
        expectedVersion: a.version,
        ...(mediator ? { mediator } : {}),
      });
      if (booked) return { appointment: booked, fallback: [] };
    }
  }
  const reason = options.unfilled ?? unfilledReason(a.language, exclusionSummary(result.excluded), speakers.length, result.candidates.length);
  const appointment = await markUnfilled(ctx, a, reason, result.fallback, known);
  return { appointment, fallback: result.fallback };
}

/**
 * Records that nobody could take the request, and tells the coordinators (a coverage gap) and the
 * desk, only if this call is the one that made it unfilled. Returns it as unfilled.
 */
export async function markUnfilled(
  ctx: Ctx,
  a: AppointmentRow,
  reason: UnfilledReason,
  fallback: FallbackProposal[] = [],
  known: { service?: ServiceRow; also?: AlsoWrite } = {},
): Promise<AppointmentWithMediator> {
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  const [service, coordinators] = await Promise.all([known.service ?? ctx.repos.services.get(a.serviceId), ctx.repos.users.coordinatorContacts()]);
  const after: AppointmentWithMediator = {
    ...a,
    mediatorId: null,
    mediator: null,
    status: 'unfilled',
    unfilledReason: JSON.stringify(reason),
    updatedAt: now,
    version: a.version + 1,
    changeId: guard.changeId,
  };
  const alerts = service
    ? coordinators.map((c) =>
        queueNotice(
          ctx,
          {
            type: 'unfilled_alert',
            recipientName: c.name,
            facts: factsOf(after, service, null),
            reasonDetail: reason.detail,
            fallbackSummary: fallbackSummary(fallback),
            reason: { code: reason.code, rules: reason.rules },
            fallback: fallback.map((f) => ({ step: f.step, candidates: f.candidates.length })),
          },
          { name: c.name, email: c.email, locale: 'it' },
          guard,
        ),
      )
    : [];
  // No calendar part: a copy of an earlier invite the desk held was cancelled when the mediator was released.
  const deskNotice = service
    ? [
        queueNotice(
          ctx,
          { type: 'appointment', event: 'unfilled', audience: 'desk', recipientName: service.name, facts: factsOf(after, service, null), calendar: null, reasonDetail: reason.detail, reason: { code: reason.code, rules: reason.rules } },
          deskRecipient(service),
          guard,
        ),
      ]
    : [];
  const [changed] = await ctx.db.batch([
    ctx.repos.appointments.markUnfilledStatement(a.id, reason, now, guard.changeId),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.unfilled', entity: 'appointment', entityId: a.id, detail: reason, at: now }, guard),
    ...alerts,
    ...deskNotice,
    webhookEvent(ctx, 'appointment.unfilled', after, guard, { unfilledReason: reason.code }),
    ...(known.also?.(guard, after, fallback) ?? []),
  ]);
  if (changed) return after;
  // Someone else changed the request meanwhile (booked, cancelled): it stands as they left it.
  const current = await ctx.repos.appointments.get(a.id);
  if (!current) throw new Error(`appointment ${a.id} vanished`);
  return current;
}

function fallbackSummary(fallback: FallbackProposal[]): string | null {
  const usable = fallback.filter((f) => f.candidates.length > 0).map((f) => `${f.step}: ${f.candidates.length}`);
  return usable.length > 0 ? usable.join(', ') : null;
}

/** Manual mode: the request waits for the desk to pick, or is unfilled when nobody could take it. */
export async function settleManual(ctx: Ctx, a: AppointmentRow, { result, speakers }: Ranking, service?: ServiceRow): Promise<FallbackProposal[]> {
  if (result.candidates.length > 0) {
    await ctx.db.exec(ctx.repos.appointments.markOpenStatement(a.id, ctx.clock.now()));
    return [];
  }
  await markUnfilled(ctx, a, unfilledReason(a.language, exclusionSummary(result.excluded), speakers.length, 0), result.fallback, service ? { service } : {});
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
