import Database from 'better-sqlite3';
import type { LoadResult } from './load.js';

export interface InvariantReport {
  appointments: number;
  booked: number;
  doubleBookings: string[];
  missing: string[];
  withoutOutbox: string[];
}

// Travel minutes between two in-person bookings of different services (the area matrix; the longest when a pair is missing).
const travel = (from: string, to: string) => `(CASE WHEN a.modality = 'in_person' AND b.modality = 'in_person' AND a.service_id <> b.service_id
  THEN COALESCE((SELECT t.minutes FROM area_travel t WHERE t.from_code = ${from} AND t.to_code = ${to}), (SELECT MAX(minutes) FROM area_travel), 0)
  ELSE 0 END) * 60000`;

/**
 * Reads the database file directly (read-only) and checks what the load must have left behind:
 * no mediator in two places (travel included), every acknowledged booking and cancellation
 * stored as answered, and every booking and cancellation with its two e-mails in the outbox.
 */
export function checkInvariants(databaseFile: string, load: LoadResult, extraAcknowledged: Array<{ id: string; status: string }> = []): InvariantReport {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const doubles = db
      .prepare(
        `SELECT a.id AS a, b.id AS b, a.mediator_id AS m FROM appointments a JOIN appointments b
           ON a.mediator_id = b.mediator_id AND a.id < b.id
         WHERE a.status = 'booked' AND b.status = 'booked'
           AND a.starts_at < b.ends_at + ${travel('b.area_code', 'a.area_code')}
           AND b.starts_at < a.ends_at + ${travel('a.area_code', 'b.area_code')}`,
      )
      .all() as Array<{ a: string; b: string; m: string }>;
    const status = db.prepare('SELECT status, mediator_id AS mediatorId FROM appointments WHERE id = ?');
    const cancelled = new Set(load.cancelled);
    const acknowledged = [
      ...load.bookings.filter((b) => b.answer?.status === 201).map((b) => ({ id: b.answer?.body.id as string, status: b.answer?.body.status as string, mediatorId: b.answer?.body.mediatorId as string | null })),
      ...extraAcknowledged.map((a) => ({ ...a, mediatorId: undefined })),
    ];
    const missing: string[] = [];
    for (const a of acknowledged) {
      const row = status.get(a.id) as { status: string; mediatorId: string | null } | undefined;
      if (!row) missing.push(`${a.id} not stored`);
      else if (cancelled.has(a.id) && row.status !== 'cancelled') missing.push(`${a.id} cancelled (200) but ${row.status}`);
      else if (!cancelled.has(a.id) && a.status === 'booked' && row.status !== 'booked' && row.status !== 'cancelled') missing.push(`${a.id} booked (201) but ${row.status}`);
      else if (a.status === 'booked' && a.mediatorId !== undefined && row.mediatorId !== a.mediatorId) missing.push(`${a.id} booked with ${a.mediatorId} but holds ${row.mediatorId}`);
    }
    const withoutOutbox = db
      .prepare(
        `SELECT a.id || ' ' || a.status || ' lacks ' || k.kind AS what FROM appointments a
         JOIN (SELECT 'booked' AS status, 'appointment.booked.mediator' AS kind UNION ALL SELECT 'booked', 'appointment.booked.desk'
               UNION ALL SELECT 'cancelled', 'appointment.cancelled.mediator' UNION ALL SELECT 'cancelled', 'appointment.cancelled.desk'
               UNION ALL SELECT 'cancelled', 'appointment.booked.mediator') k ON k.status = a.status
         WHERE (a.status = 'booked' OR a.mediator_id IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.appointment_id = a.id AND o.kind = k.kind)`,
      )
      .all()
      .map((r) => (r as { what: string }).what);
    const counts = db.prepare(`SELECT COUNT(*) AS n, SUM(status = 'booked') AS booked FROM appointments`).get() as { n: number; booked: number };
    return { appointments: counts.n, booked: counts.booked ?? 0, doubleBookings: doubles.map((d) => `${d.m}: ${d.a} and ${d.b}`), missing, withoutOutbox };
  } finally {
    db.close();
  }
}
