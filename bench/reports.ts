/**
 * The coordinators' reports over one year: coverage (GET /v1/reports/coverage) and timesheets
 * (GET /v1/reports/timesheets) through app.request, on the Piedmont year and on the doubled file
 * (2× the rows in the same year), both given the same kind of history (see history.ts).
 */
import { copyFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { join } from 'node:path';
import type { NodeDatabase } from '../db/sqlite-node.js';
import { openNodeDatabase } from '../db/sqlite-node.js';
import { coverageReport } from '../src/domain/coverage.js';
import { timesheetsFromTotals } from '../src/domain/timesheets.js';
import { type BenchApp, benchApp } from './context.js';
import type { Dataset } from './dataset.js';
import { addHistory, type HistoryCounts } from './history.js';
import { seeded } from './random.js';
import { COORDINATOR_TOKEN, HISTORY, NOW, SEED, ZONE } from './scenario.js';
import { type Summary, summarize } from './stats.js';

export interface ReportLoop {
  /** Timed runs of each report on each data set: at least minRuns, at most maxRuns, more only while budgetMs lasts. */
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

export interface ReportFigures {
  name: string;
  base: Summary;
  doubled: Summary;
  /** Rows and JSON size of the response (base / doubled). */
  rows: [number, number];
  bytes: [number, number];
}

export interface Breakdown {
  /**
   * demand(): cold = fresh repositories (empty cache, every week read from SQLite); cached = the
   * same call again; oneWeekChanged = after one appointment of a past week changed (that week is
   * read again). demandHeap: growth of the JS heap while the cold call read its rows.
   */
  coverage: {
    demandCold: number;
    demandCached: number;
    demandOneWeekChanged: number;
    coverageCold: number;
    supply: number;
    aggregateLanguageArea: number;
    aggregateWeek: number;
    demandRows: number;
    demandHeap: number;
  };
  timesheets: { settled: number; open: number; names: number; aggregate: number; settledRows: number; openRows: number };
}

export interface ReportsPhase {
  period: { from: string; to: string; days: number };
  inPeriod: [number, number];
  appointments: [number, number];
  mediators: [number, number];
  history: { base: HistoryCounts };
  setupSeconds: number;
  reports: ReportFigures[];
  breakdown: Breakdown;
}

interface Prepared {
  db: NodeDatabase;
  bench: BenchApp;
}

const count = (db: NodeDatabase, q: string, ...params: unknown[]) => db.sqlite.prepare(q).pluck().get(...params) as number;

async function get(bench: BenchApp, path: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await bench.app.request(path, { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

function rowsOf(body: string): number {
  const parsed = JSON.parse(body) as { rows?: unknown[] };
  return parsed.rows?.length ?? 0;
}

/** One run of each stage of the two reports on a fresh app over `db`, to show where the time goes. */
async function breakdown(db: NodeDatabase, from: number, to: number): Promise<Breakdown> {
  const { repos, deps } = benchApp(db);
  const now = deps.clock.now();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  const demand = await repos.reports.demand(from, to);
  const t1 = performance.now();
  const demandHeap = process.memoryUsage().heapUsed - heapBefore;
  await repos.reports.demand(from, to);
  const t2 = performance.now();
  // Any report-relevant column written, even to the same value, moves its day's version.
  db.sqlite.prepare('UPDATE appointments SET status = status WHERE id = (SELECT id FROM appointments WHERE starts_at >= ? ORDER BY starts_at LIMIT 1)').run(from + 30 * 86_400_000);
  const t3 = performance.now();
  await repos.reports.demand(from, to);
  const t4 = performance.now();
  const [mediators, serviceAreas] = await Promise.all([repos.reports.supply(from, to), repos.reports.serviceAreas()]);
  const t5 = performance.now();
  coverageReport({ from, to, zone: deps.config.zone, now, groupBy: ['language', 'area'], demand, mediators, serviceAreas });
  const t6 = performance.now();
  coverageReport({ from, to, zone: deps.config.zone, now, groupBy: ['language', 'area', 'week'], demand, mediators, serviceAreas });
  const t7 = performance.now();
  const cold = benchApp(db);
  const coverageCold = await get(cold, `/v1/reports/coverage?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&groupBy=language,area`);
  const coverage = {
    demandCold: t1 - t,
    demandCached: t2 - t1,
    demandOneWeekChanged: t4 - t3,
    coverageCold: coverageCold.ms,
    supply: t5 - t4,
    aggregateLanguageArea: t6 - t5,
    aggregateWeek: t7 - t6,
    demandRows: demand.length,
    demandHeap,
  };

  t = performance.now();
  const settled = await repos.attendance.settledTotals({ from, to, by: 'mediator' });
  const u1 = performance.now();
  const open = await repos.attendance.openTotals({ now, from, to, by: 'mediator' });
  const u2 = performance.now();
  await repos.reports.names();
  const u3 = performance.now();
  timesheetsFromTotals(settled, open, 'mediator');
  const u4 = performance.now();
  return {
    coverage,
    timesheets: { settled: u1 - t, open: u2 - u1, names: u3 - u2, aggregate: u4 - u3, settledRows: settled.length, openRows: open.length },
  };
}

/**
 * Copies the base and the doubled file, gives both the same history for the Piedmont half (same
 * seed) and the doubled one a history for its other half too, then times the four reports in
 * alternating order (base first in even rounds, doubled first in odd ones) after one warm-up round
 * on each (which fills its demand cache; the breakdown times a cold one).
 */
export async function runReportsPhase(dir: string, data: Dataset, loop: ReportLoop): Promise<ReportsPhase> {
  const now = Date.parse(NOW);
  const setupStarted = performance.now();
  const from = data.cal.day(-HISTORY.pastDays).date;
  const to = data.cal.day(HISTORY.futureDays + 1).date;
  const prepare = (source: string, name: string): Prepared => {
    const file = join(dir, `reports-${name}.sqlite`);
    copyFileSync(source, file);
    const db = openNodeDatabase(file);
    return { db, bench: benchApp(db) };
  };
  const opened: Prepared[] = [];
  try {
    const base = prepare(data.baseFile, 'base');
    opened.push(base);
    const doubled = prepare(data.doubledFile, 'doubled');
    opened.push(doubled);
    const historyOf = (p: Prepared, tag: string, services: Dataset['piedmont']['services'], seed: number) => {
      const synchronous = p.db.sqlite.pragma('synchronous', { simple: true });
      p.db.sqlite.pragma('synchronous = OFF');
      try {
        return addHistory(p.db.sqlite, tag, services, now, seeded(seed));
      } finally {
        p.db.sqlite.pragma(`synchronous = ${Number(synchronous)}`);
        p.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      }
    };
    const baseHistory = historyOf(base, 'P', data.piedmont.services, SEED + 21);
    historyOf(doubled, 'P', data.piedmont.services, SEED + 21);
    historyOf(doubled, 'X', data.unrelated.services, SEED + 22);
    // As the API reads a date bound: local midnight (src/http/schemas/reports.ts boundToMs).
    const fromMs = DateTime.fromISO(from, { zone: ZONE }).toMillis();
    const toMs = DateTime.fromISO(to, { zone: ZONE }).toMillis();
    const inPeriod = (p: Prepared) => count(p.db, 'SELECT COUNT(*) FROM appointments WHERE starts_at >= ? AND starts_at < ?', fromMs, toMs);
    const all = (p: Prepared) => count(p.db, 'SELECT COUNT(*) FROM appointments');
    const mediators = (p: Prepared) => count(p.db, 'SELECT COUNT(*) FROM mediators');
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const specs = [
      { name: 'coverage by language,area', path: `/v1/reports/coverage?from=${from}&to=${to}&groupBy=language,area` },
      { name: 'coverage by language,area,week', path: `/v1/reports/coverage?from=${from}&to=${to}&groupBy=language,area,week` },
      { name: 'timesheets by mediator', path: `/v1/reports/timesheets?from=${from}&to=${to}&by=mediator` },
      { name: 'timesheets by service', path: `/v1/reports/timesheets?from=${from}&to=${to}&by=service` },
    ];
    const times = specs.map(() => ({ base: [] as number[], doubled: [] as number[], rows: [0, 0] as [number, number], bytes: [0, 0] as [number, number] }));
    for (const [k, spec] of specs.entries()) {
      const into = times[k] as (typeof times)[number];
      // The warm-up fills each app's demand cache (the cold figure is in the breakdown).
      const a = await get(base.bench, spec.path);
      into.rows[0] = rowsOf(a.body);
      into.bytes[0] = a.body.length;
      const b = await get(doubled.bench, spec.path);
      into.rows[1] = rowsOf(b.body);
      into.bytes[1] = b.body.length;
    }
    const deadline = performance.now() + loop.budgetMs;
    for (let round = 0; round < loop.maxRuns && (round < loop.minRuns || performance.now() < deadline); round++) {
      for (const [k, spec] of specs.entries()) {
        const into = times[k] as (typeof times)[number];
        const order = round % 2 === 0 ? (['base', 'doubled'] as const) : (['doubled', 'base'] as const);
        for (const which of order) {
          const { ms } = await get(which === 'base' ? base.bench : doubled.bench, spec.path);
          into[which].push(ms);
        }
      }
    }
    const reports = specs.map((spec, k) => {
      const x = times[k] as (typeof times)[number];
      return { name: spec.name, base: summarize(x.base), doubled: summarize(x.doubled), rows: x.rows, bytes: x.bytes };
    });
    return {
      period: { from, to, days: Math.round((toMs - fromMs) / 86_400_000) },
      inPeriod: [inPeriod(base), inPeriod(doubled)],
      appointments: [all(base), all(doubled)],
      mediators: [mediators(base), mediators(doubled)],
      history: { base: baseHistory },
      setupSeconds,
      reports,
      breakdown: await breakdown(base.db, fromMs, toMs),
    };
  } finally {
    for (const p of opened) p.db.close();
  }
}
