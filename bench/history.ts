/**
 * What a year of operation leaves behind besides bookings, for the reports: settled sessions
 * (written without their attendance sheets, which no report reads), sessions still disputed or awaiting close-out, manual picks that
 * took a while, fallback steps, unfilled, cancelled (some late, hence billed) and expired requests.
 * Written straight with better-sqlite3 into a copy of a generated file, seeded like the rest.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Outcome } from '../src/domain/attendance.js';
import { billableMinutes, DEFAULT_BILLING_POLICY } from '../src/domain/billing.js';
import { HOUR, MINUTE } from '../src/domain/intervals.js';
import { APPOINTMENT_COLUMNS, appointmentInsert, type ServiceSeed } from './generate.js';
import { chance, int, pick, type Rng, weighted } from './random.js';

const DAY = 24 * HOUR;
const col = (name: (typeof APPOINTMENT_COLUMNS)[number]): number => APPOINTMENT_COLUMNS.indexOf(name);

/** Shares, per booked appointment of the generated history. */
const HISTORY_MIX = {
  /** Past sessions: settled (agreed, or decided by a coordinator; written without their sheets) … */
  settled: 0.85,
  /** … disputed (two differing sheets), one sheet only; the rest has no sheet yet. */
  disputed: 0.05,
  oneSheet: 0.05,
  /** Booked by a desk's pick some time after the request (the rest: auto-assigned at once). */
  manualPick: 0.3,
  fallback: 0.04,
  /** Extra requests, per booked appointment: unfilled, cancelled, open ones whose start passed. */
  unfilled: 0.08,
  cancelled: 0.06,
  expired: 0.003,
} as const;

export interface HistoryCounts {
  booked: number;
  settled: number;
  disputed: number;
  oneSheet: number;
  noSheet: number;
  sheets: number;
  unfilled: number;
  cancelled: number;
  lateCancellations: number;
  expired: number;
}

interface BookedRow {
  id: string;
  service_id: string;
  mediator_id: string;
  starts_at: number;
  ends_at: number;
  duration_minutes: number;
  created_at: number;
}

const POLICY = JSON.stringify(DEFAULT_BILLING_POLICY);

/**
 * Adds the history to the population whose ids start with `apt_<tag>` (its booked appointments,
 * in id order, so the same seed gives the same history in every copy holding that population).
 */
export function addHistory(sqlite: BetterSqlite3.Database, tag: string, services: readonly ServiceSeed[], now: number, r: Rng): HistoryCounts {
  const prefix = `apt_${tag}`;
  const booked = sqlite
    .prepare(
      `SELECT id, service_id, mediator_id, starts_at, ends_at, duration_minutes, created_at FROM appointments
       WHERE id > ? AND id < ? AND status = 'booked' ORDER BY id`,
    )
    .all(prefix, `${prefix}~`) as BookedRow[];
  const templates = sqlite.prepare(`SELECT ${APPOINTMENT_COLUMNS.join(', ')} FROM appointments WHERE id = ?`).raw(true);
  const past = booked.filter((b) => b.ends_at <= now);
  const lateCancellations: Array<{ id: string; mediator: string; service: string; start: number; at: number }> = [];
  const coordinator = (sqlite.prepare("SELECT id FROM users WHERE role = 'coordinator' ORDER BY created_at LIMIT 1").pluck().get() as string | undefined) ?? 'system';
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const first = booked.reduce((m, b) => Math.min(m, b.starts_at), Number.POSITIVE_INFINITY);
  const last = booked.reduce((m, b) => Math.max(m, b.starts_at), Number.NEGATIVE_INFINITY);

  const update = sqlite.prepare('UPDATE appointments SET booked_at = ?, fallback_step = ? WHERE id = ?');
  const settle = sqlite.prepare(
    `INSERT INTO settlements (appointment_id, mediator_id, service_id, starts_at, outcome, check_in, check_out, actual_minutes, billable_minutes,
       source, policy, decided_by, note, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const sheet = sqlite.prepare(
    `INSERT INTO attendance (appointment_id, party, recorded_by, outcome, check_in, check_out, rating, comment, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const insert = appointmentInsert(sqlite);
  const counts: HistoryCounts = {
    booked: booked.length,
    settled: 0,
    disputed: 0,
    oneSheet: 0,
    noSheet: 0,
    sheets: 0,
    unfilled: 0,
    cancelled: 0,
    lateCancellations: 0,
    expired: 0,
  };

  const times = (b: BookedRow) => {
    const checkIn = b.starts_at - int(r, 0, 10) * MINUTE;
    return { checkIn, checkOut: Math.max(checkIn + 10 * MINUTE, b.ends_at + int(r, -10, 20) * MINUTE) };
  };
  const writeSheets = (b: BookedRow, outcome: Outcome, checkIn: number | null, checkOut: number | null, at: number, parties: 1 | 2, differ: boolean) => {
    const deskUser = serviceById.get(b.service_id)?.deskUserId ?? 'desk';
    sheet.run(b.id, 'desk', deskUser, outcome, checkIn, checkOut, int(r, 3, 5), at);
    counts.sheets++;
    if (parties === 2) {
      const shift = differ ? int(r, 20, 60) * MINUTE : 0;
      sheet.run(b.id, 'mediator', b.mediator_id, outcome, checkIn, checkOut === null ? null : checkOut + shift, null, at);
      counts.sheets++;
    }
  };

  sqlite.transaction(() => {
    for (const b of booked) {
      const manual = chance(r, HISTORY_MIX.manualPick);
      const bookedAt = manual ? Math.min(b.starts_at - HOUR, b.created_at + int(r, 5, 72 * 60) * MINUTE) : b.created_at;
      const step = chance(r, HISTORY_MIX.fallback) ? weighted(r, [['neighbouring_area', 50], ['video', 30], ['phone', 20]] as const) : null;
      if (bookedAt !== b.created_at || step !== null) update.run(Math.max(b.created_at, bookedAt), step, b.id);
      if (b.ends_at > now) continue;

      const x = r();
      const outcome = weighted(r, [['completed', 90], ['beneficiary_no_show', 7], ['mediator_no_show', 3]] as const);
      const { checkIn, checkOut } = outcome === 'completed' ? times(b) : { checkIn: null, checkOut: null };
      const recordedAt = Math.min(now, b.ends_at + int(r, 1, 48) * HOUR);
      if (x < HISTORY_MIX.settled) {
        const actual = checkIn === null || checkOut === null ? 0 : Math.round((checkOut - checkIn) / MINUTE);
        const byCoordinator = chance(r, 0.08);
        // Their two sheets are left out: no report reads the sheets of settled sessions.
        settle.run(
          b.id,
          b.mediator_id,
          b.service_id,
          b.starts_at,
          outcome,
          checkIn,
          checkOut,
          actual,
          billableMinutes(outcome, actual, DEFAULT_BILLING_POLICY),
          byCoordinator ? 'coordinator' : 'agreed',
          POLICY,
          byCoordinator ? coordinator : null,
          byCoordinator ? 'Verificato con lo sportello' : null,
          Math.min(now, recordedAt + int(r, 0, 7) * DAY),
        );
        counts.settled++;
      } else if (x < HISTORY_MIX.settled + HISTORY_MIX.disputed) {
        writeSheets(b, outcome, checkIn, checkOut, recordedAt, 2, true);
        counts.disputed++;
      } else if (x < HISTORY_MIX.settled + HISTORY_MIX.disputed + HISTORY_MIX.oneSheet) {
        writeSheets(b, outcome, checkIn, checkOut, recordedAt, 1, false);
        counts.oneSheet++;
      } else {
        counts.noSheet++;
      }
    }

    // Extra requests, each modelled on a random booking (language, area, service, duration), a few weeks off.
    const extra = (kind: 'U' | 'C' | 'E', n: number, pool: readonly BookedRow[], fill: (values: unknown[], start: number, template: BookedRow) => void) => {
      for (let k = 0; k < n; k++) {
        const template = pick(r, pool);
        const row = templates.get(template.id) as unknown[];
        let start = template.starts_at + int(r, -3, 3) * 7 * DAY;
        if (start < first || start > last || (kind === 'E' && start > now)) start = template.starts_at;
        const values = [...row];
        values[col('id')] = `${prefix}${kind}${String(k).padStart(7, '0')}`;
        values[col('starts_at')] = start;
        values[col('ends_at')] = start + template.duration_minutes * MINUTE;
        const created = Math.min(now, start - int(r, 1, 21) * DAY);
        values[col('created_at')] = created;
        values[col('updated_at')] = created;
        values[col('reminder_queued_at')] = null;
        values[col('fallback_step')] = null;
        fill(values, start, template);
        insert.run(values);
      }
    };
    const n = booked.length;
    extra('U', Math.round(n * HISTORY_MIX.unfilled), booked, (v) => {
      const code = weighted(r, [['no_candidate', 60], ['all_taken', 25], ['no_speaker', 15]] as const);
      v[col('status')] = 'unfilled';
      v[col('mediator_id')] = null;
      v[col('booked_at')] = null;
      v[col('unfilled_reason')] = JSON.stringify({ code, detail: `bench: ${code}`, rules: code === 'no_candidate' ? { busy: int(r, 1, 12), area: int(r, 0, 30) } : {} });
      counts.unfilled++;
    });
    extra('C', Math.round(n * HISTORY_MIX.cancelled), booked, (v, start, template) => {
      const late = chance(r, 0.12);
      const cancelledAt = Math.min(now, late ? start - int(r, 1, 20) * HOUR : start - int(r, 2, 10) * DAY);
      const created = Math.min(Number(v[col('created_at')]), cancelledAt - HOUR);
      v[col('created_at')] = created;
      v[col('booked_at')] = created;
      v[col('status')] = 'cancelled';
      v[col('cancelled_at')] = cancelledAt;
      v[col('cancel_reason')] = 'Annullato dal servizio';
      v[col('updated_at')] = cancelledAt;
      counts.cancelled++;
      if (start - cancelledAt < DEFAULT_BILLING_POLICY.lateCancellationNoticeHours * HOUR) {
        // Written after the row (foreign key): remembered here, settled below.
        lateCancellations.push({ id: String(v[col('id')]), mediator: template.mediator_id, service: String(v[col('service_id')]), start, at: cancelledAt });
      }
    });
    extra('E', Math.round(n * HISTORY_MIX.expired), past, (v) => {
      v[col('status')] = 'open';
      v[col('assignment')] = 'manual';
      v[col('mediator_id')] = null;
      v[col('booked_at')] = null;
      counts.expired++;
    });
    for (const c of lateCancellations) {
      settle.run(c.id, c.mediator, c.service, c.start, 'cancelled_late', null, null, 0, DEFAULT_BILLING_POLICY.cancelledLateMinutes, 'late_cancellation', POLICY, coordinator, null, c.at);
      counts.lateCancellations++;
    }
  })();
  return counts;
}

/** A readable one-liner of the counts. */
export function describeHistory(c: HistoryCounts): string {
  const k = (n: number) => n.toLocaleString('en-US');
  return (
    `${k(c.settled)} settled (+${k(c.lateCancellations)} late cancellations), ${k(c.disputed)} disputed, ${k(c.oneSheet + c.noSheet)} awaiting close-out, ` +
    `${k(c.sheets)} attendance sheets; +${k(c.unfilled)} unfilled, +${k(c.cancelled)} cancelled, +${k(c.expired)} expired open requests`
  );
}
