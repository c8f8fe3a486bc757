import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { outbox, outboxAttempts } from '../schema.js';
import { pageOf } from './cursor.js';
import { type ChangeGuard, guardCondition } from './guard.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  id: string;
  messageId: string;
  kind: string;
  appointmentId: string | null;
  locale: string;
  to: string[];
  cc: string[];
  payload: unknown;
  now: number;
}

export interface OutboxFilter {
  limit: number;
  afterId?: string;
  status?: string;
  appointmentId?: string;
  kind?: string;
}

export function outboxRepository(db: Database) {
  return {
    /**
     * Queues a message in the batch of the change it reports (only if that change happened).
     * The SEQUENCE is read from the appointment row by the same statement, so it is the version the change produced.
     */
    enqueueStatement(m: NewOutboxMessage, guard?: ChangeGuard): Statement {
      return sql`INSERT INTO outbox (id, message_id, kind, appointment_id, locale, to_addresses, cc_addresses, payload, sequence, status, attempts, next_attempt_at, created_at)
        SELECT ${m.id}, ${m.messageId}, ${m.kind}, ${m.appointmentId}, ${m.locale}, ${JSON.stringify(m.to)}, ${JSON.stringify(m.cc)}, ${JSON.stringify(m.payload)},
          (SELECT version FROM appointments WHERE id = ${m.appointmentId}), 'pending', 0, ${m.now}, ${m.now}
        WHERE ${guardCondition(guard)}`;
    },

    /** Leases up to `limit` due messages (pending and due, or a lease that expired with its sender). */
    async lease(now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
      const rows = await db.all<Record<string, unknown>>(sql`UPDATE outbox SET status = 'sending', lease_until = ${now + leaseMs}, attempts = attempts + 1
        WHERE id IN (SELECT id FROM outbox
          WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < ${now})
          ORDER BY next_attempt_at, id LIMIT ${limit})
        RETURNING *`);
      return rows.map(fromSqlRow);
    },

    async markSent(id: string, attempt: number, transport: string, now: number): Promise<void> {
      await db.batch([
        sql`UPDATE outbox SET status = 'sent', sent_at = ${now}, lease_until = NULL, last_error = NULL WHERE id = ${id} AND status = 'sending'`,
        db.orm.insert(outboxAttempts).values({ outboxId: id, attempt, at: now, transport, error: null }).onConflictDoNothing(),
      ]);
    },

    /** Records a failed attempt: back to pending at `retryAt`, or `failed` when `retryAt` is null. */
    async markFailed(id: string, attempt: number, transport: string, error: string, now: number, retryAt: number | null): Promise<void> {
      await db.batch([
        retryAt === null
          ? sql`UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ${error} WHERE id = ${id} AND status = 'sending'`
          : sql`UPDATE outbox SET status = 'pending', lease_until = NULL, last_error = ${error}, next_attempt_at = ${retryAt} WHERE id = ${id} AND status = 'sending'`,
        db.orm.insert(outboxAttempts).values({ outboxId: id, attempt, at: now, transport, error }).onConflictDoNothing(),
      ]);
    },

    /** Messages a stopping sender leased but did not finish go back to pending, due at `now` (the attempt is not counted). */
    async release(ids: string[], now: number): Promise<void> {
      await db.exec(sql`UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = ${now}, attempts = MAX(attempts - 1, 0)
        WHERE status = 'sending' AND id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    },

    /** A failed message goes back to pending with fresh attempts; the row as it is now, or undefined when it was not failed. */
    async retry(id: string, now: number): Promise<OutboxRow | undefined> {
      const rows = await db.all<Record<string, unknown>>(
        sql`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ${now} WHERE id = ${id} AND status = 'failed' RETURNING *`,
      );
      return rows[0] ? fromSqlRow(rows[0]) : undefined;
    },

    async get(id: string): Promise<OutboxRow | undefined> {
      return (await db.orm.select().from(outbox).where(eq(outbox.id, id)))[0];
    },

    async attempts(id: string) {
      return db.orm.select().from(outboxAttempts).where(eq(outboxAttempts.outboxId, id)).orderBy(asc(outboxAttempts.attempt));
    },

    async list(f: OutboxFilter) {
      const where: SQL[] = [];
      if (f.afterId) where.push(gt(outbox.id, f.afterId));
      if (f.status) where.push(eq(outbox.status, f.status));
      if (f.appointmentId) where.push(eq(outbox.appointmentId, f.appointmentId));
      if (f.kind) where.push(eq(outbox.kind, f.kind));
      const rows = await db.orm
        .select()
        .from(outbox)
        .where(and(...where))
        .orderBy(asc(outbox.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.id]);
    },

    async counts(): Promise<Record<string, number>> {
      const rows = await db.all<{ status: string; n: number }>(sql`SELECT status, COUNT(*) AS n FROM outbox GROUP BY status`);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

function fromSqlRow(r: Record<string, unknown>): OutboxRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: r.id as string,
    messageId: r.message_id as string,
    kind: r.kind as string,
    appointmentId: (r.appointment_id as string | null) ?? null,
    locale: r.locale as string,
    to: r.to_addresses as string,
    cc: r.cc_addresses as string,
    payload: r.payload as string,
    sequence: num(r.sequence),
    status: r.status as string,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    leaseUntil: num(r.lease_until),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: Number(r.created_at),
    sentAt: num(r.sent_at),
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
