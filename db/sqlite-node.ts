import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type Database, queryOf, type Statement } from './database.js';
import * as schema from './schema.js';

/** db/migrations, whether this module runs from source (db/) or from the tsc build (dist/db/). */
export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations').replace(/([\\/])dist([\\/])db([\\/])/, '$1db$3');

/**
 * The SQL statements of every migration, in order: the same files the migrator and wrangler apply,
 * for applying them one by one to a D1 database (tests, bench).
 */
export function migrationStatements(): string[] {
  return readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(join(migrationsFolder, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
}

export interface NodeDatabase extends Database {
  sqlite: BetterSqlite3.Database;
  close(): void;
}

/** SQLite's own default page cache per connection (better-sqlite3 builds it with 16 MiB). */
export const DEFAULT_CACHE_MIB = 2;

/**
 * Opens (creating if needed) a SQLite file — or `:memory:` — in WAL mode with foreign keys on,
 * and applies the migrations. Only Node entry points and tests import this module.
 * `cacheMiB`: the page cache (SQLITE_CACHE_MB). The file's pages stay in the operating system's cache
 * either way: measured on the bench data (95 MB), 2 MiB searched and booked as fast as better-sqlite3's
 * 16 MiB, with 14 MB less resident memory.
 */
export function openNodeDatabase(file: string, options: { migrations?: string; cacheMiB?: number } = {}): NodeDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${Math.round(1024 * (options.cacheMiB ?? DEFAULT_CACHE_MIB))}`);
  const orm = drizzle(sqlite, { schema });
  migrate(orm, { migrationsFolder: options.migrations ?? migrationsFolder });

  // Statements are prepared once per SQL text; raw (array-row) ones separately, since raw mode sticks to a statement.
  const objects = new Map<string, BetterSqlite3.Statement>();
  const arrays = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string, raw = false) => {
    const cache = raw ? arrays : objects;
    let statement = cache.get(text);
    if (!statement) {
      statement = raw ? sqlite.prepare(text).raw(true) : sqlite.prepare(text);
      if (cache.size < 500) cache.set(text, statement);
    }
    return statement;
  };
  const run = (s: Statement) => {
    const { sql, params } = queryOf(s);
    return prepared(sql).run(...params).changes;
  };
  // IMMEDIATE: take the write lock before the first read, so a batch never works on a stale snapshot.
  const runAll = sqlite.transaction((statements: Statement[]) => statements.map(run)).immediate;

  return {
    orm,
    sqlite,
    exec: async (s) => run(s),
    batch: async (statements) => runAll(statements),
    rows: async <T extends unknown[]>(s: Statement) => {
      const { sql, params } = queryOf(s);
      return prepared(sql, true).all(...params) as T[];
    },
    all: async <T>(s: Statement) => {
      const { sql, params } = queryOf(s);
      return prepared(sql).all(...params) as T[];
    },
    close: () => sqlite.close(),
  };
}
