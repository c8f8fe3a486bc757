import type { Statement } from '../../db/database.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import type { ChangeGuard } from '../../db/repositories/guard.js';
import type { WebhookRow } from '../../db/repositories/webhooks.js';
import type { Ctx } from '../deps.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { formatInstant } from '../domain/time.js';
import { targetProblem, type WebhookEvent } from '../domain/webhook-target.js';
import { newWebhookSecret } from '../webhook-signature.js';
import { afterInstant } from './pagination.js';
import { requireRole } from './access.js';

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  description?: string | undefined;
}

/** A coordinator subscribes a URL to events; the answer carries the signing secret, shown this once. */
export async function createWebhook(ctx: Ctx, input: WebhookInput): Promise<WebhookRow> {
  requireRole(ctx.actor, 'coordinator');
  const problem = targetProblem(input.url, ctx.config.webhooks.allowPrivate);
  if (problem) throw new InvalidError('url', `The URL cannot receive webhooks: ${problem}.`, 'webhook_target_refused');
  const row: WebhookRow = {
    id: ctx.ids.next('whk'),
    url: input.url,
    events: JSON.stringify([...new Set(input.events)]),
    secret: newWebhookSecret(),
    description: input.description ?? null,
    active: true,
    createdBy: ctx.actor.userId ?? 'system',
    createdAt: ctx.clock.now(),
  };
  await ctx.repos.webhooks.create(row);
  return row;
}

export async function listWebhooks(ctx: Ctx): Promise<WebhookRow[]> {
  requireRole(ctx.actor, 'coordinator');
  return ctx.repos.webhooks.list();
}

export async function getWebhook(ctx: Ctx, id: string): Promise<WebhookRow> {
  requireRole(ctx.actor, 'coordinator');
  const row = await ctx.repos.webhooks.get(id);
  if (!row || !row.active) throw new NotFoundError('webhook', id);
  return row;
}

/** Unsubscribes: nothing more is queued or sent; the deliveries stay listed. */
export async function deleteWebhook(ctx: Ctx, id: string): Promise<void> {
  await getWebhook(ctx, id);
  await ctx.repos.webhooks.deactivate(id);
}

export async function listDeliveries(ctx: Ctx, id: string, page: { limit: number; cursor?: string | undefined }) {
  await getWebhook(ctx, id);
  const before = afterInstant(page.cursor);
  return ctx.repos.webhooks.deliveries(id, page.limit, before);
}

/** Sends a delivery again at the next run of the jobs: the same webhook-id and body, a new timestamp and signature. */
export async function replayDelivery(ctx: Ctx, id: string, deliveryId: string) {
  await getWebhook(ctx, id);
  const delivery = await ctx.repos.webhooks.delivery(deliveryId);
  if (!delivery || delivery.webhookId !== id) throw new NotFoundError('delivery', deliveryId);
  await ctx.repos.webhooks.replay(deliveryId, ctx.clock.now());
  return (await ctx.repos.webhooks.delivery(deliveryId)) as NonNullable<typeof delivery>;
}

/** What an appointment event tells a subscriber: no case reference, notes or names (they stay in the service). */
function appointmentData(a: AppointmentRow, zone: string) {
  return {
    appointmentId: a.id,
    serviceId: a.serviceId,
    seriesId: a.seriesId,
    status: a.status,
    mediatorId: a.mediatorId,
    language: a.language,
    area: a.areaCode,
    modality: a.modality,
    start: formatInstant(a.startsAt, zone),
    end: formatInstant(a.endsAt, zone),
    fallbackStep: a.fallbackStep,
  };
}

/**
 * The statement that queues an event for every webhook subscribed to it, for the batch of the change
 * (guarded by it). The body follows Standard Webhooks: { type, timestamp, data }.
 */
export function webhookEvent(ctx: Ctx, type: WebhookEvent, a: AppointmentRow, guard?: ChangeGuard, extra: Record<string, unknown> = {}): Statement {
  const now = ctx.clock.now();
  return ctx.repos.webhooks.queueStatement(ctx.ids.next('msg'), type, payloadOf(ctx, type, a, extra), now, guard);
}

/** `attendance.settled`, queued with the settlement's insert and written only if that settlement stands. */
export function settledWebhookEvent(ctx: Ctx, a: AppointmentRow, settlement: { settledAt: number; outcome: string; billableMinutes: number; source: string }): Statement {
  const extra = { outcome: settlement.outcome, billableMinutes: settlement.billableMinutes, source: settlement.source };
  return ctx.repos.webhooks.queueOnSettlementStatement(ctx.ids.next('msg'), 'attendance.settled', payloadOf(ctx, 'attendance.settled', a, extra), ctx.clock.now(), a.id, settlement.settledAt);
}

function payloadOf(ctx: Ctx, type: WebhookEvent, a: AppointmentRow, extra: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: new Date(ctx.clock.now()).toISOString(), data: { ...appointmentData(a, ctx.config.zone), ...extra } });
}

export type { WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from '../../db/repositories/webhooks.js';
