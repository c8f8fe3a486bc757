import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Json, makeHarness, NO_GUESSING_LIMIT } from '../support/harness.js';
import { bodyOf, HOSTILE_IDS, type Known, type Operation, operationsOf, queryValueOf } from './support/openapi.js';

/** Generated requests per operation (valid, boundary and hostile mixed); the whole part stays under a minute. */
const RUNS = 80;

/**
 * For every operation in /openapi.json: bodies, query strings and path ids generated from the
 * document itself (valid ones, ones at and past each bound, hostile ones). Never a 500; afterwards
 * the database is consistent and everything stored reads back through the API.
 */
describe('fuzz: every route in /openapi.json', () => {
  let h: Harness;
  let ops: Operation[];
  /** The reads that answered 2xx before the fuzz: they must still, whatever it stored. */
  let reads: string[] = [];
  const ids: Record<string, string> = {};
  let known: Known = {};
  const tokens: Record<string, string> = {};
  const figures = { operations: 0, requests: 0, answered2xx: 0, answered4xx: 0 };
  const never2xx = new Set<string>();

  beforeAll(async () => {
    h = await makeHarness({ config: NO_GUESSING_LIMIT });
    ops = operationsOf((await h.expectStatus(h.call('GET', '/openapi.json'), 200)) as Json);
    const desk = await h.make.desk();
    const mediator = await h.make.mediator();
    const appointment = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-0001' });
    const exclusion = await h.expectStatus(h.call('POST', `/v1/services/${desk.service.id}/exclusions`, { body: { mediatorId: mediator.id, reason: 'conflict of interest' } }), 201);
    const timeOff = await h.expectStatus(h.call('POST', `/v1/mediators/${mediator.id}/time-off`, { body: { start: '2026-04-01T09:00:00+02:00', end: '2026-04-02T09:00:00+02:00' } }), 201);
    const spare = await h.make.user({ role: 'desk', serviceId: desk.service.id });
    const outbox = await h.expectStatus(h.call('GET', '/v1/outbox?limit=1'), 200);
    const series = await h.expectStatus(
      h.call('POST', '/v1/series', { token: desk.token, body: { language: 'ar', start: '2026-03-25T10:00:00+01:00', durationMinutes: 60, sector: 'health', recurrence: { count: 3 } } }),
      201,
    );
    const webhook = await h.expectStatus(h.call('POST', '/v1/webhooks', { body: { url: 'https://hooks.example.org/mediazione', events: ['appointment.booked'] } }), 201);
    const offered = await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00', assignment: 'offer' });
    const offers = await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${offered.id}`), 200);
    const candidates = ops
      .filter((op) => op.method === 'GET' && !op.path.includes('{') && !op.params.some((p) => p.required))
      .map((op) => (op.path.startsWith('/v1/reports/') ? `${op.path}?month=2026-03` : `${op.path}?limit=200`.replace(/\?limit=200$/, op.params.some((p) => p.name === 'limit') ? '?limit=200' : '')));
    for (const path of candidates) if ((await h.call('GET', path)).status < 300) reads.push(path);
    Object.assign(ids, {
      services: desk.service.id,
      mediators: mediator.id,
      appointments: appointment.id,
      exclusionId: exclusion.id,
      timeOffId: timeOff.id,
      users: spare.id,
      outbox: outbox.items[0]?.id ?? 'out_missing',
      series: series.id ?? series.series?.id,
      webhooks: webhook.id,
      offers: offers.items[0]?.id ?? 'off_missing',
      ref: 'CASE-0001',
    });
    known = { mediatorId: [mediator.id], serviceId: [desk.service.id], language: ['ar', 'ar-MA'], area: ['TO', 'AT'], homeArea: ['TO'], areas: [['TO', 'AT']], code: ['ar', 'fa', 'ti'], beneficiaryRef: ['CASE-0001'] };
    tokens.desk = desk.token;
    tokens.mediator = (await h.make.mediatorUser(mediator.id)).token;
  });
  afterAll(() => h?.close());

  /** The first caller the route does not refuse for its role (the role check comes before the body is read). */
  const callerFor = async (op: Operation): Promise<string | null | undefined> => {
    const probe = op.path.replace(/\{[^}]+\}/g, 'zz_probe');
    for (const token of [undefined, tokens.desk, tokens.mediator]) {
      const r = await h.call(op.method, probe, { token, ...(op.body ? { rawBody: '{}', headers: { 'content-type': 'application/json' } } : {}) });
      if (r.status !== 403) return token;
    }
    return undefined;
  };

  /** Percent-encodes; a lone surrogate goes out as the invalid UTF-8 it would be. */
  const encode = (v: string) => {
    try {
      return encodeURIComponent(v);
    } catch {
      return '%ED%A0%80';
    }
  };

  const pathArb = (op: Operation) => {
    const segments = op.path.split('/');
    const parts = segments.map((seg, i) => {
      const name = /^\{(.+)\}$/.exec(seg)?.[1];
      if (!name) return fc.constant(seg);
      const known = name === 'id' ? ids[segments[i - 1] ?? ''] : ids[name];
      // Destructive routes get fuzzed ids only, so that the fixtures survive for the other routes.
      const destructive = op.method === 'DELETE' || op.path.endsWith('/anonymise');
      const real = known && !(destructive && name === 'id' && segments[i - 1] !== 'users') ? [fc.constant(known)] : [];
      return fc.oneof(...real, ...real, fc.constantFrom(...HOSTILE_IDS).map(encodeURIComponent));
    });
    const query = op.params.filter((p) => p.in === 'query').map((p) => fc.option(queryValueOf(p.schema).map((v) => `${p.name}=${encode(v)}`), { nil: undefined }));
    return fc.tuple(fc.tuple(...parts), fc.tuple(...query)).map(([path, q]) => {
      const qs = q.filter(Boolean).join('&');
      return path.join('/') + (qs ? `?${qs}` : '');
    });
  };

  it('never answers 500 to generated valid, boundary and hostile requests', async () => {
    const started = Date.now();
    const failures: string[] = [];
    for (const op of ops) {
      figures.operations++;
      const token = await callerFor(op);
      const before = figures.answered2xx;
      const idempotent = op.params.some((p) => p.in === 'header' && p.name === 'idempotency-key');
      await fc.assert(
        fc.asyncProperty(pathArb(op), op.body ? bodyOf(op.body, known) : fc.constant(undefined), fc.uuid(), async (path, body, key) => {
          const r = await h.call(op.method, path, {
            token,
            ...(body === undefined ? {} : { rawBody: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json', ...(idempotent ? { 'idempotency-key': key } : {}) } }),
          });
          figures.requests++;
          if (r.status < 300) figures.answered2xx++;
          else if (r.status < 500) figures.answered4xx++;
          if (r.status >= 500) failures.push(`${op.method} ${path} ${JSON.stringify(body)?.slice(0, 200)} → ${r.status} ${r.text.slice(0, 200)}`);
          if (r.status >= 400 && !/problem\+json/.test(r.headers.get('content-type') ?? '')) failures.push(`${op.method} ${path} → ${r.status} not problem+json`);
        }),
        { numRuns: RUNS, seed: 18 },
      );
      if (figures.answered2xx === before) never2xx.add(`${op.method} ${op.path}`);
    }
    console.log(`[reliability] fuzz: ${figures.operations} operations, ${figures.requests} requests in ${Date.now() - started} ms (2xx ${figures.answered2xx}, 4xx ${figures.answered4xx}, 500 ${failures.length}; ${never2xx.size} operations never accepted one: ${[...never2xx].join(', ')})`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('stored nothing invalid: the database is consistent and every list reads back', async () => {
    const sqlite = h.db.sqlite;
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    const bad = sqlite
      .prepare(
        `SELECT id FROM appointments WHERE ends_at - starts_at <> duration_minutes * 60000 OR duration_minutes <= 0
           OR status NOT IN ('open', 'offered', 'booked', 'unfilled', 'cancelled') OR (status = 'booked' AND mediator_id IS NULL)
           OR instr(coalesce(notes, '') || coalesce(beneficiary_ref, '') || coalesce(location, ''), char(65533)) > 0
         UNION ALL SELECT id FROM services WHERE instr(name || address || contact_email, char(65533)) > 0 OR contact_email NOT LIKE '%_@_%'
         UNION ALL SELECT id FROM mediators WHERE instr(name || email, char(65533)) > 0 OR email NOT LIKE '%_@_%'`,
      )
      .all();
    expect(bad).toEqual([]);
    const lists = reads;
    for (const path of lists) {
      const r = await h.call('GET', path);
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBeLessThan(300);
    }
    const counts = sqlite.prepare(`SELECT (SELECT COUNT(*) FROM appointments) AS appointments, (SELECT COUNT(*) FROM services) AS services, (SELECT COUNT(*) FROM mediators) AS mediators`).get();
    console.log(`[reliability] fuzz: stored ${JSON.stringify(counts)}, ${lists.length} lists read back`);
  });
});
