import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { serviceBudgets } from '../schema.js';

export type BudgetRow = typeof serviceBudgets.$inferSelect;

export function budgetsRepository(db: Database) {
  return {
    async create(row: BudgetRow): Promise<void> {
      await db.exec(db.orm.insert(serviceBudgets).values(row));
    },

    async forService(serviceId: string): Promise<BudgetRow[]> {
      return db.orm.select().from(serviceBudgets).where(eq(serviceBudgets.serviceId, serviceId)).orderBy(asc(serviceBudgets.periodStart));
    },

    /** Budgets whose period overlaps [from, to). */
    async overlapping(from: number, to: number, serviceId?: string): Promise<BudgetRow[]> {
      return db.orm
        .select()
        .from(serviceBudgets)
        .where(
          and(
            sql`${serviceBudgets.periodStart} < ${to}`,
            sql`${serviceBudgets.periodEnd} > ${from}`,
            ...(serviceId ? [eq(serviceBudgets.serviceId, serviceId)] : []),
          ),
        );
    },
  };
}
