/**
 * Matching's schedule cache (db/repositories/schedules.ts) must never make matching wrong: every
 * change to a mediator's bookings or time off, from this app, another connection (another process)
 * or a plain SQL statement, is seen by the next search, and what it holds equals a cold read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryOf, type Statement } from '../../db/database.js';
import fc from 'fast-check';
import {
  allBookings,
  bookingsStarting,
  CHANGES_LISTED,
  changesOf,
  minutesStarting,
  type Schedule,
  type ScheduledBooking,
  scheduleOf,
  schedulesRepository,
} from '../../db/repositories/schedules.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import type { AppointmentRow } from '../../db/repositories/appointments.js';
import { loadMatchingInput } from '../../db/repositories/matching-input.js';
import { matchRequestOf } from '../../src/operations/matching.js';
import { eq } from 'drizzle-orm';
import { appointments, mediators, users } from '../../db/schema.js';
import { DAY } from '../../src/domain/intervals.js';
import { type Harness, type Json, makeHarness, TEST_NOW } from '../support/harness.js';

const NOW = Date.parse(TEST_NOW);
const KEEP_FROM = NOW - 31 * DAY;
const MONDAY_10 = '2026-03-23T10:00:00+01:00';

let dir: string;
let h: Harness;
let other: NodeDatabase | undefined;
let desk: { token: string };
let m1: Json;
let m2: Json;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schedule-cache-'));
  h = await makeHarness({ file: join(dir, 'db.sqlite') });
  desk = await h.make.desk();
  m1 = await h.make.mediator();
  m2 = await h.make.mediator();
});
afterEach(() => {
  other?.close();
  other = undefined;
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The schedules as plain data, for comparing a warm cache with a cold read. */
/** A schedule's bookings as objects (none when the schedule is missing). */
const bookingsOf = (s: Schedule | undefined): ScheduledBooking[] => (s ? allBookings(s) : []);

const plain = (schedules: Map<string, Schedule>) =>
  Object.fromEntries([...schedules].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => [id, { bookings: allBookings(s), timeOff: [...s.timeOff] }]));

/** The warm cache (the app's own) and a cold read over the same file give the same schedules. */
async function expectWarmEqualsCold(ids: string[]) {
  const warm = await h.repos.schedules.of(ids, KEEP_FROM, KEEP_FROM);
  const cold = await schedulesRepository(h.db).of(ids, KEEP_FROM, KEEP_FROM);
  expect(plain(warm)).toEqual(plain(cold));
  return warm;
}

/** The candidates as a desk sees them; `explain` names the excluded (the roster is m1 and m2 alone). */
const candidates = async (id: string, explain = false) => {
  const r = await h.call('GET', `/v1/appointments/${id}/candidates${explain ? '?explain=true' : ''}`, { token: desk.token });
  expect(r.status).toBe(200);
  return r.body as {
    candidates: Array<{ mediatorId: string }>;
    excluded: Array<{ mediatorId: string; rule: string }>;
    excludedByRule: Record<string, number>;
  };
};

/** An open request (manual) for Monday 10:00, which both mediators could take. */
const openRequest = (start = MONDAY_10) => h.make.appointment(desk.token, { assignment: 'manual', start });

describe('schedule cache', () => {
  it('counts every change in the row "*", beside each mediator\'s version', async () => {
    const version = (id: string) =>
      (h.db.sqlite.prepare('SELECT version FROM mediator_schedule_versions WHERE mediator_id = ?').pluck().get(id) as number | undefined) ?? 0;
    const before = version('*');
    const a = await h.make.appointment(desk.token);
    expect(version('*')).toBeGreaterThan(before);
    const mediatorBefore = version(a.mediatorId);
    const all = version('*');
    h.db.sqlite.prepare('UPDATE appointments SET starts_at = starts_at + 60000, ends_at = ends_at + 60000 WHERE id = ?').run(a.id);
    expect([version('*'), version(a.mediatorId)]).toEqual([all + 1, mediatorBefore + 1]);
    // Each bumped row is stamped with the count just after its bump: the cache asks for rows stamped after what it saw.
    const stamp = (id: string) => h.db.sqlite.prepare('SELECT changed_at FROM mediator_schedule_versions WHERE mediator_id = ?').pluck().get(id);
    expect(stamp(a.mediatorId)).toBe(all + 1);
    const b = await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00' });
    expect(stamp(b.mediatorId)).toBe(version('*'));
    expect(stamp('*')).toBeNull();
  });

  it('holds what a cold read gives, through bookings, cancellations, reschedules, reassignments and time off', async () => {
    const ids = [m1.id, m2.id];
    expect(plain(await expectWarmEqualsCold(ids))).toEqual({ [m1.id]: { bookings: [], timeOff: [] }, [m2.id]: { bookings: [], timeOff: [] } });

    const a = await h.make.appointment(desk.token);
    const b = await h.make.appointment(desk.token);
    expect([a.mediatorId, b.mediatorId].sort()).toEqual(ids.slice().sort());
    const warm = await expectWarmEqualsCold(ids);
    expect(bookingsOf(warm.get(a.mediatorId)).map((x) => [x.appointmentId, x.minutes])).toEqual([[a.id, 60]]);

    await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { start: '2026-03-24T15:00:00+01:00' } }), 200);
    await expectWarmEqualsCold(ids);
    await h.expectStatus(h.call('POST', `/v1/appointments/${b.id}/cancel`, { token: desk.token, body: { reason: 'no longer needed' } }), 200);
    expect(bookingsOf((await expectWarmEqualsCold(ids)).get(b.mediatorId))).toEqual([]);

    // Moved from one mediator to the other by the desk: both schedules change.
    const c = await h.make.appointment(desk.token, { start: '2026-03-25T10:00:00+01:00' });
    const to = c.mediatorId === m1.id ? m2.id : m1.id;
    await h.expectStatus(h.call('POST', `/v1/appointments/${c.id}/assign`, { token: desk.token, body: { mediatorId: to } }), 200);
    const moved = await expectWarmEqualsCold(ids);
    expect(bookingsOf(moved.get(to)).map((x) => x.appointmentId)).toContain(c.id);
    expect(bookingsOf(moved.get(c.mediatorId)).map((x) => x.appointmentId)).not.toContain(c.id);

    const off = await h.expectStatus(
      h.call('POST', `/v1/mediators/${m1.id}/time-off`, { body: { start: '2026-03-30T00:00:00+02:00', end: '2026-04-04T00:00:00+02:00' } }),
      201,
    );
    expect((await expectWarmEqualsCold(ids)).get(m1.id)?.timeOff).toHaveLength(1);
    await h.expectStatus(h.call('DELETE', `/v1/mediators/${m1.id}/time-off/${off.id}`), 204);
    expect((await expectWarmEqualsCold(ids)).get(m1.id)?.timeOff).toEqual([]);
  });

  it('sees writes from another connection to the same file (another process) in the next search', async () => {
    const request = await openRequest();
    expect((await candidates(request.id)).candidates).toHaveLength(2);
    const booked = await h.make.appointment(desk.token, { start: '2026-03-23T10:30:00+01:00' });
    const busy = booked.mediatorId as string;
    expect((await candidates(request.id, true)).excluded).toEqual([expect.objectContaining({ mediatorId: busy, rule: 'booking_conflict' })]);

    other = openNodeDatabase(join(dir, 'db.sqlite'));
    other.sqlite.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = ?").run(booked.id);
    expect((await candidates(request.id)).candidates).toHaveLength(2);
    other.sqlite.prepare("UPDATE appointments SET status = 'booked' WHERE id = ?").run(booked.id);
    expect((await candidates(request.id)).excludedByRule).toEqual({ booking_conflict: 1 });
    other.sqlite.prepare('UPDATE appointments SET starts_at = starts_at + ?, ends_at = ends_at + ? WHERE id = ?').run(2 * 3_600_000, 2 * 3_600_000, booked.id);
    expect((await candidates(request.id)).candidates).toHaveLength(2);
    other.sqlite
      .prepare("INSERT INTO time_off (id, mediator_id, starts_at, ends_at, reason, created_at) VALUES ('off_x', ?, ?, ?, 'sick', ?)")
      .run(busy, Date.parse('2026-03-23T00:00:00+01:00'), Date.parse('2026-03-24T00:00:00+01:00'), NOW);
    expect((await candidates(request.id)).excludedByRule).toEqual({ time_off: 1 });
    other.sqlite.prepare('DELETE FROM time_off WHERE id = ?').run('off_x');
    expect((await candidates(request.id)).candidates).toHaveLength(2);
    other.sqlite.prepare('DELETE FROM appointments WHERE id = ?').run(booked.id);
    await expectWarmEqualsCold([m1.id, m2.id]);
  });

  it('reads every version when the count of all changes is missing (a database whose triggers do not keep it)', async () => {
    const statements: string[] = [];
    const counted: Database = { ...h.db, rows: (s: Statement) => (statements.push(queryOf(s).sql), h.db.rows(s)) };
    const cache = schedulesRepository(counted);
    h.db.sqlite.prepare("DELETE FROM mediator_schedule_versions WHERE mediator_id = '*'").run();
    await cache.of([m1.id], KEEP_FROM, KEEP_FROM);
    statements.length = 0;
    await cache.of([m1.id], KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(2); // the count (missing), then the versions
    expect(statements[1]).toContain('json_each');
  });

  it('reads a mediator again only when their schedule changed', async () => {
    const statements: string[] = [];
    const counted: Database = {
      ...h.db,
      rows: (s: Statement) => {
        statements.push(queryOf(s).params.join(','));
        return h.db.rows(s);
      },
    };
    const cache = schedulesRepository(counted);
    const ids = [m1.id, m2.id];
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(4); // count of all changes, versions, then bookings and time off of both
    statements.length = 0;
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(1); // the count only: nothing changed
    statements.length = 0;
    const a = await h.make.appointment(desk.token);
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(4);
    // Only the mediator just booked is read again (the ids are the first parameter of the reads).
    expect(statements.slice(2).every((p) => p.startsWith(JSON.stringify([a.mediatorId])))).toBe(true);
    statements.length = 0;
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(1);
    statements.length = 0;
    // An appointment without a mediator, or a change to a field no schedule holds, changes nothing.
    await openRequest('2026-03-26T10:00:00+01:00');
    h.db.sqlite.prepare("UPDATE appointments SET notes = 'interpreter badge at the door' WHERE id = ?").run(a.id);
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(1);
    // A change to someone else's schedule: the changes listed name only them; nothing else is read.
    const romanian = await h.make.mediator({ languages: [{ code: 'ro', level: 'native' }] });
    await h.make.appointment(desk.token, { language: 'ro', start: '2026-03-27T10:00:00+01:00' });
    statements.length = 0;
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(statements).toHaveLength(1);
    expect(bookingsOf((await cache.of([romanian.id], KEEP_FROM, KEEP_FROM)).get(romanian.id))).toHaveLength(1);
    // Asking further back than held reads again from there.
    statements.length = 0;
    await cache.of(ids, KEEP_FROM - 60 * DAY, KEEP_FROM);
    expect(statements).toHaveLength(4);
  });

  it('does not keep a schedule read before a change it has meanwhile caught up past (a slow read on D1)', async () => {
    const a = await h.make.appointment(desk.token);
    const m = a.mediatorId as string;
    // A Database on which the time-off read (the last read of a schedule) resolves only when released.
    let release: (() => void) | undefined;
    let slowNext = false;
    const slow: Database = {
      ...h.db,
      rows: <T extends unknown[]>(st: Statement) => {
        const result = h.db.rows<T>(st);
        if (!slowNext || !queryOf(st).sql.includes('FROM time_off')) return result;
        slowNext = false;
        return new Promise<T[]>((resolve) => {
          release = () => void result.then(resolve);
        });
      },
    };
    const cache = schedulesRepository(slow);
    await cache.of([m2.id === m ? m1.id : m2.id], KEEP_FROM, KEEP_FROM); // the cache has seen the count
    slowNext = true;
    const pending = cache.of([m], KEEP_FROM, KEEP_FROM); // reads m's version and rows now, answers later
    await new Promise((r) => setImmediate(r));
    expect(release).toBeDefined();
    // Meanwhile m's booking moves an hour (another process), and another search on the same cache catches up past that change.
    h.db.sqlite.prepare('UPDATE appointments SET starts_at = starts_at + 3600000, ends_at = ends_at + 3600000 WHERE id = ?').run(a.id);
    await cache.of([m1.id, m2.id].filter((id) => id !== m), KEEP_FROM, KEEP_FROM);
    release?.();
    expect(bookingsOf((await pending).get(m)).map((x) => x.start)).toEqual([Date.parse(a.start)]); // what it read, before the move
    // The next search must not be served that older read.
    const cold = await schedulesRepository(h.db).of([m], KEEP_FROM, KEEP_FROM);
    expect(plain(await cache.of([m], KEEP_FROM, KEEP_FROM))).toEqual(plain(cold));
  });

  it('empties itself when more mediators changed than it lists at once, and stays right', async () => {
    const cache = schedulesRepository(h.db);
    const ids = [m1.id, m2.id];
    await h.make.appointment(desk.token);
    await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(cache.held()).toBe(1);
    // CHANGES_LISTED + 1 other mediators changed (by plain SQL, as another process would), then one held here:
    // that last change is past the list.
    const bump = h.db.sqlite.prepare('INSERT INTO mediator_schedule_versions (mediator_id, version) VALUES (?, 1) ON CONFLICT (mediator_id) DO UPDATE SET version = version + 1');
    h.db.sqlite.transaction(() => {
      for (let i = 0; i <= CHANGES_LISTED; i++) bump.run(`med_other${i}`);
    })();
    await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00' });
    // What the cache will be told: the changes since the count it saw last.
    const since = cache.changesSince();
    const listed = changesOf(h.db.sqlite.prepare(`SELECT ${since.sql}`).pluck().get(...since.params));
    expect(listed.more).toBe(true);
    expect(listed.changed).toHaveLength(CHANGES_LISTED);
    const warm = await cache.of(ids, KEEP_FROM, KEEP_FROM);
    expect(plain(warm)).toEqual(plain(await schedulesRepository(h.db).of(ids, KEEP_FROM, KEEP_FROM)));
    expect([...warm.values()].reduce((n, sch) => n + sch.size, 0)).toBe(2);
  });

  it('keeps at most its limit of bookings (a schedule larger than the limit is not kept) and stays right', async () => {
    for (const day of ['23', '24', '25', '26', '27']) await h.make.appointment(desk.token, { start: `2026-03-${day}T10:00:00+01:00` });
    const small = schedulesRepository(h.db, { limit: 2 });
    const ids = [m1.id, m2.id];
    for (let i = 0; i < 3; i++) {
      const got = await small.of(ids, KEEP_FROM, KEEP_FROM);
      expect(small.held()).toBeLessThanOrEqual(2);
      expect(plain(got)).toEqual(plain(await schedulesRepository(h.db).of(ids, KEEP_FROM, KEEP_FROM)));
      expect([...got.values()].reduce((n, s) => n + s.size, 0)).toBe(5);
    }
  });
});

describe('the reads a search makes', () => {
  it('reads an appointment (written out) exactly as drizzle maps the same row, with or without a mediator', async () => {
    const booked = await h.make.appointment(desk.token, { beneficiaryRef: 'BEN-1', location: 'Sportello 2' });
    const open = await h.make.appointment(desk.token, { assignment: 'manual', start: '2026-03-24T10:00:00+01:00' });
    for (const id of [booked.id, open.id]) {
      const [drizzled] = await h.db.orm
        .select({ a: appointments, m: { id: mediators.id, name: mediators.name, phone: mediators.phone, email: mediators.email } })
        .from(appointments)
        .leftJoin(mediators, eq(mediators.id, appointments.mediatorId))
        .where(eq(appointments.id, id));
      const expected = { ...drizzled?.a, mediator: drizzled?.m?.id ? drizzled.m : null };
      expect(await h.repos.appointments.get(id)).toStrictEqual(expected);
    }
    expect((await h.repos.appointments.get(booked.id))?.mediator?.id).toBe(booked.mediatorId);
    expect(await h.repos.appointments.get('apt_missing')).toBeUndefined();
    const [user] = await h.db.orm.select().from(users).limit(1);
    expect(await h.repos.users.byTokenHash(user?.tokenHash ?? '')).toStrictEqual(user);
  });

  it('reads continuity (who already served the beneficiary) from the covering beneficiary index, no table row', async () => {
    const seen: Statement[] = [];
    const recording: Database = { ...h.db, rows: (s) => (seen.push(s), h.db.rows(s)), all: (s) => (seen.push(s), h.db.all(s)) };
    const a = await h.make.appointment(desk.token, { assignment: 'manual', beneficiaryRef: 'BEN-7' });
    const req = matchRequestOf((await h.repos.appointments.get(a.id)) as AppointmentRow);
    await loadMatchingInput(recording, h.repos, req, { zone: 'Europe/Rome', now: NOW, everyone: false, variants: 'asked', neighbourMaxTravel: 90 });
    const continuity = seen.map(queryOf).find((q) => q.sql.includes('beneficiary_ref = ?'));
    expect(continuity?.params).toEqual([req.serviceId, 'BEN-7', a.id]);
    const plan = (h.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${continuity?.sql}`).all(...(continuity?.params ?? [])) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH appointments USING COVERING INDEX appointments_beneficiary_idx \(service_id=\? AND beneficiary_ref=\? AND status=\?/)]);
  });
});

describe('a schedule by start (property)', () => {
  it('gives the bookings and the minutes starting in [from, to) as a plain filter does', () => {
    const arbStarts = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(arbStarts, fc.integer({ min: -5, max: 55 }), fc.integer({ min: -5, max: 55 }), (starts, from, to) => {
        const bookings: ScheduledBooking[] = starts.map((start, i) => ({
          appointmentId: `apt_${i}`,
          mediatorId: 'med_1',
          serviceId: 'svc_1',
          start,
          end: start + 1,
          area: 'TO',
          modality: 'in_person',
          minutes: 15 * (i + 1),
        }));
        const schedule = scheduleOf('med_1', bookings, []);
        const inside = bookings.filter((b) => b.start >= from && b.start < to);
        expect(bookingsStarting(schedule, from, to)).toEqual(inside);
        expect(minutesStarting(schedule, from, to)).toBe(inside.reduce((n, b) => n + b.minutes, 0));
      }),
    );
  });
});
