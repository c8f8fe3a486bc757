import { type SQL, sql } from 'drizzle-orm';

/**
 * Statements that follow a state change in the same batch run only if that change happened:
 * the change wrote a fresh random `change_id` on the appointment, and they check for it.
 */
export interface ChangeGuard {
  appointmentId: string;
  changeId: string;
}

/** The condition a guarded statement adds to its WHERE clause (always true without a guard). */
export function guardCondition(g: ChangeGuard | undefined): SQL {
  if (!g) return sql`1`;
  return sql`EXISTS (SELECT 1 FROM appointments WHERE id = ${g.appointmentId} AND change_id = ${g.changeId})`;
}
