import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { Target } from './target.js';

/** The coordinators' reports, on every runtime (the clock is fixed on Friday 20 March 2026, 09:00 Rome). */
export function reportScenarios(makeTarget: () => Promise<Target>): void {
  let h: Target;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  it('shows fills, gaps and zero-supply pairs in the coverage report, in JSON and CSV', async () => {
    const turin = await h.make.desk();
    const verbania = await h.make.desk({ area: 'VB' });
    await h.make.mediator({ availability: [{ weekday: 1, start: '09:00', end: '13:00' }] });
    const booked = await h.make.appointment(turin.token);
    const gap = await h.make.appointment(verbania.token, { language: 'ti' });
    expect([booked.status, gap.status]).toEqual(['booked', 'unfilled']);

    const report = await h.expectStatus(h.call('GET', '/v1/reports/coverage?from=2026-03-23&to=2026-03-29&groupBy=language,area'), 200);
    const row = (language: string, area: string) => report.rows.find((r: Json) => r.language === language && r.area === area);
    expect(row('ar', 'TO')).toMatchObject({ requested: 1, filled: 1, unfilled: 0, fillRate: 1, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 240 });
    expect(row('ti', 'VB')).toMatchObject({ requested: 1, filled: 0, unfilled: 1, fillRate: 0, unmetMinutes: 60, unfilledReasons: { no_speaker: 1 } });
    expect(report.zeroSupply).toEqual([expect.objectContaining({ language: 'ti', area: 'VB', requested: 1 })]);

    const csv = await h.call('GET', '/v1/reports/coverage?from=2026-03-23&to=2026-03-29&groupBy=language,area', { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = csv.text.trim().split('\r\n');
    expect(header?.split(';').slice(0, 4)).toEqual(['Lingua', 'Area', 'Richieste', 'Coperte']);
    expect(lines).toHaveLength(2);
  });

  it('reads the period as calendar days (both included) or a month, and names it in an Italian CSV', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    expect((await h.make.appointment(desk.token)).status).toBe('booked'); // Monday 23 March, 10:00
    const oneDay = await h.call('GET', '/v1/reports/coverage.csv?from=2026-03-23&to=2026-03-23&groupBy=language');
    expect(oneDay.headers.get('content-disposition')).toBe('attachment; filename="copertura_2026-03-23_2026-03-23.csv"');
    const [header, line] = oneDay.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(';').slice(0, 7)).toEqual(['Lingua', 'Richieste', 'Coperte', 'Scoperte', 'In attesa', 'Annullate', 'Copertura %']);
    expect(line?.split(';').slice(0, 7)).toEqual(['ar', '1', '1', '0', '0', '0', '100,0']);
    const month = await h.expectStatus(h.call('GET', '/v1/reports/coverage?month=2026-03&groupBy=language'), 200);
    expect(month.rows).toEqual([expect.objectContaining({ language: 'ar', requested: 1 })]);
    const mixed = await h.call('GET', '/v1/reports/coverage?month=2026-03&to=2026-03-31');
    expect([mixed.status, mixed.body.errors?.[0]?.path]).toEqual([400, 'query.month']);
  });

  it('refuses reports to the wrong roles and bad periods', async () => {
    const desk = await h.make.desk();
    expect((await h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-03-31', { token: desk.token })).status).toBe(403);
    const bad = await h.call('GET', '/v1/reports/coverage?from=2026-04-01&to=2026-03-01');
    expect(bad.status).toBe(422);
    const unknown = await h.call('GET', '/v1/reports/coverage?from=2026-03-01&to=2026-03-31&groupBy=language,colour');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('query.groupBy');
  });

  // The clock cannot move here, so the billed case (past the grace period) lives in attendance.test.ts.
  it('does not bill a cancellation made right after booking, even with under 24 h notice, and says so', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator({ availability: [{ weekday: 5, start: '08:00', end: '20:00' }] });
    const a = await h.make.appointment(desk.token, { start: '2026-03-20T18:00:00+01:00' });
    expect(a.mediatorId).toBe(m.id);
    const dry = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel?dryRun=true`, { token: desk.token }), 200);
    expect(dry).toMatchObject({ status: 'booked', charge: { applies: false, reason: 'grace_period', billableMinutes: 0 } });
    const done = await h.expectStatus(h.call('POST', `/v1/appointments/${a.id}/cancel`, { token: desk.token, body: { reason: 'beneficiary unwell' } }), 200);
    expect(done).toMatchObject({ status: 'cancelled', charge: dry.charge });
    const sheet = await h.expectStatus(h.call('GET', '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31'), 200);
    expect(sheet.rows.filter((r: { sessions: number }) => r.sessions > 0)).toEqual([]);
  });
}
