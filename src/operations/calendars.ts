import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { FeedOwner } from '../../db/repositories/calendar-feeds.js';
import type { CalendarEvent } from '../calendar/event.js';
import type { Ctx } from '../deps.js';
import { ConflictError, DomainError, NotFoundError } from '../domain/errors.js';
import { DAY } from '../domain/intervals.js';
import { sha256Hex } from '../ids.js';
import { calendarEventOf } from '../mail/outbox-render.js';
import { deriveSecret } from '../signing.js';
import { assertMediatorVisible, assertServiceVisible, requireRole } from './access.js';
import { getVisibleAppointment } from './access.js';
import { factsOf } from './notify.js';
import { linkSecret } from './offers.js';

export type { FeedOwner } from '../../db/repositories/calendar-feeds.js';

/** Appointments read per query while building a feed. */
const FEED_PAGE = 1000;

/** The owner of a feed, if the caller may manage it: the mediator themself or the service's desk, or a coordinator. */
async function assertFeedOwnerVisible(ctx: Ctx, owner: FeedOwner, id: string): Promise<void> {
  requireRole(ctx.actor, owner === 'mediator' ? 'mediator' : 'desk', 'coordinator');
  if (owner === 'mediator') {
    assertMediatorVisible(ctx.actor, id);
    if (!(await ctx.repos.mediators.get(id))) throw new NotFoundError('mediator', id);
  } else {
    assertServiceVisible(ctx.actor, id);
    if (!(await ctx.repos.services.get(id))) throw new NotFoundError('service', id);
  }
}

function feedUrl(ctx: Ctx, owner: FeedOwner, id: string, token: string): string {
  return `${ctx.config.publicUrl}/v1/calendars/${owner === 'mediator' ? 'mediators' : 'services'}/${id}.ics?token=${token}`;
}

/**
 * A feed's token is derived from its row id with the installation's link secret, so the URL can be
 * shown again (GET) without storing it; the database keeps only its hash, as before.
 */
async function feedTokenOf(ctx: Ctx, feedId: string): Promise<string> {
  return deriveSecret(await linkSecret(ctx), `calendar-feed.${feedId}`);
}

/** A subscription URL, its token and since when it works. */
export interface FeedUrl {
  url: string;
  token: string;
  createdAt: number;
}

/** A new secret subscription URL for a mediator's or a service's calendar; the old one stops working. */
export async function rotateFeed(ctx: Ctx, owner: FeedOwner, id: string): Promise<FeedUrl> {
  await assertFeedOwnerVisible(ctx, owner, id);
  const feedId = ctx.ids.next('cal');
  const token = await feedTokenOf(ctx, feedId);
  const now = ctx.clock.now();
  await ctx.repos.calendarFeeds.rotate(feedId, owner, id, await sha256Hex(token), ctx.actor.userId, now);
  return { url: feedUrl(ctx, owner, id, token), token, createdAt: now };
}

/**
 * The subscription URL in force, read without changing it (subscriptions keep working). 404
 * `no_feed` when there is none (never issued, or revoked); 409 `feed_url_unreadable` for a URL
 * issued before URLs could be shown again, or under another link secret: it works, but only a
 * rotation can show one.
 */
export async function currentFeed(ctx: Ctx, owner: FeedOwner, id: string): Promise<FeedUrl> {
  await assertFeedOwnerVisible(ctx, owner, id);
  const feed = await ctx.repos.calendarFeeds.current(owner, id);
  if (!feed) throw new DomainError(404, 'no_feed', 'There is no subscription URL yet (or it was revoked): create one with POST.');
  const token = await feedTokenOf(ctx, feed.id);
  if ((await sha256Hex(token)) !== feed.tokenHash) {
    throw new ConflictError('feed_url_unreadable', 'This subscription URL works but cannot be shown again (it predates readable URLs): rotate it once with POST.');
  }
  return { url: feedUrl(ctx, owner, id, token), token, createdAt: feed.createdAt };
}

/** Revokes the subscription URL of a mediator's or a service's calendar. */
export async function revokeFeed(ctx: Ctx, owner: FeedOwner, id: string): Promise<void> {
  await assertFeedOwnerVisible(ctx, owner, id);
  await ctx.repos.calendarFeeds.revoke(owner, id, ctx.clock.now());
}

/** Service and mediator reads memoised for one feed or invite: a feed shows the same few many times. */
function lookupsFor(ctx: Ctx) {
  const services = new Map<string, ReturnType<Ctx['repos']['services']['get']>>();
  const mediators = new Map<string, ReturnType<Ctx['repos']['mediators']['get']>>();
  const once = <V>(memo: Map<string, V>, id: string, load: (id: string) => V) => {
    if (!memo.has(id)) memo.set(id, load(id));
    return memo.get(id) as V;
  };
  return {
    service: (id: string) => once(services, id, ctx.repos.services.get),
    mediator: (id: string) => once(mediators, id, ctx.repos.mediators.get),
  };
}

/** A stored appointment as a calendar event (SEQUENCE = its version). */
async function eventOf(ctx: Ctx, a: AppointmentRow, lookups = lookupsFor(ctx)): Promise<CalendarEvent> {
  const [service, mediator] = await Promise.all([lookups.service(a.serviceId), a.mediatorId ? lookups.mediator(a.mediatorId) : undefined]);
  if (!service) throw new NotFoundError('service', a.serviceId);
  return calendarEventOf(factsOf(a, service, mediator ?? null), a.version, a.updatedAt, ctx.config.mail.organizerEmail, a.status === 'cancelled');
}

/** An appointment the caller may see, as an invite: REQUEST, or CANCEL once cancelled. */
export async function appointmentInvite(ctx: Ctx, id: string): Promise<{ event: CalendarEvent; method: 'REQUEST' | 'CANCEL' }> {
  const a = await getVisibleAppointment(ctx, id);
  return { event: await eventOf(ctx, a), method: a.status === 'cancelled' ? 'CANCEL' : 'REQUEST' };
}

/** What a subscription URL carries. */
export interface FeedRequest {
  owner: FeedOwner;
  id: string;
  token: string;
}

/**
 * A subscription feed: the owner's appointments from 30 days ago to a year ahead, cancelled ones
 * included. The secret token in the URL is the credential (calendar apps send no bearer token);
 * an unknown, rotated or revoked one is 404, and so is one whose owner was deactivated or whose
 * user was revoked.
 */
export async function calendarFeed(ctx: Ctx, feed: FeedRequest): Promise<CalendarEvent[]> {
  const { owner, id, token } = feed;
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(token) || !(await ctx.repos.calendarFeeds.isValid(owner, id, await sha256Hex(token)))) {
    throw new DomainError(404, 'not_found', 'No such calendar (the link may have been rotated or revoked).');
  }
  const now = ctx.clock.now();
  // Every appointment of the window, page by page: a feed that stopped at a page size would
  // silently leave a busy service's later appointments out of its calendar.
  const rows: AppointmentRow[] = [];
  for (let after: [number, string] | undefined; ; ) {
    const page = await ctx.repos.appointments.list({
      limit: FEED_PAGE,
      from: now - 30 * DAY,
      to: now + 366 * DAY,
      ...(owner === 'mediator' ? { mediatorId: id } : { serviceId: id }),
      ...(after ? { after } : {}),
    });
    rows.push(...page.items.filter((a) => a.status === 'booked' || (a.status === 'cancelled' && a.mediatorId !== null)));
    const last = page.items[page.items.length - 1];
    if (!page.nextCursor || !last) break;
    after = [last.startsAt, last.id];
  }
  const lookups = lookupsFor(ctx);
  return Promise.all(rows.map((a) => eventOf(ctx, a, lookups)));
}
