import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';

export const COORDINATOR = 'reliability-coordinator-token-0001';
const AREAS = ['TO', 'AT', 'CN', 'AL'] as const;
const WEEKDAYS_8_TO_18 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON is read loosely on purpose.
type Json = Record<string, any>;
export interface Answer {
  status: number;
  body: Json;
}

/** One HTTP call; a refused or cut connection answers status 0 (the client never learnt the outcome). */
export async function call(base: string, method: string, path: string, token: string | null = COORDINATOR, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let parsed: Json = {};
    try {
      parsed = text.startsWith('{') ? JSON.parse(text) : { text };
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: {} };
  }
}

async function ok(base: string, method: string, path: string, body?: unknown, token = COORDINATOR): Promise<Json> {
  const r = await call(base, method, path, token, body);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface World {
  desks: Array<{ serviceId: string; token: string }>;
  feeds: string[];
  /** Mondays in Rome, a few weeks from now: the week the load books into. */
  week: DateTime;
}

/** Four services (one desk each) in four areas, six Arabic-speaking mediators across them, each with a calendar feed. */
export async function seedWorld(base: string): Promise<World> {
  const desks: World['desks'] = [];
  for (const [i, area] of AREAS.entries()) {
    const s = await ok(base, 'POST', '/v1/services', { name: `Servizio ${i}`, kind: 'health', area, address: `Via Roma ${i}`, contactEmail: `desk${i}@example.it` });
    const u = await ok(base, 'POST', '/v1/users', { role: 'desk', name: `Desk ${i}`, serviceId: s.id });
    desks.push({ serviceId: s.id, token: u.token });
  }
  const feeds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const m = await ok(base, 'POST', '/v1/mediators', {
      name: `Mediatore ${i}`,
      email: `mediator${i}@example.it`,
      languages: [{ code: 'ar', level: 'native' }],
      areas: [AREAS[i % 4], AREAS[(i + 1) % 4]],
      modalities: ['in_person', 'phone', 'video'],
      sectors: ['health'],
    });
    await ok(base, 'PUT', `/v1/mediators/${m.id}/availability`, { rules: WEEKDAYS_8_TO_18 });
    const feed = await ok(base, 'POST', `/v1/calendars/mediators/${m.id}/token`, {});
    feeds.push(new URL(feed.url).pathname + new URL(feed.url).search);
  }
  const week = DateTime.now().setZone('Europe/Rome').plus({ weeks: 6 }).startOf('week');
  return { desks, feeds, week };
}

export interface Booking {
  key: string;
  desk: number;
  body: Json;
  answer?: Answer;
}
export interface LoadResult {
  bookings: Booking[];
  /** Cancellations answered 200: the appointment ids. */
  cancelled: string[];
  /** Cancellations whose answer was lost (status 0): retried after a restart. */
  lostCancels: Array<{ id: string; desk: number }>;
  counts: Record<string, number>;
  serverErrors: string[];
  ms: number;
}

/**
 * Bounded mixed traffic: `ops` operations over `concurrency` clients — desks booking (with an
 * Idempotency-Key) and cancelling their own bookings, mediators reading their feeds, the
 * coordinator reading reports. `base()` is read per call, so the server may move (restart); each
 * operation first awaits `gate()` (clients hold back while it restarts).
 */
export async function runLoad(base: () => string, world: World, o: { ops: number; concurrency: number; maxMs: number; seed?: number; onProgress?: (done: number) => void; gate?: () => Promise<unknown> }): Promise<LoadResult> {
  let rnd = o.seed ?? 42;
  const random = () => {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    return rnd / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const result: LoadResult = { bookings: [], cancelled: [], lostCancels: [], counts: {}, serverErrors: [], ms: 0 };
  const booked: Array<{ id: string; desk: number }> = [];
  const count = (what: string, status: number) => {
    const k = `${what} ${status === 0 ? 'lost' : status}`;
    result.counts[k] = (result.counts[k] ?? 0) + 1;
  };
  const started = Date.now();
  const month = world.week.toFormat('yyyy-MM');
  let next = 0;
  let done = 0;
  const one = async () => {
    const roll = random();
    if (roll < 0.5) {
      const desk = Math.floor(random() * world.desks.length);
      const start = world.week.plus({ days: Math.floor(random() * 5), hours: 9 + Math.floor(random() * 8) });
      const body = { language: 'ar', start: start.toISO(), durationMinutes: pick([30, 60, 90]), sector: 'health' };
      const b: Booking = { key: randomUUID(), desk, body };
      result.bookings.push(b);
      b.answer = await call(base(), 'POST', '/v1/appointments', world.desks[desk]?.token ?? '', body, { 'idempotency-key': b.key });
      count('book', b.answer.status);
      if (b.answer.status >= 500) result.serverErrors.push(`book ${b.answer.status} ${JSON.stringify(b.answer.body)}`);
      if (b.answer.status === 201 && b.answer.body.status === 'booked') booked.push({ id: b.answer.body.id, desk });
    } else if (roll < 0.65 && booked.length > 0) {
      const [victim] = booked.splice(Math.floor(random() * booked.length), 1);
      if (!victim) return;
      const r = await call(base(), 'POST', `/v1/appointments/${victim.id}/cancel`, world.desks[victim.desk]?.token ?? '', { reason: 'load test' });
      count('cancel', r.status);
      if (r.status === 200) result.cancelled.push(victim.id);
      else if (r.status === 0) result.lostCancels.push(victim);
      else if (r.status >= 500) result.serverErrors.push(`cancel ${r.status}`);
    } else if (roll < 0.85) {
      const r = await call(base(), 'GET', pick(world.feeds), null);
      count('feed', r.status);
      if (r.status >= 500) result.serverErrors.push(`feed ${r.status}`);
    } else {
      const r = await call(base(), 'GET', random() < 0.5 ? `/v1/reports/coverage?month=${month}` : `/v1/reports/timesheets?month=${month}`);
      count('report', r.status);
      if (r.status >= 500) result.serverErrors.push(`report ${r.status}`);
    }
  };
  const client = async () => {
    while (next < o.ops && Date.now() - started < o.maxMs) {
      next++;
      await o.gate?.();
      await one();
      done++;
      o.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  result.ms = Date.now() - started;
  return result;
}

/** One line of figures for the log. */
export function summary(name: string, r: LoadResult, extra: Record<string, unknown> = {}): string {
  const counts = Object.entries(r.counts)
    .sort()
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  return `[reliability] ${name}: ${Object.values(r.counts).reduce((a, b) => a + b, 0)} ops in ${r.ms} ms (${counts}) ${Object.entries(extra)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
}
