import type { Statement } from '../../db/database.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { MediatorRecord } from '../../db/repositories/mediators.js';
import type { ServiceRow } from '../../db/repositories/services.js';
import { type Ctx, SYSTEM_ACTOR } from '../deps.js';
import { weekContaining } from '../domain/availability.js';
import { checkEligibility, type MatchingContext, type MediatorProfile } from '../domain/eligibility.js';
import { formatInstant } from '../domain/time.js';
import { autoAssign, slotOf, type UnfilledReason } from './booking.js';
import { matchRequestOf, runMatching } from './matching.js';
import { cancellationNotices, deskRecipient, factsOf, mediatorRecipient } from './notify.js';
import { sendOffers } from './offers.js';
import { webhookEvent } from './webhooks.js';

/** A booking a change took away from its mediator, as the change's answer lists it. */
export interface Released {
  appointmentId: string;
  start: string;
}

/** A change to a mediator, as the hard rules see it. */
export type MediatorChange =
  | { kind: 'profile'; mediator: MediatorProfile }
  | { kind: 'time_off'; start: number; end: number }
  | { kind: 'exclusion'; serviceId: string; beneficiaryRef: string | null };

/** Why a released request that nobody else can take is unfilled. */
const MEDIATOR_UNAVAILABLE: UnfilledReason = {
  code: 'mediator_unavailable',
  detail: 'The booked mediator is no longer available and nobody else fits.',
  rules: {},
};

/**
 * The mediator's bookings not started yet that `change` breaks, with the detail of the rule each
 * breaks. Only what the change touches is checked: their other bookings fitted together before it.
 */
async function bookingsBrokenBy(ctx: Ctx, mediatorId: string, change: MediatorChange): Promise<AppointmentRow[]> {
  const [current, booked, travel] = await Promise.all([
    ctx.repos.mediators.get(mediatorId),
    ctx.repos.appointments.futureBookedOf(mediatorId, ctx.clock.now()),
    ctx.repos.areas.travel(),
  ]);
  if (!current) return [];
  const mediator = change.kind === 'profile' ? change.mediator : current;
  return booked.filter((a) => {
    const world: MatchingContext = {
      zone: ctx.config.zone,
      week: weekContaining(a.startsAt, ctx.config.zone),
      travelMinutes: travel.lookup,
      bookings: new Map(),
      recentMinutes: new Map(),
      continuity: new Set(),
      timeOff: change.kind === 'time_off' ? new Map([[mediatorId, [change]]]) : new Map(),
      exclusions: change.kind === 'exclusion' && change.serviceId === a.serviceId ? [{ mediatorId, beneficiaryRef: change.beneficiaryRef }] : [],
    };
    // A booking from a neighbouring area was the fallback step's: its area rule is that step's.
    const options = a.fallbackStep === 'neighbouring_area' ? { neighbourMaxTravel: ctx.config.matching.neighbourMaxTravel } : {};
    return !checkEligibility(mediator, matchRequestOf(a), world, options).eligible;
  });
}

/** The statements that take `a` from `mediator`, in the batch of the change that does it: the request waits again, both sides are told. */
function releaseStatements(ctx: Ctx, a: AppointmentRow, mediator: MediatorRecord, service: ServiceRow | undefined, detail: Record<string, unknown>): Statement[] {
  const now = ctx.clock.now();
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  return [
    ctx.repos.appointments.releaseStatement(a.id, a.version, slotOf(a), 'open', now, guard.changeId),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.released', entity: 'appointment', entityId: a.id, detail: { mediatorId: mediator.id, ...detail }, at: now }, guard),
    ...(service ? cancellationNotices(ctx, factsOf(a, service, mediator), mediatorRecipient(mediator), deskRecipient(service), 'released', guard) : []),
    webhookEvent(ctx, 'appointment.released', { ...a, status: 'open', mediatorId: null }, guard, { releasedMediatorId: mediator.id }),
  ];
}

/**
 * Applies a change to a mediator with the `write` statements, releasing in the same batch each
 * future booking it breaks; then each released request is matched again by its assignment mode
 * (auto: the next best, offer: a new round, manual: open for the desk). `dryRun`: only the list.
 */
export async function changeMediator(ctx: Ctx, mediatorId: string, change: MediatorChange, write: Statement[], dryRun = false): Promise<Released[]> {
  const broken = await bookingsBrokenBy(ctx, mediatorId, change);
  const released = broken.map((a) => ({ appointmentId: a.id, start: formatInstant(a.startsAt, ctx.config.zone) }));
  if (dryRun) return released;
  const [mediator, services] = await Promise.all([ctx.repos.mediators.get(mediatorId), servicesOf(ctx, broken)]);
  const releases = mediator ? broken.flatMap((a) => releaseStatements(ctx, a, mediator, services.get(a.serviceId), { change: change.kind })) : [];
  await ctx.db.batch([...write, ...releases]);
  await rematch(ctx, broken);
  return released;
}

/** The assigned mediator hands a booking back before it starts; a late one (inside the notice period) is recorded as such for the coordinator. */
export async function handBack(ctx: Ctx, a: AppointmentRow, mediator: MediatorRecord, reason: string, late: boolean): Promise<void> {
  const service = await ctx.repos.services.get(a.serviceId);
  await ctx.db.batch(releaseStatements(ctx, a, mediator, service, { handedBack: true, reason, late }));
  await rematch(ctx, [a], mediator.id);
}

/**
 * Each released request matched again by its assignment mode, by the system, as its own booking;
 * `without`: a mediator who handed it back is not booked again (offers never ask anyone twice).
 */
async function rematch(ctx: Ctx, released: AppointmentRow[], without?: string): Promise<void> {
  const system: Ctx = { ...ctx, actor: SYSTEM_ACTOR };
  for (const a of released) {
    const reopened = await ctx.repos.appointments.get(a.id);
    if (!reopened || reopened.status !== 'open' || reopened.mediatorId) continue;
    if (a.assignment === 'auto') {
      const { result, speakers } = await runMatching(system, matchRequestOf(reopened));
      const candidates = result.candidates.filter((c) => c.mediatorId !== without);
      await autoAssign(system, reopened, { result: { ...result, candidates }, speakers }, { allowFallback: false, unfilled: MEDIATOR_UNAVAILABLE });
    } else if (a.assignment === 'offer') {
      await sendOffers(system, reopened);
    }
  }
}

async function servicesOf(ctx: Ctx, appointments: AppointmentRow[]): Promise<Map<string, ServiceRow>> {
  const ids = [...new Set(appointments.map((a) => a.serviceId))];
  const rows = await Promise.all(ids.map((id) => ctx.repos.services.get(id)));
  return new Map(rows.flatMap((s) => (s ? [[s.id, s] as const] : [])));
}
