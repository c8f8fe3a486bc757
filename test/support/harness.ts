import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import { fixedClock } from '../../src/clock.js';
import { defaultAppConfig } from '../../src/config.js';
import { type AppConfig, type Deps, silentLogger } from '../../src/deps.js';
import { randomIds } from '../../src/ids.js';
import { dispatcherFor, runJobs, systemCtx } from '../../src/jobs.js';
import type { MailTransport, OutgoingMail } from '../../src/mail/message.js';
import { buildRuntime } from '../../src/runtime.js';
import { type ApiResponse, type CallOptions, COORDINATOR_TOKEN, makeFactories, readResponse, requestInit } from './factories.js';

export { type ApiResponse, type CallOptions, COORDINATOR_TOKEN, type Json, WEEKDAYS_9_TO_18 } from './factories.js';

/** Friday 20 March 2026, 09:00 in Rome: a week before the spring DST change. */
export const TEST_NOW = '2026-03-20T08:00:00Z';

/**
 * A fresh app on a fresh, really migrated SQLite (in memory unless `file`) with a fixed clock, a bootstrap
 * coordinator, and factories that go through the public API (so validation is exercised too).
 */
export async function makeHarness(options: { now?: string; deps?: Partial<Deps>; file?: string; config?: Partial<AppConfig> } = {}) {
  const db: NodeDatabase = openNodeDatabase(options.file ?? ':memory:');
  const clock = fixedClock(options.now ?? TEST_NOW);
  const ids = randomIds(clock);
  const deps: Deps = {
    db,
    clock,
    ids,
    logger: silentLogger,
    config: defaultAppConfig({ publicUrl: 'http://localhost:8787', ...options.config }),
    ...options.deps,
  };
  const { repos, app } = await buildRuntime(deps, { bootstrapToken: COORDINATOR_TOKEN });

  const call = async (method: string, path: string, o: CallOptions = {}): Promise<ApiResponse> =>
    readResponse(await app.request(path, requestInit(method, o)));

  const { make, expectStatus } = makeFactories(call);

  /** One round of background jobs (offers, reminders) and, with a transport, an outbox drain. */
  const runJobsWith = (transport: MailTransport | null) => {
    const ctx = systemCtx(deps, repos);
    return runJobs(ctx, transport ? dispatcherFor(ctx, transport) : null);
  };

  return { app, db, repos, clock, deps, call, make, expectStatus, runJobs: runJobsWith, close: () => db.close() };
}

/** For suites that probe with thousands of wrong credentials on purpose: no 429 (test/integration/guessing.test.ts tests the limit). */
export const NO_GUESSING_LIMIT: Partial<AppConfig> = { guessing: { failures: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } };

export type Harness = Awaited<ReturnType<typeof makeHarness>>;

/** A mail transport that keeps what it is given, for tests that read the sent e-mails. */
export function memoryMail(): { transport: MailTransport; sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    name: 'memory',
    async send(mail) {
      sent.push(mail);
    },
  };
  return { transport, sent };
}
