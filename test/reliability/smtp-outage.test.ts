import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/deps.js';
import { type RunningServer, startNode } from '../../src/node.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { checkInvariants } from './support/invariants.js';
import { COORDINATOR, runLoad, seedWorld, summary } from './support/load.js';

const HOUR = 3_600_000;

/**
 * The mail server is down for the whole load, then comes back. The server runs in this process so
 * that its clock can jump over the retry backoff (30 s doubling up to an hour) instead of waiting.
 */
describe('SMTP outage for the whole load, then recovery', () => {
  let dir: string;
  let sink: SmtpSink;
  let server: RunningServer | undefined;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-reliability-smtp-'));
    sink = await startSmtpSink();
    await sink.stop();
    server = await startNode(
      { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR, SMTP_URL: sink.url, OUTBOX_POLL_MS: '200', MAIL_TIMEOUT_MS: '2000', MAIL_MAX_ATTEMPTS: '50' },
      silentLogger,
      { clock },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const outbox = () => {
    const db = new Database(join(dir, 'mediator-booking.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT message_id AS messageId, status, attempts FROM outbox').all() as Array<{ messageId: string; status: string; attempts: number }>;
    } finally {
      db.close();
    }
  };
  const settle = async (until: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!until() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  };

  it('delivers every queued message once the mail server is back, none twice', async () => {
    const base = (server as RunningServer).url;
    const world = await seedWorld(base);
    const load = await runLoad(() => base, world, { ops: 300, concurrency: 8, maxMs: 40_000 });
    // Still down: every message is tried and fails at least once, more than once for the first ones.
    await settle(() => outbox().every((m) => m.attempts >= 1), 20_000);
    offset += 2 * HOUR;
    await settle(() => outbox().every((m) => m.attempts >= 2), 20_000);
    const during = outbox();
    expect(sink.received).toHaveLength(0);

    await sink.start();
    offset += 2 * HOUR;
    await settle(() => outbox().every((m) => m.status === 'sent'), 60_000);
    await new Promise((r) => setTimeout(r, 1_000)); // nothing more should arrive
    const after = outbox();
    const received = sink.received.map((r) => r.parsed.messageId ?? '');
    const twice = received.filter((id, i) => received.indexOf(id) !== i);
    const notSent = after.filter((m) => m.status !== 'sent');
    const notReceived = after.filter((m) => !received.includes(m.messageId));
    const inv = checkInvariants(join(dir, 'mediator-booking.sqlite'), load);
    console.log(
      summary('smtp-outage', load, {
        messages: after.length,
        failedAttemptsDuringOutage: during.reduce((n, m) => n + m.attempts, 0),
        delivered: received.length,
        twice: twice.length,
        notSent: notSent.length,
        doubleBookings: inv.doubleBookings.length,
      }),
    );
    expect(load.serverErrors).toEqual([]);
    expect(after.length).toBeGreaterThan(100);
    expect(notSent).toEqual([]);
    expect(notReceived).toEqual([]);
    expect(twice).toEqual([]);
    expect(received).toHaveLength(after.length);
    expect(inv.doubleBookings).toEqual([]);
    expect(inv.missing).toEqual([]);
  }, 150_000);
});
