/**
 * Candidate search through the app in-process (`app.request`), so the figure covers what a request
 * pays (auth, validation, matching, JSON) without depending on the core's function names.
 */
import { openNodeDatabase } from '../db/sqlite-node.js';
import { fixedClock } from '../src/clock.js';
import { defaultAppConfig } from '../src/config.js';
import { silentLogger } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { buildRuntime } from '../src/runtime.js';
import { COORDINATOR_TOKEN, type Dataset, NOW } from './dataset.js';
import { percentile, record } from './table.js';

/** The app on `file`, built as test/support/harness.ts builds it (fixed clock at the data's "now"). */
export async function openApp(file: string) {
  const db = openNodeDatabase(file);
  const clock = fixedClock(NOW);
  const deps = { db, clock, ids: randomIds(clock), logger: silentLogger, config: defaultAppConfig({ publicUrl: 'http://localhost:8787' }) };
  const { app } = await buildRuntime(deps, { bootstrapToken: COORDINATOR_TOKEN });
  /** One timed GET: milliseconds and the parsed body; anything but 200 stops the bench. */
  const get = async (path: string, token: string) => {
    const started = performance.now();
    const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { ms, body: JSON.parse(text) as Record<string, unknown> };
  };
  /** A web session for the bootstrap coordinator (the token sign-in page), then one timed page GET with it. */
  const webSession = async () => {
    const res = await app.request('/app/login/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8787' },
      body: new URLSearchParams({ token: COORDINATOR_TOKEN }).toString(),
    });
    const cookie = /__Host-session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`no web session: ${res.status}`);
    return async (path: string) => {
      const started = performance.now();
      const page = await app.request(path, { headers: { cookie: `__Host-session=${cookie}` } });
      const text = await page.text();
      const ms = performance.now() - started;
      if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${text.slice(0, 300)}`);
      return { ms, bytes: text.length };
    };
  };
  return { get, webSession, close: () => db.close() };
}

/**
 * One unmeasured pass over the open requests (a running service has its code and pages warm), then each
 * searched by its desk with and without explain, interleaved.
 */
export async function benchSearch(data: Dataset): Promise<void> {
  const app = await openApp(data.file);
  try {
    const path = (id: string, explain: boolean) => `/v1/appointments/${id}/candidates?explain=${explain}`;
    for (const o of data.open) await app.get(path(o.id, false), o.token);
    const times = { plain: [] as number[], explain: [] as number[] };
    let candidates = 0;
    for (const o of data.open) {
      for (const explain of [false, true]) {
        const { ms, body } = await app.get(path(o.id, explain), o.token);
        times[explain ? 'explain' : 'plain'].push(ms);
        if (!explain) candidates += (body.candidates as unknown[]).length;
      }
    }
    // The budget is the search a desk runs (and auto-assignment runs before it books); explain=true,
    // which adds every other mediator of the roster by name, is shown beside it.
    const scale = data.scale.name;
    record({ budget: 'candidate search in-process p50', scale, measured: percentile(times.plain, 50), unit: 'ms', limit: 5 });
    record({ budget: 'candidate search in-process p99', scale, measured: percentile(times.plain, 99), unit: 'ms', limit: 25 });
    const text = `${percentile(times.explain, 50).toFixed(2)} / ${percentile(times.explain, 99).toFixed(2)} ms`;
    record({ budget: '  with explain=true, p50 / p99', scale, measured: 0, unit: 'ms', text });
    const listed = (candidates / data.open.length).toFixed(1);
    console.log(`  search: ${times.plain.length + times.explain.length} GETs over ${data.open.length} open requests, ${listed} candidates listed on average`);
  } finally {
    app.close();
  }
}
