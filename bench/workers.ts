/**
 * Cloudflare Workers: the bundle's gzip size, and the database round trips per request on workerd
 * with local D1 (Miniflare), counted by bench/d1-counting-entry.ts around the real worker. Small
 * data is enough here: the count depends on the code path, not on the number of rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { migrationStatements } from '../db/sqlite-node.js';
import { bundleForWorkers } from '../test/support/worker-target.js';
import { COORDINATOR_TOKEN, NOW } from './dataset.js';
import { record } from './table.js';

const ROOT = join(import.meta.dirname, '..');

export async function benchWorkers(): Promise<void> {
  const worker = await bundleForWorkers('src/worker.ts');
  const gzip = gzipSync(worker).length / 1024;
  record({ budget: 'Worker bundle (gzip)', scale: '-', measured: gzip, unit: 'KiB', limit: 1024 });
  record({ budget: '  raw', scale: '-', measured: Buffer.byteLength(worker) / 1024, unit: 'KiB' });

  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'))?.[1];
  const mf = new Miniflare({
    modules: true,
    script: await bundleForWorkers('bench/d1-counting-entry.ts'),
    ...(compatibilityDate ? { compatibilityDate } : {}),
    d1Databases: { DB: 'bench' },
    bindings: { BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN, FIXED_CLOCK: NOW },
  });
  try {
    const d1 = await mf.getD1Database('DB');
    for (const statement of migrationStatements()) await d1.prepare(statement).run();
    const call: Call = async (method, path, token, body) => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const res = await mf.dispatchFetch(`http://localhost${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
      const json = (await res.json()) as Record<string, string>;
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      const trace = (await (await mf.dispatchFetch('http://localhost/__d1-trace')).json()) as Trace;
      return { json, trace: { ...trace, waves: Number(res.headers.get('x-d1-waves')) } };
    };
    const desk = await seed(call);

    // Each request its own slot on the weekdays after "now" (Wednesday 13 May 2026).
    const body = (i: number, assignment: string) => ({
      language: i % 2 ? 'ar-MA' : 'ar', area: 'TO', durationMinutes: 60, sector: 'health', beneficiaryRef: `case-${i % 3}`, assignment,
      start: `2026-05-${18 + (i % 5)}T${String(9 + Math.floor(i / 5)).padStart(2, '0')}:00:00+02:00`,
    });
    const kinds = { booking: 'booking POST (auto)', candidates: 'candidate GET', explain: 'candidate GET ?explain=true' };
    const traces: Record<keyof typeof kinds, Trace[]> = { booking: [], candidates: [], explain: [] };
    // The first booking is the first request to match after the roster was written.
    for (let i = 0; i < 6; i++) {
      const booked = await call('POST', '/v1/appointments', desk, body(i, 'auto'));
      if (booked.json.status !== 'booked') throw new Error(`a Workers booking was not booked: ${JSON.stringify(booked.json)}`);
      traces.booking.push(booked.trace);
      const open = await call('POST', '/v1/appointments', desk, body(i + 10, 'manual'));
      traces.candidates.push((await call('GET', `/v1/appointments/${open.json.id}/candidates`, desk)).trace);
      traces.explain.push((await call('GET', `/v1/appointments/${open.json.id}/candidates?explain=true`, desk)).trace);
    }
    for (const [kind, list] of Object.entries(traces) as Array<[keyof typeof kinds, Trace[]]>) {
      const waves = list.map((t) => t.waves);
      const limit = kind === 'booking' ? 4 : 3;
      const text = `${Math.max(...waves)} (${waves.join(', ')})`;
      record({ budget: `D1 sequential round trips, ${kinds[kind]}`, scale: 'small', measured: Math.max(...waves), unit: '', text, limit });
      // The worst request's calls, and the last one's when it differs (a warm isolate's steady state).
      const worst = list.find((t) => t.waves === Math.max(...waves)) as Trace;
      const last = list[list.length - 1] as Trace;
      for (const t of last.waves === worst.waves ? [worst] : [worst, last]) {
        console.log(`  ${kinds[kind]}, request ${list.indexOf(t) + 1} of ${list.length}: ${t.waves} waves, ${t.calls.length} calls`);
        for (const c of t.calls) console.log(`    ${c.wave}  ${c.sql.slice(0, 100)}`);
      }
    }
  } finally {
    await mf.dispose();
  }
}

interface Trace {
  waves: number;
  calls: Array<{ wave: number; sql: string }>;
}

type Call = (method: string, path: string, token: string, body?: unknown) => Promise<{ json: Record<string, string>; trace: Trace }>;

/** Through the API as the coordinator: a desk in Turin, eight mediators for Arabic, their week. */
async function seed(call: Call): Promise<string> {
  const place = { kind: 'health', area: 'TO', address: 'Via Roma 1, Torino', contactEmail: 'asl@example.it' };
  const service = await call('POST', '/v1/services', COORDINATOR_TOKEN, { name: 'ASL Torino', ...place });
  const desk = await call('POST', '/v1/users', COORDINATOR_TOKEN, { role: 'desk', name: 'Sportello', serviceId: service.json.id });
  const rules = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '19:00' }));
  for (let i = 0; i < 8; i++) {
    const languages = [{ code: i % 2 ? 'ar-MA' : 'ar', level: 'native' }, { code: 'fr', level: 'C1' }];
    const modalities = ['in_person', 'phone', 'video'];
    const profile = { name: `Mediatore ${i}`, email: `m${i}@example.it`, languages, areas: ['TO', 'AT'], modalities, sectors: ['health'] };
    const m = await call('POST', '/v1/mediators', COORDINATOR_TOKEN, profile);
    await call('PUT', `/v1/mediators/${m.json.id}/availability`, COORDINATOR_TOKEN, { rules });
  }
  return desk.json.token as string;
}
