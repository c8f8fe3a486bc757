import { createRoute, type z } from '@hono/zod-openapi';
import { formatInstant, formatNullable } from '../../domain/time.js';
import type { WebhookEvent } from '../../domain/webhook-target.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '../../operations/webhooks.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { allow } from '../roles.js';
import { commonErrors, IdParam, jsonBody, jsonResponse, listOf, noBody } from '../schemas/common.js';
import { DeliveriesQuery, DeliveryParams, Webhook, WebhookCreate, WebhookCreated, WebhookDelivery } from '../schemas/webhooks.js';

const tags = ['webhooks'];

const create = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'post',
  path: '/webhooks',
  summary: 'Subscribe a URL to events (coordinator); the signing secret is shown once',
  description:
    'Events: appointment.booked / released / cancelled / unfilled, offer.accepted, attendance.settled. Each is queued in the batch of the change and POSTed by the background jobs per the Standard Webhooks specification: headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the base64 part of the `whsec_` secret; body `{ type, timestamp, data }` (no case reference or notes). A non-2xx answer or no answer is retried with backoff (30 s doubling, at most 1 h; `failed` after WEBHOOK_MAX_ATTEMPTS); redirects are not followed. Loopback, private and local targets, and plain http, are refused (422 `webhook_target_refused`) unless WEBHOOK_ALLOW_PRIVATE=true.',
  request: jsonBody(WebhookCreate),
  responses: { 201: jsonResponse(WebhookCreated, 'Subscribed; keep the secret.'), ...commonErrors },
});

const list = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'get',
  path: '/webhooks',
  summary: 'The webhooks in force (coordinator), without their secrets',
  responses: { 200: jsonResponse(listOf(Webhook, 'WebhookList'), 'Every active webhook.'), ...commonErrors },
});

const get = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'get',
  path: '/webhooks/{id}',
  summary: 'One webhook (coordinator)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(Webhook, 'The webhook.'), ...commonErrors },
});

const remove = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'delete',
  path: '/webhooks/{id}',
  summary: 'Unsubscribe (coordinator): nothing more is queued or sent',
  request: { params: IdParam },
  responses: { 204: { description: 'Unsubscribed.' }, ...commonErrors },
});

const deliveries = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  summary: 'A webhook’s deliveries, newest first, each with its attempts (coordinator)',
  request: { params: IdParam, query: DeliveriesQuery },
  responses: { 200: jsonResponse(listOf(WebhookDelivery, 'WebhookDeliveryList'), 'A page of deliveries.'), ...commonErrors },
});

const replay = createRoute({
  tags,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  method: 'post',
  path: '/webhooks/{id}/deliveries/{deliveryId}/replay',
  summary: 'Send a delivery again (coordinator): the same webhook-id and body, at the next run of the jobs',
  request: { params: DeliveryParams, ...noBody },
  responses: { 200: jsonResponse(WebhookDelivery, 'Queued again.'), ...commonErrors },
});

function presentWebhook(w: WebhookRow): z.infer<typeof Webhook> {
  return { id: w.id, url: w.url, events: JSON.parse(w.events) as WebhookEvent[], description: w.description, createdAt: formatInstant(w.createdAt) };
}

function presentDelivery(d: WebhookDeliveryRow & { attemptLog?: WebhookAttemptRow[] }): z.infer<typeof WebhookDelivery> {
  return {
    id: d.id,
    webhookId: d.webhookId,
    event: d.event as WebhookEvent,
    status: d.status as z.infer<typeof WebhookDelivery>['status'],
    attempts: d.attempts,
    nextAttemptAt: formatInstant(d.nextAttemptAt),
    lastError: d.lastError,
    createdAt: formatInstant(d.createdAt),
    deliveredAt: formatNullable(d.deliveredAt),
    payload: JSON.parse(d.payload) as Record<string, unknown>,
    attemptLog: (d.attemptLog ?? []).map((a) => ({ attempt: a.attempt, at: formatInstant(a.at), responseStatus: a.responseStatus, error: a.error, durationMs: a.durationMs })),
  };
}

export const webhookRoutes = router()
  .openapi(create, async (c) => {
    const row = await createWebhook(ctxOf(c), c.req.valid('json'));
    c.header('Location', `/v1/webhooks/${row.id}`);
    return c.json({ ...presentWebhook(row), secret: row.secret }, 201);
  })
  .openapi(list, async (c) => c.json({ items: (await listWebhooks(ctxOf(c))).map(presentWebhook), nextCursor: null }, 200))
  .openapi(get, async (c) => c.json(presentWebhook(await getWebhook(ctxOf(c), c.req.valid('param').id)), 200))
  .openapi(remove, async (c) => {
    await deleteWebhook(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(deliveries, async (c) => {
    const page = await listDeliveries(ctxOf(c), c.req.valid('param').id, c.req.valid('query'));
    return c.json({ items: page.items.map(presentDelivery), nextCursor: page.nextCursor }, 200);
  })
  .openapi(replay, async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    return c.json(presentDelivery(await replayDelivery(ctxOf(c), id, deliveryId)), 200);
  });
