import type { AuditRow } from '../../db/repositories/audit.js';
import type { Ctx } from '../deps.js';
import { parseInstant } from '../domain/time.js';
import { requireRole } from './access.js';
import { afterInstant, type Page, type PageInput } from './pagination.js';

export type { AuditRow } from '../../db/repositories/audit.js';

export interface AuditQuery extends PageInput {
  /** appointment, mediator, service, user… */
  entity?: string;
  entityId?: string;
  /** A user id, or `system`. */
  actor?: string;
  /** ISO 8601 instants: entries at or after `from` and before `to`. */
  from?: string;
  to?: string;
}

/** Every recorded state change, oldest first, filtered (coordinator). */
export async function listAudit(ctx: Ctx, query: AuditQuery): Promise<Page<AuditRow>> {
  requireRole(ctx.actor, 'coordinator');
  const after = afterInstant(query.cursor);
  return ctx.repos.audit.list({
    limit: query.limit,
    ...(after ? { after } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.actor ? { actorId: query.actor } : {}),
    ...(query.from ? { from: parseInstant(query.from) } : {}),
    ...(query.to ? { to: parseInstant(query.to) } : {}),
  });
}
