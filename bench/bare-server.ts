/**
 * The bare baselines, served from a child process like the service: a Hono route that does nothing,
 * and a route making one prepared SQLite insert per POST (WAL, synchronous=NORMAL, as the service).
 * argv: the SQLite file; env: PORT.
 */
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';

const db = new BetterSqlite3(process.argv[2] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)');
const insert = db.prepare('INSERT INTO scratch (body, at) VALUES (?, ?)');

const app = new Hono()
  .get('/health', (c) => c.text('ok'))
  .post('/insert', async (c) => {
    const body = await c.req.json();
    return c.json({ id: Number(insert.run(JSON.stringify(body), Date.now()).lastInsertRowid) }, 201);
  });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
