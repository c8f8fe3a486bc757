import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { calendarFeeds } from '../schema.js';

export type FeedOwner = 'mediator' | 'service';

export function calendarFeedsRepository(db: Database) {
  return {
    /** Issues a new feed token for the owner, revoking the previous ones in the same batch (rotation). */
    async rotate(id: string, ownerType: FeedOwner, ownerId: string, tokenHash: string, now: number): Promise<void> {
      await db.batch([
        sql`UPDATE calendar_feeds SET revoked_at = ${now} WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} AND revoked_at IS NULL`,
        db.orm.insert(calendarFeeds).values({ id, ownerType, ownerId, tokenHash, createdAt: now }),
      ]);
    },

    async revoke(ownerType: FeedOwner, ownerId: string, now: number): Promise<number> {
      return db.exec(sql`UPDATE calendar_feeds SET revoked_at = ${now} WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} AND revoked_at IS NULL`);
    },

    async isValid(ownerType: FeedOwner, ownerId: string, tokenHash: string): Promise<boolean> {
      const rows = await db.orm
        .select({ id: calendarFeeds.id })
        .from(calendarFeeds)
        .where(
          and(
            eq(calendarFeeds.ownerType, ownerType),
            eq(calendarFeeds.ownerId, ownerId),
            eq(calendarFeeds.tokenHash, tokenHash),
            isNull(calendarFeeds.revokedAt),
          ),
        );
      return rows.length > 0;
    },
  };
}
