import type { AuditHistoryRow } from '../../../db/repositories/audit.js';
import type { Ctx } from '../../deps.js';
import { getVisibleAppointment } from '../access.js';

export type { AuditHistoryRow } from '../../../db/repositories/audit.js';

/** An appointment's history from the audit log, oldest first (whoever may see the appointment). */
export async function appointmentHistory(ctx: Ctx, id: string): Promise<AuditHistoryRow[]> {
  await getVisibleAppointment(ctx, id);
  return ctx.repos.audit.forEntity('appointment', id);
}
