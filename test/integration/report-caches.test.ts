/**
 * What makes the reports fast must never make them wrong: the coverage report's demand cache (whole
 * UTC weeks, re-read when a trigger-kept day version moves) and the SQL sums behind timesheets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../db/repositories/index.js';
import { attendanceRepository } from '../../db/repositories/attendance.js';
import { reportsRepository } from '../../db/repositories/reports.js';
import { type Database, queryOf, type Statement } from '../../db/database.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import type { DemandRecord } from '../../src/domain/coverage.js';
import { DEMAND_TEXTS, type DemandTable } from '../../src/domain/demand-table.js';
import type { Outcome } from '../../src/domain/attendance.js';
import { timesheets, timesheetsFromTotals } from '../../src/domain/timesheets.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const FROM = '2026-03-20';
const TO = '2026-05-01';
const from = Date.parse('2026-03-20T00:00:00+01:00');
const to = Date.parse('2026-05-01T00:00:00+02:00');
/** Mondays and Wednesdays 10:00 in Rome over six weeks: 12 requests in several cached weeks. */
const STARTS = ['03-23', '03-25', '03-30', '04-01', '04-06', '04-08', '04-13', '04-15', '04-20', '04-22', '04-27', '04-29'].map((d) =>
  d < '03-29' ? `2026-${d}T10:00:00+01:00` : `2026-${d}T10:00:00+02:00`,
);

/** The table's requests as records, in start order (two repositories intern strings in their own order). */
function recordsOf(t: DemandTable): DemandRecord[] {
  const text = (i: number, field: (typeof DEMAND_TEXTS)[number]) => t.strings[t.texts[i * DEMAND_TEXTS.length + DEMAND_TEXTS.indexOf(field)] ?? -1] ?? null;
  return Array.from({ length: t.n }, (_, i) => ({
    language: text(i, 'language') ?? '',
    area: text(i, 'area') ?? '',
    serviceId: text(i, 'serviceId') ?? '',
    sector: text(i, 'sector') ?? '',
    start: t.start[i] ?? 0,
    durationMinutes: t.durationMinutes[i] ?? 0,
    status: text(i, 'status') as DemandRecord['status'],
    createdAt: t.createdAt[i] ?? 0,
    bookedAt: Number.isNaN(t.bookedAt[i]) ? null : (t.bookedAt[i] ?? null),
    fallbackStep: text(i, 'fallbackStep') as DemandRecord['fallbackStep'],
    unfilledReason: text(i, 'unfilledReason'),
  }));
}
const order = (t: DemandTable) => recordsOf(t).sort((a, b) => a.start - b.start || a.status.localeCompare(b.status));

let dir: string;
let h: Harness;
let other: NodeDatabase | undefined;
let desk: { token: string };
let booked: Json[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-caches-'));
  h = await makeHarness({ file: join(dir, 'db.sqlite') });
  desk = await h.make.desk();
  await h.make.mediator();
  booked = [];
  for (const start of STARTS) booked.push(await h.make.appointment(desk.token, { start }));
});
afterEach(() => {
  other?.close();
  other = undefined;
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

const coverage = async () => {
  const res = await h.call('GET', `/v1/reports/coverage?from=${FROM}&to=${TO}&groupBy=language`);
  expect(res.status).toBe(200);
  return res.body.totals as { requested: number; filled: number; cancelled: number };
};

describe('coverage demand cache', () => {
  it('holds whole weeks after the first report, and gives what a cold read gives', async () => {
    expect(booked.every((a) => a.status === 'booked')).toBe(true);
    expect(await coverage()).toMatchObject({ requested: 12, filled: 12, cancelled: 0 });
    expect(h.repos.reports.demandCacheSize().weeks).toBeGreaterThanOrEqual(5);
    const cold = createRepositories(h.db).reports;
    expect(order(await h.repos.reports.demand(from, to))).toEqual(order(await cold.demand(from, to)));
  });

  it('sees a change written by another connection to the same file (another process) in the next report', async () => {
    expect(await coverage()).toMatchObject({ requested: 12, cancelled: 0 });
    other = openNodeDatabase(join(dir, 'db.sqlite'));
    other.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(booked[4]?.id);
    expect(await coverage()).toMatchObject({ requested: 11, filled: 11, cancelled: 1 });
    other.sqlite.prepare('UPDATE appointments SET starts_at = starts_at + 86400000 * 14 WHERE id = ?').run(booked[0]?.id);
    expect(await coverage()).toMatchObject({ requested: 11, filled: 11, cancelled: 1 });
    other.sqlite.prepare('UPDATE appointments SET starts_at = ? WHERE id = ?').run(Date.parse('2026-06-01T08:00:00Z'), booked[1]?.id);
    expect(await coverage()).toMatchObject({ requested: 10, filled: 10, cancelled: 1 });
  });

  it('sees changes made through the API: new requests, cancellations, reschedules into another week', async () => {
    expect((await coverage()).requested).toBe(12);
    await h.make.appointment(desk.token, { start: '2026-04-14T11:00:00+02:00' });
    expect((await coverage()).requested).toBe(13);
    await h.expectStatus(h.call('POST', `/v1/appointments/${booked[6]?.id}/cancel`, { token: desk.token, body: { reason: 'no longer needed' } }), 200);
    expect(await coverage()).toMatchObject({ requested: 12, cancelled: 1 });
    await h.expectStatus(h.call('PATCH', `/v1/appointments/${booked[7]?.id}`, { token: desk.token, body: { start: '2026-05-04T10:00:00+02:00' } }), 200);
    expect(await coverage()).toMatchObject({ requested: 11, cancelled: 1 });
    const cold = createRepositories(h.db).reports;
    expect(order(await h.repos.reports.demand(from, to))).toEqual(order(await cold.demand(from, to)));
  });

  it('keeps at most its limit of requests, dropping the least recently used weeks, and stays right', async () => {
    const small = reportsRepository(h.db, { demandCacheLimit: 40 }); // one week: 32 for the week, up to 8 requests
    const all = await small.demand(from, to);
    expect(all.n).toBe(12);
    expect(small.demandCacheSize().requests).toBeLessThanOrEqual(40);
    expect(small.demandCacheSize().weeks).toBeGreaterThan(0);
    // A period larger than the cache: the next read keeps the weeks held, it does not churn them.
    const held = small.demandCacheSize();
    expect((await small.demand(from, to)).n).toBe(12);
    expect(small.demandCacheSize()).toEqual(held);
    h.db.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(booked[11]?.id);
    expect(recordsOf(await small.demand(from, to)).filter((r) => r.status === 'cancelled')).toHaveLength(1);
  });

  it('counts empty weeks against its limit too, so reports over empty periods cannot grow it without bound', async () => {
    const small = reportsRepository(h.db, { demandCacheLimit: 200 });
    const year = 365 * 86_400_000;
    for (let k = 1; k <= 20; k++) expect((await small.demand(to + k * year, to + k * year + 70 * 86_400_000)).n).toBe(0);
    expect(small.demandCacheSize().requests).toBeLessThanOrEqual(200);
    expect(small.demandCacheSize().weeks).toBeLessThanOrEqual(200 / 32);
    expect(small.demandCacheSize().weeks).toBeGreaterThan(0);
  });

  it('bumps a day version only for the fields the report reads', async () => {
    const versions = () => h.db.sqlite.prepare('SELECT SUM(version) FROM report_day_versions').pluck().get() as number;
    const before = versions();
    h.db.sqlite.prepare('UPDATE appointments SET reminder_queued_at = 1, notes = ? WHERE id = ?').run('door code 12', booked[2]?.id);
    expect(versions()).toBe(before);
    h.db.sqlite.prepare("UPDATE appointments SET fallback_step = 'video' WHERE id = ?").run(booked[2]?.id);
    expect(versions()).toBe(before + 2); // the day before and after the change (the same day here)
  });
});

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
    const recording: Database = { ...h.db, rows: (s) => (seen.push(s), h.db.rows(s)), all: (s) => (seen.push(s), h.db.all(s)) };
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

  it('has the triggers the caches and open sessions rely on (a table rebuild by a future migration must keep them)', () => {
    const triggers = h.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual([
      'appointments_report_delete',
      'appointments_report_insert',
      'appointments_report_update',
      'appointments_schedule_delete',
      'appointments_schedule_insert',
      'appointments_schedule_update',
      'schedule_versions_count_insert',
      'schedule_versions_count_update',
      'settlements_mark_appointment',
      'time_off_schedule_delete',
      'time_off_schedule_insert',
      'time_off_schedule_update',
    ]);
  });
});
