import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const TOKEN = 'concurrency-coordinator-token';
const SLOT = { language: 'ar', start: '2030-03-25T10:00:00+01:00', durationMinutes: 60, sector: 'health' };

/**
 * Two server processes share one SQLite file, so the requests really race — across processes, not
 * just inside one event loop. The booking guard in the database must still let exactly one win.
 */
describe('50 simultaneous bookings for the same free hour', () => {
  let dir: string;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-concurrency-'));
    const env = { DATA_DIR: dir, BOOTSTRAP_COORDINATOR_TOKEN: TOKEN };
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (base: string, path: string, body: unknown, token = TOKEN, method = 'POST') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('gives that mediator to exactly one request; the rest get someone else or unfilled', async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const service = await post(a, '/v1/services', { name: 'ASL TO', kind: 'health', area: 'TO', address: 'Via Po 1', contactEmail: 'asl@example.it' });
    const desk = await post(a, '/v1/users', { role: 'desk', name: 'Desk', serviceId: service.body.id });
    const mediator = async (name: string, level: string, rules: unknown) => {
      const m = await post(a, '/v1/mediators', { name, email: `${name}@example.it`, languages: [{ code: 'ar', level }], areas: ['TO'], modalities: ['in_person'], sectors: ['health'] });
      await post(a, `/v1/mediators/${m.body.id}/availability`, { rules }, TOKEN, 'PUT');
      return m.body.id as string;
    };
    // The favourite's only free hour is Monday 10–11; the backup is free all Monday.
    const favourite = await mediator('favourite', 'native', [{ weekday: 1, start: '10:00', end: '11:00' }]);
    const backup = await mediator('backup', 'B2', [{ weekday: 1, start: '08:00', end: '18:00' }]);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 === 0 ? a : b, '/v1/appointments', SLOT, desk.body.token)),
    );

    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const byMediator = (id: string) => results.filter((r) => r.body.mediatorId === id).length;
    expect(byMediator(favourite)).toBe(1);
    expect(byMediator(backup)).toBe(1);
    const unfilled = results.filter((r) => r.body.status === 'unfilled');
    expect(unfilled).toHaveLength(48);
    for (const r of unfilled) expect(['all_taken', 'no_candidate']).toContain(r.body.unfilledReason.code);

    const booked = await fetch(`${a}/v1/appointments?status=booked&limit=200`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const items = ((await booked.json()) as { items: Array<{ mediatorId: string }> }).items;
    expect(items.map((i) => i.mediatorId).sort()).toEqual([favourite, backup].sort());
  }, 60_000);
});
