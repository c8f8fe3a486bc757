import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { importRows, imports } from '../schema.js';
import { pageOf } from './cursor.js';

export type ImportRecord = typeof imports.$inferSelect;
export type ImportRowRecord = typeof importRows.$inferSelect;

/** Rows per INSERT: 12 columns each, under D1's 100 bound parameters per statement. */
const ROWS_PER_INSERT = 8;

export interface RowOutcome {
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  mediatorId: string | null;
  released: number;
  /** Set when applying judged the row again and found otherwise than the check (the roster changed meanwhile). */
  problems?: string;
  warnings?: string;
  changes?: string;
}

export function importsRepository(db: Database) {
  return {
    /** The import and its rows, for one batch. */
    insertStatements(record: ImportRecord, rows: ImportRowRecord[]): Statement[] {
      const inserts: Statement[] = [db.orm.insert(imports).values(record)];
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) inserts.push(db.orm.insert(importRows).values(rows.slice(i, i + ROWS_PER_INSERT)));
      return inserts;
    },

    async get(id: string): Promise<ImportRecord | undefined> {
      return db.orm.select().from(imports).where(eq(imports.id, id)).get();
    },

    /** Imports, newest first. */
    async list(limit: number, before?: [number, string]) {
      const rows = await db.orm
        .select()
        .from(imports)
        .where(before ? sql`(${imports.createdAt}, ${imports.id}) < (${before[0]}, ${before[1]})` : undefined)
        .orderBy(desc(imports.createdAt), desc(imports.id))
        .limit(limit + 1);
      return pageOf(rows, limit, (r) => [r.createdAt, r.id]);
    },

    /** An import's rows in file order; `action` narrows to what the check found. */
    async rows(importId: string, limit: number, options: { afterRow?: number; action?: string } = {}) {
      const where: SQL[] = [eq(importRows.importId, importId)];
      if (options.afterRow !== undefined) where.push(gt(importRows.rowNumber, options.afterRow));
      if (options.action) where.push(eq(importRows.action, options.action));
      const rows = await db.orm
        .select()
        .from(importRows)
        .where(and(...where))
        .orderBy(asc(importRows.rowNumber))
        .limit(limit + 1);
      return pageOf(rows, limit, (r) => [r.rowNumber]);
    },

    /** The rows refused, by the check or when applied, in file order. */
    async refusedRows(importId: string): Promise<ImportRowRecord[]> {
      return db.orm
        .select()
        .from(importRows)
        .where(and(eq(importRows.importId, importId), or(eq(importRows.action, 'reject'), eq(importRows.outcome, 'rejected'))))
        .orderBy(asc(importRows.rowNumber));
    },

    /** How many rows per check verdict and per outcome (null: not applied yet). */
    async tally(importId: string): Promise<Array<{ action: string; outcome: string | null; count: number }>> {
      return db.orm
        .select({ action: importRows.action, outcome: importRows.outcome, count: sql<number>`count(*)` })
        .from(importRows)
        .where(eq(importRows.importId, importId))
        .groupBy(importRows.action, importRows.outcome);
    },

    /** The next rows still to apply, in file order. */
    async pendingRows(importId: string, limit: number): Promise<ImportRowRecord[]> {
      return db.orm
        .select()
        .from(importRows)
        .where(and(eq(importRows.importId, importId), isNull(importRows.outcome)))
        .orderBy(asc(importRows.rowNumber))
        .limit(limit);
    },

    /** Committing a checked import: it starts running, and the rows the check refused are settled as rejected. */
    commitStatements(id: string, now: number): Statement[] {
      return [
        db.orm
          .update(imports)
          .set({ status: 'running', committedAt: now })
          .where(and(eq(imports.id, id), eq(imports.status, 'checked'))),
        db.orm
          .update(importRows)
          .set({ outcome: 'rejected' })
          .where(and(eq(importRows.importId, id), eq(importRows.action, 'reject'), isNull(importRows.outcome))),
      ];
    },

    /** A row's outcome, written in the batch of the change it made (so a row is applied once). */
    outcomeStatement(importId: string, rowNumber: number, outcome: RowOutcome): Statement {
      return db.orm
        .update(importRows)
        .set(outcome)
        .where(and(eq(importRows.importId, importId), eq(importRows.rowNumber, rowNumber), isNull(importRows.outcome)));
    },

    /**
     * Takes the right to apply an import's rows until `until`: true when no one else holds it (or
     * their lease lapsed). Held by one applier at a time, a row is never applied twice.
     */
    async lease(id: string, owner: string, now: number, until: number): Promise<boolean> {
      const changed = await db.exec(
        sql`UPDATE imports SET lease_owner = ${owner}, lease_until = ${until}
            WHERE id = ${id} AND status = 'running' AND (lease_owner IS NULL OR lease_owner = ${owner} OR lease_until < ${now})`,
      );
      return changed > 0;
    },

    async release(id: string, owner: string): Promise<void> {
      await db.exec(sql`UPDATE imports SET lease_owner = NULL, lease_until = NULL WHERE id = ${id} AND lease_owner = ${owner}`);
    },

    /** Imports committed and not finished, oldest first. */
    async running(): Promise<ImportRecord[]> {
      return db.orm.select().from(imports).where(eq(imports.status, 'running')).orderBy(asc(imports.committedAt), asc(imports.id));
    },

    /** Marks an import done once no row is left to apply; false while some are. */
    async finishIfApplied(id: string, now: number): Promise<boolean> {
      const changed = await db.exec(
        sql`UPDATE imports SET status = 'done', finished_at = ${now}
            WHERE id = ${id} AND status = 'running' AND NOT EXISTS (SELECT 1 FROM import_rows WHERE import_id = ${id} AND outcome IS NULL)`,
      );
      return changed > 0;
    },

    /** Deletes one import and its rows unless it is being applied; false when it is (or is not there). */
    async remove(id: string): Promise<boolean> {
      const [, gone] = await db.batch([
        sql`DELETE FROM import_rows WHERE import_id = ${id} AND EXISTS (SELECT 1 FROM imports WHERE id = ${id} AND status <> 'running')`,
        db.orm.delete(imports).where(and(eq(imports.id, id), sql`${imports.status} <> 'running'`)),
      ]);
      return (gone ?? 0) > 0;
    },

    /** Deletes the imports made before `time`, with their rows; resolves to how many imports went. */
    async purgeBefore(time: number): Promise<number> {
      const [, gone] = await db.batch([
        sql`DELETE FROM import_rows WHERE import_id IN (SELECT id FROM imports WHERE created_at < ${time})`,
        db.orm.delete(imports).where(lt(imports.createdAt, time)),
      ]);
      return gone ?? 0;
    },
  };
}

export type ImportsRepository = ReturnType<typeof importsRepository>;
