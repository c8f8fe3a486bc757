import { type SQL, sql } from 'drizzle-orm';
import type { SqlFragment } from '../database.js';

/**
 * Statements that follow a state change in the same batch run only if that change happened:
 * the change wrote a fresh random `change_id` on the appointment, and they check for it.
 */
export interface ChangeGuard {
  appointmentId: string;
  changeId: string;
}

/** `guardText` as a drizzle `sql` fragment, for statements built with drizzle. */
export function guardCondition(g: ChangeGuard | undefined): SQL {
  const { sql: text, params } = guardText(g);
  const [head = '', ...rest] = text.split('?'); // the guard's text holds no other question mark
  return sql.join([sql.raw(head), ...rest.flatMap((part, i) => [sql`${params[i]}`, sql.raw(part)])]);
}

/** `guardCondition` written out (SQL text and its parameters), for statements built with `sqlText`. */
export function guardText(g: ChangeGuard | undefined): SqlFragment {
  if (!g) return { sql: '1', params: [] };
  return { sql: 'EXISTS (SELECT 1 FROM appointments WHERE id = ? AND change_id = ?)', params: [g.appointmentId, g.changeId] };
}
