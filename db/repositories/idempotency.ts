import { and, eq, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { idempotencyKeys } from '../schema.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export function idempotencyRepository(db: Database) {
  return {
    /** Claims the key; in the same batch as the insert it guards, so a replay cannot create a second booking. */
    claimStatement(callerId: string, key: string, requestHash: string, appointmentId: string, now: number): Statement {
      return db.orm.insert(idempotencyKeys).values({ callerId, key, requestHash, appointmentId, createdAt: now });
    },

    async get(callerId: string, key: string): Promise<IdempotencyRow | undefined> {
      return (
        await db.orm
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.callerId, callerId), eq(idempotencyKeys.key, key)))
      )[0];
    },

    async saveResponse(callerId: string, key: string, status: number, body: unknown): Promise<void> {
      await db.exec(sql`UPDATE idempotency_keys SET response_status = ${status}, response_body = ${JSON.stringify(body)}
        WHERE caller_id = ${callerId} AND key = ${key} AND response_status IS NULL`);
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;
