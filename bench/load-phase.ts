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
  /** The server process's RSS peak during this run. */
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
  server: HostStats;
}

/**
 * Starts the service (startNode) and the bare baselines in a child process on the HTTP copy, and
 * runs each app route right after its baseline: bare Hono, bare read → candidate GET, bare insert →
 * booking POST. The child is always stopped (or killed) before this returns or throws.
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

  let host: ServerHost | undefined = await startServerHost(build, data.httpDir, NOW);
  try {
    const h = host;
    const idle = `${h.urls.bareHono}/x`;
    await settle(idle);
    await h.probe();
    const run = async (url: string, request: Parameters<typeof measure>[1]): Promise<Measured> => {
      const figures = await measure(url, request, load, idle);
      return { figures, server: await h.probe() };
    };
    const bareHono = await run(h.urls.bareHono, { method: 'GET', path: '/x' });
    const bareRead = await run(h.urls.bareRead, rotating({ method: 'GET' }, readPaths));
    const candidates = await run(h.urls.app, rotating({ method: 'GET' }, candidatePaths));
    const bareInsert = await run(h.urls.bareInsert, rotating({ method: 'POST', path: '/w', headers: json }, bareBodies));
    const booking = await run(h.urls.app, rotating({ method: 'POST', path: '/v1/appointments', headers: json }, bookingRequests));
    const server = await h.stop();
    host = undefined;

    const db = openNodeDatabase(data.httpFile);
    try {
      const outcomes = db.sqlite
        .prepare("SELECT status, COUNT(*) AS n FROM appointments WHERE id NOT LIKE 'apt\\_P%' ESCAPE '\\' GROUP BY status ORDER BY status")
        .all() as Array<{ status: string; n: number }>;
      return { bareHono, bareRead, candidates, bareInsert, booking, outcomes, server };
    } finally {
      db.close();
    }
  } finally {
    host?.kill();
  }
}
