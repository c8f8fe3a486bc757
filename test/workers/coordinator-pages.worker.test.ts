import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_TOKEN } from '../support/factories.js';
import { makeWorkerTarget } from '../support/worker-target.js';

type Target = Awaited<ReturnType<typeof makeWorkerTarget>>;

/** The coordinator's pages on Workers (workerd) + D1: the same app renders them and their forms work (JavaScript off, as a plain browser posts). */
describe('coordinator pages on Workers (workerd) + D1', () => {
  let w: Target;
  let cookie = '';

  const page = async (path: string, form?: Record<string, string>) => {
    const res = (await w.mf.dispatchFetch(`http://localhost${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: `__Host-session=${cookie}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    } as never)) as unknown as Response;
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  };

  beforeAll(async () => {
    w = await makeWorkerTarget({ now: '2026-12-07T08:00:00Z' });
    const signIn = (await w.mf.dispatchFetch('http://localhost/app/login/token', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ token: COORDINATOR_TOKEN }).toString(),
    } as never)) as unknown as Response;
    cookie = /__Host-session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(cookie).not.toBe('');
    const asti = await w.make.service({ name: 'Comune di Asti', kind: 'municipality', area: 'AT' });
    const desk = await w.make.user({ role: 'desk', serviceId: asti.id });
    await w.make.mediator({ name: 'Senait Tesfay', languages: [{ code: 'ti', level: 'native' }], areas: ['TO'], modalities: ['in_person', 'video'] });
    await w.make.appointment(desk.token, { language: 'ti', sector: 'social', start: '2026-12-10T10:00:00+01:00' });
  }, 60_000);

  afterAll(() => w?.close());

  it('renders the dashboard, its CSV and every page', async () => {
    const home = await page('/app?from=2026-12-01&to=2026-12-31');
    expect(home.status).toBe(200);
    expect(home.text).toContain('0 % (0/1)');
    expect(home.text).toContain('nessun mediatore');
    expect((await page('/app/dashboard.csv?from=2026-12-01&to=2026-12-31')).text).toContain('ti;AT;1;0;1');
    for (const path of ['/app/to-cover', '/app/disputes', '/app/mediators', '/app/mediators/new', '/app/services', '/app/users', '/app/timesheets', '/app/outbox', '/app/supply?language=ti&area=AT']) {
      expect([path, (await page(path)).status]).toEqual([path, 200]);
    }
  });

  it('assigns through a fallback step from the to-cover list and creates a mediator', async () => {
    const list = await page('/app/to-cover?language=ti&area=AT');
    const id = /id="req-([^"]+)"/.exec(list.text)?.[1] ?? '';
    const open = await page(`/app/to-cover?language=ti&area=AT&open=${id}`);
    const mediatorId = /name="fallback" value="video"/.test(open.text) ? /name="mediatorId" value="([^"]+)"\/?>\s*<input type="hidden" name="fallback" value="video"/.exec(open.text)?.[1] : undefined;
    expect(mediatorId).toBeTruthy();
    const assigned = await page(`/app/to-cover/${id}/assign`, { language: 'ti', area: 'AT', days: '30', mediatorId: mediatorId ?? '', fallback: 'video' });
    expect(assigned.status).toBe(303);
    expect((await page(assigned.location)).text).toContain('Assegnata.');

    const created = await page('/app/mediators/new', { name: 'Yonas Gebremedhin', email: 'yonas@coop.example.it', 'languages.0.code': 'ti', 'languages.0.level': 'native', areas: 'AT', modalities: 'in_person', maxWeeklyHours: '20', active: 'on', locale: 'it' });
    expect(created.status).toBe(303);
    expect((await page('/app?from=2026-12-01&to=2026-12-31')).text).not.toContain('nessun mediatore</span>');
  });
});
