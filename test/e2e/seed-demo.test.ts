import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LANGUAGES, PROVINCES } from '../../db/demo-data.js';
import { AlreadySeededError, formatGuide, type SeedDemoResult, seedDemo } from '../../db/seed-demo.js';
import { type NodeDatabase, openNodeDatabase } from '../../db/sqlite-node.js';
import { createApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/deps.js';
import { defaultAppConfig } from '../../src/config.js';
import { randomIds } from '../../src/ids.js';

/** Friday 20 March 2026, 09:00 in Rome: week 1 starts 23 March, week 2 is after the DST change. */
const NOW = '2026-03-20T08:00:00Z';

type Json = Record<string, any>;

describe('npm run seed:demo', () => {
  let dir: string;
  let result: SeedDemoResult;
  let guide: string;
  let db: NodeDatabase;
  let app: ReturnType<typeof createApp>;

  async function get(path: string, token: string): Promise<{ status: number; body: Json }> {
    const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'seed-demo-'));
    result = await seedDemo({ dataDir: dir, env: {}, now: NOW });
    guide = formatGuide(result);
    // A fresh app on the seeded file, as the server would open it.
    db = openNodeDatabase(join(dir, 'mediator-booking.sqlite'));
    const clock = fixedClock(NOW);
    app = createApp({
      db,
      clock,
      ids: randomIds(clock),
      logger: silentLogger,
      config: defaultAppConfig({ publicUrl: 'http://localhost:8787' }),
    });
  });

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints a coordinator token that works, and desk and mediator tokens', async () => {
    const coordinator = /coordinator\s+(mb_[A-Za-z0-9_-]+)/.exec(guide)?.[1];
    expect(coordinator).toBe(result.coordinator.token);
    const me = await get('/v1/me', coordinator as string);
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('coordinator');

    const deskToken = /export DESK=(\S+)/.exec(guide)?.[1] as string;
    const desk = await get('/v1/me', deskToken);
    expect(desk.body).toMatchObject({ role: 'desk', serviceId: result.desks.find((d) => d.serviceKey === 'to-consultorio')?.serviceId });

    const mediatorToken = /export MEDIATOR=(\S+)/.exec(guide)?.[1] as string;
    const own = await get('/v1/appointments', mediatorToken);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThanOrEqual(2);
    expect(guide).toContain('export URL=http://localhost:8787');
    expect(guide).toContain('"$URL/v1/appointments?status=unfilled"');
  });

  it('covers all eight provinces with services of every kind the programme names', async () => {
    const { body } = await get('/v1/services?limit=200', result.coordinator.token);
    const services = body.items as Json[];
    expect(services.length).toBe(result.counts.services);
    expect(new Set(services.map((s) => s.area))).toEqual(new Set(PROVINCES));
    for (const kind of ['health', 'hospital', 'municipality', 'job_centre', 'school', 'housing', 'social']) {
      expect(services.some((s) => s.kind === kind), kind).toBe(true);
    }
  });

  it('has at least 75 mediators, with every requested language present', async () => {
    const { body } = await get('/v1/mediators?limit=200', result.coordinator.token);
    const mediators = body.items as Json[];
    expect(body.nextCursor).toBeNull();
    expect(mediators.length).toBeGreaterThanOrEqual(75);
    const spoken = new Set(mediators.flatMap((m) => (m.languages as Json[]).map((l) => l.code)));
    for (const language of DEMO_LANGUAGES) expect(spoken.has(language), language).toBe(true);
    // Realistic gaps: nobody in Verbania speaks Tigrinya.
    const vb = await get('/v1/mediators?language=ti&area=VB', result.coordinator.token);
    expect(vb.body.items).toEqual([]);
    // Every mediator has weekly availability.
    const first = mediators[0] as Json;
    const availability = await get(`/v1/mediators/${first.id}/availability`, result.coordinator.token);
    expect(availability.body.rules.length).toBeGreaterThan(0);
  });

  it('leaves appointments as the demo data expects, some of them unfilled', async () => {
    expect(result.surprises).toEqual([]);
    const { body } = await get('/v1/appointments?status=unfilled', result.coordinator.token);
    expect(body.items.length).toBeGreaterThanOrEqual(1);
    expect(body.items.some((a: Json) => a.language === 'ti' && a.area === 'VB')).toBe(true);
    const open = await get('/v1/appointments?status=open', result.coordinator.token);
    expect(open.body.items.length).toBeGreaterThanOrEqual(1);
    const booked = await get('/v1/appointments?status=booked', result.coordinator.token);
    expect(booked.body.items.length).toBeGreaterThanOrEqual(5);
    // Week 2 is after the spring DST change: wall-clock times keep their meaning.
    const cuneo = result.appointments.find((a) => a.key === 'cpi-cuneo-pa');
    expect(cuneo?.start).toBe('2026-03-31T10:00:00+02:00');
  });

  it('refuses to seed a second time without --force', async () => {
    await expect(seedDemo({ dataDir: dir, env: {}, now: NOW })).rejects.toBeInstanceOf(AlreadySeededError);
    const { body } = await get('/v1/services?limit=200', result.coordinator.token);
    expect(body.items.length).toBe(result.counts.services);
  });

  it('the CLI exits 1 with a clear message on an already seeded DATA_DIR', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'db/seed-demo.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, DATA_DIR: dir, BOOTSTRAP_COORDINATOR_TOKEN: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('already has services');
  });
});

describe('seed:demo on the real clock', () => {
  it('books, leaves open and leaves unfilled exactly what the demo data expects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-demo-now-'));
    try {
      const result = await seedDemo({ dataDir: dir, env: {} });
      expect(result.surprises).toEqual([]);
      expect(result.counts.appointments.unfilled).toBeGreaterThanOrEqual(1);
      for (const a of result.appointments) expect(Date.parse(a.start)).toBeGreaterThan(Date.now());
      // The guide's example request is still ahead too: its date is worked out from the seed's clock.
      const guided = /"start":"([^"]+)"/.exec(formatGuide(result))?.[1];
      expect(Date.parse(guided ?? '')).toBeGreaterThan(Date.now());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
