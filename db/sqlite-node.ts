import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * Opens (creating if needed) a SQLite file — or `:memory:` — in WAL mode with foreign keys on,
 * and applies the migrations. Only Node entry points and tests import this module.
 */
export function openNodeDatabase(file: string, options: { migrations?: string } = {}): NodeDatabase {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    // The file holds the secret that signs offer links: owner only, whatever the umask. SQLite gives
    // the WAL and SHM files the database file's mode.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  for (const companion of [`${file}-wal`, `${file}-shm`]) if (file !== ':memory:' && existsSync(companion)) chmodSync(companion, 0o600);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const orm = drizzle(sqlite, { schema });
  migrate(orm, { migrationsFolder: options.migrations ?? migrationsFolder });
  // Planner statistics for every table that lacks them (src/node.ts refreshes them hourly).
  sqlite.pragma('optimize=0x10002');

  // Preparing is most of the cost of a small statement: each SQL text is prepared once.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (s: Statement) => {
    const { sql, params } = queryOf(s);
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 500) statements.clear(); // texts that vary (IN lists) must not pile up
      statement = sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    return { statement, params };
  };
  const run = (s: Statement) => {
    const { statement, params } = prepared(s);
    return statement.run(...params).changes;
  };
  // IMMEDIATE: take the write lock before the first read, so a batch never works on a stale snapshot.
  const batch = sqlite.transaction((list: Statement[]) => list.map(run)).immediate;

  return {
    orm,
    sqlite,
    exec: async (s) => run(s),
    batch: async (list) => batch(list),
    all: async <T>(s: Statement) => {
      const { statement, params } = prepared(s);
      return statement.all(...params) as T[];
    },
    close: () => sqlite.close(),
  };
}
