/**
 * Cloudflare Workers: the size of the bundle `wrangler deploy --dry-run` produces (offline), and the
 * candidate GET under workerd (Miniflare, local D1) beside the Node service on the same, smaller data.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { Miniflare } from 'miniflare';
import { migrationStatements, openNodeDatabase } from '../db/sqlite-node.js';
import type { ServerBuild } from './build.js';
import { Calendar } from './calendar.js';
import { seedWithTargets } from './dataset.js';
import type { PopulationSeed } from './generate.js';
import { DATABASE_FILE } from './host-protocol.js';
import { type LoadFigures, type LoadOptions, measure, rotating, type ServerHost, settle, startServerHost } from './http.js';
import type { Rng } from './random.js';
import type { SearchTarget } from './requests.js';
import { COORDINATOR_TOKEN, NOW, PIEDMONT, type Population, ZONE } from './scenario.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A draw with Piedmont's parameters and a tenth of its bookings: small enough to load into local D1 in seconds. */
const SMALL: Population = { ...PIEDMONT, bookings: 20_000 };
export const SMALL_TARGETS = 500;

/** Workers' limit on the compressed upload (free plan). */
export const FREE_LIMIT_GZIP = 3 * 1024 * 1024;

export interface WorkerBundle {
  /** The JavaScript modules wrangler wrote (source maps left out). */
  files: string[];
  raw: number;
  gzip: number;
  sourceMap: number;
  /** wrangler's own "Total Upload: … / gzip: …" line, when it printed one. */
  wranglerSays: string | null;
  seconds: number;
}

/** `wrangler deploy --dry-run --outdir <outdir>` offline, as `npm run build:worker` does; sizes of what it wrote. */
export async function bundleWorker(outdir: string): Promise<WorkerBundle> {
  const started = performance.now();
  const wrangler = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [wrangler, 'deploy', '--dry-run', '--outdir', outdir],
      {
        cwd: ROOT,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
      },
      (error, stdout, stderr) => (error ? reject(new Error(`wrangler deploy --dry-run failed: ${error.message}\n${stderr}`)) : resolve(`${stdout}\n${stderr}`)),
    );
  });
  const names = readdirSync(outdir);
  const files = names.filter((f) => /\.(m?js|wasm)$/.test(f)).map((f) => join(outdir, f));
  if (files.length === 0) throw new Error(`wrangler wrote no module into ${outdir}`);
  const raw = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
  const sourceMap = names.filter((f) => f.endsWith('.map')).reduce((sum, f) => sum + statSync(join(outdir, f)).size, 0);
  const said = /Total Upload:[^\n]*/.exec(output)?.[0]?.trim() ?? null;
  return { files, raw, gzip, sourceMap, wranglerSays: said, seconds: (performance.now() - started) / 1000 };
}

export interface SmallDataset {
  dir: string;
  file: string;
  seed: PopulationSeed;
  targets: SearchTarget[];
  seconds: number;
}

/** SMALL (2,000 mediators, 20,000 bookings) plus 500 open requests, in a SQLite file under `dir` (a DATA_DIR). */
export async function buildSmallDataset(dir: string, r: Rng): Promise<SmallDataset> {
  const started = performance.now();
  const now = Date.parse(NOW);
  const cal = new Calendar(ZONE, now);
  const file = join(dir, DATABASE_FILE);
  mkdirSync(dir, { recursive: true });
  const db = openNodeDatabase(file);
  try {
    const { population, targets } = await seedWithTargets(db, SMALL, cal, now, r, SMALL_TARGETS);
    return { dir, file, seed: population, targets, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

/** The part of the D1 binding Miniflare hands out that the copy uses. */
interface D1Like {
  prepare(query: string): { run(): Promise<unknown>; first<T>(): Promise<T | null> };
  batch(statements: unknown[]): Promise<unknown[]>;
}

/** What the copy writes, in foreign-key order; areas and area travel times come with the migrations. */
const COPIED: ReadonlyArray<{ table: string; where?: string }> = [
  { table: 'services' },
  // The worker creates its own bootstrap coordinator from the binding on its first request.
  { table: 'users', where: "role <> 'coordinator'" },
  { table: 'mediators' },
  { table: 'mediator_languages' },
  { table: 'time_off' },
  { table: 'exclusions' },
  { table: 'appointments' },
];

/** Rows per INSERT statement (about 40 KB of SQL for appointments) and statements per d1.batch call. */
const ROWS_PER_INSERT = 100;
const INSERTS_PER_BATCH = 20;

/** A SQL literal: the values are our own generated data (text, integers, NULL). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  throw new Error(`cannot copy a ${typeof v} into D1`);
}

/**
 * Copies the seeded rows from SQLite into D1 as multi-row INSERTs with literal values, several per
 * d1.batch call: through Miniflare's proxy every prepare()/bind() is a round trip to workerd, so one
 * bound statement per row would take minutes for 20,000 rows.
 */
async function copyIntoD1(sqlite: BetterSqlite3.Database, d1: D1Like): Promise<{ rows: number; batches: number; mismatches: string[] }> {
  let rows = 0;
  let batches = 0;
  for (const { table, where } of COPIED) {
    const select = sqlite.prepare(`SELECT * FROM ${table}${where ? ` WHERE ${where}` : ''}`).raw(true);
    const head = `INSERT INTO ${table} (${select.columns().map((c) => c.name).join(', ')}) VALUES `;
    let tuples: string[] = [];
    let statements: unknown[] = [];
    const flushStatement = () => {
      if (tuples.length > 0) statements.push(d1.prepare(head + tuples.join(',')));
      tuples = [];
    };
    const flushBatch = async () => {
      flushStatement();
      if (statements.length > 0) {
        await d1.batch(statements);
        batches++;
      }
      statements = [];
    };
    for (const values of select.iterate() as Iterable<unknown[]>) {
      tuples.push(`(${values.map(literal).join(',')})`);
      rows++;
      if (tuples.length === ROWS_PER_INSERT) flushStatement();
      if (statements.length === INSERTS_PER_BATCH) await flushBatch();
    }
    await flushBatch();
  }
  const mismatches: string[] = [];
  for (const { table, where } of COPIED) {
    const expected = sqlite.prepare(`SELECT COUNT(*) FROM ${table}${where ? ` WHERE ${where}` : ''}`).pluck().get() as number;
    const got = (await d1.prepare(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`).first<{ n: number }>())?.n;
    if (got !== expected) mismatches.push(`${table}: ${got} in D1, ${expected} in SQLite`);
  }
  return { rows, batches, mismatches };
}

export interface WorkersPhase {
  d1: { rows: number; batches: number; seconds: number; startSeconds: number };
  node: LoadFigures;
  workerd: LoadFigures;
}

/**
 * The same 500 candidate GETs (rotating) against the Node service (startNode in a child process,
 * SQLite file) and against the bundle in workerd (Miniflare on 127.0.0.1, local D1 loaded with the
 * same rows). Miniflare and the child are disposed of before this returns or throws.
 */
export async function runWorkersPhase(build: ServerBuild, bundle: WorkerBundle, small: SmallDataset, load: LoadOptions): Promise<WorkersPhase> {
  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1] ?? '2026-04-20';
  const request = rotating(
    { method: 'GET' },
    small.targets.map((t) => ({ path: `/v1/appointments/${t.id}/candidates`, headers: { authorization: `Bearer ${t.service.deskToken}` } })),
  );
  let mf: Miniflare | undefined;
  let node: ServerHost | undefined;
  try {
    let t = performance.now();
    mf = new Miniflare({
      modules: true,
      script: readFileSync(bundle.files[0] as string, 'utf8'),
      compatibilityDate,
      d1Databases: { DB: randomUUID() },
      bindings: { BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN, FIXED_CLOCK: NOW },
      host: '127.0.0.1',
      port: 0,
    });
    const url = (await mf.ready).toString().replace(/\/$/, '');
    const d1 = (await mf.getD1Database('DB')) as unknown as D1Like;
    for (const statement of migrationStatements()) await d1.prepare(statement).run();
    const startSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    const source = openNodeDatabase(small.file);
    let copied: Awaited<ReturnType<typeof copyIntoD1>>;
    try {
      copied = await copyIntoD1(source.sqlite, d1);
    } finally {
      source.close();
    }
    if (copied.mismatches.length > 0) throw new Error(`D1 copy incomplete: ${copied.mismatches.join('; ')}`);
    const copySeconds = (performance.now() - t) / 1000;

    node = await startServerHost(build, 'app', small.dir, NOW);
    const nodeUrl = node.urls.app;
    if (!nodeUrl) throw new Error('server host did not report an app URL');
    await settle(`${nodeUrl}/health`);
    const nodeFigures = await measure(nodeUrl, request, load, `${nodeUrl}/health`);
    await node.stop();
    node = undefined;

    await settle(`${url}/health`);
    const workerdFigures = await measure(url, request, load, `${url}/health`);
    return {
      d1: { rows: copied.rows, batches: copied.batches, seconds: copySeconds, startSeconds },
      node: nodeFigures,
      workerd: workerdFigures,
    };
  } finally {
    node?.kill();
    await mf?.dispose();
  }
}
