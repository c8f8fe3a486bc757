import { createRepositories } from '../../db/repositories/index.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import { createApp } from '../../src/app.js';
import { bootstrapCoordinator } from '../../src/bootstrap.js';
import { fixedClock } from '../../src/clock.js';
import { type Deps, silentLogger } from '../../src/deps.js';
import { DEFAULT_MATCH_OPTIONS } from '../../src/domain/matching.js';
import { randomIds } from '../../src/ids.js';

export const COORDINATOR_TOKEN = 'coordinator-test-token-0001';
/** Friday 20 March 2026, 09:00 in Rome: a week before the spring DST change. */
export const TEST_NOW = '2026-03-20T08:00:00Z';
export const WEEKDAYS_9_TO_18 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' }));

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export type Json = Record<string, any>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/**
 * A fresh app on a fresh, really migrated in-memory SQLite with a fixed clock, a bootstrap
 * coordinator, and factories that go through the public API (so validation is exercised too).
 */
export async function makeHarness(options: { now?: string; deps?: Partial<Deps> } = {}) {
  const db: NodeDatabase = openNodeDatabase(':memory:');
  const clock = fixedClock(options.now ?? TEST_NOW);
  const ids = randomIds(clock);
  const deps: Deps = {
    db,
    clock,
    ids,
    logger: silentLogger,
    config: { publicUrl: 'http://localhost:8787', bodyLimitBytes: 64 * 1024, zone: 'Europe/Rome', matching: DEFAULT_MATCH_OPTIONS },
    ...options.deps,
  };
  await bootstrapCoordinator(createRepositories(db), clock, ids, COORDINATOR_TOKEN);
  const app = createApp(deps);

  async function call(method: string, path: string, o: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? COORDINATOR_TOKEN : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: Json = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  const expectStatus = async (res: Promise<ApiResponse>, status: number): Promise<Json> => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
    return r.body;
  };

  let serial = 0;
  const make = {
    async service(overrides: Json = {}): Promise<Json> {
      serial++;
      return expectStatus(
        call('POST', '/v1/services', {
          body: { name: `Service ${serial}`, kind: 'health', area: 'TO', address: `Via Roma ${serial}, Torino`, contactEmail: `desk${serial}@example.it`, ...overrides },
        }),
        201,
      );
    },
    async user(body: Json): Promise<{ id: string; token: string }> {
      serial++;
      const u = await expectStatus(call('POST', '/v1/users', { body: { name: `User ${serial}`, ...body } }), 201);
      return { id: u.id, token: u.token };
    },
    /** A service with a desk user: { service, token }. */
    async desk(serviceOverrides: Json = {}): Promise<{ service: Json; token: string; userId: string }> {
      const service = await make.service(serviceOverrides);
      const u = await make.user({ role: 'desk', serviceId: service.id });
      return { service, token: u.token, userId: u.id };
    },
    /** A mediator (Arabic native, Torino, in person/phone/video, weekdays 9–18 unless overridden). */
    async mediator(overrides: Json = {}): Promise<Json> {
      serial++;
      const { availability, ...fields } = overrides;
      const m = await expectStatus(
        call('POST', '/v1/mediators', {
          body: {
            name: `Mediator ${serial}`,
            email: `mediator${serial}@example.it`,
            languages: [{ code: 'ar', level: 'native' }],
            areas: ['TO'],
            modalities: ['in_person', 'phone', 'video'],
            sectors: ['health'],
            ...fields,
          },
        }),
        201,
      );
      await expectStatus(call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: availability ?? WEEKDAYS_9_TO_18 } }), 200);
      return m;
    },
    async mediatorUser(mediatorId: string): Promise<{ id: string; token: string }> {
      return make.user({ role: 'mediator', mediatorId });
    },
    /** Requests an appointment as `token` (a desk); defaults: Arabic, Monday 23 March 10:00 Rome, 60 min, health, auto. */
    async appointment(token: string, overrides: Json = {}, headers: Record<string, string> = {}): Promise<Json> {
      return expectStatus(
        call('POST', '/v1/appointments', {
          token,
          headers,
          body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', ...overrides },
        }),
        201,
      );
    },
  };

  return { app, db, clock, deps, call, make, expectStatus, close: () => db.close() };
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>;
