import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { exclusions } from '../schema.js';
import { pageOf } from './cursor.js';

export type ExclusionRow = typeof exclusions.$inferSelect;

export function exclusionsRepository(db: Database) {
  return {
    async list(f: { serviceId: string; limit: number; afterId?: string; mediatorId?: string }) {
      const where: SQL[] = [eq(exclusions.serviceId, f.serviceId)];
      if (f.afterId) where.push(gt(exclusions.id, f.afterId));
      if (f.mediatorId) where.push(eq(exclusions.mediatorId, f.mediatorId));
      const rows = await db.orm
        .select()
        .from(exclusions)
        .where(and(...where))
        .orderBy(asc(exclusions.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.id]);
    },

    createStatement(row: ExclusionRow): Statement {
      return db.orm.insert(exclusions).values(row);
    },

    async delete(id: string, serviceId: string): Promise<number> {
      return db.exec(db.orm.delete(exclusions).where(and(eq(exclusions.id, id), eq(exclusions.serviceId, serviceId))));
    },
  };
}

export type ExclusionsRepository = ReturnType<typeof exclusionsRepository>;
