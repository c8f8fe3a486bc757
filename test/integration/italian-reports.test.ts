/**
 * Reports an Italian office can open: periods in calendar days (both ends included) or a month,
 * CSV in the dialect Italian Excel reads by double-click, one line per session, budgets in hours.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvTable, parseCsv } from '../support/csv-table.js';
import { type ApiResponse, COORDINATOR_TOKEN, type Harness, type Json, makeHarness } from '../support/harness.js';

let h: Harness;
let desk: { service: Json; token: string };
let mediator: Json;
let monday: Json;
let lastDay: Json;

const sign = (token: string, id: string, checkIn: string, checkOut: string) =>
  h.expectStatus(h.call('POST', `/v1/appointments/${id}/attendance`, { token, body: { outcome: 'completed', checkIn, checkOut } }), 200);

beforeEach(async () => {
  h = await makeHarness();
  desk = await h.make.desk({ name: 'ASL Città di Torino – Consultorio' });
  mediator = await h.make.mediator({ name: 'Amina Benali' });
  const mediatorToken = (await h.make.mediatorUser(mediator.id)).token;
  await h.expectStatus(h.call('POST', `/v1/services/${desk.service.id}/budgets`, { body: { from: '2026-03-01', to: '2026-04-01', minutes: 600 } }), 201);
  monday = await h.make.appointment(desk.token); // Monday 23 March, 10:00–11:00
  lastDay = await h.make.appointment(desk.token, { start: '2026-03-31T17:00:00+02:00' }); // Tuesday 31 March, 17:00–18:00
  expect([monday.status, lastDay.status]).toEqual(['booked', 'booked']);
  h.clock.set('2026-04-01T09:00:00Z');
  for (const token of [desk.token, mediatorToken]) {
    await sign(token, monday.id, '2026-03-23T10:00:00+01:00', '2026-03-23T11:20:00+01:00'); // 80 min, billed 90
    await sign(token, lastDay.id, '2026-03-31T17:00:00+02:00', '2026-03-31T17:40:00+02:00'); // 40 min, billed 60
  }
});
afterEach(() => h.close());

const get = (path: string, token = COORDINATOR_TOKEN) => h.call('GET', path, { token });
const sessionsOf = async (query: string) => (await h.expectStatus(get(`/v1/reports/timesheets?${query}`), 200)).rows.map((r: Json) => r.sessions);
const fieldsOf = (r: ApiResponse) => (r.body.errors as Array<{ path: string }>).map((e) => e.path);

describe('the period: calendar days, both ends included, or a month', () => {
  it('includes the day named by to, and from = to is one day', async () => {
    expect(await sessionsOf('from=2026-03-23&to=2026-03-31')).toEqual([2]);
    expect(await sessionsOf('from=2026-03-31&to=2026-03-31')).toEqual([1]);
    expect(await sessionsOf('from=2026-03-24&to=2026-03-30')).toEqual([]);
  });

  it('takes month=2026-03 for the whole of March, on every report', async () => {
    expect(await sessionsOf('month=2026-03')).toEqual([2]);
    const coverage = await h.expectStatus(get('/v1/reports/coverage?month=2026-03&groupBy=language'), 200);
    expect(coverage.rows).toEqual([expect.objectContaining({ language: 'ar', requested: 2, filled: 2 })]);
  });

  it('still takes ISO instants, the end excluded, as the contract has always allowed', async () => {
    expect(await sessionsOf('from=2026-03-01T00:00:00%2B01:00&to=2026-03-31T17:00:00%2B02:00')).toEqual([1]);
  });

  it('answers 400 problem+json naming the field for a malformed or mixed period', async () => {
    for (const [query, field] of [
      ['month=2026-03&from=2026-03-01', 'query.month'],
      ['month=2026-03&to=2026-03-31', 'query.month'],
      ['month=2026-13', 'query.month'],
      ['month=March', 'query.month'],
      ['to=2026-03-31', 'query.from'],
      ['from=2026-03-01', 'query.to'],
    ]) {
      for (const path of ['/v1/reports/timesheets', '/v1/reports/coverage.csv']) {
        const r = await get(`${path}?${query}`);
        expect(r.status, `${path}?${query}`).toBe(400);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(fieldsOf(r), `${path}?${query}`).toEqual([field]);
      }
    }
  });
});

describe('CSV in the dialect Italian Excel opens by double-click', () => {
  it('timesheets: BOM, ";", Italian headers, decimal comma, whole minutes, the period in the file name', async () => {
    const res = await h.app.request('/v1/reports/timesheets.csv?month=2026-03', { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ore-mediatori_2026-03-01_2026-03-31.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a UTF-8 BOM, so Excel reads the accents
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFID mediatore;Mediatore;Sessioni chiuse;Minuti effettivi;Minuti fatturabili;Ore fatturabili;')).toBe(true);
    const { records } = csvTable(text);
    expect(records).toEqual([
      expect.objectContaining({ 'ID mediatore': mediator.id, Mediatore: 'Amina Benali', 'Sessioni chiuse': '2', 'Minuti effettivi': '120', 'Minuti fatturabili': '150', 'Ore fatturabili': '2,5' }),
    ]);
    const byService = await get('/v1/reports/timesheets.csv?from=2026-03-01&to=2026-03-31&by=service');
    expect(byService.headers.get('content-disposition')).toBe('attachment; filename="ore-servizi_2026-03-01_2026-03-31.csv"');
    expect(csvTable(byService.text).records[0]).toMatchObject({ Servizio: 'ASL Città di Torino – Consultorio', 'Minuti fatturabili': '150' });
  });

  it('English headers with ?lang=en (the JSON field names), in the same dialect', async () => {
    const r = await get('/v1/reports/timesheets.csv?month=2026-03&lang=en');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="timesheets-mediators_2026-03-01_2026-03-31.csv"');
    expect(csvTable(r.text).records[0]).toMatchObject({ mediatorId: mediator.id, mediatorName: 'Amina Benali', billableMinutes: '150', billableHours: '2,5' });
  });

  it('coverage: rates as percentages to one decimal, reasons in their own columns, no JSON in any cell', async () => {
    h.clock.set('2026-03-20T08:00:00Z');
    await h.make.appointment(desk.token, { language: 'ti', start: '2026-03-30T10:00:00+02:00' }); // nobody speaks Tigrinya: a gap
    h.clock.set('2026-04-01T09:00:00Z');
    const r = await get('/v1/reports/coverage.csv?from=2026-03-01&to=2026-03-31&groupBy=language');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="copertura_2026-03-01_2026-03-31.csv"');
    const { header, records } = csvTable(r.text);
    expect(header.slice(0, 4)).toEqual(['Lingua', 'Richieste', 'Coperte', 'Scoperte']);
    expect(records.find((x) => x.Lingua === 'ar')).toMatchObject({ Richieste: '2', 'Copertura %': '100,0' });
    expect(records.find((x) => x.Lingua === 'ti')).toMatchObject({ Richieste: '1', 'Copertura %': '0,0', 'Scoperte: nessun mediatore parla la lingua': '1' });
    expect(parseCsv(r.text).flat().filter((cell) => /[{}[\]]/.test(cell))).toEqual([]);
  });
});

describe('timesheets with one line per session', () => {
  it('list each session with its date, service, language, outcome and billed minutes beside the totals (JSON)', async () => {
    const report = await h.expectStatus(get('/v1/reports/timesheets?month=2026-03&detail=sessions'), 200);
    expect(report.rows).toEqual([expect.objectContaining({ mediatorId: mediator.id, billableMinutes: 150, billableHours: 2.5 })]);
    expect(report.sessions).toEqual([
      expect.objectContaining({ appointmentId: monday.id, start: '2026-03-23T10:00:00+01:00', serviceName: desk.service.name, language: 'ar', languageName: 'arabo', outcome: 'completed', billableMinutes: 90, actualMinutes: 80 }),
      expect.objectContaining({ appointmentId: lastDay.id, start: '2026-03-31T17:00:00+02:00', mediatorName: 'Amina Benali', outcome: 'completed', billableMinutes: 60 }),
    ]);
    expect((await h.expectStatus(get('/v1/reports/timesheets?month=2026-03'), 200)).sessions).toBeUndefined();
  });

  it('as CSV: one record per session, dates dd/mm/yyyy hh:mm in Rome, the outcome in words', async () => {
    const r = await get('/v1/reports/timesheets.csv?month=2026-03&detail=sessions');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="ore-sessioni_2026-03-01_2026-03-31.csv"');
    const { header, records } = csvTable(r.text);
    expect(header.slice(0, 6)).toEqual(['Data e ora', 'Servizio', 'Lingua', 'Mediatore', 'Esito', 'Minuti fatturati']);
    expect(records.map((x) => [x['Data e ora'], x.Lingua, x.Esito, x['Minuti fatturati']])).toEqual([
      ['23/03/2026 10:00', 'arabo', 'svolto', '90'],
      ['31/03/2026 17:00', 'arabo', 'svolto', '60'],
    ]);
  });

  it('shows a session still open with its state and no outcome, to the desk of its service', async () => {
    h.clock.set('2026-03-20T08:00:00Z');
    const open = await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00' });
    expect(open.status).toBe('booked');
    h.clock.set('2026-04-01T09:00:00Z');
    const r = await h.expectStatus(get(`/v1/reports/timesheets?month=2026-03&detail=sessions&by=service`, desk.token), 200);
    expect(r.sessions.find((l: Json) => l.appointmentId === open.id)).toMatchObject({ state: 'awaiting_close_out', outcome: null, billableMinutes: null, scheduledMinutes: 60 });
  });
});

describe('budgets in hours', () => {
  it('show hours beside minutes, in the timesheet and the budget list', async () => {
    const sheet = await h.expectStatus(get('/v1/reports/timesheets?month=2026-03&by=service', desk.token), 200);
    expect(sheet.budgets).toEqual([
      expect.objectContaining({ budgetMinutes: 600, usedMinutes: 150, remainingMinutes: 450, budgetHours: 10, usedHours: 2.5, remainingHours: 7.5 }),
    ]);
    const list = await h.expectStatus(get(`/v1/services/${desk.service.id}/budgets`, desk.token), 200);
    expect(list.items).toEqual([expect.objectContaining({ minutes: 600, hours: 10 })]);
  });
});
