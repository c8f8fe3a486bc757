import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { services } from '../schema.js';
import { pageOf } from './cursor.js';

export type ServiceRow = typeof services.$inferSelect;
export type NewService = Omit<typeof services.$inferInsert, 'createdAt' | 'updatedAt'>;

export interface ServiceFilter {
  limit: number;
  afterId?: string;
  area?: string;
  onlyId?: string;
}

export function servicesRepository(db: Database) {
  const byId = db.orm
    .select()
    .from(services)
    .where(eq(services.id, sql.placeholder('id')))
    .prepare();
  return {
    async get(id: string): Promise<ServiceRow | undefined> {
      return byId.get({ id }) as Promise<ServiceRow | undefined>;
    },

    async list(f: ServiceFilter) {
      const where: SQL[] = [];
      if (f.afterId) where.push(gt(services.id, f.afterId));
      if (f.area) where.push(eq(services.areaCode, f.area));
      if (f.onlyId) where.push(eq(services.id, f.onlyId));
      const rows = await db.orm
        .select()
        .from(services)
        .where(and(...where))
        .orderBy(asc(services.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.id]);
    },

    async create(service: NewService, now: number): Promise<void> {
      await db.exec(db.orm.insert(services).values({ ...service, createdAt: now, updatedAt: now }));
    },

    async update(id: string, patch: Partial<NewService>, now: number): Promise<number> {
      return db.exec(db.orm.update(services).set({ ...patch, updatedAt: now }).where(eq(services.id, id)));
    },
  };
}

export type ServicesRepository = ReturnType<typeof servicesRepository>;
