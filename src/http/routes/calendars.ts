import { createRoute, z } from '@hono/zod-openapi';
import { buildFeed } from '../../calendar/feed.js';
import { buildInvite } from '../../calendar/invite.js';
import { appointmentInvite, calendarFeed, type FeedOwner, revokeFeed, rotateFeed } from '../../operations/calendars.js';
import { bearerSecurity, ctxOf, router, systemCtxOf } from '../env.js';
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

export function calendarRoutes() {
  const r = router().openapi(invite, async (c) => {
    const { event, method } = await appointmentInvite(ctxOf(c), c.req.valid('param').id);
    return c.body(buildInvite(event, method), 200, { 'content-type': `${ICS}; method=${method}` }) as never;
  });
  for (const owner of ['mediator', 'service'] as const) {
    r.openapi(feedTokenRoute(owner, 'post'), async (c) => c.json(await rotateFeed(ctxOf(c), owner, c.req.valid('param').id), 201) as never);
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
