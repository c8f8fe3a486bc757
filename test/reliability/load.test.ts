import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { checkInvariants } from './support/invariants.js';
import { COORDINATOR, runLoad, seedWorld, summary, type World } from './support/load.js';

/** Mixed traffic against a real server process, then the invariants read from its database file. */
describe('load: desks booking and cancelling, mediators reading feeds, coordinators reading reports', () => {
  let dir: string;
  let server: ServerProcess;
  let world: World;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-reliability-load-'));
    server = await startServerProcess({ DATA_DIR: dir, BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR, OUTBOX_POLL_MS: '600000' });
    world = await seedWorld(server.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers no 500, double-books nobody, loses no acknowledged booking, queues every e-mail', async () => {
    const load = await runLoad(() => server.url, world, { ops: 600, concurrency: 12, maxMs: 40_000 });
    const inv = checkInvariants(join(dir, 'mediator-booking.sqlite'), load);
    console.log(summary('load', load, { appointments: inv.appointments, booked: inv.booked, doubleBookings: inv.doubleBookings.length, missing: inv.missing.length, withoutOutbox: inv.withoutOutbox.length }));
    expect(load.serverErrors).toEqual([]);
    expect(Object.keys(load.counts).filter((k) => !/ (200|201)$/.test(k))).toEqual([]);
    expect(inv.doubleBookings).toEqual([]);
    expect(inv.missing).toEqual([]);
    expect(inv.withoutOutbox).toEqual([]);
    expect(load.cancelled.length).toBeGreaterThan(10);
  }, 90_000);
});
