import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { checkInvariants } from './support/invariants.js';
import { call, COORDINATOR, runLoad, seedWorld, summary, type World } from './support/load.js';

const OPS = 600;
/** Killed (SIGKILL) after this share of the operations, and restarted on the same data folder while the load goes on. */
const CRASH_AT = [0.3, 0.65];

describe('crash: kill -9 in the middle of the load, restart on the same data', () => {
  let dir: string;
  let server: ServerProcess;
  let world: World;
  const env = () => ({ DATA_DIR: dir, BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR, OUTBOX_POLL_MS: '600000' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-reliability-crash-'));
    server = await startServerProcess(env());
    world = await seedWorld(server.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const crashAndRestart = async () => {
    const dying = server;
    const exited = dying.child.exitCode === null && dying.child.signalCode === null ? new Promise((resolve) => dying.child.once('exit', resolve)) : Promise.resolve();
    dying.child.kill('SIGKILL');
    await exited;
    server = await startServerProcess(env());
  };

  it('loses nothing acknowledged, answers every retried idempotency key, double-books nobody', async () => {
    const crashes: Promise<void>[] = [];
    let restarting: Promise<void> = Promise.resolve();
    const load = await runLoad(() => server.url, world, {
      ops: OPS,
      concurrency: 12,
      maxMs: 60_000,
      gate: () => restarting,
      onProgress: (done) => {
        if (crashes.length < CRASH_AT.length && done >= OPS * (CRASH_AT[crashes.length] ?? 1)) {
          restarting = restarting.then(crashAndRestart);
          crashes.push(restarting);
        }
      },
    });
    await Promise.all(crashes);

    // The client retries what it never heard back about, with the same key; and replays every key it did hear back about.
    const lost = load.bookings.filter((b) => b.answer?.status === 0);
    const retried: Array<{ id: string; status: string }> = [];
    const unanswered: string[] = [];
    for (const b of lost) {
      const r = await call(server.url, 'POST', '/v1/appointments', world.desks[b.desk]?.token ?? '', b.body, { 'idempotency-key': b.key });
      if (r.status === 201 && r.body.id) retried.push({ id: r.body.id, status: r.body.status });
      else unanswered.push(`${b.key}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    }
    const changed: string[] = [];
    for (const b of load.bookings.filter((x) => x.answer?.status === 201)) {
      const r = await call(server.url, 'POST', '/v1/appointments', world.desks[b.desk]?.token ?? '', b.body, { 'idempotency-key': b.key });
      if (r.status !== 201 || r.body.id !== b.answer?.body.id) changed.push(`${b.key}: ${r.status} ${r.body.id} ≠ ${b.answer?.body.id}`);
    }
    for (const c of load.lostCancels) {
      const r = await call(server.url, 'POST', `/v1/appointments/${c.id}/cancel`, world.desks[c.desk]?.token ?? '', { reason: 'load test' });
      if (r.status === 200 || (r.status === 409 && r.body.code)) load.cancelled.push(c.id);
      else unanswered.push(`cancel ${c.id}: ${r.status}`);
    }

    const inv = checkInvariants(join(dir, 'mediator-booking.sqlite'), load, retried);
    console.log(
      summary('crash', load, {
        crashes: CRASH_AT.length,
        lostAnswers: lost.length + load.lostCancels.length,
        retriedKeysAnswered: retried.length,
        replayedKeys: load.bookings.length - lost.length,
        appointments: inv.appointments,
        booked: inv.booked,
        doubleBookings: inv.doubleBookings.length,
        missing: inv.missing.length,
        withoutOutbox: inv.withoutOutbox.length,
      }),
    );
    expect(crashes).toHaveLength(CRASH_AT.length);
    expect(load.serverErrors).toEqual([]);
    expect(unanswered).toEqual([]);
    expect(changed).toEqual([]);
    expect(inv.doubleBookings).toEqual([]);
    expect(inv.missing).toEqual([]);
    expect(inv.withoutOutbox).toEqual([]);
  }, 120_000);
});
