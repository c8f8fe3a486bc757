import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

/** Beneficiaries stay pseudonymous: direct identifiers are refused in `beneficiaryRef`, names in notes are flagged. */
let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const request = { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health' };

describe('beneficiaryRef on a request', () => {
  it.each([
    ['a fiscal code', 'RSSMRA85T10A562S', /fiscal code/],
    ['a fiscal code with omocodia', 'RSSMRA85T10A56NS', /fiscal code/],
    ['an e-mail address', 'fatima@example.it', /e-mail/],
    ['a phone number', '3331234567', /phone number/],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_, ref, message) => {
    const desk = await h.make.desk();
    const res = await h.call('POST', '/v1/appointments', { token: desk.token, body: { ...request, beneficiaryRef: ref } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual([{ path: 'beneficiaryRef', message: expect.stringMatching(message) }]);
    const list = await h.expectStatus(h.call('GET', '/v1/appointments', { token: desk.token }), 200);
    expect(list.items).toEqual([]);
  });

  it('accepts a pseudonymous case reference', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { beneficiaryRef: 'CASE-2026-0412' });
    expect(a.beneficiaryRef).toBe('CASE-2026-0412');
  });
});

describe('beneficiaryRef on an exclusion', () => {
  it('refuses a fiscal code and accepts a case reference', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const path = `/v1/services/${desk.service.id}/exclusions`;
    const refused = await h.call('POST', path, { token: desk.token, body: { mediatorId: m.id, beneficiaryRef: 'rssmra85t10a562s', reason: 'family tie' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ path: 'beneficiaryRef', message: expect.stringMatching(/fiscal code/) });
    await h.expectStatus(h.call('POST', path, { token: desk.token, body: { mediatorId: m.id, beneficiaryRef: 'CASE-7', reason: 'family tie' } }), 201);
  });
});

describe('notes that seem to name a person', () => {
  it('are stored, with a warning in the create answer', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { notes: 'Accompagna la signora Fatima El Amrani' });
    expect(a.notes).toBe('Accompagna la signora Fatima El Amrani');
    expect(a.warnings).toEqual([{ path: 'notes', code: 'possible_name', message: expect.stringMatching(/name a person/) }]);
  });

  it('give no warning when they name nobody', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { notes: 'Via Roma 12, secondo piano' });
    expect(a.warnings).toEqual([]);
  });

  it('are flagged on PATCH too, a phone number among them', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token);
    const patched = await h.expectStatus(h.call('PATCH', `/v1/appointments/${a.id}`, { token: desk.token, body: { notes: 'richiamare al 333 123 4567' } }), 200);
    expect(patched.warnings.map((w: { code: string }) => w.code)).toEqual(['possible_identifier']);
  });
});
