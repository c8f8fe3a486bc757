import { and, asc, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { timeOff } from '../schema.js';
import { pageOf } from './cursor.js';

export type TimeOffRow = typeof timeOff.$inferSelect;

export function timeOffRepository(db: Database) {
  return {
    async list(f: { mediatorId: string; limit: number; after?: [number, string]; from?: number; to?: number }) {
      const where: SQL[] = [eq(timeOff.mediatorId, f.mediatorId)];
      if (f.from !== undefined) where.push(gt(timeOff.endsAt, f.from));
      if (f.to !== undefined) where.push(lt(timeOff.startsAt, f.to));
      if (f.after) where.push(gteAfter(f.after));
      const rows = await db.orm
        .select()
        .from(timeOff)
        .where(and(...where))
        .orderBy(asc(timeOff.startsAt), asc(timeOff.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.startsAt, r.id]);
    },

    async get(id: string): Promise<TimeOffRow | undefined> {
      return (await db.orm.select().from(timeOff).where(eq(timeOff.id, id)))[0];
    },

    createStatement(row: TimeOffRow): Statement {
      return db.orm.insert(timeOff).values(row);
    },

    async delete(id: string, mediatorId: string): Promise<number> {
      return db.exec(db.orm.delete(timeOff).where(and(eq(timeOff.id, id), eq(timeOff.mediatorId, mediatorId))));
    },
  };
}

function gteAfter([startsAt, id]: [number, string]): SQL {
  return sql`(${timeOff.startsAt}, ${timeOff.id}) > (${startsAt}, ${id})`;
}

export type TimeOffRepository = ReturnType<typeof timeOffRepository>;
