import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Statement } from '../../db/database.js';

const dialect = new SQLiteSyncDialect();

/** The SQL text and parameters of a statement given to the database port (drizzle `sql` or written out). */
export function queryOf(s: Statement): { sql: string; params: unknown[] } {
  return 'toSQL' in s ? s.toSQL() : dialect.sqlToQuery(s);
}
