/**
 * The coverage report shows what is stored when it is asked: a change, written through the API or by
 * another process to the same database file, is in the next report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

/** Mondays and Wednesdays 10:00 in Rome over six weeks, across the spring DST change: 12 requests. */
const STARTS = ['03-23', '03-25', '03-30', '04-01', '04-06', '04-08', '04-13', '04-15', '04-20', '04-22', '04-27', '04-29'].map((d) =>
  d < '03-29' ? `2026-${d}T10:00:00+01:00` : `2026-${d}T10:00:00+02:00`,
);

let dir: string;
let h: Harness;
let other: NodeDatabase | undefined;
let desk: { token: string };
let booked: Json[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverage-freshness-'));
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

const totals = async () => {
  const res = await h.call('GET', '/v1/reports/coverage?from=2026-03-20&to=2026-04-30&groupBy=language');
  expect(res.status).toBe(200);
  return res.body.totals as { requested: number; filled: number; cancelled: number };
};

describe('the coverage report after a change', () => {
  it('counts every request of the period', async () => {
    expect(booked.every((a) => a.status === 'booked')).toBe(true);
    expect(await totals()).toMatchObject({ requested: 12, filled: 12, cancelled: 0 });
  });

  it('sees a change written by another connection to the same file (another process) in the next report', async () => {
    expect(await totals()).toMatchObject({ requested: 12, cancelled: 0 });
    other = openNodeDatabase(join(dir, 'db.sqlite'));
    other.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(booked[4]?.id);
    expect(await totals()).toMatchObject({ requested: 11, filled: 11, cancelled: 1 });
    other.sqlite.prepare('UPDATE appointments SET starts_at = starts_at + 86400000 * 14 WHERE id = ?').run(booked[0]?.id);
    expect(await totals()).toMatchObject({ requested: 11, filled: 11, cancelled: 1 });
    other.sqlite.prepare('UPDATE appointments SET starts_at = ? WHERE id = ?').run(Date.parse('2026-06-01T08:00:00Z'), booked[1]?.id);
    expect(await totals()).toMatchObject({ requested: 10, filled: 10, cancelled: 1 });
  });

  it('sees changes made through the API: new requests, cancellations, reschedules out of the period', async () => {
    expect((await totals()).requested).toBe(12);
    await h.make.appointment(desk.token, { start: '2026-04-14T11:00:00+02:00' });
    expect((await totals()).requested).toBe(13);
    await h.expectStatus(h.call('POST', `/v1/appointments/${booked[6]?.id}/cancel`, { token: desk.token, body: { reason: 'no longer needed' } }), 200);
    expect(await totals()).toMatchObject({ requested: 12, cancelled: 1 });
    await h.expectStatus(h.call('PATCH', `/v1/appointments/${booked[7]?.id}`, { token: desk.token, body: { start: '2026-05-04T10:00:00+02:00' } }), 200);
    expect(await totals()).toMatchObject({ requested: 11, cancelled: 1 });
  });
});
