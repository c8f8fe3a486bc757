/**
 * The web interface at demo scale (db/seed-demo.ts: the Piedmont demo network): the server's time to
 * render the desk's agenda and new-request page (in-process, the session cookie resolved as for a
 * browser), and the bytes a desk's first and second visit transfer over HTTP with gzip — the page plus,
 * on a first visit, every stylesheet, script and font it loads (fingerprinted assets are cached for a
 * year, so a second visit fetches the page alone).
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { seedDemo } from '../db/seed-demo.js';
import { parseConfig } from '../src/config.js';
import { silentLogger } from '../src/deps.js';
import { sha256Hex } from '../src/ids.js';
import { openNodeRuntime, startNode } from '../src/node.js';
import { percentile, record } from './table.js';
// @ts-expect-error: a plain ES module script without types (it is run by `npm run build` too).
import { buildAssets } from '../scripts/build-assets.mjs';

const RUNS = 200;
const SESSION = 'bench-desk-session-token-0000000001';

/** One GET over HTTP as a browser sends it (gzip accepted): the bytes on the wire and the body. */
function fetchRaw(url: string, cookie: string): Promise<{ bytes: number; body: string; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'gzip', cookie } }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        chunks.push(chunk);
      });
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'identity');
        resolve({ bytes, body: (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'), encoding });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function benchWeb(dir: string): Promise<void> {
  buildAssets();
  const dataDir = join(dir, 'web-demo');
  const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', OUTBOX_POLL_MS: '600000' };
  const seeded = await seedDemo({ env, dataDir });
  const desk = seeded.desks[0];
  if (!desk) throw new Error('the demo has no desk');

  // A desk's session, as the sign-in link would have opened it.
  const runtime = await openNodeRuntime(parseConfig(env), { logger: silentLogger });
  const user = await runtime.repos.users.byTokenHash(await sha256Hex(desk.token));
  if (!user) throw new Error('demo desk user not found');
  const now = runtime.deps.clock.now();
  await runtime.repos.webSessions.createSession({ tokenHash: await sha256Hex(SESSION), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 86_400_000 });
  const cookie = `__Host-session=${SESSION}`;

  try {
    const pages = { agenda: '/app', 'new request': '/app/appointments/new' };
    for (const [name, path] of Object.entries(pages)) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 20; i++) {
        const started = performance.now();
        const res = await runtime.app.request(path, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        if (i >= 20) times.push(performance.now() - started); // the first ones warm the code up
      }
      record({ budget: `page render: ${name}, p95`, scale: 'demo', measured: percentile(times, 95), unit: 'ms', limit: 50 });
      record({ budget: '  p50', scale: 'demo', measured: percentile(times, 50), unit: 'ms' });
    }
  } finally {
    runtime.db.close();
  }

  const server = await startNode(env, silentLogger);
  try {
    const page = await fetchRaw(`${server.url}/app`, cookie);
    if (page.encoding !== 'gzip') throw new Error(`the agenda came ${page.encoding}, not gzip`);
    const assets = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    let firstVisit = page.bytes;
    let javascript = 0;
    for (const asset of assets) {
      const fetched = await fetchRaw(`${server.url}${asset}`, cookie);
      firstVisit += fetched.bytes;
      if (asset.endsWith('.js')) javascript += fetched.bytes;
      // Fonts are named in the stylesheet; a page uses the three weights it declares.
      for (const font of fetched.body.matchAll(/url\('(fonts\/[^']+)'\)/g)) {
        firstVisit += (await fetchRaw(`${server.url}${asset.replace(/[^/]+$/, '')}${font[1]}`, cookie)).bytes;
      }
    }
    record({ budget: 'desk agenda, first visit (gzip)', scale: 'demo', measured: firstVisit / 1024, unit: 'KiB', limit: 200 });
    record({ budget: 'desk agenda, later visit (gzip)', scale: 'demo', measured: page.bytes / 1024, unit: 'KiB', limit: 30 });
    record({ budget: 'JavaScript in all (gzip)', scale: '-', measured: javascript / 1024, unit: 'KiB', limit: 30 });
  } finally {
    await server.close();
  }
}
