import { and, asc, eq, gt, isNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { users } from '../schema.js';
import { pageOf } from './cursor.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export function usersRepository(db: Database) {
  // Every authenticated request runs it: prepared once.
  const byTokenHash = db.orm
    .select()
    .from(users)
    .where(and(eq(users.tokenHash, sql.placeholder('hash')), isNull(users.revokedAt)))
    .prepare();
  return {
    async byTokenHash(hash: string): Promise<UserRow | undefined> {
      return (await byTokenHash.get({ hash })) as UserRow | undefined;
    },

    async get(id: string): Promise<UserRow | undefined> {
      return (await db.orm.select().from(users).where(eq(users.id, id)))[0];
    },

    async create(user: NewUser): Promise<void> {
      await db.exec(db.orm.insert(users).values(user));
    },

    /** Creates the first coordinator only if none exists yet — one conditional statement. */
    async createFirstCoordinator(user: NewUser): Promise<boolean> {
      const changed = await db.exec(sql`INSERT INTO users (id, role, name, email, service_id, mediator_id, token_hash, created_at)
        SELECT ${user.id}, 'coordinator', ${user.name}, ${user.email ?? null}, NULL, NULL, ${user.tokenHash}, ${user.createdAt}
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'coordinator' AND revoked_at IS NULL)`);
      return changed > 0;
    },

    async list(f: { limit: number; afterId?: string; role?: string }) {
      const where: SQL[] = [isNull(users.revokedAt)];
      if (f.afterId) where.push(gt(users.id, f.afterId));
      if (f.role) where.push(eq(users.role, f.role));
      const rows = await db.orm
        .select()
        .from(users)
        .where(and(...where))
        .orderBy(asc(users.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.id]);
    },

    /** Coordinators with an e-mail address: who hears about coverage gaps. */
    async coordinatorContacts(): Promise<Array<{ name: string; email: string }>> {
      const rows = await db.orm
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(and(eq(users.role, 'coordinator'), isNull(users.revokedAt)))
        .orderBy(asc(users.id));
      return rows.filter((r): r is { name: string; email: string } => typeof r.email === 'string' && r.email.length > 0);
    },

    async revoke(id: string, now: number): Promise<number> {
      return db.exec(db.orm.update(users).set({ revokedAt: now }).where(and(eq(users.id, id), isNull(users.revokedAt))));
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
