/**
 * The e-mail outbox: what queueing mail costs a booking, and how fast the dispatcher empties the
 * outbox through each transport (spool files, SMTP to a local sink, pooled SMTP).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryOf, type Statement } from '../db/database.js';
import { createRepositories } from '../db/repositories/index.js';
import { outbox } from '../db/schema.js';
import { type NodeDatabase, openNodeDatabase } from '../db/sqlite-node.js';
import { fixedClock } from '../src/clock.js';
import { silentLogger } from '../src/deps.js';
import { createDispatcher, type DispatchResult } from '../src/mail/dispatcher.js';
import type { MailTransport } from '../src/mail/message.js';
import { renderOutboxRow } from '../src/mail/outbox-render.js';
import { smtpTransport } from '../src/mail/smtp.js';
import { spoolTransport } from '../src/mail/spool.js';
import { type BenchApp, benchApp } from './context.js';
import type { Dataset } from './dataset.js';
import type { Rng } from './random.js';
import { makeBookingCalls } from './requests.js';
import { NOW, PIEDMONT } from './scenario.js';
import type { SinkCounters, SinkMessage } from './smtp-sink-host.js';
import { type Summary, summarize } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface MailOptions {
  /** Booking POSTs per copy: at most `bookings`, at least `minBookings`, more only while `budgetMs` lasts. */
  bookings: number;
  minBookings: number;
  warmupBookings: number;
  budgetMs: number;
  /** Messages in the outbox for each dispatcher run (the bookings' mail, repeated with new ids up to this). */
  messages: number;
  /** Messages sent through the connection-per-message SMTP transport (a sample: ~100 ms each). */
  perConnectionMessages: number;
  /** Messages rendered alone (renderOutboxRow, no transport). */
  renderMessages: number;
}

export interface BookingVariant {
  times: Summary;
  /** Bookings per second, sequential: timed bookings ÷ their summed durations. */
  rate: number;
  /** HTTP status of each timed booking (all 201 when nothing went wrong). */
  statuses: Record<string, number>;
  booked: number;
  unfilled: number;
  outboxRows: number;
}

export interface TransportRun {
  name: string;
  seconds: number;
  sent: number;
  retrying: number;
  failed: number;
  drains: number;
  /** What the SMTP sink counted during this run. */
  sink: SinkCounters | null;
}

export interface MailPhase {
  variants: { withMail: BookingVariant; noWrite: BookingVariant; noStatement: BookingVariant };
  droppedStatements: number;
  messages: number;
  fromBookings: number;
  kinds: Array<{ kind: string; n: number }>;
  rendered: { messages: number; seconds: number };
  emlBytes: number;
  /** Per booking, time on A minus time on B (and on C): mean and 95 % interval half-width, ms. */
  paired: { noWrite: [number, number]; noStatement: [number, number] };
  transports: TransportRun[];
}

/** Whether the statement is the outbox INSERT (db/repositories/outbox.ts), by the SQL it runs as. */
function isOutboxInsert(s: Statement): boolean {
  return /^\s*INSERT INTO outbox\b/.test(queryOf(s).sql);
}

/** The database port with every outbox INSERT left out of exec and batch (results padded with 0 changes). */
function withoutOutboxInserts(db: NodeDatabase, dropped: { n: number }): NodeDatabase {
  return {
    ...db,
    exec: async (s) => {
      if (!isOutboxInsert(s)) return db.exec(s);
      dropped.n++;
      return 0;
    },
    batch: async (statements) => {
      const keep = statements.map((s) => !isOutboxInsert(s));
      dropped.n += keep.filter((k) => !k).length;
      const results = await db.batch(statements.filter((_, i) => keep[i]));
      let next = 0;
      return keep.map((k) => (k ? (results[next++] ?? 0) : 0));
    },
  };
}

interface Variant {
  name: string;
  db: NodeDatabase;
  bench: BenchApp;
  times: number[];
  statuses: Record<string, number>;
}

async function book(v: Variant, call: { token: string; body: string }, timed: boolean): Promise<void> {
  const started = performance.now();
  const res = await v.bench.app.request('/v1/appointments', {
    method: 'POST',
    body: call.body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${call.token}` },
  });
  await res.text();
  const elapsed = performance.now() - started;
  if (!timed) return;
  v.times.push(elapsed);
  v.statuses[res.status] = (v.statuses[res.status] ?? 0) + 1;
}

function variantFigures(v: Variant): BookingVariant {
  const count = (q: string) => v.db.sqlite.prepare(q).pluck().get() as number;
  const total = v.times.reduce((a, b) => a + b, 0);
  return {
    times: summarize(v.times),
    rate: v.times.length / (total / 1000),
    statuses: v.statuses,
    booked: count("SELECT COUNT(*) FROM appointments WHERE status = 'booked' AND id NOT LIKE 'apt\\_P%' ESCAPE '\\'"),
    unfilled: count("SELECT COUNT(*) FROM appointments WHERE status = 'unfilled' AND id NOT LIKE 'apt\\_P%' ESCAPE '\\'"),
    outboxRows: count('SELECT COUNT(*) FROM outbox'),
  };
}

/** Mean of a − b over the same bookings, and the half-width of its 95 % interval (normal approximation). */
function pairedDifference(a: Variant, b: Variant): [number, number] {
  const d = a.times.map((x, i) => x - (b.times[i] ?? x));
  const n = Math.max(1, d.length);
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1);
  return [mean, 1.96 * Math.sqrt(variance / n)];
}

interface Sink {
  url: string;
  counters(): Promise<SinkCounters>;
  stop(): Promise<void>;
  kill(): void;
}

/** Forks bench/smtp-sink-host.ts (through tsx) and waits for its port. */
function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(join(ROOT, 'bench', 'smtp-sink-host.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`SMTP sink exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (m: SinkMessage) => {
      if (m.type !== 'ready') return reject(new Error(`SMTP sink: unexpected message ${m.type}`));
      child.off('exit', onExit);
      resolve({
        url: `smtp://127.0.0.1:${m.port}`,
        kill,
        counters: () =>
          new Promise((done) => {
            const onMessage = (c: SinkMessage) => {
              if (c.type !== 'count') return;
              child.off('message', onMessage);
              done(c.counters);
            };
            child.on('message', onMessage);
            child.send({ type: 'count' });
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(kill, 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

/** Repeats the bookings' messages with new ids (and Message-IDs) until the outbox holds `target`. */
function topUp(db: NodeDatabase, target: number): number {
  const ids = db.sqlite.prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as string[];
  if (ids.length === 0) throw new Error('the bookings queued no mail');
  const copy = db.sqlite.prepare(
    `INSERT INTO outbox (id, message_id, kind, appointment_id, locale, to_addresses, cc_addresses, payload, sequence, status, attempts, next_attempt_at, created_at)
     SELECT id || @suffix, replace(message_id, '@', @suffix || '@'), kind, appointment_id, locale, to_addresses, cc_addresses, payload, sequence, 'pending', 0, next_attempt_at, created_at
     FROM outbox WHERE id = @id`,
  );
  db.sqlite.transaction(() => {
    for (let n = ids.length; n < target; n++) copy.run({ suffix: `-r${Math.floor(n / ids.length)}`, id: ids[n % ids.length] });
  })();
  return ids.length;
}

/** Every message due again, as if never sent. */
function resetOutbox(db: NodeDatabase, now: number): void {
  db.sqlite.exec('DELETE FROM outbox_attempts');
  db.sqlite.prepare("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, last_error = NULL, sent_at = NULL").run(now);
}

async function drainAll(drainOnce: () => Promise<DispatchResult>): Promise<Omit<TransportRun, 'name' | 'seconds' | 'sink'>> {
  const total = { sent: 0, retrying: 0, failed: 0, drains: 0 };
  for (;;) {
    const r = await drainOnce();
    total.drains++;
    total.sent += r.sent;
    total.retrying += r.retrying;
    total.failed += r.failed;
    if (r.sent + r.retrying + r.failed === 0) return total;
  }
}

/**
 * Part 1, bookings: three copies of the Piedmont file get the same booking POSTs (app.request,
 * sequential, rotating which copy goes first): A as is; B with a BEFORE INSERT trigger on outbox
 * doing RAISE(IGNORE) (each outbox statement still runs — guard, SEQUENCE subquery — but writes no
 * row); C with the outbox INSERTs removed from the batches at the database port.
 * Part 2, dispatch: A's outbox (topped up to `messages`) drained by createDispatcher().drainOnce()
 * until empty, reset between transports, after a 100-message warm-up of each.
 */
export async function runMailPhase(dir: string, data: Dataset, r: Rng, o: MailOptions): Promise<MailPhase> {
  const now = Date.parse(NOW);
  const open = (name: string) => {
    const file = join(dir, `mail-${name}.sqlite`);
    copyFileSync(data.baseFile, file);
    return openNodeDatabase(file);
  };
  const dropped = { n: 0 };
  const dbA = open('a');
  const dbB = open('b');
  const dbC = open('c');
  let sink: Sink | undefined;
  const transports: MailTransport[] = [];
  try {
    dbB.sqlite.exec('CREATE TRIGGER bench_outbox_discard BEFORE INSERT ON outbox BEGIN SELECT RAISE(IGNORE); END');
    const variants: Variant[] = [
      { name: 'A', db: dbA, bench: benchApp(dbA), times: [], statuses: {} },
      { name: 'B', db: dbB, bench: benchApp(dbB), times: [], statuses: {} },
      { name: 'C', db: dbC, bench: benchApp(withoutOutboxInserts(dbC, dropped)), times: [], statuses: {} },
    ];
    const calls = makeBookingCalls(r, PIEDMONT, data.piedmont.services, data.cal, o.warmupBookings + o.bookings);
    let i = 0;
    for (; i < o.warmupBookings; i++) for (const v of variants) await book(v, calls[i] as (typeof calls)[number], false);
    const deadline = performance.now() + o.budgetMs;
    for (let k = 0; k < o.bookings && (k < o.minBookings || performance.now() < deadline); k++, i++) {
      const call = calls[i] as (typeof calls)[number];
      for (let j = 0; j < variants.length; j++) await book(variants[(k + j) % variants.length] as Variant, call, true);
    }
    const [withMail, noWrite, noStatement] = variants.map(variantFigures) as [BookingVariant, BookingVariant, BookingVariant];
    dbB.close();
    dbC.close();

    // Part 2 on copy A.
    const fromBookings = topUp(dbA, o.messages);
    const messages = dbA.sqlite.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    const kinds = dbA.sqlite.prepare('SELECT kind, COUNT(*) AS n FROM outbox GROUP BY kind ORDER BY n DESC').all() as Array<{ kind: string; n: number }>;
    const bench = variants[0]?.bench as BenchApp;
    const { mail, publicUrl } = bench.deps.config;

    const rows = (await dbA.orm.select().from(outbox)).slice(0, o.renderMessages + 100);
    for (const row of rows.slice(0, 100)) renderOutboxRow(row, mail, publicUrl);
    let t = performance.now();
    for (const row of rows.slice(100)) renderOutboxRow(row, mail, publicUrl);
    const rendered = { messages: rows.length - 100, seconds: (performance.now() - t) / 1000 };

    sink = await startSink();
    const spoolDir = join(dir, 'spool');
    // smtp-server waits 100 ms before its greeting (early-talker check), so a connection per message
    // caps the sequential dispatcher near 10 messages/s: that one gets a sample, not the whole outbox.
    const candidates: Array<{ name: string; transport: MailTransport; smtp: boolean; limit: number | null; warmup: number }> = [
      { name: 'spool (.eml files, temp dir)', transport: spoolTransport(spoolDir, { now: () => now }), smtp: false, limit: null, warmup: 100 },
      { name: 'SMTP pooled (URL ?pool=true)', transport: smtpTransport({ url: `${sink.url}?pool=true` }), smtp: true, limit: null, warmup: 100 },
      { name: 'SMTP, connection per message', transport: smtpTransport({ url: sink.url }), smtp: true, limit: o.perConnectionMessages, warmup: 5 },
    ];
    const runs: TransportRun[] = [];
    for (const c of candidates) {
      transports.push(c.transport);
      const dispatcher = (maxPerDrain?: number) =>
        createDispatcher({
          outbox: createRepositories(dbA).outbox,
          transport: c.transport,
          clock: fixedClock(NOW),
          logger: silentLogger,
          mail,
          publicUrl,
          ...(maxPerDrain ? { maxPerDrain, batchSize: Math.min(20, maxPerDrain) } : {}),
        });
      resetOutbox(dbA, now);
      await dispatcher(c.warmup).drainOnce();
      resetOutbox(dbA, now);
      const before = c.smtp ? await sink.counters() : null;
      t = performance.now();
      const result = c.limit ? { ...(await dispatcher(c.limit).drainOnce()), drains: 1 } : await drainAll(dispatcher().drainOnce);
      const seconds = (performance.now() - t) / 1000;
      const after = c.smtp ? await sink.counters() : null;
      const sinkDelta =
        before && after ? { messages: after.messages - before.messages, bytes: after.bytes - before.bytes, connections: after.connections - before.connections } : null;
      runs.push({ name: c.name, seconds, ...result, sink: sinkDelta });
    }
    const eml = readdirSync(spoolDir).filter((f) => f.endsWith('.eml'));
    const emlBytes = eml.reduce((sum, f) => sum + statSync(join(spoolDir, f)).size, 0) / Math.max(1, eml.length);
    return {
      variants: { withMail, noWrite, noStatement },
      droppedStatements: dropped.n,
      messages,
      fromBookings,
      kinds,
      rendered,
      emlBytes,
      paired: { noWrite: pairedDifference(variants[0] as Variant, variants[1] as Variant), noStatement: pairedDifference(variants[0] as Variant, variants[2] as Variant) },
      transports: runs,
    };
  } finally {
    for (const transport of transports) await transport.close?.();
    await sink?.stop();
    sink?.kill();
    for (const db of [dbA, dbB, dbC]) if (db.sqlite.open) db.close();
  }
}
