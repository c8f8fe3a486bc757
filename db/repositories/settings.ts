import { eq, sql } from 'drizzle-orm';
import { type Database, type SqlFragment, type Statement, sqlText } from '../database.js';
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
  /** The value as a scalar subquery, to read it together with others in one statement (see `valueOf`). */
  expression: SqlFragment;
  /** The value from what `expression` gave. */
  valueOf(raw: unknown): string;
}

function versionSetting(key: 'roster_version' | 'areas_version'): VersionSetting {
  const expression: SqlFragment = { sql: '(SELECT value FROM settings WHERE key = ?)', params: [key] };
  const valueOf = (raw: unknown) => (raw === null || raw === undefined ? '0' : String(raw));
  const current = sqlText(`SELECT ${expression.sql}`, expression.params);
  return {
    bump: sqlText("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", [key]),
    read: async (db) => valueOf((await db.rows<[unknown]>(current))[0]?.[0]),
    expression,
    valueOf,
  };
}

/** Bumped in the batch of every roster write (mediators, their languages, availability): the parsed roster's cache. */
export const ROSTER_VERSION = versionSetting('roster_version');
/** Bumped in the batch that adds an area: the travel matrix's cache. */
export const AREAS_VERSION = versionSetting('areas_version');

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
