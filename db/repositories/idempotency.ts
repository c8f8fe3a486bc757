import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { idempotencyKeys } from '../schema.js';
import { type ChangeGuard, guardCondition } from './guard.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

function saveResponseStatement(callerId: string, key: string, status: number, body: unknown, guard?: ChangeGuard): Statement {
  return sql`UPDATE idempotency_keys SET response_status = ${status}, response_body = ${JSON.stringify(body)}
    WHERE caller_id = ${callerId} AND key = ${key} AND response_status IS NULL AND ${guardCondition(guard)}`;
}

export function idempotencyRepository(db: Database) {
  return {
    /** Claims the key; in the same batch as the insert it guards, so a replay cannot create a second booking. */
    reserveStatement(callerId: string, key: string, requestHash: string, appointmentId: string, now: number): Statement {
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

    /** Stores the first answer for replays; with a guard, in the batch of the change it reports. */
    saveResponseStatement,

    /** Forgets keys created before `before` (their answers are kept for a day by default); resolves to how many. */
    async purgeBefore(before: number): Promise<number> {
      return db.exec(db.orm.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)));
    },

    async saveResponse(callerId: string, key: string, status: number, body: unknown): Promise<void> {
      await db.exec(saveResponseStatement(callerId, key, status, body));
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;
