import type { SQL } from 'drizzle-orm';
import { type BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.js';

// biome-ignore lint/suspicious/noExplicitAny: the same repositories run on a sync (better-sqlite3) and an async (D1) driver.
export type Orm = BaseSQLiteDatabase<any, any, typeof schema>;

/** SQL text with its `?` parameters, in order: a whole statement, or a condition to put in one. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** A statement that can be part of an atomic batch: a drizzle query builder or raw `sql`. */
export type Statement = { toSQL(): SqlFragment } | SQL;

/**
 * A statement written out as SQL text and its parameters (strings, numbers, null): nothing is built
 * per call. For the statements every booking or search runs; drizzle's `sql` builder costs tens of
 * microseconds for each of those.
 */
export function sqlText(text: string, params: unknown[]): Statement {
  return { toSQL: () => ({ sql: text, params }) };
}

const dialect = new SQLiteSyncDialect();

/** The SQL text and parameters a statement runs as (drizzle builder, drizzle `sql`, or written out): what both adapters run. */
export function queryOf(s: Statement): SqlFragment {
  return 'toSQL' in s ? s.toSQL() : dialect.sqlToQuery(s);
}

/**
 * The storage port: drizzle for queries, plus the two primitives that work identically on
 * better-sqlite3 and D1 — a single statement reporting rows changed, and an all-or-nothing batch.
 * There is no interactive transaction on purpose (D1 has none).
 */
export interface Database {
  orm: Orm;
  /**
   * Runs one statement; resolves to the number of rows it changed. On D1 that count also includes
   * rows changed by triggers (settled_at, mediator_schedule_versions), on
   * better-sqlite3 it does not: callers only test it for zero (nothing happened) or not — every
   * guarded statement targets one row.
   */
  exec(statement: Statement): Promise<number>;
  /** Runs statements in order, all-or-nothing; resolves to rows changed per statement (zero or not: see exec). */
  batch(statements: Statement[]): Promise<number[]>;
  /** Runs a read statement and returns raw rows (column names as in SQL). */
  all<T>(statement: Statement): Promise<T[]>;
  /** Runs a read statement and returns each row as an array of values (cheaper for large reads). */
  rows<T extends unknown[]>(statement: Statement): Promise<T[]>;
}

/** True when an error is a UNIQUE / PRIMARY KEY violation, on either driver. */
export function isUniqueViolation(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const message = String((e as { message?: string }).message ?? '');
    const code = String((e as { code?: string }).code ?? '');
    if (code.includes('SQLITE_CONSTRAINT_PRIMARYKEY') || code.includes('SQLITE_CONSTRAINT_UNIQUE')) return true;
    if (message.includes('UNIQUE constraint failed')) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
