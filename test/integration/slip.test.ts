/** The beneficiary's slip through the API and the desk's pages: who may print it, what it shows and never shows. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/ids.js';
import { slipColumns } from '../../src/slip/render.js';
import { SLIP_TEXTS } from '../../src/slip/texts/index.js';
import { type Harness, type Json, makeHarness } from '../support/harness.js';

const LANGUAGES = ['ar', 'ro', 'sq', 'zh', 'ur', 'bn', 'pa', 'es', 'en', 'fr', 'uk', 'ti'];

describe('texts', () => {
  it('has every text in each required language, none yet reviewed by a native speaker', () => {
    for (const code of LANGUAGES) {
      const t = SLIP_TEXTS[code];
      expect(t, code).toBeDefined();
      expect(t?.reviewedByNativeSpeaker, code).toBe(false);
      for (const [key, value] of Object.entries(t ?? {})) if (typeof value === 'string') expect(value.trim(), `${code}.${key}`).not.toBe('');
    }
    expect(['ar', 'ur'].map((c) => SLIP_TEXTS[c]?.dir)).toEqual(['rtl', 'rtl']);
  });

  it('writes a language beside Italian, Italian alone, or English, French and Italian without texts', () => {
    expect(slipColumns('ar-MA').map((t) => t.code)).toEqual(['ar', 'it']);
    expect(slipColumns('it').map((t) => t.code)).toEqual(['it']);
    expect(slipColumns('wo').map((t) => t.code)).toEqual(['en', 'fr', 'it']);
    expect(slipColumns('pa-Arab-PK').map((t) => t.code)).toEqual(['en', 'fr', 'it']);
    expect(slipColumns('zh-Hans-CN').map((t) => t.code)).toEqual(['zh', 'it']);
  });
});

describe('GET /v1/appointments/{id}/slip', () => {
  let h: Harness;
  let desk: { service: Json; token: string; userId: string };
  let appointment: Json;

  beforeEach(async () => {
    h = await makeHarness();
    desk = await h.make.desk({ name: 'Consultorio Torino Nord', address: 'Via Cigna 12, Torino' });
    await h.make.mediator();
    appointment = await h.make.appointment(desk.token, { beneficiaryRef: 'CASO-4471', notes: 'gravidanza, seconda visita', location: 'Ambulatorio 3, piano terra' });
  });
  afterEach(() => h.close());

  const slip = (id: string, query = '', token = desk.token) => h.call('GET', `/v1/appointments/${id}/slip${query}`, { token });

  it('prints the appointment in Arabic beside Italian, right to left, without case data', async () => {
    const res = await slip(appointment.id, '?lang=ar');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = res.text;
    expect(html).toContain('<section lang="ar" dir="rtl">');
    expect(html).toContain('<section lang="it" dir="ltr">');
    expect(html).toContain('سيحضر وسيط ثقافي يتحدث لغتك.');
    expect(html).toContain('Sarà presente un mediatore o una mediatrice che parla la sua lingua.');
    expect(html).toContain('Consultorio Torino Nord');
    expect(html).toContain('Ambulatorio 3, piano terra');
    expect(html).toContain('lunedì 23 marzo 2026');
    expect(html).toContain('10:00');
    for (const secret of ['CASO-4471', 'gravidanza', 'health', 'salute', 'Mediator']) expect(html).not.toContain(secret);
  });

  it("uses the appointment's language by default and English, French and Italian for one without texts", async () => {
    expect((await slip(appointment.id)).text).toContain('lang="ar" dir="rtl"');
    const other = await slip(appointment.id, '?lang=wo');
    expect(other.status).toBe(200);
    expect([...other.text.matchAll(/<section lang="(\w+)"/g)].map((m) => m[1])).toEqual(['en', 'fr', 'it']);
  });

  it('says video or phone instead of an address', async () => {
    const video = await h.make.appointment(desk.token, { modality: 'video', start: '2026-03-24T10:00:00+01:00' });
    const html = (await slip(video.id, '?lang=en')).text;
    expect(html).toContain('By video call (the service will send you the link)');
    expect(html).toContain('In videochiamata');
    expect(html).not.toContain('Via Cigna');
  });

  it('is refused to other services, to mediators, for a bad language and once cancelled', async () => {
    const other = await h.make.desk();
    expect((await slip(appointment.id, '?lang=ar', other.token)).status).toBe(404);
    const mediatorUser = await h.make.mediatorUser(appointment.mediator.id);
    expect((await slip(appointment.id, '?lang=ar', mediatorUser.token)).status).toBe(403);
    expect((await slip(appointment.id, '?lang=<b>')).status).toBe(400);
    await h.expectStatus(h.call('POST', `/v1/appointments/${appointment.id}/cancel`, { token: desk.token, body: {} }), 200);
    expect((await slip(appointment.id, '?lang=ar')).status).toBe(409);
  });

  it('is in the OpenAPI document', async () => {
    const spec = (await h.call('GET', '/openapi.json')).body;
    expect(spec.paths['/v1/appointments/{id}/slip']?.get?.parameters?.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['id', 'lang']));
  });

  it("is on the desk's appointment page and served to the signed-in desk under /app, its style allowed by the CSP", async () => {
    const token = 'test-session-slip-desk-0001';
    const now = h.clock.now();
    await h.repos.webSessions.createSession({ tokenHash: await sha256Hex(token), userId: desk.userId, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000 });
    const get = (path: string) => h.app.request(path, { headers: { cookie: `__Host-session=${token}` } });
    const page = await (await get(`/app/appointments/${appointment.id}`)).text();
    expect(page).toContain(`action="/app/appointments/${appointment.id}/slip"`);
    expect(page).toContain('Stampa il foglio per l’utente');
    expect(page).toMatch(/<option value="ar" selected="">/);
    const res = await get(`/app/appointments/${appointment.id}/slip?lang=ur`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<section lang="ur" dir="rtl">');
    const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
  });
});
