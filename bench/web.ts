/**
 * The web interface at demo scale (db/seed-demo.ts: the Piedmont demo network): the server's time to
 * render the desk's agenda and new-request page and the mediator's home and offers (in-process, the
 * session cookie resolved as for a browser), and the bytes a desk's and a mediator's first visit and a
 * later page transfer over HTTP with gzip — on a first visit the page plus every stylesheet, script
 * and font it loads; a later page is its HTML alone (fingerprinted assets are cached for a year).
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
const DESK_SESSION = 'bench-desk-session-token-0000000001';
const MEDIATOR_SESSION = 'bench-mediator-session-token-00001';

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

  // A desk's and a mediator's sessions, as their sign-in links would have opened them.
  const runtime = await openNodeRuntime(parseConfig(env), { logger: silentLogger });
  const mediator = seeded.mediatorUsers[0];
  if (!mediator) throw new Error('the demo has no mediator user');
  const now = runtime.deps.clock.now();
  for (const [token, session] of [
    [desk.token, DESK_SESSION],
    [mediator.token, MEDIATOR_SESSION],
  ] as const) {
    const user = await runtime.repos.users.byTokenHash(await sha256Hex(token));
    if (!user) throw new Error('demo user not found');
    await runtime.repos.webSessions.createSession({ tokenHash: await sha256Hex(session), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 86_400_000 });
  }
  const cookies = { desk: `__Host-session=${DESK_SESSION}`, mediator: `__Host-session=${MEDIATOR_SESSION}` };

  try {
    const pages = [
      ['desk agenda', '/app', cookies.desk],
      ['desk new request', '/app/appointments/new', cookies.desk],
      ['mediator home', '/app', cookies.mediator],
      ['mediator offers', '/app/offers', cookies.mediator],
    ] as const;
    for (const [name, path, cookie] of pages) {
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
    for (const [who, first, later, cookie] of [
      ['desk', '/app', '/app/appointments/new', cookies.desk],
      ['mediator', '/app', '/app/offers', cookies.mediator],
    ] as const) {
      const page = await fetchRaw(`${server.url}${first}`, cookie);
      if (page.encoding !== 'gzip') throw new Error(`${first} came ${page.encoding}, not gzip`);
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
      // A later page: its HTML alone (the fingerprinted assets are cached for a year).
      const next = await fetchRaw(`${server.url}${later}`, cookie);
      record({ budget: `${who}: first visit (gzip, ${first})`, scale: 'demo', measured: firstVisit / 1024, unit: 'KiB', limit: 200 });
      record({ budget: `${who}: later page (gzip, ${later})`, scale: 'demo', measured: next.bytes / 1024, unit: 'KiB', limit: 30 });
      if (who === 'desk') record({ budget: 'JavaScript in all (gzip)', scale: '-', measured: javascript / 1024, unit: 'KiB', limit: 30 });
    }
  } finally {
    await server.close();
  }
}
