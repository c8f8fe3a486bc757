import { drizzle } from 'drizzle-orm/d1';
import { type Database, type Orm, queryOf, type Statement } from './database.js';
import * as schema from './schema.js';

/** The part of Cloudflare's D1 binding this adapter uses. */
export interface D1Binding {
  prepare(query: string): D1Statement;
  batch(statements: D1Statement[]): Promise<Array<{ meta?: { changes?: number } }>>;
}

export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  run(): Promise<{ meta?: { changes?: number } }>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
}

/**
 * The storage port on D1: the same statements as on better-sqlite3. D1 has no interactive
 * transactions, so `batch` is D1's own atomic batch — which is all the app ever asks for.
 */
export function d1Database(binding: D1Binding): Database {
  const orm = drizzle(binding as never, { schema }) as unknown as Orm;
  const prepare = (s: Statement) => {
    const { sql, params } = queryOf(s);
    return binding.prepare(sql).bind(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
  };
  return {
    orm,
    exec: async (s) => (await prepare(s).run()).meta?.changes ?? 0,
    batch: async (statements) => {
      if (statements.length === 0) return [];
      const results = await binding.batch(statements.map(prepare));
      return results.map((r) => r.meta?.changes ?? 0);
    },
    all: async <T>(s: Statement) => (await prepare(s).all<T>()).results,
  };
}
