import { sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
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

export interface AuditRow {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  detail: string;
  at: number;
}

/** Reads of the audit log (writes go through auditStatement, inside each change's batch). */
export function auditRepository(db: Database) {
  return {
    /** One entity's history, oldest first, with the name of whoever acted. */
    async forEntity(entity: string, entityId: string, limit = 200): Promise<AuditRow[]> {
      return db.all<AuditRow>(sql`SELECT l.id, l.actor_id AS actorId, u.name AS actorName, l.action, l.detail, l.at
        FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.entity = ${entity} AND l.entity_id = ${entityId} ORDER BY l.at, l.id LIMIT ${limit}`);
    },
  };
}
