import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../db/sqlite-node.js';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/deps.js';
import { DATABASE_FILE, type RunningServer, startNode } from '../../src/node.js';
import { COORDINATOR_TOKEN, makeFactories, readResponse, requestInit } from '../support/factories.js';
import { makeHarness, TEST_NOW } from '../support/harness.js';
import type { MailTransport } from '../../src/mail/message.js';

/**
 * A mail server that accepts connections and never says a word (the probe's "hanging SMTP"), against
 * the real Node entry: offers keep moving, and SIGTERM's close ends by its deadline with nothing lost.
 */
let silent: Server;
const sockets = new Set<Socket>();
let dir: string;
let running: RunningServer | undefined;

beforeEach(async () => {
  silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'mb-hang-'));
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(clock = fixedClock(TEST_NOW)) {
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dir,
    SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    // Long on purpose: the mail server's silence must not be what lets the rest move.
    MAIL_TIMEOUT_MS: '60000',
    SHUTDOWN_TIMEOUT_MS: '1000',
    OUTBOX_POLL_MS: '100',
    BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN,
  };
  running = await startNode(env, silentLogger, { clock });
  const url = running.url;
  const call = async (method: string, path: string, o = {}) => readResponse(await fetch(url + path, requestInit(method, o)));
  return { call, clock, ...makeFactories(call) };
}

const until = async (what: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('a mail server that accepts and never greets', () => {
  it('does not stop expired offers from moving on to the next candidates', async () => {
    const { call, clock, make } = await start();
    const desk = await make.desk();
    for (let i = 0; i < 4; i++) await make.mediator();
    const a = await make.appointment(desk.token, { assignment: 'offer' });
    expect(await until(async () => sockets.size > 0, 2_000)).toBe(true); // the offers' mail is stuck on the silent server
    clock.advance(4 * 3600_000 + 1);
    const moved = await until(async () => {
      const offers = (await call('GET', `/v1/offers?appointmentId=${a.id}&limit=200`)).body.items ?? [];
      return offers.some((o: { round: number }) => o.round === 2);
    }, 5_000);
    expect(moved).toBe(true);
  });

  it('lets close() (SIGTERM) finish by its deadline and keeps every unsent message for the next start', async () => {
    const { make } = await start();
    const desk = await make.desk();
    await make.mediator();
    await make.appointment(desk.token); // booked: invites to the mediator and the desk
    expect(await until(async () => sockets.size > 0, 2_000)).toBe(true);

    const started = Date.now();
    await running?.close();
    running = undefined;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);

    const db = openNodeDatabase(join(dir, DATABASE_FILE));
    const rows = await db.all<{ status: string; attempts: number }>(sql`SELECT status, attempts FROM outbox`);
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
  });
});

describe('the dispatcher', () => {
  it('sends at most MAIL_CONCURRENCY messages at once', async () => {
    const h = await makeHarness();
    try {
      const desk = await h.make.desk();
      for (let i = 0; i < 3; i++) await h.make.mediator();
      for (let i = 0; i < 3; i++) await h.make.appointment(desk.token, { start: `2026-03-2${3 + i}T10:00:00+01:00` });
      let inFlight = 0;
      let most = 0;
      const transport: MailTransport = {
        name: 'slow',
        async send() {
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight--;
        },
      };
      h.deps.config.mail.concurrency = 2;
      const run = await h.runJobs(transport);
      expect(run.mail?.sent).toBe(6);
      expect(most).toBe(2);
    } finally {
      h.close();
    }
  });
});
