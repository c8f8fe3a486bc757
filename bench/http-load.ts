/**
 * Booking POST over HTTP: the real server (src/node.ts) in a child process on a copy of the data, SMTP
 * unset so its job loop spools mail to files, loaded by autocannon from this process, its RSS read
 * from /proc while it runs. Then the bare baselines, as context.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { DATABASE_FILE } from '../src/node.js';
import { type Dataset, NOW } from './dataset.js';
import { seeded } from './mix.js';
import { bookingBodies } from './network.js';
import { record } from './table.js';

const ROOT = join(import.meta.dirname, '..');
const CONNECTIONS = 20;
const WARMUP_SECONDS = 2;
const LOAD_SECONDS = 6;
/** Ten times Italy's peak (< 5 bookings a second). */
const STEADY_RATE = 50;

/** Children still running: run.ts kills them on any exit, Ctrl-C included. */
export const children = new Set<ChildProcess>();

/** The V8 options `npm start` runs the service with (read from package.json, so they cannot drift). */
function startOptions(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '';
  return (/\bnode\s+((?:--\S+\s+)*)/.exec(start)?.[1] ?? '').split(/\s+/).filter(Boolean);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The service compiled as `npm start` runs it, without its 15–30 s tsc build: esbuild transpiles
 * src/, db/ and emails/ (and the bare baseline) file by file into dist/, beside db/ (for the
 * migrations, which db/sqlite-node.ts finds from dist/db/), node_modules and package.json. Running
 * the sources through `--import tsx` instead adds ~40 MB of RSS that production does not have.
 */
export async function compileService(dir: string): Promise<{ service: string; bare: string }> {
  const out = join(dir, 'build');
  const sources = ['src', 'db', 'emails'].flatMap((d) =>
    readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => join(ROOT, d, f)),
  );
  const entryPoints = [...sources, join(ROOT, 'bench', 'bare-server.ts')];
  const outdir = join(out, 'dist');
  await build({ entryPoints, outdir, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', supported: { 'import-attributes': true }, logLevel: 'silent' });
  for (const link of ['db', 'node_modules']) symlinkSync(join(ROOT, link), join(out, link));
  copyFileSync(join(ROOT, 'package.json'), join(out, 'package.json'));
  // src/app.ts imports package.json (its version) from beside dist/src, where tsc's build puts it too.
  copyFileSync(join(ROOT, 'package.json'), join(outdir, 'package.json'));
  return { service: join(out, 'dist', 'src', 'node.js'), bare: join(out, 'dist', 'bench', 'bare-server.js') };
}

/** Spawns `node <npm start's options> script` on a free loopback port and waits until `GET /health` answers 200. */
async function startChild(script: string, args: string[], env: Record<string, string>) {
  const port = await freePort();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SMTP_URL|MAIL_HTTP_|BOOTSTRAP_|PORT$|HOST$|DATA_DIR$|FIXED_CLOCK$)/.test(k)),
  );
  const child = spawn(process.execPath, [...startOptions(), script, ...args], {
    cwd: ROOT,
    env: { ...clean, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    children.delete(child);
  };
  for (const deadline = performance.now() + 60_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      stop();
      throw new Error(`${script} did not start:\n${stderr}`);
    }
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
  }
  return { url, pid: child.pid as number, stop };
}

/** A figure from /proc/<pid>/status (VmRSS, VmHWM), in MB. */
function procStatus(pid: number, field: string): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

/** Samples the process's VmRSS every 50 ms until the returned function is called; it returns the peak. */
function sampleRss(pid: number): () => number {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, procStatus(pid, 'VmRSS'))), 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, procStatus(pid, 'VmRSS'));
  };
}

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * `calls` sent round-robin over CONNECTIONS connections for `seconds`, each as soon as the previous
 * answer arrived, or at `rate` requests a second in all; answers tallied by status (a 201's by the appointment's).
 */
async function load(url: string, seconds: number, calls: Call[], rate?: number) {
  let next = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(rate ? { overallRate: rate } : {}),
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...calls[next++ % calls.length] }),
        onResponse: (status, body) => {
          const key = status === 201 ? ((JSON.parse(body) as { status?: string }).status ?? '201') : String(status);
          statuses[key] = (statuses[key] ?? 0) + 1;
        },
      },
    ],
  });
  const { requests, latency, errors, timeouts } = result;
  return { rps: requests.total / result.duration, p50: latency.p50, p99: latency.p99, errors: errors + timeouts, statuses };
}

export async function benchBooking(data: Dataset, dir: string): Promise<void> {
  const dataDir = join(dir, 'http');
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(data.file, join(dataDir, DATABASE_FILE));
  const bookings = bookingBodies(data.services, 8000, seeded(8000)).map(({ token, body }) => ({
    method: 'POST',
    path: '/v1/appointments',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  }));
  const compiled = await compileService(dir);
  const server = await startChild(compiled.service, [], { DATA_DIR: dataDir, FIXED_CLOCK: NOW });
  try {
    const rss = sampleRss(server.pid);
    // The warm-up's bookings stay: the measured run books on top of them, as a live service would.
    await load(server.url, WARMUP_SECONDS, bookings.slice(0, 2000));
    const run = await load(server.url, LOAD_SECONDS, bookings.slice(2000, 6000));
    const peak = rss();
    // Twenty clients that each book again as soon as they are answered wait for each other: at a
    // steady rate well under the service's capacity, the latency is what a desk would feel.
    const steady = await load(server.url, 4, bookings.slice(6000), STEADY_RATE);
    const scale = data.scale.name;
    record({ budget: `booking POST p99, ${CONNECTIONS} clients over HTTP`, scale, measured: run.p99, unit: 'ms', limit: 100 });
    record({ budget: 'booking POST throughput', scale, measured: run.rps, unit: 'req/s', limit: 100, atLeast: true });
    record({ budget: '  booking POST p50', scale, measured: run.p50, unit: 'ms' });
    record({ budget: `  booking POST p50 / p99 at ${STEADY_RATE}/s offered`, scale, measured: 0, unit: 'ms', text: `${steady.p50} / ${steady.p99} ms` });
    record({ budget: 'service RSS under booking load (peak VmRSS)', scale, measured: peak, unit: 'MB', limit: 150 });
    record({ budget: '  service VmHWM (start-up included)', scale, measured: procStatus(server.pid, 'VmHWM'), unit: 'MB' });
    console.log(`  booking POST: ${LOAD_SECONDS} s after ${WARMUP_SECONDS} s of warm-up; answers ${JSON.stringify(run.statuses)}, ${run.errors} errors`);
  } finally {
    server.stop();
  }
  await benchBare(dir, compiled.bare);
}

/** Bare Hono and a bare prepared insert under the same load: how fast the machine is in this run. */
async function benchBare(dir: string, script: string): Promise<void> {
  const bare = await startChild(script, [join(dir, 'bare.sqlite')], {});
  try {
    const body = JSON.stringify({ language: 'ar', area: 'TO', start: '2026-05-20T10:00:00+02:00', durationMinutes: 60 });
    const hello = await load(bare.url, 2, [{ method: 'GET', path: '/health', headers: {} }]);
    const insert = await load(bare.url, 2, [{ method: 'POST', path: '/insert', headers: { 'content-type': 'application/json' }, body }]);
    record({ budget: 'bare Hono GET (baseline)', scale: '-', measured: hello.rps, unit: 'req/s' });
    record({ budget: 'bare prepared SQLite insert POST (baseline)', scale: '-', measured: insert.rps, unit: 'req/s' });
  } finally {
    bare.stop();
  }
}
