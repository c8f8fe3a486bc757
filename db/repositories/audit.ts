import { sql } from 'drizzle-orm';
import type { Statement } from '../database.js';

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  detail?: unknown;
  at: number;
}

/** Audit insert for a batch. With `onlyIfChanged` it is written only when the previous statement changed a row. */
export function auditStatement(e: AuditEntry, onlyIfChanged = false): Statement {
  const detail = JSON.stringify(e.detail ?? {});
  return sql`INSERT INTO audit_log (id, actor_id, action, entity, entity_id, detail, at)
    SELECT ${e.id}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId}, ${detail}, ${e.at}
    WHERE ${onlyIfChanged ? sql`changes() > 0` : sql`1`}`;
}
