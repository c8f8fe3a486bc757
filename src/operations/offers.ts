import type { Statement } from '../../db/database.js';
import type { AppointmentRow, AppointmentWithMediator } from '../../db/repositories/appointments.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { OfferRow } from '../../db/repositories/offers.js';
import type { ServiceRow } from '../../db/repositories/services.js';
import type { OfferWithdrawnMessage } from '../../emails/types.js';
import type { Actor, Ctx } from '../deps.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { MINUTE } from '../domain/intervals.js';
import { exclusionSummary } from '../domain/matching.js';
import { formatInstant } from '../domain/time.js';
import type { OfferStatus } from '../domain/vocabulary.js';
import { addWorkingMinutes } from '../domain/working-time.js';
import { randomSecret } from '../ids.js';
import { signToken, verifyToken } from '../signing.js';
import { getWritableAppointment, requireRole } from './access.js';
import { claim, markUnfilled, type Ranking, unfilledReason } from './booking.js';
import { matchRequestOf, runMatching } from './matching.js';
import { mediatorNotices, mediatorRecipient, offeredFacts, queueNotice } from './notify.js';
import { afterId, type Page, type PageInput } from './pagination.js';
import { webhookEvent } from './webhooks.js';

export type { OfferRow } from '../../db/repositories/offers.js';

export type OfferAction = 'accept' | 'decline';

/** The HMAC secret for e-mail links: configured, or generated once and kept in the database. */
export async function linkSecret(ctx: Pick<Ctx, 'config' | 'repos'>): Promise<string> {
  return ctx.config.linkSecret ?? ctx.repos.settings.getOrCreate('link_secret', () => randomSecret(32));
}

export function offerSubject(offerId: string, action: OfferAction): string {
  return `offer:${offerId}:${action}`;
}

/**
 * Offers the request to the next candidates down the ranking (wider and shorter for urgent ones).
 * The status change, the offers and their e-mails are one batch. With nobody left to ask, or
 * after the last round, the request is unfilled and the coordinators are told.
 */
export async function sendOffers(ctx: Ctx, a: AppointmentRow, known: { service?: ServiceRow; ranking?: Ranking } = {}): Promise<'offered' | 'unfilled'> {
  const req = matchRequestOf(a);
  const [{ result, speakers }, previous, service] = await Promise.all([
    known.ranking ?? runMatching(ctx, req),
    ctx.repos.offers.forAppointment(a.id),
    known.service ?? ctx.repos.services.get(a.serviceId),
  ]);
  const asked = new Set(previous.map((o) => o.mediatorId));
  const policy = ctx.config.offers;
  const urgent = a.urgency === 'urgent';
  const fresh = result.candidates.filter((c) => !asked.has(c.mediatorId)).slice(0, urgent ? policy.urgentSize : policy.size);
  if (fresh.length === 0 || a.offerRound >= policy.maxRounds || !service) {
    const reason =
      result.candidates.length > 0
        ? { code: 'no_candidate' as const, detail: `Nobody accepted the offers (${a.offerRound} rounds, ${asked.size} mediators asked).`, rules: {} }
        : unfilledReason(req.language, exclusionSummary(result.excluded), speakers.length, 0);
    await markUnfilled(ctx, a, reason, result.fallback, service ? { service } : {});
    return 'unfilled';
  }

  const now = ctx.clock.now();
  const expiresAt = urgent
    ? Math.min(now + policy.urgentExpiryMinutes * MINUTE, a.startsAt)
    : addWorkingMinutes(now, policy.expiryMinutes, policy.workingHours, ctx.config.zone, a.startsAt);
  const guard: ChangeGuard = { appointmentId: a.id, changeId: ctx.ids.next('chg') };
  const round = a.offerRound + 1;
  const secret = await linkSecret(ctx);
  // The candidates are speakers of the language, whose records matching read.
  const byId = new Map(speakers.map((m) => [m.id, m]));
  const mediators = fresh.map((c) => byId.get(c.mediatorId));
  const statements: Statement[] = [
    ctx.repos.appointments.markOfferedStatement(a.id, now, guard.changeId),
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action: 'appointment.offered', entity: 'appointment', entityId: a.id, detail: { round, mediatorIds: fresh.map((c) => c.mediatorId) }, at: now }, guard),
  ];
  for (const [rank, m] of mediators.entries()) {
    if (!m) continue;
    const offer: OfferRow = { id: ctx.ids.next('ofr'), appointmentId: a.id, mediatorId: m.id, round, rank: rank + 1, status: 'pending', expiresAt, createdAt: now, respondedAt: null };
    const link = async (action: OfferAction) =>
      `${ctx.config.publicUrl}/offers/${offer.id}/${action}?token=${encodeURIComponent(await signToken(secret, offerSubject(offer.id, action), expiresAt))}`;
    statements.push(
      ctx.repos.offers.insertStatement(offer, guard),
      ...mediatorNotices(
        ctx,
        {
          type: 'offer',
          recipientName: m.name,
          facts: offeredFacts(a, service, m),
          offerId: offer.id,
          expiresAt: formatInstant(expiresAt),
          acceptUrl: await link('accept'),
          declineUrl: await link('decline'),
        },
        m,
        guard,
      ),
    );
  }
  const [changed] = await ctx.db.batch(statements);
  return changed !== undefined && changed > 0 ? 'offered' : 'unfilled';
}

/**
 * Re-offer: a coordinator (or the request's desk) sends a request still without a mediator out again,
 * to the candidates not asked yet; with nobody new to ask, or after the last round, it stays unfilled.
 */
export async function reofferAppointment(ctx: Ctx, id: string): Promise<'offered' | 'unfilled'> {
  requireRole(ctx.actor, 'coordinator', 'desk');
  const a = await getWritableAppointment(ctx, id);
  if (a.status === 'cancelled') throw new ConflictError('appointment_cancelled', 'The appointment is cancelled.');
  if (a.mediatorId !== null) throw new ConflictError('already_booked', 'The appointment already has a mediator.');
  if (a.startsAt <= ctx.clock.now()) throw new ConflictError('already_started', 'The appointment has already started.');
  return sendOffers(ctx, a);
}

/** An offer the caller may act on: a mediator's own (others → 404); coordinators any. */
async function visibleOffer(ctx: Ctx, offerId: string): Promise<OfferRow> {
  const offer = await ctx.repos.offers.get(offerId);
  if (!offer) throw new NotFoundError('offer', offerId);
  if (ctx.actor.role === 'mediator' && ctx.actor.mediatorId !== offer.mediatorId) throw new NotFoundError('offer', offerId);
  return offer;
}

/**
 * First accept wins: the booking is the usual guarded UPDATE, conditioned also on this offer being
 * open and the request still `offered`; the same batch closes this offer, withdraws the others
 * and tells their mediators. A later accept changes nothing and hears that the slot is gone.
 */
export async function acceptOffer(ctx: Ctx, offerId: string): Promise<AppointmentWithMediator> {
  const offer = await visibleOffer(ctx, offerId);
  const now = ctx.clock.now();
  const a = await ctx.repos.appointments.get(offer.appointmentId);
  if (!a) throw new NotFoundError('offer', offerId);
  if (offer.status !== 'pending') throw offerClosed(offer, a);
  if (offer.expiresAt <= now) throw new ConflictError('offer_expired', 'This offer has expired.');
  if (a.status !== 'offered') throw offerClosed(offer, a);

  // The booking guard re-checks every rule that can change after the offer went out; no ranking is needed.
  const service = await ctx.repos.services.get(a.serviceId);
  const withdrawal = await offerWithdrawal(ctx, a, 'taken', { keep: offer.id, ...(service ? { service } : {}) });
  const booked = await claim(ctx, a, offer.mediatorId, {
    ...(service ? { service } : {}),
    fromStatuses: ['offered'],
    alsoRequire: ctx.repos.offers.stillOpen(offer.id, now),
    also: (guard, after) => [ctx.repos.offers.acceptStatement(offer.id, now, guard), ...withdrawal(guard), webhookEvent(ctx, 'offer.accepted', after, guard, { offerId: offer.id })],
  });
  if (!booked) {
    const latest = await ctx.repos.appointments.get(a.id);
    const current = await ctx.repos.offers.get(offer.id);
    if (latest && current) throw offerClosed(current.status === 'pending' && latest.status === 'offered' ? { ...current, status: 'unavailable' } : current, latest);
    throw new ConflictError('offer_closed', 'This offer is no longer open.');
  }
  return (await ctx.repos.appointments.get(a.id)) as AppointmentWithMediator;
}

function offerClosed(offer: Pick<OfferRow, 'status' | 'mediatorId'>, a: AppointmentRow): ConflictError {
  if (offer.status === 'accepted' && a.mediatorId === offer.mediatorId) {
    return new ConflictError('offer_already_accepted', 'You already accepted this offer: the appointment is yours.');
  }
  if (offer.status === 'unavailable') {
    return new ConflictError('mediator_unavailable', 'You are no longer free at that time (another booking, time off or the weekly cap).');
  }
  if (a.status === 'cancelled') return new ConflictError('offer_closed', 'The appointment was cancelled.');
  if (a.status === 'booked') return new ConflictError('offer_taken', 'Another mediator accepted first; the appointment is taken.');
  return new ConflictError('offer_closed', `This offer is ${offer.status}.`);
}

/** Declines; when it was the last open offer, the request moves on down the list. */
export async function declineOffer(ctx: Ctx, offerId: string): Promise<OfferView> {
  const offer = await visibleOffer(ctx, offerId);
  const a = await ctx.repos.appointments.get(offer.appointmentId);
  if (offer.status !== 'pending' || !a) throw offerClosed(offer, a ?? ({ status: 'cancelled' } as AppointmentRow));
  const changed = await ctx.repos.offers.decline(offer.id, offer.mediatorId, ctx.clock.now());
  if (changed === 0) throw new ConflictError('offer_closed', 'This offer is no longer open.');
  await advanceOffers(ctx, a.id);
  const [view] = await offerViews(ctx, [(await ctx.repos.offers.get(offer.id)) as OfferRow]);
  return view as OfferView;
}

/** If the request is still offered and nobody has an open offer left, the next round goes out. */
export async function advanceOffers(ctx: Ctx, appointmentId: string): Promise<void> {
  const a = await ctx.repos.appointments.get(appointmentId);
  if (!a || a.status !== 'offered') return;
  const now = ctx.clock.now();
  const open = (await ctx.repos.offers.forAppointment(a.id)).some((o) => o.status === 'pending' && o.expiresAt > now);
  if (open) return;
  if (a.startsAt <= now) {
    await markUnfilled(ctx, a, { code: 'no_candidate', detail: 'Nobody accepted before the appointment started.', rules: {} });
    return;
  }
  await sendOffers(ctx, a);
}

/**
 * Prepares the withdrawal of a request's open offers, all but `keep` (the one being accepted), and
 * the e-mails to their mediators; the returned builder gives the statements for the batch of the
 * change that closes the offers.
 */
export async function offerWithdrawal(
  ctx: Ctx,
  a: AppointmentRow,
  reason: Exclude<OfferWithdrawnMessage['reason'], 'expired'>,
  options: { keep?: string; service?: ServiceRow } = {},
): Promise<(guard: ChangeGuard) => Statement[]> {
  if (a.status !== 'offered') return () => [];
  const keep = options.keep ?? null;
  const [offers, service] = await Promise.all([ctx.repos.offers.forAppointment(a.id), options.service ?? ctx.repos.services.get(a.serviceId)]);
  const mediators = await Promise.all(offers.filter((o) => o.status === 'pending' && o.id !== keep).map((o) => ctx.repos.mediators.get(o.mediatorId)));
  return (guard) => [
    ctx.repos.offers.withdrawOthersStatement(a.id, keep, ctx.clock.now(), guard),
    ...mediators.flatMap((m) =>
      m && service
        ? [queueNotice(ctx, { type: 'offer_withdrawn', recipientName: m.name, facts: offeredFacts(a, service, null), reason }, mediatorRecipient(m), guard)]
        : [],
    ),
  ];
}

export interface OfferListQuery extends PageInput {
  status?: OfferStatus;
  appointmentId?: string;
  mediatorId?: string;
}

/**
 * An offer with what its mediator needs to decide: when, where, for which service (and its
 * address), how, for how long. Never the case reference or the notes: an offered mediator reads
 * those on the appointment once they have accepted it.
 */
export interface OfferView extends OfferRow {
  appointment: {
    id: string;
    start: number;
    end: number;
    durationMinutes: number;
    language: string;
    modality: string;
    area: string;
    sector: string;
    urgency: string;
    location: string | null;
    service: { id: string; name: string; address: string };
  } | null;
}

/** The offers with their appointments (one read each, services read once). */
export async function offerViews(ctx: Ctx, offers: readonly OfferRow[]): Promise<OfferView[]> {
  const services = new Map<string, Promise<ServiceRow | undefined>>();
  const serviceOf = (id: string) => {
    if (!services.has(id)) services.set(id, ctx.repos.services.get(id));
    return services.get(id) as Promise<ServiceRow | undefined>;
  };
  return Promise.all(
    offers.map(async (o) => {
      const a = await ctx.repos.appointments.get(o.appointmentId);
      const service = a ? await serviceOf(a.serviceId) : undefined;
      if (!a || !service) return { ...o, appointment: null };
      const facts = offeredFacts(a, service, null);
      return {
        ...o,
        appointment: {
          id: a.id,
          start: a.startsAt,
          end: a.endsAt,
          durationMinutes: a.durationMinutes,
          language: a.language,
          modality: a.modality,
          area: a.areaCode,
          sector: a.sector,
          urgency: a.urgency,
          location: facts.location,
          service: { id: service.id, name: service.name, address: service.address },
        },
      };
    }),
  );
}

/** One offer with its appointment: the mediator's own (others → 404), any for a coordinator. */
export async function getOffer(ctx: Ctx, offerId: string): Promise<OfferView> {
  requireRole(ctx.actor, 'mediator', 'coordinator');
  const [view] = await offerViews(ctx, [await visibleOffer(ctx, offerId)]);
  return view as OfferView;
}

/** Offers by id: a mediator's own (whichever mediatorId they ask for), any for a coordinator. */
export async function listOffers(ctx: Ctx, query: OfferListQuery): Promise<Page<OfferView>> {
  requireRole(ctx.actor, 'mediator', 'coordinator');
  const mediatorId = ctx.actor.role === 'mediator' ? (ctx.actor.mediatorId ?? '') : query.mediatorId;
  const page = await ctx.repos.offers.list({
    limit: query.limit,
    afterId: afterId(query.cursor),
    ...(mediatorId ? { mediatorId } : {}),
    ...(query.appointmentId ? { appointmentId: query.appointmentId } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return { ...page, items: await offerViews(ctx, page.items) };
}

/** The offer and its request while it can still be answered (offer pending, request still offered); otherwise undefined. */
export async function openOffer(ctx: Ctx, offerId: string): Promise<{ offer: OfferRow; appointment: AppointmentRow } | undefined> {
  requireRole(ctx.actor, 'mediator', 'coordinator');
  const offer = await visibleOffer(ctx, offerId);
  const appointment = await ctx.repos.appointments.get(offer.appointmentId);
  if (offer.status !== 'pending' || !appointment || appointment.status !== 'offered') return undefined;
  return { offer, appointment };
}

/** What an accept/decline link in an offer e-mail carries. */
export interface OfferLink {
  offerId: string;
  action: string;
  token: string;
}

export type OfferLinkCheck = { refused: 'invalid' | 'forged' | 'expired' | 'not_found' } | { offer: OfferRow; action: OfferAction; actor: Actor };

/**
 * Checks a signed link, as the system (its signature is the credential): a valid one names the
 * offer's mediator as the actor, so accepting or declining by link goes through the same operations.
 */
export async function checkOfferLink(ctx: Ctx, link: OfferLink): Promise<OfferLinkCheck> {
  requireRole(ctx.actor, 'system');
  const action = link.action;
  if (action !== 'accept' && action !== 'decline') return { refused: 'invalid' };
  const verdict = await verifyToken(await linkSecret(ctx), offerSubject(link.offerId, action), link.token, ctx.clock.now());
  if (verdict !== 'valid') return { refused: verdict };
  const offer = await ctx.repos.offers.get(link.offerId);
  if (!offer) return { refused: 'not_found' };
  return { offer, action, actor: { userId: `link:${offer.mediatorId}`, role: 'mediator', serviceId: null, mediatorId: offer.mediatorId } };
}
