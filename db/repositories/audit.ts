import { and, asc, eq, gt, gte, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import { auditLog } from '../schema.js';
import { pageOf } from './cursor.js';
import { type ChangeGuard, guardCondition } from './guard.js';

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  detail?: unknown;
  at: number;
}

/** Audit insert for a batch; with a guard it is written only if that change happened. */
export function auditStatement(e: AuditEntry, guard?: ChangeGuard): Statement {
  return sql`INSERT INTO audit_log (id, actor_id, action, entity, entity_id, detail, at)
    SELECT ${e.id}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId}, ${JSON.stringify(e.detail ?? {})}, ${e.at}
    WHERE ${guardCondition(guard)}`;
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  limit: number;
  /** The (at, id) of the last row of the previous page. */
  after?: [number, string];
  entity?: string;
  entityId?: string;
  actorId?: string;
  from?: number;
  to?: number;
}

/** An entry with the name of whoever acted (an appointment's history page). */
export interface AuditHistoryRow {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  detail: string;
  at: number;
}

export function auditRepository(db: Database) {
  return {
    /** One entity's history, oldest first, with the name of whoever acted. */
    async forEntity(entity: string, entityId: string, limit = 200): Promise<AuditHistoryRow[]> {
      return db.all<AuditHistoryRow>(sql`SELECT l.id, l.actor_id AS actorId, u.name AS actorName, l.action, l.detail, l.at
        FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.entity = ${entity} AND l.entity_id = ${entityId} ORDER BY l.at, l.id LIMIT ${limit}`);
    },

    /** Entries oldest first, by (at, id), filtered; a page of `limit` and the cursor past it. */
    async list(f: AuditFilter) {
      const where: SQL[] = [];
      if (f.entity) where.push(eq(auditLog.entity, f.entity));
      if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
      if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
      if (f.from !== undefined) where.push(gte(auditLog.at, f.from));
      if (f.to !== undefined) where.push(lt(auditLog.at, f.to));
      if (f.after) {
        const [at, id] = f.after;
        where.push(or(gt(auditLog.at, at), and(eq(auditLog.at, at), gt(auditLog.id, id))) as SQL);
      }
      const rows = await db.orm
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .limit(f.limit + 1);
      return pageOf(rows, f.limit, (r) => [r.at, r.id]);
    },
  };
}
