/**
 * npm run bench: generates a Piedmont-sized data set in a temp SQLite file, then prints candidate
 * search latency in-process, throughput over HTTP beside bare baselines, peak RSS, and the effect
 * of doubling the data with languages and areas no search asks for. Figures only; never fails on a miss.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories } from '../db/repositories/index.js';
import { type NodeDatabase, openNodeDatabase } from '../db/sqlite-node.js';
import { bootstrapCoordinator } from '../src/bootstrap.js';
import { fixedClock } from '../src/clock.js';
import { randomIds } from '../src/ids.js';
import { Calendar } from './calendar.js';
import { benchApp } from './context.js';
import { type PopulationSeed, seedPopulation } from './generate.js';
import { type LoadFigures, type LoadOptions, measure, rotating, type ServerHost, settle, startServerHost } from './http.js';
import { timeBreakdown, timeCandidateRequests, timeInterleaved } from './inprocess.js';
import { seeded } from './random.js';
import { line, section, type Target, targets } from './report.js';
import { insertSearchTargets, makeBookingCalls } from './requests.js';
import { COORDINATOR_TOKEN, NOW, PIEDMONT, type Population, SEED, UNRELATED, ZONE } from './scenario.js';
import { DATABASE_FILE } from './host-protocol.js';
import { describe, mb, ms, pct, perSecond } from './stats.js';

const SEARCH_TARGETS = 500;
/** Each of the 500 varied requests searched once per data set, after a warm-up. */
const SEARCH_ITERATIONS = 500;
const SEARCH_WARMUP = 50;
const BREAKDOWN_ITERATIONS = 200;
const REQUEST_ITERATIONS = 500;
const LOAD: LoadOptions = { connections: 50, durationSeconds: 5, warmupSeconds: 1 };

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en-US');

/** Seeds a population with fast-but-unsafe pragmas (a crash only loses a temp file), then restores them. */
async function seed(db: NodeDatabase, pop: Population, cal: Calendar, now: number, r: () => number): Promise<PopulationSeed> {
  const synchronous = db.sqlite.pragma('synchronous', { simple: true });
  const cacheSize = db.sqlite.pragma('cache_size', { simple: true });
  db.sqlite.pragma('synchronous = OFF');
  db.sqlite.pragma('cache_size = -131072');
  try {
    return await seedPopulation(db.sqlite, pop, cal, now, r);
  } finally {
    db.sqlite.pragma(`synchronous = ${Number(synchronous)}`);
    db.sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
}

function describeLoad(f: LoadFigures): string {
  const bad = f.non2xx + f.errors > 0 ? `  non-2xx ${f.non2xx}, errors ${f.errors} ${JSON.stringify(f.statuses)}` : '';
  return `${perSecond(f.rps).padStart(12)}  p50 ${f.p50} ms  p99 ${f.p99} ms  (${count(f.total)} requests)${bad}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const [l1 = 0, l5 = 0] = loadavg();
  console.log(`mediator-booking bench — clock fixed at ${NOW}, zone ${ZONE}, seed ${SEED}`);
  console.log(`node ${process.version}, ${cpus().length} CPUs, load average at start ${l1.toFixed(1)} / ${l5.toFixed(1)} (1 / 5 min)`);

  const dir = mkdtempSync(join(tmpdir(), 'mediator-bench-'));
  const mainFile = join(dir, 'doubled.sqlite');
  const baseFile = join(dir, 'base.sqlite');
  const httpDir = join(dir, 'http');
  const httpFile = join(httpDir, DATABASE_FILE);
  let host: ServerHost | undefined;
  const open: NodeDatabase[] = [];
  try {
    const now = Date.parse(NOW);
    const cal = new Calendar(ZONE, now);
    const r = seeded(SEED);

    // 1. The Piedmont data set, copied aside as the "base" database.
    section('Data set');
    let t = performance.now();
    const db = openNodeDatabase(mainFile);
    open.push(db);
    const clock = fixedClock(NOW);
    await bootstrapCoordinator(createRepositories(db), clock, randomIds(clock), COORDINATOR_TOKEN);
    const piedmont = await seed(db, PIEDMONT, cal, now, r);
    const searchTargets = insertSearchTargets(db.sqlite, r, PIEDMONT, piedmont.services, cal, now, SEARCH_TARGETS);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(mainFile, baseFile);
    mkdirSync(httpDir);
    copyFileSync(mainFile, httpFile);
    const future = db.sqlite.prepare("SELECT COUNT(*) FROM appointments WHERE status = 'booked' AND starts_at > ?").pluck().get(now) as number;
    line(
      'Piedmont',
      `${count(piedmont.mediators.length)} mediators, ${count(piedmont.bookings)} booked appointments (${count(future)} future), ` +
        `${piedmont.services.length} services, ${piedmont.timeOff} time off, ${piedmont.exclusions} exclusions, ${SEARCH_TARGETS} open requests — ${seconds(t)}`,
    );
    const speakers = db.sqlite
      .prepare("SELECT base, COUNT(*) AS n FROM mediator_languages WHERE mediator_id LIKE 'med\\_P%' ESCAPE '\\' GROUP BY base ORDER BY n DESC")
      .all() as Array<{ base: string; n: number }>;
    line('speakers per language', speakers.map((s) => `${s.base} ${s.n}`).join(', '));
    line('file size', mb(statSync(baseFile).size));

    // 2. Double the roster and history with languages and areas no search asks for.
    t = performance.now();
    const unrelated = await seed(db, UNRELATED, cal, now, r);
    line(
      'doubled with unrelated languages and areas',
      `+${count(unrelated.mediators.length)} mediators, +${count(unrelated.bookings)} bookings (${UNRELATED.areas.map((a) => a.code).join(' ')}) — ${seconds(t)}; file ${mb(statSync(mainFile).size)}`,
    );

    // 3. In-process: runMatching on base vs doubled, interleaved; then app.request on base.
    const baseDb = openNodeDatabase(baseFile);
    open.push(baseDb);
    const base = benchApp(baseDb);
    const doubled = benchApp(db);
    section(`Candidate search in-process: runMatching(ctx, req), ${SEARCH_ITERATIONS} searches over ${SEARCH_TARGETS} varied requests, after ${SEARCH_WARMUP} warm-up`);
    t = performance.now();
    const searches = await timeInterleaved(base, doubled, searchTargets, SEARCH_ITERATIONS, SEARCH_WARMUP);
    line('base data', describe(searches.base.total));
    line('doubled data (unrelated)', describe(searches.doubled.total));
    line('per search (base)', `${searches.base.meanRoster.toFixed(0)} speakers read, ${searches.base.meanCandidates.toFixed(1)} candidates on average`);
    const breakdown = await timeBreakdown(base, searchTargets, BREAKDOWN_ITERATIONS);
    line('  of which loadMatchingInput (SQL + JSON)', describe(breakdown.load));
    line('  of which matchAppointment (rules, luxon)', describe(breakdown.rank));
    const viaApp = await timeCandidateRequests(base, searchTargets, REQUEST_ITERATIONS, SEARCH_WARMUP);
    line('app.request GET /v1/appointments/:id/candidates', describe(viaApp));
    line('time', seconds(t));
    baseDb.close();
    db.close();
    open.length = 0;

    // 4. HTTP with concurrent clients, each app route beside its bare baseline, on the base copy.
    section(
      `HTTP on 127.0.0.1: autocannon ${LOAD.connections} connections, ${LOAD.durationSeconds} s each (after ${LOAD.warmupSeconds} s warm-up on 1 connection); startNode + bare servers in a child process`,
    );
    t = performance.now();
    host = await startServerHost(httpDir, NOW);
    const { urls } = host;
    const idle = `${urls.bareHono}/x`;
    await settle(idle);
    const readIds = Array.from({ length: 5000 }, () => ({ path: `/r/apt_P${String(Math.floor(r() * PIEDMONT.bookings)).padStart(8, '0')}` }));
    const candidatePaths = searchTargets.map((s) => ({
      path: `/v1/appointments/${s.id}/candidates`,
      headers: { authorization: `Bearer ${s.service.deskToken}` },
    }));
    const bookings = makeBookingCalls(r, PIEDMONT, piedmont.services, cal, 20_000);
    const bookingRequests = bookings.map((b) => ({ body: b.body, headers: { authorization: `Bearer ${b.token}` } }));
    const bareBodies = bookings.map((b, i) => ({ body: `{"k":"w${i}",${b.body.slice(1)}` }));
    const json = { 'content-type': 'application/json' };

    const bareHono = await measure('bare Hono', urls.bareHono, { method: 'GET', path: '/x' }, LOAD, idle);
    line('bare Hono GET /x', describeLoad(bareHono));
    const bareRead = await measure('bare read', urls.bareRead, rotating({ method: 'GET' }, readIds), LOAD, idle);
    line('bare read GET /r/:id (prepared SELECT)', describeLoad(bareRead));
    const candidates = await measure('candidates', urls.app, rotating({ method: 'GET' }, candidatePaths), LOAD, idle);
    line('candidate GET /v1/appointments/:id/candidates', describeLoad(candidates));
    const bareInsert = await measure('bare insert', urls.bareInsert, rotating({ method: 'POST', path: '/w', headers: json }, bareBodies), LOAD, idle);
    line('bare insert POST /w (prepared INSERT)', describeLoad(bareInsert));
    const booking = await measure(
      'booking',
      urls.app,
      rotating({ method: 'POST', path: '/v1/appointments', headers: json }, bookingRequests),
      LOAD,
      idle,
    );
    line('booking POST /v1/appointments (auto)', describeLoad(booking));
    const server = await host.stop();
    host = undefined;
    const after = openNodeDatabase(httpFile);
    const outcomes = after.sqlite
      .prepare("SELECT status, COUNT(*) AS n FROM appointments WHERE id NOT LIKE 'apt\\_P%' ESCAPE '\\' GROUP BY status ORDER BY status")
      .all() as Array<{ status: string; n: number }>;
    after.close();
    line('  appointments the POSTs created (incl. warm-up)', outcomes.map((o) => `${o.status} ${count(o.n)}`).join(', '));
    const readRatio = candidates.rps / bareRead.rps;
    const insertRatio = booking.rps / bareInsert.rps;
    line('ratio candidate GET / bare read', `${(100 * readRatio).toFixed(1)} %`);
    line('ratio booking POST / bare insert', `${(100 * insertRatio).toFixed(1)} %`);
    line('time', seconds(t));

    section('Memory');
    line('server process, peak RSS (maxRSS)', `${mb(server.maxRss)} (sampled peak ${mb(server.sampledRss)}; ${mb(server.readyRss)} when ready, before load; heap used at end ${mb(server.heapUsed)})`);
    line('bench process, peak RSS (generation + in-process runs)', mb(process.resourceUsage().maxRSS * 1024));

    const change = (100 * (searches.doubled.total.p99 - searches.base.total.p99)) / searches.base.total.p99;
    targets([
      { name: 'candidate search p99 ≤ 5 ms in-process', actual: ms(searches.base.total.p99), pass: searches.base.total.p99 <= 5 },
      { name: 'candidate GET ≥ 10 % of bare read (req/s)', actual: `${(100 * readRatio).toFixed(1)} %`, pass: readRatio >= 0.1 },
      { name: 'booking POST ≥ 15 % of bare insert (req/s)', actual: `${(100 * insertRatio).toFixed(1)} %`, pass: insertRatio >= 0.15 },
      {
        name: 'doubling non-matching data moves search p99 by < 20 %',
        actual: `${ms(searches.base.total.p99)} → ${ms(searches.doubled.total.p99)} (${pct(change)})`,
        pass: Math.abs(change) < 20,
      },
      { name: 'server process peak RSS ≤ 150 MB', actual: mb(server.maxRss), pass: server.maxRss <= 150 * 1024 * 1024 },
    ]);
    const [e1 = 0] = loadavg();
    console.log(`\ntotal ${seconds(started)}; load average at end ${e1.toFixed(1)}`);
  } finally {
    host?.kill();
    for (const db of open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
