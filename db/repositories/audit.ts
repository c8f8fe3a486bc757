import { sql } from 'drizzle-orm';
import type { Statement } from '../database.js';
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
