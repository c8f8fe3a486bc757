import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRepositories } from '../db/repositories/index.js';
import { type NodeDatabase, openNodeDatabase } from '../db/sqlite-node.js';
import { bootstrapCoordinator } from '../src/bootstrap.js';
import { fixedClock } from '../src/clock.js';
import { randomIds } from '../src/ids.js';
import { Calendar } from './calendar.js';
import { type PopulationSeed, seedPopulation } from './generate.js';
import { DATABASE_FILE } from './host-protocol.js';
import type { Rng } from './random.js';
import { insertSearchTargets, type SearchTarget } from './requests.js';
import { COORDINATOR_TOKEN, NOW, PIEDMONT, type Population, UNRELATED, ZONE } from './scenario.js';

export const SEARCH_TARGETS = 500;

/** Three files from one generation: the Piedmont data (in-process), a copy under a DATA_DIR (HTTP), and Piedmont + unrelated. */
export interface Dataset {
  cal: Calendar;
  baseFile: string;
  httpDir: string;
  httpFile: string;
  doubledFile: string;
  piedmont: PopulationSeed;
  unrelated: PopulationSeed;
  targets: SearchTarget[];
  futureBookings: number;
  speakers: Array<{ base: string; n: number }>;
  seconds: { piedmont: number; unrelated: number };
  bytes: { base: number; doubled: number };
}

/** Seeds a population with fast-but-unsafe pragmas (a crash only loses a temp file), then restores them. */
async function seed(db: NodeDatabase, pop: Population, cal: Calendar, now: number, r: Rng): Promise<PopulationSeed> {
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

/**
 * Fills a freshly migrated file the way every bench data set starts: the bootstrap coordinator, a
 * population, `count` open requests to search, then a WAL checkpoint (so the file can be copied).
 */
export async function seedWithTargets(
  db: NodeDatabase,
  pop: Population,
  cal: Calendar,
  now: number,
  r: Rng,
  count: number,
): Promise<{ population: PopulationSeed; targets: SearchTarget[] }> {
  const clock = fixedClock(NOW);
  await bootstrapCoordinator(createRepositories(db), clock, randomIds(clock), COORDINATOR_TOKEN);
  const population = await seed(db, pop, cal, now, r);
  const targets = insertSearchTargets(db.sqlite, r, pop, population.services, cal, now, count);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { population, targets };
}

/**
 * Generates the Piedmont data set (real migrations via openNodeDatabase, bootstrap coordinator,
 * 500 open requests to search), copies it twice, then doubles the first file with a population
 * that shares no language and no area with Piedmont (unless `doubled: false`).
 */
export async function buildDataset(dir: string, r: Rng, options: { doubled?: boolean } = {}): Promise<Dataset> {
  const now = Date.parse(NOW);
  const cal = new Calendar(ZONE, now);
  const doubledFile = join(dir, 'doubled.sqlite');
  const baseFile = join(dir, 'base.sqlite');
  const httpDir = join(dir, 'http');
  const httpFile = join(httpDir, DATABASE_FILE);

  let t = performance.now();
  const db = openNodeDatabase(doubledFile);
  try {
    const { population: piedmont, targets } = await seedWithTargets(db, PIEDMONT, cal, now, r, SEARCH_TARGETS);
    const piedmontSeconds = (performance.now() - t) / 1000;
    copyFileSync(doubledFile, baseFile);
    mkdirSync(httpDir);
    copyFileSync(doubledFile, httpFile);
    const futureBookings = db.sqlite.prepare("SELECT COUNT(*) FROM appointments WHERE status = 'booked' AND starts_at > ?").pluck().get(now) as number;
    const speakers = db.sqlite
      .prepare('SELECT base, COUNT(*) AS n FROM mediator_languages GROUP BY base ORDER BY n DESC')
      .all() as Array<{ base: string; n: number }>;

    t = performance.now();
    // Without the doubling (BENCH_ONLY without search and reports), doubledFile is one more copy of the base.
    const unrelated = options.doubled === false ? { services: [], mediators: [], bookings: 0, timeOff: 0, exclusions: 0 } : await seed(db, UNRELATED, cal, now, r);
    return {
      cal,
      baseFile,
      httpDir,
      httpFile,
      doubledFile,
      piedmont,
      unrelated,
      targets,
      futureBookings,
      speakers,
      seconds: { piedmont: piedmontSeconds, unrelated: (performance.now() - t) / 1000 },
      bytes: { base: statSync(baseFile).size, doubled: statSync(doubledFile).size },
    };
  } finally {
    db.close();
  }
}
