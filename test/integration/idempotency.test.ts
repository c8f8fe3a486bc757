import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_PROGRESS_LIMIT_MS } from '../../src/operations/appointments/create.js';
import { type Harness, makeHarness, TEST_NOW } from '../support/harness.js';

/** Idempotency keys survive a crash and do not pile up. */
const body = { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', assignment: 'manual' };
const HOUR = 3_600_000;

let dir: string;
const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function harness(file: string, now = TEST_NOW): Promise<Harness> {
  const h = await makeHarness({ file, now });
  open.push(h);
  return h;
}

describe('a process that dies between the request batch and its answer', () => {
  it('answers the retry with the request it wrote, once the first attempt cannot still be running', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-idem-'));
    const file = join(dir, 'db.sqlite');
    const before = await harness(file);
    const desk = await before.make.desk();
    // The process dies right after the request's batch commits: nothing else it would write reaches the file.
    const batch = before.db.batch;
    before.db.batch = async (statements) => {
      const changed = await batch(statements);
      before.db.close();
      throw Object.assign(new Error('killed'), { changed });
    };
    await before.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-crash' }, body }).catch(() => undefined);

    const soon = await harness(file, new Date(Date.parse(TEST_NOW) + 1000).toISOString());
    const early = await soon.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-crash' }, body });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('idempotency_in_progress');

    soon.clock.advance(IN_PROGRESS_LIMIT_MS);
    const retry = await soon.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-crash' }, body });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    const listed = await soon.call('GET', '/v1/appointments', { token: desk.token });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([retry.body.id]);
    // The recovered answer is kept: the next retry gets the same one.
    const again = await soon.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-crash' }, body });
    expect(again.body).toEqual(retry.body);
  });
});

describe('an auto request whose process died before it was matched', () => {
  it('is booked by the retry, once, and the answer names the mediator', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-idem-'));
    const file = join(dir, 'db.sqlite');
    const before = await harness(file);
    const desk = await before.make.desk();
    const m = await before.make.mediator();
    const auto = { ...body, assignment: 'auto' };
    const batch = before.db.batch;
    before.db.batch = async (statements) => {
      await batch(statements);
      before.db.close();
      throw new Error('killed');
    };
    await before.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-auto' }, body: auto }).catch(() => undefined);

    const after = await harness(file, new Date(Date.parse(TEST_NOW) + IN_PROGRESS_LIMIT_MS).toISOString());
    const retry = await after.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-auto' }, body: auto });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ status: 'booked', mediatorId: m.id });
    const again = await after.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-auto' }, body: auto });
    expect(again.body).toEqual(retry.body);
    const listed = await after.call('GET', '/v1/appointments', { token: desk.token });
    expect(listed.body.items).toHaveLength(1);
  });
});

describe('stored answers', () => {
  it('are replayed within the retention period and purged by the jobs after it (24 h by default)', async () => {
    const h = await makeHarness();
    open.push(h);
    const desk = await h.make.desk();
    const first = await h.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-1' }, body });
    expect(first.status).toBe(201);

    h.clock.advance(23 * HOUR);
    expect((await h.runJobs(null)).idempotencyPurged).toBe(0);
    const replay = await h.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-1' }, body });
    expect(replay.headers.get('idempotency-replayed')).toBe('true');

    h.clock.advance(2 * HOUR);
    expect((await h.runJobs(null)).idempotencyPurged).toBe(1);
    expect(await h.db.all(sql`SELECT key FROM idempotency_keys`)).toEqual([]);
  });

  it('are kept for IDEMPOTENCY_TTL_HOURS when it is set', async () => {
    const base = await makeHarness();
    const h = await makeHarness({ deps: { config: { ...base.deps.config, idempotencyTtlHours: 2 } } });
    base.close();
    open.push(h);
    const desk = await h.make.desk();
    await h.expectStatus(h.call('POST', '/v1/appointments', { token: desk.token, headers: { 'idempotency-key': 'k-1' }, body }), 201);
    h.clock.advance(2 * HOUR + 1);
    expect((await h.runJobs(null)).idempotencyPurged).toBe(1);
  });
});
