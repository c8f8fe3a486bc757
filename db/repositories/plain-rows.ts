import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * A table's fields with their SQL columns, in schema order, for statements written out (`sqlText`)
 * instead of built and mapped by drizzle on each call (drizzle's row mapping cost ~20 µs a read on
 * the hot paths). Only for tables whose columns are plain: no drizzle `mode`, `$defaultFn` or custom
 * type to apply, so a value is the same in SQL and in the row.
 */
export function plainColumns<T extends Table>(table: T): ReadonlyArray<readonly [keyof T['$inferSelect'] & string, string]> {
  return Object.entries(getTableColumns(table)).map(([key, column]) => [key as keyof T['$inferSelect'] & string, column.name] as const);
}

/** The row (drizzle's select shape) from raw values read in `columns` order, starting at `offset`. */
export function plainRow<R>(columns: ReadonlyArray<readonly [string, string]>, values: readonly unknown[], offset = 0): R {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[(columns[i] as readonly [string, string])[0]] = values[offset + i];
  return row as R;
}
