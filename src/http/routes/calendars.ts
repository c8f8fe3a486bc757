import { createRoute, z } from '@hono/zod-openapi';
import { buildFeed } from '../../calendar/feed.js';
import { buildInvite } from '../../calendar/invite.js';
import { formatInstant } from '../../domain/time.js';
import { appointmentInvite, calendarFeed, currentFeed, type FeedOwner, type FeedUrl, revokeFeed, rotateFeed } from '../../operations/calendars.js';
import { bearerSecurity, ctxOf, router, systemCtxOf } from '../env.js';
import { allow } from '../roles.js';
import { commonErrors, conflictError, IdParam, jsonResponse, noBody } from '../schemas/common.js';
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


const FEED_SUMMARIES = {
  get: (owner: FeedOwner) => `The ${owner}'s subscription URL in force, read without changing it (subscriptions keep working)`,
  post: (owner: FeedOwner) => `New secret subscription URL for a ${owner}'s calendar (rotation: the old one stops working)`,
  delete: (owner: FeedOwner) => `Revoke the ${owner}'s subscription URL`,
};

const FEED_RESPONSES = {
  get: {
    200: jsonResponse(FeedToken, 'The URL in force.'),
    ...commonErrors,
    ...conflictError,
  },
  post: { 201: jsonResponse(FeedToken, 'The new URL; the previous one stops working.'), ...commonErrors },
  delete: { 204: { description: 'Revoked.' }, ...commonErrors },
};

const feedTokenRoute = <M extends 'get' | 'post' | 'delete'>(owner: FeedOwner, method: M) =>
  createRoute({
    method,
    path: owner === 'mediator' ? '/calendars/mediators/{id}/token' : '/calendars/services/{id}/token',
    tags,
    summary: FEED_SUMMARIES[method](owner),
    ...(method === 'get'
      ? {
          description:
            '404 `no_feed` when there is no URL (never created, or revoked); 409 `feed_url_unreadable` for a URL issued before URLs could be read back: it still works, and one rotation (POST) gives one that can be read.',
        }
      : {}),
    security: bearerSecurity,
    middleware: [allow(owner === 'mediator' ? 'mediator' : 'desk', 'coordinator')] as const,
    request: method === 'post' ? { params: IdParam, ...noBody } : { params: IdParam },
    responses: FEED_RESPONSES[method] as (typeof FEED_RESPONSES)[M],
  });

const presentFeed = (f: FeedUrl) => ({ url: f.url, token: f.token, createdAt: formatInstant(f.createdAt) });

export function calendarRoutes() {
  const r = router().openapi(invite, async (c) => {
    const { event, method } = await appointmentInvite(ctxOf(c), c.req.valid('param').id);
    return c.body(buildInvite(event, method), 200, { 'content-type': `${ICS}; method=${method}` }) as never;
  });
  for (const owner of ['mediator', 'service'] as const) {
    r.openapi(feedTokenRoute(owner, 'get'), async (c) => c.json(presentFeed(await currentFeed(ctxOf(c), owner, c.req.valid('param').id)), 200) as never);
    r.openapi(feedTokenRoute(owner, 'post'), async (c) => c.json(presentFeed(await rotateFeed(ctxOf(c), owner, c.req.valid('param').id)), 201) as never);
    r.openapi(feedTokenRoute(owner, 'delete'), async (c) => {
      await revokeFeed(ctxOf(c), owner, c.req.valid('param').id);
      return c.body(null, 204) as never;
    });
  }
  return r;
}

/**
 * Subscription feeds, authenticated by the secret token in the URL (calendar apps cannot send
 * bearer tokens), served by the system on the token's say-so.
 */
export function feedRoutes() {
  const r = router();
  for (const owner of ['mediator', 'service'] as const) {
    r.get(`/calendars/${owner === 'mediator' ? 'mediators' : 'services'}/:file{[A-Za-z0-9_-]+\\.ics}`, async (c) => {
      const id = c.req.param('file').replace(/\.ics$/, '');
      const events = await calendarFeed(systemCtxOf(c), { owner, id, token: c.req.query('token') ?? '' });
      const name = owner === 'mediator' ? 'Mediazione – i miei appuntamenti' : 'Mediazione – appuntamenti del servizio';
      return c.body(buildFeed({ name, events }), 200, { 'content-type': ICS, 'cache-control': 'private, max-age=300' });
    });
  }
  return r;
}
