import { type Statement, sqlText } from '../database.js';
import { type ChangeGuard, guardText } from './guard.js';

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
  const detail = JSON.stringify(e.detail ?? {});
  const condition = guardText(guard);
  return sqlText(
    `INSERT INTO audit_log (id, actor_id, action, entity, entity_id, detail, at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${condition.sql}`,
    [e.id, e.actorId, e.action, e.entity, e.entityId, detail, e.at, ...condition.params],
  );
}
