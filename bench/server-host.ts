/**
 * Child process of the bench: starts the service with startNode (src/node.ts: the app, the job loop
 * and the spool mail transport) on 127.0.0.1:0 with a fixed clock, plus three bare baselines over
 * the same SQLite file, so the load generator (autocannon, in the parent) does not share their
 * event loop. argv: DATA_DIR holding mediator-booking.sqlite, then the fixed clock (ISO).
 * Answers `ready`, then `stopped` (with memory figures) on `stop`.
 */
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openNodeDatabase } from '../db/sqlite-node.js';
import { silentLogger } from '../src/deps.js';
import { startNode } from '../src/node.js';
import { DATABASE_FILE, type HostMessage, type HostStats, type HostUrls } from './host-protocol.js';

async function main(): Promise<void> {
  const [dataDir, fixedClock] = process.argv.slice(2);
  if (!dataDir || !fixedClock || !process.send) throw new Error('server-host: start it through bench/http.ts');
  let sampledRss = 0;
  let sinceProbe = 0;
  let heapSinceProbe = 0;
  const sampler = setInterval(() => {
    const { rss, heapTotal } = process.memoryUsage();
    sampledRss = Math.max(sampledRss, rss);
    sinceProbe = Math.max(sinceProbe, rss);
    heapSinceProbe = Math.max(heapSinceProbe, heapTotal);
  }, 100);
  sampler.unref();

  const running = await startNode({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, FIXED_CLOCK: fixedClock }, silentLogger);

  // The baselines: a second connection to the same file, opened with the same pragmas.
  const db = openNodeDatabase(join(dataDir, DATABASE_FILE));
  db.sqlite.exec('CREATE TABLE IF NOT EXISTS bench_scratch (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL, at INTEGER NOT NULL)');
  const readById = db.sqlite.prepare('SELECT * FROM appointments WHERE id = ?');
  const insert = db.sqlite.prepare('INSERT INTO bench_scratch (k, v, at) VALUES (?, ?, ?)');
  const bareHono = new Hono().get('/x', (c) => c.text('ok'));
  const bareRead = new Hono().get('/r/:id', (c) => {
    const row = readById.get(c.req.param('id'));
    return row ? c.json(row) : c.text('not found', 404);
  });
  const bareInsert = new Hono().post('/w', async (c) => {
    const body = await c.req.json<{ k?: unknown }>();
    const result = insert.run(String(body.k ?? ''), JSON.stringify(body), Date.now());
    return c.json({ id: Number(result.lastInsertRowid) }, 201);
  });

  const servers: ServerType[] = [];
  const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
    new Promise<string>((resolve) => {
      servers.push(serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`)));
    });
  const urls: HostUrls = {
    app: running.url,
    bareHono: await listen(bareHono.fetch),
    bareRead: await listen(bareRead.fetch),
    bareInsert: await listen(bareInsert.fetch),
  };
  const readyRss = process.memoryUsage.rss();

  const stop = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      ),
    );
    await running.close();
    db.close();
    const stats: HostStats = {
      readyRss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      sampledRss: Math.max(sampledRss, process.memoryUsage.rss()),
      heapUsed: process.memoryUsage().heapUsed,
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
  process.send({ type: 'ready', urls } satisfies HostMessage);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
