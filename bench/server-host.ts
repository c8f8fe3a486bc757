/**
 * A child process of the bench, so that the load generator (autocannon, in the parent) shares no
 * event loop with the server it measures, and the service's RSS is its own.
 * argv: mode, DATA_DIR (holding mediator-booking.sqlite), fixed clock (ISO).
 * - app: startNode from src/node.ts (the app, its job loop, spool mail) on 127.0.0.1:0.
 * - bare: a bare Hono route, a prepared SELECT by key and a prepared INSERT, on their own connection.
 * Answers `ready`, `probe` on demand, and `stopped` (with memory figures) on `stop`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openNodeDatabase } from '../db/sqlite-node.js';
import { silentLogger } from '../src/deps.js';
import { startNode } from '../src/node.js';
import { DATABASE_FILE, type HostMessage, type HostMode, type HostStats, type HostUrls } from './host-protocol.js';

interface Started {
  urls: HostUrls;
  close(): Promise<void>;
}

async function startApp(dataDir: string, fixedClock: string): Promise<Started> {
  // SQLITE_CACHE_MB passes through, so a bench run can compare page cache sizes.
  const cache = process.env.SQLITE_CACHE_MB ? { SQLITE_CACHE_MB: process.env.SQLITE_CACHE_MB } : {};
  const running = await startNode({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, FIXED_CLOCK: fixedClock, ...cache }, silentLogger);
  return { urls: { app: running.url }, close: () => running.close() };
}

async function startBare(dataDir: string): Promise<Started> {
  const db = openNodeDatabase(join(dataDir, DATABASE_FILE));
  db.sqlite.exec('CREATE TABLE IF NOT EXISTS bench_scratch (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL, at INTEGER NOT NULL)');
  const readById = db.sqlite.prepare('SELECT * FROM appointments WHERE id = ?');
  const insert = db.sqlite.prepare('INSERT INTO bench_scratch (k, v, at) VALUES (?, ?, ?)');
  const apps = {
    bareHono: new Hono().get('/x', (c) => c.text('ok')),
    bareRead: new Hono().get('/r/:id', (c) => {
      const row = readById.get(c.req.param('id'));
      return row ? c.json(row) : c.text('not found', 404);
    }),
    bareInsert: new Hono().post('/w', async (c) => {
      const body = await c.req.json<{ k?: unknown }>();
      const result = insert.run(String(body.k ?? ''), JSON.stringify(body), Date.now());
      return c.json({ id: Number(result.lastInsertRowid) }, 201);
    }),
  };
  const servers: ServerType[] = [];
  const urls: HostUrls = {};
  for (const [name, app] of Object.entries(apps)) {
    urls[name] = await new Promise<string>((resolve) => {
      servers.push(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`)));
    });
  }
  const closeServer = (server: ServerType) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  return {
    urls,
    close: async () => {
      await Promise.all(servers.map(closeServer));
      db.close();
    },
  };
}

/** The process's own peak RSS (VmHWM; see HostStats.maxRss). Where /proc is missing, resourceUsage's, which may include the parent's. */
function peakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  const [mode, dataDir, fixedClock] = process.argv.slice(2) as [HostMode | undefined, string | undefined, string | undefined];
  if (!dataDir || !fixedClock || (mode !== 'app' && mode !== 'bare') || !process.send) throw new Error('server-host: start it through bench/http.ts');
  let peak = 0;
  let sinceProbe = 0;
  let heapSinceProbe = 0;
  const sampler = setInterval(() => {
    const { rss, heapTotal } = process.memoryUsage();
    peak = Math.max(peak, rss);
    sinceProbe = Math.max(sinceProbe, rss);
    heapSinceProbe = Math.max(heapSinceProbe, heapTotal);
  }, 100);
  sampler.unref();

  const started = mode === 'app' ? await startApp(dataDir, fixedClock) : await startBare(dataDir);
  const readyRss = process.memoryUsage.rss();

  const stop = async () => {
    await started.close();
    const rss = process.memoryUsage.rss();
    const stats: HostStats = {
      readyRss,
      maxRss: peakRss(),
      sampledRss: Math.max(peak, rss),
      tailRss: Math.max(sinceProbe, rss),
    };
    process.send?.({ type: 'stopped', stats } satisfies HostMessage, undefined, {}, () => process.exit(0));
  };
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') void stop();
    if (m?.type === 'probe') {
      const { rss, heapTotal } = process.memoryUsage();
      const probe = { rss, peakRss: Math.max(sinceProbe, rss), peakHeapTotal: Math.max(heapSinceProbe, heapTotal) };
      process.send?.({ type: 'probe', probe } satisfies HostMessage);
      sinceProbe = 0;
      heapSinceProbe = 0;
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', urls: started.urls } satisfies HostMessage);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
