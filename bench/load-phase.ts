import { openNodeDatabase } from '../db/sqlite-node.js';
import type { ServerBuild } from './build.js';
import type { Dataset } from './dataset.js';
import type { HostProbe, HostStats } from './host-protocol.js';
import { type LoadFigures, type LoadOptions, measure, rotating, type ServerHost, settle, startServerHost } from './http.js';
import type { Rng } from './random.js';
import { makeBookingCalls } from './requests.js';
import { NOW, PIEDMONT } from './scenario.js';

export interface Measured {
  figures: LoadFigures;
  /** The measured server process's memory during this run. */
  server: HostProbe;
}

export interface LoadPhase {
  bareHono: Measured;
  bareRead: Measured;
  candidates: Measured;
  bareInsert: Measured;
  booking: Measured;
  /** Status of the appointments the booking POSTs created (warm-up included). */
  outcomes: Array<{ status: string; n: number }>;
  /** The outbox after shutdown: the mail those bookings queued, as the job loop left it. */
  mail: Array<{ status: string; n: number }>;
  app: HostStats;
  bare: HostStats;
}

const url = (urls: Record<string, string>, name: string): string => {
  const found = urls[name];
  if (!found) throw new Error(`server host did not report a ${name} URL`);
  return found;
};

function rows(file: string, query: string): Array<{ status: string; n: number }> {
  const db = openNodeDatabase(file);
  try {
    return db.sqlite.prepare(query).all() as Array<{ status: string; n: number }>;
  } catch (error) {
    return [{ status: `unavailable (${(error as Error).message})`, n: 0 }];
  } finally {
    db.close();
  }
}

/**
 * A baseline and the route compared with it, in ABBA order (baseline, route, route, baseline): the
 * load other processes put on the machine drifts within seconds, and this way it weighs on both
 * alike. Each pair is summed: requests over time, p50 the mean of the two, p99 the larger.
 */
async function abba(baseline: () => Promise<Measured>, route: () => Promise<Measured>): Promise<[Measured, Measured]> {
  const a1 = await baseline();
  const b1 = await route();
  const b2 = await route();
  const a2 = await baseline();
  return [combine(a1, a2), combine(b1, b2)];
}

function combine(x: Measured, y: Measured): Measured {
  const total = x.figures.total + y.figures.total;
  const seconds = x.figures.seconds + y.figures.seconds;
  const statuses = { ...x.figures.statuses };
  for (const [code, n] of Object.entries(y.figures.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    figures: {
      rps: seconds > 0 ? total / seconds : 0,
      seconds,
      total,
      p50: (x.figures.p50 + y.figures.p50) / 2,
      p99: Math.max(x.figures.p99, y.figures.p99),
      non2xx: x.figures.non2xx + y.figures.non2xx,
      errors: x.figures.errors + y.figures.errors,
      statuses,
    },
    server: {
      rss: y.server.rss,
      peakRss: Math.max(x.server.peakRss, y.server.peakRss),
      peakHeapTotal: Math.max(x.server.peakHeapTotal, y.server.peakHeapTotal),
    },
  };
}

/**
 * Two child processes on the HTTP copy of the data: the service (startNode) and the bare baselines.
 * Bare Hono alone; then bare read and candidate GET, bare insert and booking POST, each pair in ABBA
 * order (see abba). Both children are stopped (or killed) before this returns or throws.
 */
export async function runLoadPhase(build: ServerBuild, data: Dataset, r: Rng, load: LoadOptions): Promise<LoadPhase> {
  const readPaths = Array.from({ length: 5000 }, () => ({ path: `/r/apt_P${String(Math.floor(r() * PIEDMONT.bookings)).padStart(8, '0')}` }));
  const candidatePaths = data.targets.map((s) => ({
    path: `/v1/appointments/${s.id}/candidates`,
    headers: { authorization: `Bearer ${s.service.deskToken}` },
  }));
  const bookings = makeBookingCalls(r, PIEDMONT, data.piedmont.services, data.cal, 20_000);
  const bookingRequests = bookings.map((b) => ({ body: b.body, headers: { authorization: `Bearer ${b.token}` } }));
  const bareBodies = bookings.map((b, i) => ({ body: `{"k":"w${i}",${b.body.slice(1)}` }));
  const json = { 'content-type': 'application/json' };

  let app: ServerHost | undefined;
  let bare: ServerHost | undefined;
  try {
    app = await startServerHost(build, 'app', data.httpDir, NOW);
    bare = await startServerHost(build, 'bare', data.httpDir, NOW);
    const appUrl = url(app.urls, 'app');
    const idle = { app: `${appUrl}/health`, bare: `${url(bare.urls, 'bareHono')}/x` };
    await settle(idle.app);
    await app.probe();
    await bare.probe();
    const run = async (host: ServerHost, target: string, probe: string, request: Parameters<typeof measure>[1]): Promise<Measured> => {
      const figures = await measure(target, request, load, probe);
      return { figures, server: await host.probe() };
    };
    const b = bare;
    const h = app;
    const bareHono = await run(b, url(b.urls, 'bareHono'), idle.bare, { method: 'GET', path: '/x' });
    const [bareRead, candidates] = await abba(
      () => run(b, url(b.urls, 'bareRead'), idle.bare, rotating({ method: 'GET' }, readPaths)),
      () => run(h, appUrl, idle.app, rotating({ method: 'GET' }, candidatePaths)),
    );
    const [bareInsert, booking] = await abba(
      () => run(b, url(b.urls, 'bareInsert'), idle.bare, rotating({ method: 'POST', path: '/w', headers: json }, bareBodies)),
      () => run(h, appUrl, idle.app, rotating({ method: 'POST', path: '/v1/appointments', headers: json }, bookingRequests)),
    );
    const bareStats = await bare.stop();
    bare = undefined;
    const appStats = await app.stop();
    app = undefined;
    return {
      bareHono,
      bareRead,
      candidates,
      bareInsert,
      booking,
      outcomes: rows(data.httpFile, "SELECT status, COUNT(*) AS n FROM appointments WHERE id NOT LIKE 'apt\\_P%' ESCAPE '\\' GROUP BY status ORDER BY status"),
      mail: rows(data.httpFile, 'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY status'),
      app: appStats,
      bare: bareStats,
    };
  } finally {
    app?.kill();
    bare?.kill();
  }
}
