import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { offers } from '../schema.js';
import { pageOf } from './cursor.js';
import { type ChangeGuard, guardCondition } from './guard.js';

export type OfferRow = typeof offers.$inferSelect;

export function offersRepository(db: Database) {
  return {
    insertStatement(row: OfferRow, guard: ChangeGuard): Statement {
      return sql`INSERT INTO offers (id, appointment_id, mediator_id, round, rank, status, expires_at, created_at, responded_at)
        SELECT ${row.id}, ${row.appointmentId}, ${row.mediatorId}, ${row.round}, ${row.rank}, ${row.status}, ${row.expiresAt}, ${row.createdAt}, NULL
        WHERE ${guardCondition(guard)}`;
    },

    /** The condition (written out) a booking by offer needs: this offer is still open and unexpired. */
    stillOpen(offerId: string, now: number): SQL {
      return sql`EXISTS (SELECT 1 FROM offers WHERE id = ${offerId} AND status = 'pending' AND expires_at > ${now})`;
    },

    acceptStatement(offerId: string, now: number, guard: ChangeGuard): Statement {
      return sql`UPDATE offers SET status = 'accepted', responded_at = ${now} WHERE id = ${offerId} AND status = 'pending' AND ${guardCondition(guard)}`;
    },

    /** Every other open offer for the appointment goes away once one is accepted (or the request is cancelled). */
    withdrawOthersStatement(appointmentId: string, exceptId: string | null, now: number, guard: ChangeGuard): Statement {
      return sql`UPDATE offers SET status = 'withdrawn', responded_at = ${now}
        WHERE appointment_id = ${appointmentId} AND status = 'pending' AND id <> ${exceptId ?? ''} AND ${guardCondition(guard)}`;
    },

    async decline(offerId: string, mediatorId: string, now: number): Promise<number> {
      return db.exec(sql`UPDATE offers SET status = 'declined', responded_at = ${now}
        WHERE id = ${offerId} AND mediator_id = ${mediatorId} AND status = 'pending'`);
    },

    /** Marks due offers expired; returns the appointments they belonged to. */
    async expireDue(now: number): Promise<string[]> {
      const rows = await db.all<{ appointment_id: string }>(
        sql`UPDATE offers SET status = 'expired', responded_at = ${now} WHERE status = 'pending' AND expires_at <= ${now} RETURNING appointment_id`,
      );
      return [...new Set(rows.map((r) => r.appointment_id))];
    },

    async get(id: string): Promise<OfferRow | undefined> {
      return (await db.orm.select().from(offers).where(eq(offers.id, id)))[0];
    },

    async forAppointment(appointmentId: string): Promise<OfferRow[]> {
      return db.orm.select().from(offers).where(eq(offers.appointmentId, appointmentId)).orderBy(asc(offers.round), asc(offers.rank));
    },

    async list(f: { limit: number; afterId?: string; mediatorId?: string; appointmentId?: string; status?: string }) {
      const where: SQL[] = [];
      if (f.afterId) where.push(gt(offers.id, f.afterId));
      if (f.mediatorId) where.push(eq(offers.mediatorId, f.mediatorId));
      if (f.appointmentId) where.push(eq(offers.appointmentId, f.appointmentId));
      if (f.status) where.push(eq(offers.status, f.status));
      const rows = await db.orm
        .select()
        .from(offers)
        .where(and(...where))
        .orderBy(asc(offers.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.id]);
    },
  };
}

export type OffersRepository = ReturnType<typeof offersRepository>;
