import { eq, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { settings } from '../schema.js';

export function settingsRepository(db: Database) {
  return {
    /** Reads a setting, creating it with `initial()` the first time (first writer wins, on any runtime). */
    async getOrCreate(key: string, initial: () => string): Promise<string> {
      const read = async () => (await db.orm.select().from(settings).where(eq(settings.key, key)))[0]?.value;
      const existing = await read();
      if (existing !== undefined) return existing;
      await db.exec(sql`INSERT OR IGNORE INTO settings (key, value) VALUES (${key}, ${initial()})`);
      const created = await read();
      if (created === undefined) throw new Error(`setting ${key} could not be created`);
      return created;
    },
  };
}
