import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { webhookAttempts, webhookDeliveries, webhooks } from '../schema.js';
import { pageOf } from './cursor.js';
import { type ChangeGuard, guardCondition } from './guard.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export interface AttemptOutcome {
  deliveryId: string;
  attempt: number;
  at: number;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  /** delivered, or pending again at `nextAttemptAt`, or failed for good. */
  status: 'delivered' | 'pending' | 'failed';
  nextAttemptAt: number;
}

function queue(idPrefix: string, event: string, payload: string, now: number, condition: SQL): Statement {
  return sql`INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at)
    SELECT ${idPrefix} || '_' || w.id, w.id, ${event}, ${payload}, 'pending', 0, ${now}, ${now} FROM webhooks w
    WHERE w.active = 1 AND EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = ${event}) AND ${condition}`;
}

export function webhooksRepository(db: Database) {
  return {
    async create(row: WebhookRow): Promise<void> {
      await db.exec(db.orm.insert(webhooks).values(row));
    },

    async get(id: string): Promise<WebhookRow | undefined> {
      return db.orm.select().from(webhooks).where(eq(webhooks.id, id)).get();
    },

    async list(): Promise<WebhookRow[]> {
      return db.orm.select().from(webhooks).where(eq(webhooks.active, true)).orderBy(asc(webhooks.id));
    },

    /** Stops deliveries: no new ones are queued and pending ones are not sent. */
    async deactivate(id: string): Promise<number> {
      return db.exec(sql`UPDATE webhooks SET active = 0 WHERE id = ${id} AND active = 1`);
    },

    /**
     * Queues `payload` for every active webhook subscribed to `event`, in the batch of the change
     * (written only if the change happened). One statement whatever the number of webhooks.
     */
    queueStatement(idPrefix: string, event: string, payload: string, now: number, guard?: ChangeGuard): Statement {
      return queue(idPrefix, event, payload, now, guardCondition(guard));
    },

    /** The same, for a settlement: written only if the settlement inserted in the same batch (at `settledAt`) is the one that stands. */
    queueOnSettlementStatement(idPrefix: string, event: string, payload: string, now: number, appointmentId: string, settledAt: number): Statement {
      return queue(idPrefix, event, payload, now, sql`EXISTS (SELECT 1 FROM settlements WHERE appointment_id = ${appointmentId} AND settled_at = ${settledAt})`);
    },

    /** Due deliveries of active webhooks, oldest first. */
    async due(now: number, limit: number): Promise<Array<WebhookDeliveryRow & { url: string; secret: string }>> {
      const rows = await db.orm
        .select({ d: webhookDeliveries, url: webhooks.url, secret: webhooks.secret })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(and(eq(webhookDeliveries.status, 'pending'), sql`${webhookDeliveries.nextAttemptAt} <= ${now}`, eq(webhooks.active, true)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit);
      return rows.map((r) => ({ ...r.d, url: r.url, secret: r.secret }));
    },

    /** Takes a due delivery for `leaseMs` so that no other runner sends it meanwhile: 1 = ours. */
    async lease(id: string, expectedNextAttemptAt: number, until: number): Promise<number> {
      return db.exec(sql`UPDATE webhook_deliveries SET next_attempt_at = ${until}
        WHERE id = ${id} AND status = 'pending' AND next_attempt_at = ${expectedNextAttemptAt}`);
    },

    /** The attempt's record and the delivery's new state, together. */
    async recordAttempt(o: AttemptOutcome): Promise<void> {
      await db.batch([
        db.orm.insert(webhookAttempts).values({ deliveryId: o.deliveryId, attempt: o.attempt, at: o.at, responseStatus: o.responseStatus, error: o.error, durationMs: o.durationMs }),
        sql`UPDATE webhook_deliveries SET attempts = ${o.attempt}, status = ${o.status}, next_attempt_at = ${o.nextAttemptAt},
            last_error = ${o.error}, delivered_at = ${o.status === 'delivered' ? o.at : null}
          WHERE id = ${o.deliveryId}`,
      ]);
    },

    /** A webhook's deliveries, newest first, with their attempts. */
    async deliveries(webhookId: string, limit: number, before?: [number, string]) {
      const where: SQL[] = [eq(webhookDeliveries.webhookId, webhookId)];
      if (before) where.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${before[0]}, ${before[1]})`);
      const rows = await db.orm
        .select()
        .from(webhookDeliveries)
        .where(and(...where))
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(limit + 1);
      const page = pageOf(rows, limit, (r) => [r.createdAt, r.id]);
      const ids = page.items.map((d) => d.id);
      const attempts = ids.length
        ? await db.orm.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).orderBy(asc(webhookAttempts.attempt))
        : [];
      return { ...page, items: page.items.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) })) };
    },

    async delivery(id: string): Promise<WebhookDeliveryRow | undefined> {
      return db.orm.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
    },

    /** Sends a delivery again (the same webhook-id and body) at the next run, whatever its state. */
    async replay(id: string, now: number): Promise<number> {
      return db.exec(sql`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ${now} WHERE id = ${id}`);
    },
  };
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
