import { sql } from 'drizzle-orm';
import type { Database } from '../database.js';

export function maintenanceRepository(db: Database) {
  return {
    /**
     * Lets SQLite refresh the query planner's statistics where they are missing or stale (usually a
     * no-op). Without them it may pick the status index over the partial index of booked
     * appointments, and read every booking in a period instead of the speakers' own.
     */
    async refreshStatistics(): Promise<void> {
      await db.exec(sql`PRAGMA optimize`);
    },
  };
}
