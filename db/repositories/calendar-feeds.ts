import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { calendarFeeds } from '../schema.js';

export type FeedOwner = 'mediator' | 'service';

export function calendarFeedsRepository(db: Database) {
  return {
    /** Issues a new feed token for the owner, revoking the previous ones in the same batch (rotation). */
    async rotate(id: string, ownerType: FeedOwner, ownerId: string, tokenHash: string, createdBy: string, now: number): Promise<void> {
      await db.batch([
        sql`UPDATE calendar_feeds SET revoked_at = ${now} WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} AND revoked_at IS NULL`,
        db.orm.insert(calendarFeeds).values({ id, ownerType, ownerId, tokenHash, createdBy, createdAt: now }),
      ]);
    },

    async revoke(ownerType: FeedOwner, ownerId: string, now: number): Promise<number> {
      return db.exec(sql`UPDATE calendar_feeds SET revoked_at = ${now} WHERE owner_type = ${ownerType} AND owner_id = ${ownerId} AND revoked_at IS NULL`);
    },

    /** The owner's feed in force (not revoked), if any. */
    async current(ownerType: FeedOwner, ownerId: string): Promise<{ id: string; tokenHash: string; createdAt: number } | undefined> {
      const rows = await db.orm
        .select({ id: calendarFeeds.id, tokenHash: calendarFeeds.tokenHash, createdAt: calendarFeeds.createdAt })
        .from(calendarFeeds)
        .where(and(eq(calendarFeeds.ownerType, ownerType), eq(calendarFeeds.ownerId, ownerId), isNull(calendarFeeds.revokedAt)))
        .orderBy(desc(calendarFeeds.createdAt), desc(calendarFeeds.id))
        .limit(1);
      return rows[0];
    },

    /**
     * True while the token is current, its owner (mediator or service) is active and the user it was
     * issued to is not revoked: a feed must not outlive the people and the roster it is about.
     */
    async isValid(ownerType: FeedOwner, ownerId: string, tokenHash: string): Promise<boolean> {
      const owners = ownerType === 'mediator' ? sql`mediators` : sql`services`;
      const rows = await db.all<{ id: string }>(sql`SELECT f.id FROM calendar_feeds f
        JOIN ${owners} o ON o.id = f.owner_id AND o.active = 1
        LEFT JOIN users u ON u.id = f.created_by
        WHERE f.owner_type = ${ownerType} AND f.owner_id = ${ownerId} AND f.token_hash = ${tokenHash} AND f.revoked_at IS NULL
          AND (f.created_by IS NULL OR (u.id IS NOT NULL AND u.revoked_at IS NULL))`);
      return rows.length > 0;
    },
  };
}
