import { eq, sql } from 'drizzle-orm';
import { type Database, type Statement, sqlText } from '../database.js';
import { settings } from '../schema.js';

/**
 * A counter in `settings` that every write to some data bumps in that write's own batch, so that a
 * cache of the data (in any process or Workers isolate) knows it is stale at its next read.
 */
export interface VersionSetting {
  /** The statement to add to the batch of every write the cache depends on. */
  bump: Statement;
  /** The current value ('0' until the first bump). */
  read(db: Database): Promise<string>;
}

export function versionSetting(key: 'roster_version' | 'areas_version'): VersionSetting {
  const current = sqlText('SELECT value FROM settings WHERE key = ?', [key]);
  return {
    bump: sqlText("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", [key]),
    read: async (db) => (await db.all<{ value: string }>(current))[0]?.value ?? '0',
  };
}

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
