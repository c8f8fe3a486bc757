import { eq, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { settings } from '../schema.js';

export function settingsRepository(db: Database) {
  // Values created this way never change (e.g. the link secret), so one read per process is enough.
  const known = new Map<string, string>();
  return {
    /** Reads a setting, creating it with `initial()` the first time (first writer wins, on any runtime). */
    async getOrCreate(key: string, initial: () => string): Promise<string> {
      const cached = known.get(key);
      if (cached !== undefined) return cached;
      await db.exec(sql`INSERT OR IGNORE INTO settings (key, value) VALUES (${key}, ${initial()})`);
      const row = (await db.orm.select().from(settings).where(eq(settings.key, key)))[0];
      if (!row) throw new Error(`setting ${key} could not be created`);
      known.set(key, row.value);
      return row.value;
    },
  };
}
