import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS } from '../../domain/webhook-target.js';
import type { WebhookInput } from '../../operations/webhooks.js';
import { Id, PageQuery, type ParsesTo } from './common.js';

export const WebhookCreate = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
    description: z.string().trim().max(200).optional(),
  })
  .openapi('WebhookCreate');
true satisfies ParsesTo<typeof WebhookCreate, WebhookInput>;

export const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

export const WebhookCreated = Webhook.extend({
  secret: z.string().openapi({ description: 'The signing secret (`whsec_` + base64), shown this once: keep it to verify `webhook-signature`.' }),
}).openapi('WebhookCreated');

export const WebhookAttempt = z.object({
  attempt: z.number(),
  at: z.string(),
  responseStatus: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});

export const WebhookDelivery = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id` header: the same on every attempt and on a replay.' }),
    webhookId: z.string(),
    event: z.enum(WEBHOOK_EVENTS),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'The body sent: { type, timestamp, data }.' }),
    attemptLog: z.array(WebhookAttempt),
  })
  .openapi('WebhookDelivery');

export const DeliveryParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  deliveryId: Id.openapi({ param: { name: 'deliveryId', in: 'path' } }),
});

export const DeliveriesQuery = PageQuery;
