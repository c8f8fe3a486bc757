import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROGRESS_LIMIT_MS } from '../../src/operations/appointments/create.js';
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

  let lastCrashAt = 0;
  const crashAndRestart = async () => {
    lastCrashAt = Date.now();
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
    const retry = (b: (typeof lost)[number]) => call(server.url, 'POST', '/v1/appointments', world.desks[b.desk]?.token ?? '', b.body, { 'idempotency-key': b.key });
    let inProgress = lost;
    let waitedMs = 0;
    let stuck = 0;
    // A key whose request was cut between its batches answers 409 idempotency_in_progress until
    // IN_PROGRESS_LIMIT_MS has passed; a client retries later, and so do we (once, after that limit).
    for (let round = 0; round < 2 && inProgress.length > 0; round++) {
      if (round === 1) {
        waitedMs = Math.max(0, lastCrashAt + IN_PROGRESS_LIMIT_MS + 1_000 - Date.now());
        await new Promise((r) => setTimeout(r, waitedMs));
      }
      const again: typeof lost = [];
      for (const b of inProgress) {
        const r = await retry(b);
        if (r.status === 201 && r.body.id) retried.push({ id: r.body.id, status: r.body.status });
        else if (round === 0 && r.status === 409 && r.body.code === 'idempotency_in_progress') again.push(b);
        else unanswered.push(`${b.key}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
      }
      if (round === 0) stuck = again.length;
      inProgress = again;
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
        keysCutBetweenBatches: stuck,
        waitedForThemMs: waitedMs,
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
  }, 150_000);
});
