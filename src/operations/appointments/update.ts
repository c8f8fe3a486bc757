import type { AppointmentRow } from '../../../db/repositories/appointments.js';
import { auditStatement } from '../../../db/repositories/audit.js';
import type { ChangeGuard } from '../../../db/repositories/guard.js';
import type { Ctx } from '../../deps.js';
import { checkEligibility } from '../../domain/eligibility.js';
import { ConflictError, InvalidError } from '../../domain/errors.js';
import { MINUTE } from '../../domain/intervals.js';
import type { FallbackProposal } from '../../domain/matching.js';
import { parseInstant } from '../../domain/time.js';
import type { FallbackStep, Modality } from '../../domain/vocabulary.js';
import { getVisibleAppointment, getWritableAppointment } from '../access.js';
import { autoAssign, claim, settleManual, slotOf } from '../booking.js';
import { matchRequestOf, runMatching } from '../matching.js';
import { bookingNotices, cancellationNotices, deskRecipient, factsOf, mediatorRecipient } from '../notify.js';
import { offerWithdrawal, sendOffers } from '../offers.js';
import { assertModalitySuits } from '../languages.js';
import { webhookEvent } from '../webhooks.js';
import { assertFuture } from './create.js';

/** What a desk may change on a request; absent fields stay as they are. */
export interface AppointmentChanges {
  start?: string | undefined;
  durationMinutes?: number | undefined;
  area?: string | undefined;
  modality?: Modality | undefined;
  location?: string | null | undefined;
  videoUrl?: string | null | undefined;
  dialIn?: string | null | undefined;
  notes?: string | null | undefined;
}

/**
 * Reschedule or edit. When a future booking changes (time, place, modality or only its details), the booked mediator is re-checked
 * against every rule with the same database guard; if they no longer fit they are freed and the
 * request goes back to matching (auto), to the desk (manual), or out as the next round of offers
 * (offer; the offers for the old slot are withdrawn in the same batch).
 */
export async function updateAppointment(ctx: Ctx, id: string, patch: AppointmentChanges) {
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'A cancelled appointment cannot be changed.');
  const now = ctx.clock.now();
  const details = {
    ...(patch.location !== undefined ? { location: patch.location } : {}),
    ...(patch.videoUrl !== undefined ? { videoUrl: patch.videoUrl } : {}),
    ...(patch.dialIn !== undefined ? { dialIn: patch.dialIn } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
  };
  const start = patch.start ? parseInstant(patch.start) : a.startsAt;
  const duration = patch.durationMinutes ?? a.durationMinutes;
  const next: AppointmentRow = {
    ...a,
    ...details,
    startsAt: start,
    endsAt: start + duration * MINUTE,
    durationMinutes: duration,
    areaCode: patch.area ?? a.areaCode,
    modality: patch.modality ?? a.modality,
  };
  const slotChanged = next.startsAt !== a.startsAt || next.endsAt !== a.endsAt || next.areaCode !== a.areaCode || next.modality !== a.modality;
  if (patch.area && !(await ctx.repos.areas.exists(patch.area))) throw new InvalidError('area', `Unknown area ${patch.area}.`);
  if (slotChanged) assertFuture(ctx, start);
  assertModalitySuits(next.language, next.modality as Modality);

  const detailsStatement = (version: number, changeId: string) => ctx.repos.appointments.updateDetailsStatement(id, version, details, now, changeId);
  const audit = (guard: ChangeGuard, detail: unknown) =>
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.edited', entity: 'appointment', entityId: id, detail, at: now }, guard);

  const unchanged = !slotChanged && Object.entries(details).every(([k, v]) => a[k as keyof typeof details] === v);
  // Nothing to change: no write, no version bump, and above all no e-mail to the mediator.
  if (unchanged) return { appointment: a, mediatorKept: a.mediatorId !== null, fallback: [] };
  // A future booking is re-checked on any edit, so that one whose mediator no longer fits (inactive,
  // excluded, away) is released rather than confirmed again; past ones only take the new details.
  if (!slotChanged && !(a.status === 'booked' && a.startsAt > now)) {
    const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
    const notices = await updateNotices(ctx, next, guard);
    const [changed] = await ctx.db.batch([detailsStatement(a.version, guard.changeId), audit(guard, details), ...notices]);
    if (changed === 0) throw new ConflictError('version_conflict', 'The appointment changed meanwhile; reload and retry.');
    return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: a.mediatorId !== null, fallback: [] };
  }

  const req = matchRequestOf(next);
  const [ranking, service] = await Promise.all([runMatching(ctx, req), ctx.repos.services.get(a.serviceId)]);
  const current = a.mediatorId ? ranking.speakers.find((m) => m.id === a.mediatorId) : undefined;
  // A mediator booked from a neighbouring area (a fallback the desk took) is held to that step, not released for it.
  const step = a.fallbackStep === 'neighbouring_area' ? { neighbourMaxTravel: ctx.config.matching.neighbourMaxTravel } : {};
  const stillFits = current !== undefined && a.status === 'booked' && checkEligibility(current, req, ranking.ctx, step).eligible;

  if (stillFits && a.mediatorId) {
    const kept = await claim(ctx, { ...a, ...details }, a.mediatorId, {
      ...(service ? { service } : {}),
      mediator: current,
      slot: slotOf(next),
      fallbackStep: a.fallbackStep as FallbackStep | null,
      fromStatuses: ['booked'],
      expectedVersion: a.version,
      event: 'rescheduled',
      also: (guard) => [detailsStatement(a.version + 1, guard.changeId), ...(slotChanged ? [] : [audit(guard, details)])],
    });
    if (kept) return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: true, fallback: [] };
  }

  const guard: ChangeGuard = { appointmentId: id, changeId: ctx.ids.next('chg') };
  const [previous, withdrawal] = await Promise.all([
    a.mediatorId && a.status === 'booked' ? ctx.repos.mediators.get(a.mediatorId) : undefined,
    // Offers out for the old slot close in the same batch, and their mediators are told.
    offerWithdrawal(ctx, a, 'changed', service ? { service } : {}),
  ]);
  const freed =
    service && previous
      ? cancellationNotices(ctx, factsOf({ ...a, ...details }, service, previous), mediatorRecipient(previous), deskRecipient(service), 'released', guard)
      : [];
  const [released] = await ctx.db.batch([
    ctx.repos.appointments.releaseStatement(id, a.version, slotOf(next), 'open', now, guard.changeId),
    detailsStatement(a.version + 1, guard.changeId),
    audit(guard, { ...patch, mediatorKept: false, freedMediatorId: a.mediatorId }),
    ...freed,
    ...withdrawal(guard),
    ...(previous ? [webhookEvent(ctx, 'appointment.released', { ...next, status: 'open', mediatorId: null }, guard, { releasedMediatorId: previous.id })] : []),
  ]);
  if (released === 0) throw new ConflictError('version_conflict', 'The appointment changed meanwhile; reload and retry.');
  const reopened: AppointmentRow = { ...next, status: 'open', mediatorId: null, version: a.version + 2 };
  const known = service ? { service } : {};
  let fallback: FallbackProposal[] = [];
  if (a.assignment === 'auto') fallback = (await autoAssign(ctx, reopened, ranking, { allowFallback: false, ...known })).fallback;
  else if (a.assignment === 'offer') await sendOffers(ctx, reopened, { ...known, ranking }); // the next round, to mediators not asked yet
  else fallback = await settleManual(ctx, reopened, ranking, service);
  return { appointment: await getVisibleAppointment(ctx, id), mediatorKept: false, fallback };
}

/** The REQUEST update for the booked mediator (and desk copy) after an edit that keeps them. */
async function updateNotices(ctx: Ctx, a: AppointmentRow, guard: ChangeGuard) {
  if (a.status !== 'booked' || !a.mediatorId) return [];
  const [service, mediator] = await Promise.all([ctx.repos.services.get(a.serviceId), ctx.repos.mediators.get(a.mediatorId)]);
  if (!service || !mediator) return [];
  return bookingNotices(ctx, factsOf(a, service, mediator), mediatorRecipient(mediator), deskRecipient(service), 'rescheduled', guard);
}
