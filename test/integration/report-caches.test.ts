/**
 * What makes the reports fast must never make them wrong: the coverage report's demand cache (whole
 * UTC weeks, re-read when a trigger-kept day version moves) and the SQL sums behind timesheets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../db/repositories/index.js';
import { reportsRepository } from '../../db/repositories/reports.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import { DEMAND_TEXTS, type DemandRecord, type DemandTable } from '../../src/domain/coverage.js';
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
    const small = reportsRepository(h.db, { demandCacheLimit: 3 });
    const all = await small.demand(from, to);
    expect(all.n).toBe(12);
    expect(small.demandCacheSize().requests).toBeLessThanOrEqual(3);
    expect(small.demandCacheSize().weeks).toBeGreaterThan(0);
    // A period larger than the cache: the next read keeps the weeks held, it does not churn them.
    const held = small.demandCacheSize();
    expect((await small.demand(from, to)).n).toBe(12);
    expect(small.demandCacheSize()).toEqual(held);
    h.db.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(booked[11]?.id);
    expect(recordsOf(await small.demand(from, to)).filter((r) => r.status === 'cancelled')).toHaveLength(1);
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

  it('reads open sessions and settled sums through their indexes, not the whole table', () => {
    const plan = (q: string) => (h.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(0, 0, 1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(
      plan(`SELECT a.mediator_id, COUNT(*) FROM appointments a INDEXED BY appointments_open_sessions_idx WHERE a.status = 'booked' AND a.settled_at IS NULL AND a.ends_at <= ? AND a.starts_at >= ? AND a.starts_at < ? GROUP BY 1`),
    ).toMatch(/USING (COVERING )?INDEX appointments_open_sessions_idx/);
    const sums = plan(`SELECT mediator_id, outcome, COUNT(*), SUM(actual_minutes), SUM(billable_minutes) FROM settlements INDEXED BY settlements_mediator_idx
      WHERE starts_at >= ? AND starts_at < ? AND 1 > ? GROUP BY 1, 2`);
    expect(sums).toMatch(/USING COVERING INDEX settlements_mediator_idx/);
    expect(sums).not.toMatch(/TEMP B-TREE/);
  });
});
