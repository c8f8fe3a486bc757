/**
 * What makes the timesheets fast must never make them wrong: the SQL sums behind them, the indexes
 * they run through, and the trigger that marks a session settled (open sessions come from a partial index).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attendanceRepository } from '../../db/repositories/attendance.js';
import { type Database, queryOf, type Statement } from '../../db/database.js';
import type { Outcome } from '../../src/domain/attendance.js';
import { timesheets, timesheetsFromTotals } from '../../src/domain/timesheets.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const from = Date.parse('2026-03-20T00:00:00+01:00');
const to = Date.parse('2026-05-01T00:00:00+02:00');
/** Mondays and Wednesdays 10:00 in Rome over six weeks: 12 sessions. */
const STARTS = ['03-23', '03-25', '03-30', '04-01', '04-06', '04-08', '04-13', '04-15', '04-20', '04-22', '04-27', '04-29'].map((d) =>
  d < '03-29' ? `2026-${d}T10:00:00+01:00` : `2026-${d}T10:00:00+02:00`,
);

let h: Harness;
let desk: { token: string };
let booked: Json[];

beforeEach(async () => {
  h = await makeHarness();
  desk = await h.make.desk();
  await h.make.mediator();
  booked = [];
  for (const start of STARTS) booked.push(await h.make.appointment(desk.token, { start }));
});
afterEach(() => h.close());

describe('timesheet sums and open sessions', () => {
  it('marks the appointment settled when its settlement is written (open sessions come from a partial index)', async () => {
    const a = booked[0] as Json;
    const settledAt = () => h.db.sqlite.prepare('SELECT settled_at FROM appointments WHERE id = ?').pluck().get(a.id);
    expect(settledAt()).toBeNull();
    h.db.sqlite
      .prepare(
        `INSERT INTO settlements (appointment_id, mediator_id, service_id, starts_at, outcome, actual_minutes, billable_minutes, source, policy, settled_at)
         VALUES (?, ?, ?, ?, 'completed', 60, 60, 'agreed', '{}', 12345)`,
      )
      .run(a.id, a.mediatorId, a.serviceId, Date.parse(a.start));
    expect(settledAt()).toBe(12345);
  });

  /** Settles some sessions (each outcome), leaves others with two differing sheets or one sheet or none. */
  function closeSomeSessions(): void {
    const settle = h.db.sqlite.prepare(
      `INSERT INTO settlements (appointment_id, mediator_id, service_id, starts_at, outcome, actual_minutes, billable_minutes, source, policy, settled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'agreed', '{}', 1)`,
    );
    const sheet = h.db.sqlite.prepare(
      `INSERT INTO attendance (appointment_id, party, recorded_by, outcome, recorded_at) VALUES (?, ?, 'someone', ?, 1)`,
    );
    const outcomes = ['completed', 'completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late', 'completed'];
    booked.slice(0, 6).forEach((a, i) => settle.run(a.id, a.mediatorId, a.serviceId, Date.parse(a.start), outcomes[i], 50 + i, 60 + i));
    sheet.run(booked[6]?.id, 'desk', 'completed');
    sheet.run(booked[6]?.id, 'mediator', 'beneficiary_no_show'); // disputed
    sheet.run(booked[7]?.id, 'desk', 'completed'); // awaiting the mediator's sheet
  }

  it('sums in SQL exactly what the sessions add up to one by one, per mediator and per service, filtered or not', async () => {
    closeSomeSessions();
    const later = Date.parse('2026-06-01T00:00:00Z'); // every session has ended
    const { attendance } = h.repos;
    const settledRows = (f: { mediatorId?: string; serviceId?: string }) =>
      (
        h.db.sqlite
          .prepare('SELECT appointment_id, mediator_id, service_id, starts_at, outcome, actual_minutes, billable_minutes FROM settlements WHERE starts_at >= ? AND starts_at < ?')
          .all(from, to) as Array<{ appointment_id: string; mediator_id: string; service_id: string; starts_at: number; outcome: Outcome; actual_minutes: number; billable_minutes: number }>
      )
        .map((r) => ({ appointmentId: r.appointment_id, mediatorId: r.mediator_id, serviceId: r.service_id, start: r.starts_at, outcome: r.outcome, actualMinutes: r.actual_minutes, billableMinutes: r.billable_minutes }))
        .filter((r) => (!f.mediatorId || r.mediatorId === f.mediatorId) && (!f.serviceId || r.serviceId === f.serviceId));
    const mediatorId = booked[0]?.mediatorId as string;
    const serviceId = booked[0]?.serviceId as string;
    for (const by of ['mediator', 'service'] as const) {
      for (const filter of [{}, { mediatorId }, { serviceId }, { mediatorId: 'med_nobody' }]) {
        const q = { from, to, by, ...filter };
        const open = await attendance.unsettled({ now: later, from, to, ...filter });
        const expected = timesheets(settledRows(filter), open, by);
        const actual = timesheetsFromTotals(await attendance.settledTotals(q), await attendance.openTotals({ ...q, now: later }), by);
        expect(actual, `${by} ${JSON.stringify(filter)}`).toEqual(expected);
      }
    }
    const [row] = timesheetsFromTotals(await attendance.settledTotals({ from, to, by: 'mediator' }), await attendance.openTotals({ from, to, by: 'mediator', now: later }), 'mediator');
    expect(row).toMatchObject({ sessions: 6, disputed: 1, awaitingCloseOut: 5, actualMinutes: 50 + 51 + 52 + 53 + 54 + 55 });
  });

  it('runs its sums through the intended indexes, reading only the period', async () => {
    // The repository's own statements, recorded at the database port and planned by SQLite.
    const seen: Statement[] = [];
    const recording: Database = { ...h.db, all: (s) => (seen.push(s), h.db.all(s)) };
    const repo = attendanceRepository(recording);
    const plan = async (run: () => Promise<unknown>) => {
      seen.length = 0;
      await run();
      const q = queryOf(seen[0] as Statement);
      const detail = (h.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as { detail: string }[]).map((r) => r.detail).join('\n');
      return detail;
    };
    const mediatorId = booked[0]?.mediatorId as string;
    expect(await plan(() => repo.settledTotals({ from, to, by: 'mediator' }))).toMatch(/SEARCH settlements USING COVERING INDEX settlements_period_idx \(starts_at>\? AND starts_at<\?\)/);
    expect(await plan(() => repo.settledTotals({ from, to, by: 'service', mediatorId }))).toMatch(
      /SEARCH settlements USING COVERING INDEX settlements_mediator_idx \(mediator_id=\? AND starts_at>\? AND starts_at<\?\)/,
    );
    expect(await plan(() => repo.settledTotals({ from, to, by: 'mediator', serviceId: 'svc' }))).toMatch(/USING COVERING INDEX settlements_service_idx \(service_id=\? AND starts_at>\?/);
    expect(await plan(() => repo.openTotals({ now: to, from, to, by: 'mediator' }))).toMatch(/SEARCH a USING INDEX appointments_open_sessions_idx \(starts_at>\? AND starts_at<\?\)/);
  });

  it('has the trigger open sessions rely on, and no other (a table rebuild by a future migration must keep it)', () => {
    const triggers = h.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['settlements_mark_appointment']);
  });
});
