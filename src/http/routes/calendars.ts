import { createRoute, z } from '@hono/zod-openapi';
import type { AppointmentRow } from '../../../db/repositories/appointments.js';
import type { FeedOwner } from '../../../db/repositories/calendar-feeds.js';
import { buildFeed } from '../../calendar/feed.js';
import { buildInvite } from '../../calendar/invite.js';
import type { Ctx } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { DAY } from '../../domain/intervals.js';
import { randomSecret, sha256Hex } from '../../ids.js';
import { calendarEventOf } from '../../mail/outbox-render.js';
import { assertMediatorVisible, assertServiceVisible } from '../../operations/access.js';
import { getVisibleAppointment } from '../../operations/access.js';
import { factsOf } from '../../operations/notify.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { problemResponse } from '../problem.js';
import { allow } from '../roles.js';
import { commonErrors, IdParam, jsonResponse, noBody } from '../schemas/common.js';
import { FeedToken } from '../schemas/mail.js';

const tags = ['calendar'];
const ICS = 'text/calendar; charset=utf-8';

const invite = createRoute({
  method: 'get',
  path: '/appointments/{id}/invite.ics',
  tags,
  summary: 'The appointment as an iCalendar invite (REQUEST, or CANCEL once cancelled)',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: { description: 'text/calendar', content: { [ICS]: { schema: z.string() } } }, ...commonErrors },
});


const feedTokenRoute = (owner: FeedOwner, method: 'post' | 'delete') =>
  createRoute({
    method,
    path: owner === 'mediator' ? '/calendars/mediators/{id}/token' : '/calendars/services/{id}/token',
    tags,
    summary:
      method === 'post'
        ? `New secret subscription URL for a ${owner}'s calendar (the old one stops working)`
        : `Revoke the ${owner}'s subscription URL`,
    security: bearerSecurity,
    middleware: [allow(owner === 'mediator' ? 'mediator' : 'desk', 'coordinator')] as const,
    request: method === 'post' ? { params: IdParam, ...noBody } : { params: IdParam },
    responses: method === 'post' ? { 201: jsonResponse(FeedToken, 'The URL, shown once.'), ...commonErrors } : { 204: { description: 'Revoked.' }, ...commonErrors },
  });

async function ownerVisible(ctx: Ctx, owner: FeedOwner, id: string): Promise<void> {
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

/** Service and mediator reads memoised for one request: a feed shows the same few many times. */
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

/** Renders a stored appointment as a calendar event (SEQUENCE = its version). */
async function eventOf(ctx: Ctx, a: AppointmentRow, lookups = lookupsFor(ctx)) {
  const [service, mediator] = await Promise.all([lookups.service(a.serviceId), a.mediatorId ? lookups.mediator(a.mediatorId) : undefined]);
  if (!service) throw new NotFoundError('service', a.serviceId);
  return calendarEventOf(factsOf(a, service, mediator ?? null), a.version, a.updatedAt, ctx.config.mail.organizerEmail, a.status === 'cancelled');
}

export function calendarRoutes() {
  const r = router().openapi(invite, async (c) => {
    const ctx = ctxOf(c);
    const a = await getVisibleAppointment(ctx, c.req.valid('param').id);
    const body = buildInvite(await eventOf(ctx, a), a.status === 'cancelled' ? 'CANCEL' : 'REQUEST');
    return c.body(body, 200, { 'content-type': `${ICS}; method=${a.status === 'cancelled' ? 'CANCEL' : 'REQUEST'}` }) as never;
  });
  for (const owner of ['mediator', 'service'] as const) {
    r.openapi(feedTokenRoute(owner, 'post'), async (c) => {
      const ctx = ctxOf(c);
      const { id } = c.req.valid('param');
      await ownerVisible(ctx, owner, id);
      const token = randomSecret(24);
      await ctx.repos.calendarFeeds.rotate(ctx.ids.next('cal'), owner, id, await sha256Hex(token), ctx.clock.now());
      return c.json({ url: feedUrl(ctx, owner, id, token), token }, 201) as never;
    });
    r.openapi(feedTokenRoute(owner, 'delete'), async (c) => {
      const ctx = ctxOf(c);
      const { id } = c.req.valid('param');
      await ownerVisible(ctx, owner, id);
      await ctx.repos.calendarFeeds.revoke(owner, id, ctx.clock.now());
      return c.body(null, 204) as never;
    });
  }
  return r;
}

/** Appointments read per query while building a feed. */
const FEED_PAGE = 1000;

/**
 * Subscription feeds, authenticated by the secret token in the URL (calendar apps cannot send
 * bearer tokens): the owner's appointments from 30 days ago to a year ahead, cancelled ones included.
 */
export function feedRoutes() {
  const r = router();
  for (const owner of ['mediator', 'service'] as const) {
    r.get(`/calendars/${owner === 'mediator' ? 'mediators' : 'services'}/:file{[A-Za-z0-9_-]+\\.ics}`, async (c) => {
      const id = c.req.param('file').replace(/\.ics$/, '');
      const token = c.req.query('token') ?? '';
      const deps = c.get('deps');
      const repos = c.get('repos');
      if (!/^[A-Za-z0-9_-]{10,100}$/.test(token) || !(await repos.calendarFeeds.isValid(owner, id, await sha256Hex(token)))) {
        return problemResponse(c, { status: 404, code: 'not_found', detail: 'No such calendar (the link may have been rotated or revoked).' });
      }
      const now = deps.clock.now();
      const ctx: Ctx = { ...deps, repos, actor: { userId: `feed:${owner}:${id}`, role: 'coordinator', serviceId: null, mediatorId: null } };
      // Every appointment of the window, page by page: a feed that stopped at a page size would
      // silently leave a busy service's later appointments out of its calendar.
      const rows: Awaited<ReturnType<typeof repos.appointments.list>>['items'] = [];
      for (let after: [number, string] | undefined; ; ) {
        const page = await repos.appointments.list({
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
      const events = await Promise.all(rows.map((a) => eventOf(ctx, a, lookups)));
      const name = owner === 'mediator' ? 'Mediazione – i miei appuntamenti' : 'Mediazione – appuntamenti del servizio';
      return c.body(buildFeed({ name, events }), 200, { 'content-type': ICS, 'cache-control': 'private, max-age=300' });
    });
  }
  return r;
}
