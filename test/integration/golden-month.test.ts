/**
 * THE GOLDEN MONTH — March 2026 in a small Piedmont network, built through the public API as desks,
 * mediators and coordinators would (the clock moves forward as the month passes), then closed by a
 * coordinator on Thursday 2 April. Every figure of the open-session lists, the timesheets and the
 * coverage report is computed BY HAND here (short comments next to each expected number) and checked
 * exactly, in JSON and in CSV; then who may see which report.
 *
 * Calendar. March 2026 starts on a Sunday: Mondays 2 9 16 23 30 (5), Tuesdays 3 10 17 24 31 (5),
 * Wednesdays 4 11 18 25 (4), Thursdays 5 12 19 26 (4), Fridays 6 13 20 27 (4), Sundays 1 8 15 22 29 (5),
 * i.e. 22 weekdays. Clocks go forward on Sunday 29 March at 02:00 (+01:00 → +02:00). ISO weeks in the
 * period: W09 = Sun 1, W10 = 2–8, W11 = 9–15, W12 = 16–22, W13 = 23–29, W14 = 30–31.
 * Reports use from=2026-03-01&to=2026-03-31: local midnights in Europe/Rome, [from, to).
 *
 * Roster (weekly availability is wall-clock Europe/Rome):
 *   Amina     ar-MA native, fr C1   TO      in person/phone/video  Mon 09–13, Wed 14–18, Fri 09–13 (240' each)
 *             time off Mon 9 March 11:00–15:00 → that Monday loses 11–13 = 120'
 *   Youssef   ar native             NO, VB  in person/video        Tue 09–17, Thu 09–17 (480' each)
 *             time off 26 Feb 00:00 – 4 March 00:00 → Tue 3 March (480') lost
 *   Ioana     ro native, it C2      TO, NO  in person/phone        Mon–Fri 08:30–12:30 (240' each)
 *             time off Mon 16 – Sat 21 March 00:00 (entered by herself) → 5 weekdays lost
 *   Li Wei    zh native             TO      in person/phone/video  Wed 14–18 (240'), Sun 01:00–04:00 (night line:
 *             180', but 120' on Sunday 29 March when 02:00–03:00 does not exist)
 *             time off Sun 29 March 01:30 CET – 03:30 CEST (one real hour) → that night keeps 01:00–01:30 and
 *             03:30–04:00 = 60'
 *   =HYPERLINK("x")  ro C1          VB      in person              Fri 09–13 (240') — a name typed as a formula
 *   Nobody speaks Tigrinya (ti).
 *
 * Services (desks): TO1 "ASL Città di Torino – Consultorio" (TO, health; budget 600' for March),
 * TO2 "Comune di Torino – Sportello Stranieri" (TO, social), NOV "AOU Maggiore della Carità – Novara"
 * (NO, health), VCO "@ASL VCO – Verbania" (VB, health; budget 120' for March; a formula-like name).
 *
 * Requests (local times; requested on Mon 23 Feb 09:00 unless said; auto books at once):
 *   A1  TO1 ar-MA Mon  2 10:00  60' auto → Amina        completed, desk 10:02–11:09 (67'), mediator 10:00–11:10 → agreed
 *   A2  TO1 ar    Wed  4 15:00  60' auto → Amina        completed 15:00–15:40 (40') on both sheets
 *   A3  TO1 ar    Fri  6 10:00  90' auto → Amina        beneficiary no-show on both (the mediator notes 10:00–10:30)
 *   A4  TO1 ar    Mon 16 10:00  60' auto → Amina        cancelled Sun 15 18:00: 16 h notice → cancelled_late
 *   A5  TO1 ar    Fri 20 09:30  60' auto → Amina        cancelled Mon 16 12:00: ~4 days notice → free
 *   A6  TO1 ar    Mon 30 10:00+02:00 60' auto → Amina   (DST week; requested Wed 25 16:30) completed 10:00–11:00
 *   A7  TO2 ro    Mon  2 09:00  60' auto → Ioana        completed, desk 09:00–10:00 (60'), mediator 09:05–10:10
 *   A8  TO2 ro    Tue 10 10:00  60' manual, picked 30' after the request → Ioana   mediator no-show on both
 *   A9  TO2 ro    Wed 11 09:00  90' manual, picked 150' after → Ioana   DISPUTED (desk 09:00–10:30, mediator
 *                                  09:00–11:00), settled by the coordinator on 2 April: completed 09:00–10:45
 *   A10 TO2 ro    Thu 26 11:00  60' manual, picked 45' after → Ioana    no sheets → awaiting close-out
 *   A11 TO2 ro    Mon 23 10:00  60' manual, never picked               → expired_unassigned at month end
 *   A12 NOV ar    Tue 10 10:00  60' auto → Youssef      completed 10:00–11:30 (90') on both
 *   A13 NOV ar    Thu 12 14:00 120' auto → Youssef      DISPUTED (desk: beneficiary no-show; mediator: completed
 *                                  14:00–16:00) and still open at month end
 *   A14 NOV ro    Wed 18 10:00  60' auto → unfilled, no_candidate (Ioana on time off, the other ro speaker
 *                                  does not serve NO)
 *   A15 NOV ro    Thu  5 11:00  60' auto → Ioana        only the desk signs (11:00–12:15) → awaiting close-out, 1 sheet
 *   A16 VCO ti    Tue 17 10:00  60' auto → unfilled, no_speaker
 *   A17 VCO ar-MA Fri 13 10:00  60' auto + allowFallback → Amina by VIDEO (Youssef does not work Fridays;
 *                                  Amina's TO is 120' from VB > 90' → no neighbouring-area step)   completed 10:00–10:50
 *   A18 VCO ro    Fri 27 10:00  60' auto → =HYPERLINK   (requested Mon 23 12:00) completed 10:00–11:20 (80')
 *   A19 TO1 zh    Wed 25 15:00  60' auto → Li Wei       completed, desk 15:00–16:14 (74'), mediator 15:01–16:14
 *   A20 TO1 ar    Wed 8 April 15:00  60' auto → Amina   (requested 1 April) outside the period: in no March figure
 *
 * Billing policy (defaults): completed → actual rounded UP to 15', at least 60'; beneficiary no-show 60';
 * late cancellation 60'; mediator no-show 0'; agreed sheets bill the desk's times.
 *
 * The month is built once (beforeAll) and never changed by the tests below (they only read, or make
 * requests that are refused), so each test can run alone. The few moments that only exist mid-month
 * (the answers at creation, a report on 20 March, the open lists before the settlement) are kept in
 * `journal` by the builder and checked below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvTable } from '../support/csv-table.js';
import { COORDINATOR_TOKEN, type Harness, type Json, makeHarness } from '../support/harness.js';

const MARCH = 'from=2026-03-01&to=2026-03-31';
const MINUTE = 60_000;

/** A local Rome wall-clock time with its offset: +01:00 until the DST change on 29 March, +02:00 after. */
const rome = (day: string, hm: string) => `${day}T${hm}:00${day >= '2026-03-30' ? '+02:00' : '+01:00'}`;
const mar = (d: number, hm: string) => rome(`2026-03-${String(d).padStart(2, '0')}`, hm);

interface Desk {
  id: string;
  name: string;
  token: string;
}
interface Med {
  id: string;
  name: string;
  token: string;
}
type Key = `A${number}`;

interface GoldenMonth {
  h: Harness;
  desk: { TO1: Desk; TO2: Desk; NOV: Desk; VCO: Desk };
  med: { amina: Med; youssef: Med; ioana: Med; li: Med; formula: Med };
  apt: Record<Key, string>;
  journal: {
    /** The answer to each request when it was made (or, for manual ones, when the desk picked). */
    booked: Record<Key, Json>;
    /** The coverage report as seen on Friday 20 March at 12:00. */
    midMonth: Json;
    /** The open lists on 2 April before the coordinator settled A9, and the settlement's answer. */
    disputedBefore: Json;
    awaitingBefore: Json;
    settlement: Json;
  };
}

async function buildGoldenMonth(): Promise<GoldenMonth> {
  const h = await makeHarness({ now: '2026-02-23T08:00:00Z' }); // Monday 23 February, 09:00 in Rome
  const ok = h.expectStatus;

  // --- The network ---------------------------------------------------------------------------
  const deskOf = async (name: string, area: string, kind: string): Promise<Desk> => {
    const d = await h.make.desk({ name, area, kind });
    return { id: d.service.id, name: d.service.name, token: d.token };
  };
  const desk = {
    TO1: await deskOf('ASL Città di Torino – Consultorio', 'TO', 'health'),
    TO2: await deskOf('Comune di Torino – Sportello Stranieri', 'TO', 'social'),
    NOV: await deskOf('AOU Maggiore della Carità – Novara', 'NO', 'hospital'),
    VCO: await deskOf('@ASL VCO – Verbania', 'VB', 'health'),
  };
  const mediatorOf = async (fields: Json): Promise<Med> => {
    const m = await h.make.mediator(fields);
    return { id: m.id, name: m.name, token: (await h.make.mediatorUser(m.id)).token };
  };
  const med = {
    amina: await mediatorOf({
      name: 'Amina B.',
      email: 'amina@example.it',
      languages: [{ code: 'ar-MA', level: 'native' }, { code: 'fr', level: 'C1' }],
      areas: ['TO'],
      modalities: ['in_person', 'phone', 'video'],
      sectors: ['health', 'social'],
      availability: [
        { weekday: 1, start: '09:00', end: '13:00' },
        { weekday: 3, start: '14:00', end: '18:00' },
        { weekday: 5, start: '09:00', end: '13:00' },
      ],
    }),
    youssef: await mediatorOf({
      name: 'Youssef K.',
      email: 'youssef@example.it',
      languages: [{ code: 'ar', level: 'native' }],
      areas: ['NO', 'VB'],
      modalities: ['in_person', 'video'],
      sectors: ['health'],
      availability: [
        { weekday: 2, start: '09:00', end: '17:00' },
        { weekday: 4, start: '09:00', end: '17:00' },
      ],
    }),
    ioana: await mediatorOf({
      name: 'Ioana P.',
      email: 'ioana@example.it',
      languages: [{ code: 'ro', level: 'native' }, { code: 'it', level: 'C2' }],
      areas: ['TO', 'NO'],
      modalities: ['in_person', 'phone'],
      sectors: ['social', 'health'],
      availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:30', end: '12:30' })),
    }),
    li: await mediatorOf({
      name: 'Li Wei',
      email: 'li.wei@example.it',
      languages: [{ code: 'zh', level: 'native' }],
      areas: ['TO'],
      modalities: ['in_person', 'phone', 'video'],
      sectors: ['health'],
      availability: [
        { weekday: 3, start: '14:00', end: '18:00' },
        { weekday: 7, start: '01:00', end: '04:00' },
      ],
    }),
    formula: await mediatorOf({
      name: '=HYPERLINK("x")',
      email: 'formula@example.it',
      languages: [{ code: 'ro', level: 'C1' }],
      areas: ['VB'],
      modalities: ['in_person'],
      sectors: ['health'],
      availability: [{ weekday: 5, start: '09:00', end: '13:00' }],
    }),
  };
  await ok(h.call('POST', `/v1/mediators/${med.amina.id}/time-off`, { body: { start: mar(9, '11:00'), end: mar(9, '15:00'), reason: 'Visita medica' } }), 201);
  await ok(h.call('POST', `/v1/mediators/${med.youssef.id}/time-off`, { body: { start: rome('2026-02-26', '00:00'), end: mar(4, '00:00') } }), 201);
  await ok(
    h.call('POST', `/v1/mediators/${med.ioana.id}/time-off`, { token: med.ioana.token, body: { start: mar(16, '00:00'), end: mar(21, '00:00'), reason: 'Ferie' } }),
    201,
  );
  await ok(h.call('POST', `/v1/mediators/${med.li.id}/time-off`, { token: med.li.token, body: { start: '2026-03-29T01:30:00+01:00', end: '2026-03-29T03:30:00+02:00' } }), 201);
  await ok(h.call('POST', `/v1/services/${desk.TO1.id}/budgets`, { body: { from: '2026-03-01', to: '2026-04-01', minutes: 600 } }), 201);
  await ok(h.call('POST', `/v1/services/${desk.VCO.id}/budgets`, { body: { from: '2026-03-01', to: '2026-04-01', minutes: 120 } }), 201);

  // --- Requests ------------------------------------------------------------------------------
  const apt = {} as Record<Key, string>;
  const booked = {} as Record<Key, Json>;
  const request = async (key: Key, d: Desk, body: Json) => {
    const a = await h.make.appointment(d.token, { durationMinutes: 60, ...body });
    apt[key] = a.id;
    booked[key] = a;
    return a;
  };
  const pick = async (key: Key, d: Desk, mediatorId: string) => {
    booked[key] = await ok(h.call('POST', `/v1/appointments/${apt[key]}/assign`, { token: d.token, body: { mediatorId } }), 200);
  };
  // Monday 23 February, 09:00
  await request('A1', desk.TO1, { language: 'ar-MA', start: mar(2, '10:00'), sector: 'health', beneficiaryRef: 'TO1-0007' });
  await request('A2', desk.TO1, { language: 'ar', start: mar(4, '15:00'), sector: 'health' });
  await request('A3', desk.TO1, { language: 'ar', start: mar(6, '10:00'), durationMinutes: 90, sector: 'health' });
  await request('A4', desk.TO1, { language: 'ar', start: mar(16, '10:00'), sector: 'health' });
  await request('A5', desk.TO1, { language: 'ar', start: mar(20, '09:30'), sector: 'health' });
  await request('A7', desk.TO2, { language: 'ro', start: mar(2, '09:00'), sector: 'social' });
  await request('A12', desk.NOV, { language: 'ar', start: mar(10, '10:00'), sector: 'health' });
  await request('A13', desk.NOV, { language: 'ar', start: mar(12, '14:00'), durationMinutes: 120, sector: 'health' });
  await request('A14', desk.NOV, { language: 'ro', start: mar(18, '10:00'), sector: 'health' });
  await request('A15', desk.NOV, { language: 'ro', start: mar(5, '11:00'), sector: 'health' });
  await request('A16', desk.VCO, { language: 'ti', start: mar(17, '10:00'), sector: 'health' });
  await request('A17', desk.VCO, { language: 'ar-MA', start: mar(13, '10:00'), sector: 'health', allowFallback: true });
  await request('A19', desk.TO1, { language: 'zh', start: mar(25, '15:00'), sector: 'health' });
  // Manual requests: the desk looks at the candidates and picks later (time to fill = pick − request).
  await request('A8', desk.TO2, { language: 'ro', start: mar(10, '10:00'), sector: 'social', assignment: 'manual' }); // 09:00
  h.clock.advance(30 * MINUTE); // 09:30
  await pick('A8', desk.TO2, med.ioana.id); // 30' after the request
  await request('A9', desk.TO2, { language: 'ro', start: mar(11, '09:00'), durationMinutes: 90, sector: 'social', assignment: 'manual' }); // 09:30
  h.clock.advance(150 * MINUTE); // 12:00
  await pick('A9', desk.TO2, med.ioana.id); // 150' after
  await request('A10', desk.TO2, { language: 'ro', start: mar(26, '11:00'), sector: 'social', assignment: 'manual' }); // 12:00
  h.clock.advance(45 * MINUTE); // 12:45
  await pick('A10', desk.TO2, med.ioana.id); // 45' after
  await request('A11', desk.TO2, { language: 'ro', start: mar(23, '10:00'), sector: 'social', assignment: 'manual' }); // never picked

  // --- The month passes ----------------------------------------------------------------------
  const sign = async (token: string, key: Key, body: Json, state: string) => {
    const r = await ok(h.call('POST', `/v1/appointments/${apt[key]}/attendance`, { token, body }), 200);
    if (r.state !== state) throw new Error(`${key}: expected attendance state ${state}, got ${r.state}`);
  };
  const completed = (checkIn: string, checkOut: string, extra: Json = {}) => ({ outcome: 'completed', checkIn, checkOut, ...extra });

  h.clock.set(mar(2, '12:00'));
  await sign(desk.TO1.token, 'A1', completed(mar(2, '10:02'), mar(2, '11:09'), { rating: 5 }), 'partial');
  await sign(med.amina.token, 'A1', completed(mar(2, '10:00'), mar(2, '11:10')), 'confirmed');
  await sign(desk.TO2.token, 'A7', completed(mar(2, '09:00'), mar(2, '10:00')), 'partial');
  await sign(med.ioana.token, 'A7', completed(mar(2, '09:05'), mar(2, '10:10')), 'confirmed');

  h.clock.set(mar(4, '17:00'));
  await sign(desk.TO1.token, 'A2', completed(mar(4, '15:00'), mar(4, '15:40')), 'partial');
  await sign(med.amina.token, 'A2', completed(mar(4, '15:00'), mar(4, '15:40')), 'confirmed');

  h.clock.set(mar(5, '13:00'));
  await sign(desk.NOV.token, 'A15', completed(mar(5, '11:00'), mar(5, '12:15')), 'partial'); // Ioana never signs

  h.clock.set(mar(6, '12:00'));
  await sign(desk.TO1.token, 'A3', { outcome: 'beneficiary_no_show' }, 'partial');
  await sign(med.amina.token, 'A3', { outcome: 'beneficiary_no_show', checkIn: mar(6, '10:00'), checkOut: mar(6, '10:30') }, 'confirmed');

  h.clock.set(mar(10, '12:00'));
  await sign(desk.TO2.token, 'A8', { outcome: 'mediator_no_show' }, 'partial');
  await sign(med.ioana.token, 'A8', { outcome: 'mediator_no_show', comment: 'Treno soppresso' }, 'confirmed');
  await sign(desk.NOV.token, 'A12', completed(mar(10, '10:00'), mar(10, '11:30')), 'partial');
  await sign(med.youssef.token, 'A12', completed(mar(10, '10:00'), mar(10, '11:30')), 'confirmed');

  h.clock.set(mar(11, '12:00'));
  await sign(desk.TO2.token, 'A9', completed(mar(11, '09:00'), mar(11, '10:30')), 'partial');
  await sign(med.ioana.token, 'A9', completed(mar(11, '09:00'), mar(11, '11:00')), 'disputed'); // check-outs 30' apart

  h.clock.set(mar(12, '17:00'));
  await sign(desk.NOV.token, 'A13', { outcome: 'beneficiary_no_show' }, 'partial');
  await sign(med.youssef.token, 'A13', completed(mar(12, '14:00'), mar(12, '16:00')), 'disputed');

  h.clock.set(mar(13, '12:00'));
  await sign(desk.VCO.token, 'A17', completed(mar(13, '10:00'), mar(13, '10:50')), 'partial');
  await sign(med.amina.token, 'A17', completed(mar(13, '10:00'), mar(13, '10:50')), 'confirmed');

  h.clock.set(mar(15, '18:00')); // 16 h before A4
  await ok(h.call('POST', `/v1/appointments/${apt.A4}/cancel`, { token: desk.TO1.token, body: { reason: 'Paziente ricoverato' } }), 200);
  h.clock.set(mar(16, '12:00')); // 3 days 21.5 h before A5
  await ok(h.call('POST', `/v1/appointments/${apt.A5}/cancel`, { token: desk.TO1.token, body: { reason: 'Appuntamento spostato' } }), 200);

  h.clock.set(mar(20, '12:00'));
  const midMonth = await ok(h.call('GET', `/v1/reports/coverage?${MARCH}&groupBy=language,area`), 200);

  h.clock.set(mar(23, '12:00'));
  await request('A18', desk.VCO, { language: 'ro', start: mar(27, '10:00'), sector: 'health' });

  h.clock.set(mar(25, '16:30'));
  await sign(desk.TO1.token, 'A19', completed(mar(25, '15:00'), mar(25, '16:14')), 'partial');
  await sign(med.li.token, 'A19', completed(mar(25, '15:01'), mar(25, '16:14')), 'confirmed');
  await request('A6', desk.TO1, { language: 'ar', start: mar(30, '10:00'), sector: 'health' });

  h.clock.set(mar(27, '12:00'));
  await sign(desk.VCO.token, 'A18', completed(mar(27, '10:00'), mar(27, '11:20')), 'partial');
  await sign(med.formula.token, 'A18', completed(mar(27, '10:00'), mar(27, '11:20')), 'confirmed');

  h.clock.set(mar(30, '12:00')); // +02:00 now
  await sign(desk.TO1.token, 'A6', completed(mar(30, '10:00'), mar(30, '11:00')), 'partial');
  await sign(med.amina.token, 'A6', completed(mar(30, '10:00'), mar(30, '11:00')), 'confirmed');

  h.clock.set(rome('2026-04-01', '09:00'));
  await request('A20', desk.TO1, { language: 'ar', start: rome('2026-04-08', '15:00'), sector: 'health' });

  // --- Thursday 2 April: the coordinator closes March ------------------------------------------
  h.clock.set(rome('2026-04-02', '09:00'));
  const disputedBefore = await ok(h.call('GET', '/v1/attendance?state=disputed'), 200);
  const awaitingBefore = await ok(h.call('GET', '/v1/attendance?state=awaiting_close_out'), 200);
  const settlement = await ok(
    h.call('POST', `/v1/appointments/${apt.A9}/attendance/settle`, {
      body: { outcome: 'completed', checkIn: mar(11, '09:00'), checkOut: mar(11, '10:45'), note: 'Registro dello sportello: uscita 10:45' },
    }),
    200,
  );

  return { h, desk, med, apt, journal: { booked, midMonth, disputedBefore, awaitingBefore, settlement } };
}

// --- Expected-figure helpers ------------------------------------------------------------------

const COVERAGE_FIGURES = [
  'requested',
  'filled',
  'unfilled',
  'pending',
  'cancelled',
  'unfilledReasons',
  'fillRate',
  'medianMinutesToFill',
  'p90MinutesToFill',
  'fallbackSteps',
  'retroactive',
  'demandMinutes',
  'bookedMinutes',
  'unmetMinutes',
  'supplyMinutes',
  'utilisation',
  'mediators',
] as const;
const figuresOf = (r: Json): Json => Object.fromEntries(COVERAGE_FIGURES.map((k) => [k, r[k]]));
const coverageRowOf = (r: Json): Json => ({ key: r.key, ...figuresOf(r) });

/** A full expected coverage row: every figure not given is 0 (counts, minutes), null (rates) or {} (reasons). */
function cov(key: Json, f: Json & { fallback?: Json }): Json {
  const { fallback, ...figures } = f;
  return {
    key,
    requested: 0,
    filled: 0,
    unfilled: 0,
    pending: 0,
    cancelled: 0,
    unfilledReasons: {},
    fillRate: null,
    medianMinutesToFill: null,
    p90MinutesToFill: null,
    fallbackSteps: { neighbouring_area: 0, video: 0, phone: 0, ...fallback },
    retroactive: 0,
    demandMinutes: 0,
    bookedMinutes: 0,
    unmetMinutes: 0,
    supplyMinutes: 0,
    utilisation: null,
    mediators: 0,
    ...figures,
  };
}

const OUTCOME_NAMES = ['completed', 'beneficiary_no_show', 'mediator_no_show', 'cancelled_late'] as const;
const perOutcome = (given: Json = {}): Json => ({ completed: 0, beneficiary_no_show: 0, mediator_no_show: 0, cancelled_late: 0, ...given });
const TIMESHEET_FIGURES = [
  'name',
  'sessions',
  'minutesByOutcome',
  'billableMinutesByOutcome',
  'actualMinutes',
  'billableMinutes',
  'disputed',
  'awaitingCloseOut',
  'openScheduledMinutes',
] as const;
const sheetRowOf = (r: Json): Json => ({
  ...(r.mediatorId !== undefined ? { mediatorId: r.mediatorId } : { serviceId: r.serviceId }),
  ...Object.fromEntries(TIMESHEET_FIGURES.map((k) => [k, r[k]])),
});

/** A full expected timesheet row; figures not given are 0. */
function sheet(id: { mediatorId: string } | { serviceId: string }, name: string, f: Json & { minutes?: Json; billable?: Json }): Json {
  const { minutes, billable, ...figures } = f;
  return {
    ...id,
    name,
    sessions: 0,
    minutesByOutcome: perOutcome(minutes),
    billableMinutesByOutcome: perOutcome(billable),
    actualMinutes: 0,
    billableMinutes: 0,
    disputed: 0,
    awaitingCloseOut: 0,
    openScheduledMinutes: 0,
    ...figures,
  };
}

/** Timesheet rows come sorted by id (ids are opaque, so the expected rows are sorted the same way). */
const byRowId = (rows: Json[]): Json[] => [...rows].sort((a, b) => ((a.mediatorId ?? a.serviceId) < (b.mediatorId ?? b.serviceId) ? -1 : 1));

/**
 * The text a CSV cell must hold for a JSON value (written independently of src/domain/csv.ts), in
 * the Italian Excel dialect: counts and minutes whole, hours to one decimal, rates as percentages
 * to one decimal, a decimal comma; text defused against formulas.
 */
type CellKind = 'text' | 'whole' | 'hours' | 'percent';
function cellOf(value: unknown, kind: CellKind = 'text'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (kind === 'whole') return String(Math.round(value));
    const shown = kind === 'percent' ? value * 100 : value;
    if (kind === 'hours' || kind === 'percent') return (Math.round(shown * 10) / 10).toFixed(1).replace('.', ',');
    return String(value).replace('.', ',');
  }
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const UNFILLED_REASON_COLUMNS = ['no_speaker', 'no_candidate', 'all_taken', 'mediator_unavailable', 'expired_unassigned', 'unspecified', 'other'].map((r) => `unfilled_${r}`);

const COVERAGE_CSV_FIGURES = [
  'requested',
  'filled',
  'unfilled',
  'pending',
  'cancelled',
  'fillRatePercent',
  'medianMinutesToFill',
  'p90MinutesToFill',
  'fallbackNeighbouringArea',
  'fallbackVideo',
  'fallbackPhone',
  'retroactive',
  'demandMinutes',
  'bookedMinutes',
  'unmetMinutes',
  'supplyMinutes',
  'utilisationPercent',
  'mediators',
  ...UNFILLED_REASON_COLUMNS,
];
const TIMESHEET_CSV_FIGURES = [
  'sessions',
  'actualMinutes',
  'billableMinutes',
  'billableHours',
  'minutes_completed',
  'billable_completed',
  'minutes_beneficiary_no_show',
  'billable_beneficiary_no_show',
  'minutes_mediator_no_show',
  'billable_mediator_no_show',
  'minutes_cancelled_late',
  'billable_cancelled_late',
  'disputed',
  'awaitingCloseOut',
  'openScheduledMinutes',
];

/** The expected cell of a coverage CSV column (English headers), from the JSON row. */
function coverageCell(row: Json, column: string): string {
  if (column === 'language' || column === 'area' || column === 'week') return cellOf(row.key[column]);
  if (column === 'fallbackNeighbouringArea') return cellOf(row.fallbackSteps.neighbouring_area, 'whole');
  if (column === 'fallbackVideo') return cellOf(row.fallbackSteps.video, 'whole');
  if (column === 'fallbackPhone') return cellOf(row.fallbackSteps.phone, 'whole');
  if (column === 'fillRatePercent') return cellOf(row.fillRate, 'percent');
  if (column === 'utilisationPercent') return cellOf(row.utilisation, 'percent');
  if (column.startsWith('unfilled_')) return cellOf(row.unfilledReasons[column.slice('unfilled_'.length)] ?? 0, 'whole');
  return cellOf(row[column], 'whole');
}

/** The expected cell of a timesheet CSV column (English headers), from the JSON row. */
function timesheetCell(row: Json, column: string): string {
  if (column === 'mediatorName' || column === 'serviceName') return cellOf(row.name);
  if (column === 'mediatorId' || column === 'serviceId') return cellOf(row[column]);
  if (column === 'billableHours') return cellOf(row.billableMinutes / 60, 'hours');
  for (const o of OUTCOME_NAMES) {
    if (column === `minutes_${o}`) return cellOf(row.minutesByOutcome[o], 'whole');
    if (column === `billable_${o}`) return cellOf(row.billableMinutesByOutcome[o], 'whole');
  }
  return cellOf(row[column], 'whole');
}

// --- The month, checked -------------------------------------------------------------------------

describe('golden month: March 2026 closed by a coordinator', () => {
  let g: GoldenMonth;
  let h: Harness;
  beforeAll(async () => {
    g = await buildGoldenMonth();
    h = g.h;
  });
  afterAll(() => g?.h.close());

  const get = (path: string, token: string | null = COORDINATOR_TOKEN, headers: Record<string, string> = {}) => h.call('GET', path, { token, headers });
  const json = async (path: string, token: string | null = COORDINATOR_TOKEN) => h.expectStatus(get(path, token), 200);

  it('books the month as the matching rules say (assignments, fallback, unfilled reasons, time to fill)', () => {
    const { booked: b } = g.journal;
    const { amina, youssef, ioana, li, formula } = g.med;
    const who = (k: Key) => [b[k]?.status, b[k]?.mediatorId];
    expect(who('A1')).toEqual(['booked', amina.id]); // ar-MA in TO: Amina is the only ar speaker serving TO
    for (const k of ['A2', 'A3', 'A4', 'A5', 'A6', 'A20'] as Key[]) expect(who(k)).toEqual(['booked', amina.id]);
    for (const k of ['A7', 'A8', 'A9', 'A10', 'A15'] as Key[]) expect(who(k)).toEqual(['booked', ioana.id]);
    expect(who('A12')).toEqual(['booked', youssef.id]);
    expect(who('A13')).toEqual(['booked', youssef.id]);
    expect(who('A18')).toEqual(['booked', formula.id]);
    expect(who('A19')).toEqual(['booked', li.id]);
    // A17: nobody in person in VB on a Friday; the neighbouring-area step has nobody within 90'; video has Amina.
    expect(b.A17).toMatchObject({ status: 'booked', mediatorId: amina.id, fallbackStep: 'video', modality: 'video' });
    expect(b.A16).toMatchObject({ status: 'unfilled', mediatorId: null, unfilledReason: { code: 'no_speaker' } });
    // A14: two ro speakers, neither fits (Ioana on time off, =HYPERLINK does not serve NO).
    expect(b.A14).toMatchObject({ status: 'unfilled', unfilledReason: { code: 'no_candidate', rules: { time_off: 1, area: 1 } } });
    expect(b.A11).toMatchObject({ status: 'open', mediatorId: null });
    // Time to fill = bookedAt − createdAt: 0 for auto, the desk's delay for the manual picks.
    const fillMinutes = (k: Key) => (Date.parse(b[k]?.bookedAt) - Date.parse(b[k]?.createdAt)) / MINUTE;
    expect([fillMinutes('A1'), fillMinutes('A17'), fillMinutes('A8'), fillMinutes('A9'), fillMinutes('A10')]).toEqual([0, 0, 30, 150, 45]);
  });

  it('settles each session as the billing policy says', async () => {
    const settled = async (k: Key) => (await json(`/v1/appointments/${g.apt[k]}/attendance`)) as Json;
    const expectSettled = async (k: Key, state: string, s: Json | null) => {
      const a = await settled(k);
      expect(a.state, k).toBe(state);
      if (s === null) expect(a.settlement, k).toBeNull();
      else expect(a.settlement, k).toMatchObject(s);
    };
    await expectSettled('A1', 'confirmed', { outcome: 'completed', actualMinutes: 67, billableMinutes: 75, source: 'agreed' }); // desk's 10:02–11:09 = 67' → 75'
    await expectSettled('A2', 'confirmed', { outcome: 'completed', actualMinutes: 40, billableMinutes: 60 }); // 40' → minimum 60'
    await expectSettled('A3', 'confirmed', { outcome: 'beneficiary_no_show', actualMinutes: 0, billableMinutes: 60 }); // mediator's times not compared
    await expectSettled('A4', 'settled', { outcome: 'cancelled_late', actualMinutes: 0, billableMinutes: 60, source: 'late_cancellation' });
    await expectSettled('A5', 'awaiting', null); // cancelled with ~4 days' notice: nothing to bill
    await expectSettled('A6', 'confirmed', { outcome: 'completed', actualMinutes: 60, billableMinutes: 60 }); // 10:00–11:00 CEST
    await expectSettled('A7', 'confirmed', { outcome: 'completed', actualMinutes: 60, billableMinutes: 60 }); // desk 09:00–10:00; mediator 5' and 10' off
    await expectSettled('A8', 'confirmed', { outcome: 'mediator_no_show', actualMinutes: 0, billableMinutes: 0 });
    await expectSettled('A9', 'settled', { outcome: 'completed', actualMinutes: 105, billableMinutes: 105, source: 'coordinator' }); // 09:00–10:45
    await expectSettled('A10', 'awaiting', null);
    await expectSettled('A12', 'confirmed', { outcome: 'completed', actualMinutes: 90, billableMinutes: 90 });
    await expectSettled('A13', 'disputed', null);
    await expectSettled('A15', 'partial', null);
    await expectSettled('A17', 'confirmed', { outcome: 'completed', actualMinutes: 50, billableMinutes: 60 }); // 50' → 60'
    await expectSettled('A18', 'confirmed', { outcome: 'completed', actualMinutes: 80, billableMinutes: 90 }); // 80' → 90'
    await expectSettled('A19', 'confirmed', { outcome: 'completed', actualMinutes: 74, billableMinutes: 75 }); // 74' → 75'
  });

  it('lists the disputed and awaiting sessions, and the settled dispute leaves the list', async () => {
    const { apt, desk, med, journal } = g;
    const item = (k: Key, serviceId: string, mediatorId: string, state: string, sheets: number) => ({ appointmentId: apt[k], serviceId, mediatorId, state, sheets });
    const A9 = item('A9', desk.TO2.id, med.ioana.id, 'disputed', 2);
    const A13 = item('A13', desk.NOV.id, med.youssef.id, 'disputed', 2);
    const A15 = item('A15', desk.NOV.id, med.ioana.id, 'awaiting_close_out', 1); // only the desk signed
    const A10 = item('A10', desk.TO2.id, med.ioana.id, 'awaiting_close_out', 0); // nobody signed
    const slim = (list: Json) => list.items.map(({ appointmentId, serviceId, mediatorId, state, sheets }: Json) => ({ appointmentId, serviceId, mediatorId, state, sheets }));
    // By start: A9 Wed 11 < A13 Thu 12; A15 Thu 5 < A10 Thu 26. A11 (never booked), A5 (cancelled) and
    // A20 (not ended) are not sessions to close.
    expect(slim(journal.disputedBefore)).toEqual([A9, A13]);
    expect(slim(journal.awaitingBefore)).toEqual([A15, A10]);
    expect(journal.disputedBefore.items[0]).toMatchObject({ start: '2026-03-11T09:00:00+01:00', end: '2026-03-11T10:30:00+01:00' }); // Rome time
    expect(journal.settlement).toMatchObject({
      state: 'settled',
      settlement: { outcome: 'completed', actualMinutes: 105, billableMinutes: 105, source: 'coordinator', note: 'Registro dello sportello: uscita 10:45' },
    });
    // After the settlement: only A13 is still disputed; the awaiting list is unchanged.
    expect(slim(await json('/v1/attendance?state=disputed'))).toEqual([A13]);
    expect(slim(await json('/v1/attendance?state=awaiting_close_out'))).toEqual([A15, A10]);
    expect(slim(await json('/v1/attendance'))).toEqual([A15, A13, A10]); // both states, by start
    // Filtered by start (local dates): 10–20 March holds only A13.
    expect(slim(await json('/v1/attendance?from=2026-03-10&to=2026-03-20'))).toEqual([A13]);
    // Paged one at a time, with and without the state filter.
    const pages = async (query: string) => {
      const seen: Json[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 5; n++) {
        const page: Json = await json(`/v1/attendance?limit=1${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...slim(page));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    expect(await pages('&state=awaiting_close_out')).toEqual([A15, A10]);
    expect(await pages('')).toEqual([A15, A13, A10]);
  });

  describe('timesheets for March', () => {
    it('per mediator: minutes by outcome, billable minutes, open sessions', async () => {
      const { amina, youssef, ioana, li, formula } = g.med;
      const report = await json(`/v1/reports/timesheets?${MARCH}`);
      expect(report.by).toBe('mediator');
      expect(report.rows.map(sheetRowOf)).toEqual(
        byRowId([
          // Amina: A1 67'/75', A2 40'/60', A6 60'/60', A17 50'/60' completed; A3 beneficiary no-show 0'/60';
          // A4 late cancellation 0'/60'. A5 (cancelled in time) and A20 (April) are not here.
          sheet({ mediatorId: amina.id }, 'Amina B.', {
            sessions: 6,
            minutes: { completed: 217 }, // 67 + 40 + 60 + 50
            billable: { completed: 255, beneficiary_no_show: 60, cancelled_late: 60 }, // 75 + 60 + 60 + 60
            actualMinutes: 217,
            billableMinutes: 375, // 255 + 60 + 60
          }),
          // Youssef: A12 90'/90'; A13 disputed, 120' scheduled.
          sheet({ mediatorId: youssef.id }, 'Youssef K.', {
            sessions: 1,
            minutes: { completed: 90 },
            billable: { completed: 90 },
            actualMinutes: 90,
            billableMinutes: 90,
            disputed: 1,
            openScheduledMinutes: 120,
          }),
          // Ioana: A7 60'/60', A9 (coordinator) 105'/105' completed; A8 mediator no-show 0'/0';
          // A10 (no sheet) and A15 (one sheet) awaiting, 60' + 60' scheduled.
          sheet({ mediatorId: ioana.id }, 'Ioana P.', {
            sessions: 3,
            minutes: { completed: 165 }, // 60 + 105
            billable: { completed: 165 },
            actualMinutes: 165,
            billableMinutes: 165,
            awaitingCloseOut: 2,
            openScheduledMinutes: 120,
          }),
          sheet({ mediatorId: li.id }, 'Li Wei', { sessions: 1, minutes: { completed: 74 }, billable: { completed: 75 }, actualMinutes: 74, billableMinutes: 75 }), // A19
          sheet({ mediatorId: formula.id }, '=HYPERLINK("x")', { sessions: 1, minutes: { completed: 80 }, billable: { completed: 90 }, actualMinutes: 80, billableMinutes: 90 }), // A18
        ]),
      );
      // Billable in total: 375 + 90 + 165 + 75 + 90 = 795; actual 217 + 90 + 165 + 74 + 80 = 626.
      expect(report.rows.reduce((s: number, r: Json) => s + r.billableMinutes, 0)).toBe(795);
      expect(report.rows.reduce((s: number, r: Json) => s + r.actualMinutes, 0)).toBe(626);
    });

    it('per service, with the hours used against each budget', async () => {
      const { TO1, TO2, NOV, VCO } = g.desk;
      const report = await json(`/v1/reports/timesheets?${MARCH}&by=service`);
      expect(report.by).toBe('service');
      expect(report.rows.map(sheetRowOf)).toEqual(
        byRowId([
          // TO1: A1 67/75, A2 40/60, A6 60/60, A19 74/75 completed; A3 no-show 0/60; A4 late cancellation 0/60.
          sheet({ serviceId: TO1.id }, TO1.name, {
            sessions: 6,
            minutes: { completed: 241 }, // 67 + 40 + 60 + 74
            billable: { completed: 270, beneficiary_no_show: 60, cancelled_late: 60 }, // 75 + 60 + 60 + 75
            actualMinutes: 241,
            billableMinutes: 390, // 270 + 60 + 60
          }),
          // TO2: A7 60/60, A9 105/105, A8 mediator no-show 0/0; A10 awaiting (60'). A11 was never booked.
          sheet({ serviceId: TO2.id }, TO2.name, {
            sessions: 3,
            minutes: { completed: 165 },
            billable: { completed: 165 },
            actualMinutes: 165,
            billableMinutes: 165,
            awaitingCloseOut: 1,
            openScheduledMinutes: 60,
          }),
          // NOV: A12 90/90; A13 disputed (120'); A15 awaiting (60'). A14 was unfilled.
          sheet({ serviceId: NOV.id }, NOV.name, {
            sessions: 1,
            minutes: { completed: 90 },
            billable: { completed: 90 },
            actualMinutes: 90,
            billableMinutes: 90,
            disputed: 1,
            awaitingCloseOut: 1,
            openScheduledMinutes: 180, // 120 + 60
          }),
          // VCO: A17 50/60 (video), A18 80/90. A16 was unfilled.
          sheet({ serviceId: VCO.id }, VCO.name, {
            sessions: 2,
            minutes: { completed: 130 }, // 50 + 80
            billable: { completed: 150 }, // 60 + 90
            actualMinutes: 130,
            billableMinutes: 150,
          }),
        ]),
      );
      const budget = (serviceId: string) => report.budgets.find((b: Json) => b.serviceId === serviceId);
      expect(report.budgets).toHaveLength(2);
      // TO1: 600' budget, 390' billable used → 210' left, 390 / 600 = 0.65.
      expect(budget(TO1.id)).toMatchObject({ budgetMinutes: 600, usedMinutes: 390, remainingMinutes: 210, usedShare: 0.65, from: '2026-03-01T00:00:00+01:00', to: '2026-04-01T00:00:00+02:00' });
      // VCO: 120' budget, 150' used → overspent by 30', 150 / 120 = 1.25.
      expect(budget(VCO.id)).toMatchObject({ budgetMinutes: 120, usedMinutes: 150, remainingMinutes: -30, usedShare: 1.25 });
    });
  });

  describe('coverage for March', () => {
    // Supply of each mediator in March (availability minus time off; see the roster above):
    //   Amina   Mon 5×240 + Wed 4×240 + Fri 4×240 = 3120 − 120 (Mon 9, 11–13 off)           = 3000
    //   Youssef Tue 5×480 + Thu 4×480 = 4320 − 480 (Tue 3 off)                               = 3840
    //   Ioana   22 weekdays × 240 = 5280 − 5×240 (16–20 March off)                           = 4080
    //   Li Wei  Wed 4×240 = 960 + Sun 4×180 + 29 March: 01:00 CET → 04:00 CEST = 2 h = 120,
    //           less 01:30 CET → 03:30 CEST off (1 h) = 60                                    = 1740
    //   =HYPERLINK("x")  Fri 4×240                                                           =  960
    //   all active mediators: 3000 + 3840 + 4080 + 1740 + 960                                = 13620
    const SUPPLY = { amina: 3000, youssef: 3840, ioana: 4080, li: 1740, formula: 960 };

    const EXPECTED_BY_LANGUAGE_AREA = [
      // ar/NO: A12 (60') and A13 (120'), both booked at once.
      cov({ language: 'ar', area: 'NO' }, {
        requested: 2, filled: 2, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0,
        demandMinutes: 180, bookedMinutes: 180, // 60 + 120
        supplyMinutes: SUPPLY.youssef, utilisation: 180 / 3840, mediators: 1,
      }),
      // ar/TO: A1 (ar-MA counts as ar), A2, A3 (90'), A6 booked at once; A4 and A5 cancelled (not requested).
      cov({ language: 'ar', area: 'TO' }, {
        requested: 4, filled: 4, cancelled: 2, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0,
        demandMinutes: 270, bookedMinutes: 270, // 60 + 60 + 90 + 60
        supplyMinutes: SUPPLY.amina, utilisation: 270 / 3000, mediators: 1,
      }),
      // ar/VB: A17 filled by video (a fallback step); Youssef serves VB (his Friday is simply free).
      cov({ language: 'ar', area: 'VB' }, {
        requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, fallback: { video: 1 },
        demandMinutes: 60, bookedMinutes: 60, supplyMinutes: SUPPLY.youssef, utilisation: 60 / 3840, mediators: 1,
      }),
      // ro/NO: A15 booked at once; A14 unfilled (no_candidate).
      cov({ language: 'ro', area: 'NO' }, {
        requested: 2, filled: 1, unfilled: 1, unfilledReasons: { no_candidate: 1 }, fillRate: 0.5, // 1 / (1 + 1)
        medianMinutesToFill: 0, p90MinutesToFill: 0,
        demandMinutes: 120, bookedMinutes: 60, unmetMinutes: 60,
        supplyMinutes: SUPPLY.ioana, utilisation: 60 / 4080, mediators: 1,
      }),
      // ro/TO: A7 (auto, 0'), A8 (30'), A9 (150', 90' long), A10 (45') filled; A11 open past its start.
      // Fill times sorted [0, 30, 45, 150]: median = position ⌈4 × 0.5⌉ = 2 → 30; p90 = position ⌈3.6⌉ = 4 → 150.
      cov({ language: 'ro', area: 'TO' }, {
        requested: 5, filled: 4, unfilled: 1, unfilledReasons: { expired_unassigned: 1 }, fillRate: 0.8, // 4 / 5
        medianMinutesToFill: 30, p90MinutesToFill: 150,
        demandMinutes: 330, bookedMinutes: 270, unmetMinutes: 60, // 60+60+90+60+60; 330 − 60
        supplyMinutes: SUPPLY.ioana, utilisation: 270 / 4080, mediators: 1,
      }),
      // ro/VB: A18 → =HYPERLINK("x").
      cov({ language: 'ro', area: 'VB' }, {
        requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0,
        demandMinutes: 60, bookedMinutes: 60, supplyMinutes: SUPPLY.formula, utilisation: 60 / 960, mediators: 1,
      }),
      // ti/VB: A16, nobody speaks Tigrinya: no supply at all.
      cov({ language: 'ti', area: 'VB' }, {
        requested: 1, unfilled: 1, unfilledReasons: { no_speaker: 1 }, fillRate: 0,
        demandMinutes: 60, unmetMinutes: 60, supplyMinutes: 0, utilisation: null, mediators: 0,
      }),
      // zh/TO: A19 → Li Wei.
      cov({ language: 'zh', area: 'TO' }, {
        requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0,
        demandMinutes: 60, bookedMinutes: 60, supplyMinutes: SUPPLY.li, utilisation: 60 / 1740, mediators: 1,
      }),
    ];

    // Totals: 17 requested (2+4+1+2+5+1+1+1), 14 filled, 3 unfilled, 2 cancelled (A4, A5).
    // Fill times: eleven 0s, 30, 45, 150 → median = position ⌈14 × 0.5⌉ = 7 → 0; p90 = position ⌈12.6⌉ = 13 → 45.
    const EXPECTED_TOTALS = (() => {
      const { key: _, ...figures } = cov({}, {
        requested: 17, filled: 14, unfilled: 3, cancelled: 2,
        unfilledReasons: { expired_unassigned: 1, no_candidate: 1, no_speaker: 1 },
        fillRate: 14 / 17, medianMinutesToFill: 0, p90MinutesToFill: 45, fallback: { video: 1 },
        demandMinutes: 1140, // 180 + 270 + 60 + 120 + 330 + 60 + 60 + 60
        bookedMinutes: 960, // 180 + 270 + 60 + 60 + 270 + 60 + 0 + 60
        unmetMinutes: 180, // A14 + A11 + A16
        supplyMinutes: 13620, utilisation: 960 / 13620, mediators: 5,
      });
      return figures;
    })();

    it('by language and area: demand, fills, gaps, supply, utilisation and zero-supply pairs', async () => {
      const report = await json(`/v1/reports/coverage?${MARCH}&groupBy=language,area`);
      expect(report.groupBy).toEqual(['language', 'area']);
      expect(report.rows.map(coverageRowOf)).toEqual(EXPECTED_BY_LANGUAGE_AREA);
      for (const r of report.rows) expect([r.language, r.area]).toEqual([r.key.language, r.key.area]); // the contract's top-level names
      expect(figuresOf(report.totals)).toEqual(EXPECTED_TOTALS);
      // Only ti/VB has requests and no active mediator who speaks the language and serves the area.
      expect(report.zeroSupply).toEqual([{ language: 'ti', area: 'VB', requested: 1, demandMinutes: 60 }]);
      expect(Object.keys(report.definitions)).toEqual(expect.arrayContaining(['requested', 'supplyMinutes', 'medianMinutesToFill', 'zeroSupply']));
    });

    it('by language, area and ISO week (the DST change is in W13, the DST-week request in W14)', async () => {
      const report = await json(`/v1/reports/coverage?${MARCH}&groupBy=language,area,week`);
      expect(report.groupBy).toEqual(['language', 'area', 'week']);
      const k = (language: string, area: string, week: string) => ({ language, area, week: `2026-W${week}` });
      expect(report.rows.map(coverageRowOf)).toEqual([
        // A12 Tue 10, A13 Thu 12. Youssef in W11: Tue 10 + Thu 12 = 960.
        cov(k('ar', 'NO', '11'), { requested: 2, filled: 2, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 180, bookedMinutes: 180, supplyMinutes: 960, utilisation: 180 / 960, mediators: 1 }),
        // A1 Mon 2, A2 Wed 4, A3 Fri 6 (90'). Amina in W10: Mon 2 + Wed 4 + Fri 6 = 720.
        cov(k('ar', 'TO', '10'), { requested: 3, filled: 3, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 210, bookedMinutes: 210, supplyMinutes: 720, utilisation: 210 / 720, mediators: 1 }),
        // A4 Mon 16 and A5 Fri 20, both cancelled: a row with nothing requested. Amina in W12: 3 × 240 = 720.
        cov(k('ar', 'TO', '12'), { cancelled: 2, supplyMinutes: 720, utilisation: 0, mediators: 1 }),
        // A6 Mon 30 (+02:00). Amina in W14 (Mon 30, Tue 31): Mon 30 09–13 wall clock = 240.
        cov(k('ar', 'TO', '14'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 240, utilisation: 60 / 240, mediators: 1 }),
        // A17 Fri 13 by video. Youssef in W11: 960.
        cov(k('ar', 'VB', '11'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, fallback: { video: 1 }, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 960, utilisation: 60 / 960, mediators: 1 }),
        // A15 Thu 5. Ioana in W10: 5 × 240 = 1200.
        cov(k('ro', 'NO', '10'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 1200, utilisation: 60 / 1200, mediators: 1 }),
        // A14 Wed 18, unfilled. Ioana is off all of W12: no supply, no mediator.
        cov(k('ro', 'NO', '12'), { requested: 1, unfilled: 1, unfilledReasons: { no_candidate: 1 }, fillRate: 0, demandMinutes: 60, unmetMinutes: 60, supplyMinutes: 0, mediators: 0 }),
        // A7 Mon 2 (0'). Ioana in W10: 1200.
        cov(k('ro', 'TO', '10'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 1200, utilisation: 60 / 1200, mediators: 1 }),
        // A8 Tue 10 (30'), A9 Wed 11 (150', 90' long). Times [30, 150]: median position 1 → 30, p90 position ⌈1.8⌉ = 2 → 150.
        cov(k('ro', 'TO', '11'), { requested: 2, filled: 2, fillRate: 1, medianMinutesToFill: 30, p90MinutesToFill: 150, demandMinutes: 150, bookedMinutes: 150, supplyMinutes: 1200, utilisation: 150 / 1200, mediators: 1 }),
        // A10 Thu 26 (45'), A11 Mon 23 expired. Ioana in W13: 1200.
        cov(k('ro', 'TO', '13'), {
          requested: 2, filled: 1, unfilled: 1, unfilledReasons: { expired_unassigned: 1 }, fillRate: 0.5, medianMinutesToFill: 45, p90MinutesToFill: 45,
          demandMinutes: 120, bookedMinutes: 60, unmetMinutes: 60, supplyMinutes: 1200, utilisation: 60 / 1200, mediators: 1,
        }),
        // A18 Fri 27. =HYPERLINK("x") in W13: Fri 27 = 240.
        cov(k('ro', 'VB', '13'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 240, utilisation: 60 / 240, mediators: 1 }),
        // A16 Tue 17.
        cov(k('ti', 'VB', '12'), { requested: 1, unfilled: 1, unfilledReasons: { no_speaker: 1 }, fillRate: 0, demandMinutes: 60, unmetMinutes: 60, supplyMinutes: 0, mediators: 0 }),
        // A19 Wed 25. Li Wei in W13: Wed 25 (240) + Sun 29 01:00–04:00 on the DST night (120) less 1 h off = 300.
        cov(k('zh', 'TO', '13'), { requested: 1, filled: 1, fillRate: 1, medianMinutesToFill: 0, p90MinutesToFill: 0, demandMinutes: 60, bookedMinutes: 60, supplyMinutes: 300, utilisation: 60 / 300, mediators: 1 }),
      ]);
      for (const r of report.rows) expect([r.language, r.area, r.week]).toEqual([r.key.language, r.key.area, r.key.week]);
      // The totals do not depend on the grouping.
      expect(figuresOf(report.totals)).toEqual(EXPECTED_TOTALS);
      expect(report.zeroSupply).toEqual([{ language: 'ti', area: 'VB', requested: 1, demandMinutes: 60 }]);
    });

    it('counted A11 as pending while it could still be filled (report of Friday 20 March)', () => {
      const mid = g.journal.midMonth;
      const roTo = mid.rows.find((r: Json) => r.language === 'ro' && r.area === 'TO');
      // On 20 March A11 (Mon 23) was still open in the future: pending, not unfilled, and out of the fill rate.
      expect(figuresOf(roTo)).toMatchObject({ requested: 5, filled: 4, unfilled: 0, pending: 1, unfilledReasons: {}, fillRate: 1, demandMinutes: 330, bookedMinutes: 270, unmetMinutes: 0 });
      expect(mid.totals.pending).toBe(1);
      // A6 and A18 did not exist yet: 15 requested then (17 − 2), 12 filled (14 − 2), 2 unfilled (A14, A16).
      expect([mid.totals.requested, mid.totals.filled, mid.totals.unfilled, mid.totals.cancelled]).toEqual([15, 12, 2, 2]);
    });
  });

  describe('CSV', () => {
    const COVERAGE_HEADER = (groupBy: string[]) => [...groupBy, ...COVERAGE_CSV_FIGURES];
    const TIMESHEET_HEADER = (by: 'mediator' | 'service') => [`${by}Id`, `${by}Name`, ...TIMESHEET_CSV_FIGURES];

    /** The three ways to ask for CSV (English headers) answer the same bytes, saved under the period's name; returns the text. */
    async function csvThreeWays(route: string, baseQuery: string): Promise<string> {
      const query = `${baseQuery}&lang=en`;
      const file = route === 'coverage' ? 'coverage' : query.includes('by=service') ? 'timesheets-services' : 'timesheets-mediators';
      const viaAccept = await get(`/v1/reports/${route}?${query}`, COORDINATOR_TOKEN, { accept: 'text/csv' });
      const viaFormat = await get(`/v1/reports/${route}?${query}&format=csv`);
      const viaPath = await get(`/v1/reports/${route}.csv?${query}`);
      for (const r of [viaAccept, viaFormat, viaPath]) {
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toContain('text/csv');
        expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${file}_2026-03-01_2026-03-31.csv"`);
      }
      expect(viaFormat.text).toBe(viaAccept.text);
      expect(viaPath.text).toBe(viaAccept.text);
      return viaAccept.text;
    }

    it('starts with a UTF-8 byte-order mark (checked on the raw bytes) and keeps accents', async () => {
      for (const path of [`/v1/reports/coverage.csv?${MARCH}`, `/v1/reports/timesheets.csv?${MARCH}&by=service`]) {
        const res = await h.app.request(path, { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } });
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      }
      const text = await csvThreeWays('timesheets', `${MARCH}&by=service`);
      expect(text).toContain('ASL Città di Torino – Consultorio');
    });

    for (const groupBy of [['language', 'area'], ['language', 'area', 'week']]) {
      it(`coverage (${groupBy.join(',')}): stable header, and every cell equals the JSON figure`, async () => {
        const query = `${MARCH}&groupBy=${groupBy.join(',')}`;
        const report = await json(`/v1/reports/coverage?${query}`);
        const { header, records } = csvTable(await csvThreeWays('coverage', query));
        expect(header).toEqual(COVERAGE_HEADER(groupBy));
        expect(records).toHaveLength(report.rows.length);
        report.rows.forEach((row: Json, i: number) => {
          const expected = Object.fromEntries(header.map((column) => [column, coverageCell(row, column)]));
          expect(records[i]).toEqual(expected);
        });
        // Spot checks of the encoding: a rate, an empty (null) cell, a reason in its own column (no JSON).
        const ti = records.find((r) => r.language === 'ti');
        expect(ti).toMatchObject({ fillRatePercent: '0,0', utilisationPercent: '', medianMinutesToFill: '', supplyMinutes: '0', unfilled_no_speaker: '1', unfilled_all_taken: '0' });
      });
    }

    for (const by of ['mediator', 'service'] as const) {
      it(`timesheets (by ${by}): stable header, and every cell equals the JSON figure`, async () => {
        const query = `${MARCH}&by=${by}`;
        const report = await json(`/v1/reports/timesheets?${query}`);
        const { header, records } = csvTable(await csvThreeWays('timesheets', query));
        expect(header).toEqual(TIMESHEET_HEADER(by));
        expect(records).toHaveLength(report.rows.length);
        report.rows.forEach((row: Json, i: number) => {
          const expected = Object.fromEntries(header.map((column) => [column, timesheetCell(row, column)]));
          expect(records[i]).toEqual(expected);
        });
      });
    }

    it('neutralises names that a spreadsheet would run as formulas (mediator "=…", service "@…")', async () => {
      const byMediator = await csvThreeWays('timesheets', MARCH);
      const formula = csvTable(byMediator).records.find((r) => r.mediatorId === g.med.formula.id);
      expect(formula).toMatchObject({ mediatorName: `'=HYPERLINK("x")`, sessions: '1', actualMinutes: '80', billableMinutes: '90' });
      // On the wire: quote-prefixed, then RFC 4180-quoted because of the inner quotes.
      expect(byMediator).toContain(`${g.med.formula.id};"'=HYPERLINK(""x"")";1;80;90;1,5;`);
      const byService = csvTable(await csvThreeWays('timesheets', `${MARCH}&by=service`));
      expect(byService.records.find((r) => r.serviceId === g.desk.VCO.id)?.serviceName).toBe("'@ASL VCO – Verbania");
      // JSON keeps the names as they are.
      const json1 = await json(`/v1/reports/timesheets?${MARCH}&mediatorId=${g.med.formula.id}`);
      expect(json1.rows.map((r: Json) => r.name)).toEqual(['=HYPERLINK("x")']);
    });
  });

  describe('who sees what', () => {
    const REPORT_PATHS = [
      `/v1/reports/coverage?${MARCH}`,
      `/v1/reports/coverage.csv?${MARCH}`,
      `/v1/reports/timesheets?${MARCH}`,
      `/v1/reports/timesheets.csv?${MARCH}`,
      '/v1/attendance',
    ];

    it('answers 401 without a token on every report route', async () => {
      for (const path of REPORT_PATHS) expect((await get(path, null)).status, path).toBe(401);
      expect((await get(`/v1/reports/coverage?${MARCH}`, 'not-a-real-token-000000')).status).toBe(401);
    });

    it('gives the coverage report (JSON and CSV) to coordinators only: 403 for desks and mediators', async () => {
      for (const path of [`/v1/reports/coverage?${MARCH}`, `/v1/reports/coverage.csv?${MARCH}`, `/v1/reports/coverage?${MARCH}&format=csv`]) {
        expect((await get(path)).status, path).toBe(200);
        expect((await get(path, g.desk.TO1.token)).status, path).toBe(403);
        expect((await get(path, g.med.amina.token)).status, path).toBe(403);
      }
    });

    it("shows a desk only its own service's timesheets and budget; another service is 404", async () => {
      const { TO1, NOV } = g.desk;
      const { amina, li } = g.med;
      // TO1 by mediator: Amina's TO1 sessions only (A1 67/75, A2 40/60, A6 60/60 completed, A3 no-show 60,
      // A4 late 60 — not A17, which was VCO's) and Li Wei's A19.
      const expectedRows = byRowId([
        sheet({ mediatorId: amina.id }, 'Amina B.', {
          sessions: 5,
          minutes: { completed: 167 }, // 67 + 40 + 60
          billable: { completed: 195, beneficiary_no_show: 60, cancelled_late: 60 }, // 75 + 60 + 60
          actualMinutes: 167,
          billableMinutes: 315, // 195 + 60 + 60
        }),
        sheet({ mediatorId: li.id }, 'Li Wei', { sessions: 1, minutes: { completed: 74 }, billable: { completed: 75 }, actualMinutes: 74, billableMinutes: 75 }),
      ]);
      const own = await json(`/v1/reports/timesheets?${MARCH}`, TO1.token);
      expect(own.rows.map(sheetRowOf)).toEqual(expectedRows);
      expect(own.budgets.map((b: Json) => [b.serviceId, b.budgetMinutes, b.usedMinutes, b.remainingMinutes])).toEqual([[TO1.id, 600, 390, 210]]);
      const explicit = await json(`/v1/reports/timesheets?${MARCH}&serviceId=${TO1.id}`, TO1.token);
      expect(explicit.rows.map(sheetRowOf)).toEqual(expectedRows);
      const byService = await json(`/v1/reports/timesheets?${MARCH}&by=service`, TO1.token);
      expect(byService.rows.map((r: Json) => [r.serviceId, r.sessions, r.billableMinutes])).toEqual([[TO1.id, 6, 390]]);
      // CSV: the same two rows.
      const csvRes = await get(`/v1/reports/timesheets.csv?${MARCH}&lang=en`, TO1.token);
      expect(csvRes.status).toBe(200);
      const csv = csvTable(csvRes.text);
      expect(csv.records.map((r) => [r.mediatorId, r.sessions, r.billableMinutes])).toEqual(expectedRows.map((r) => [r.mediatorId, String(r.sessions), String(r.billableMinutes)]));
      // Another service's id is not even confirmed to exist.
      for (const path of [`/v1/reports/timesheets?${MARCH}&serviceId=${NOV.id}`, `/v1/reports/timesheets.csv?${MARCH}&serviceId=${NOV.id}`]) {
        expect((await get(path, TO1.token)).status, path).toBe(404);
      }
    });

    it('shows a mediator only their own timesheet row; another mediator is 404', async () => {
      const { ioana, amina } = g.med;
      const ioanaRow = sheet({ mediatorId: ioana.id }, 'Ioana P.', {
        sessions: 3, minutes: { completed: 165 }, billable: { completed: 165 }, actualMinutes: 165, billableMinutes: 165, awaitingCloseOut: 2, openScheduledMinutes: 120,
      });
      const own = await json(`/v1/reports/timesheets?${MARCH}`, ioana.token);
      expect(own.rows.map(sheetRowOf)).toEqual([ioanaRow]);
      expect(own.budgets).toEqual([]); // budgets are the services' business
      expect((await json(`/v1/reports/timesheets?${MARCH}&mediatorId=${ioana.id}`, ioana.token)).rows.map(sheetRowOf)).toEqual([ioanaRow]);
      // By service, still only her sessions: TO2 (A7, A8, A9; A10 awaiting) and NOV (A15 awaiting).
      const byService = await json(`/v1/reports/timesheets?${MARCH}&by=service`, ioana.token);
      expect(byService.rows.map(sheetRowOf)).toEqual(
        byRowId([
          sheet({ serviceId: g.desk.TO2.id }, g.desk.TO2.name, { sessions: 3, minutes: { completed: 165 }, billable: { completed: 165 }, actualMinutes: 165, billableMinutes: 165, awaitingCloseOut: 1, openScheduledMinutes: 60 }),
          sheet({ serviceId: g.desk.NOV.id }, g.desk.NOV.name, { awaitingCloseOut: 1, openScheduledMinutes: 60 }),
        ]),
      );
      const csv = csvTable((await get(`/v1/reports/timesheets.csv?${MARCH}&lang=en`, ioana.token)).text);
      expect(csv.records.map((r) => r.mediatorId)).toEqual([ioana.id]);
      for (const path of [`/v1/reports/timesheets?${MARCH}&mediatorId=${amina.id}`, `/v1/reports/timesheets.csv?${MARCH}&mediatorId=${amina.id}`]) {
        expect((await get(path, ioana.token)).status, path).toBe(404);
      }
    });

    it('scopes the open-session list: a desk sees its service, a mediator their own sessions', async () => {
      const ids = async (token: string, query = '') => (await json(`/v1/attendance${query}`, token)).items.map((i: Json) => i.appointmentId);
      const { apt, desk, med } = g;
      expect(await ids(COORDINATOR_TOKEN)).toEqual([apt.A15, apt.A13, apt.A10]);
      expect(await ids(desk.NOV.token)).toEqual([apt.A15, apt.A13]);
      expect(await ids(desk.NOV.token, '?state=disputed')).toEqual([apt.A13]);
      expect(await ids(desk.TO2.token)).toEqual([apt.A10]);
      expect(await ids(desk.TO1.token)).toEqual([]);
      expect(await ids(desk.VCO.token)).toEqual([]);
      expect(await ids(med.ioana.token)).toEqual([apt.A15, apt.A10]);
      expect(await ids(med.youssef.token, '?state=disputed')).toEqual([apt.A13]);
      expect(await ids(med.amina.token)).toEqual([]);
    });

    it('refuses a sheet before the start (409 not_started) and from anyone not party to the session (404)', async () => {
      const { apt, desk, med } = g;
      // A20 starts on 8 April; it is 2 April.
      for (const token of [desk.TO1.token, med.amina.token]) {
        const early = await h.call('POST', `/v1/appointments/${apt.A20}/attendance`, {
          token,
          body: { outcome: 'completed', checkIn: rome('2026-04-08', '15:00'), checkOut: rome('2026-04-08', '16:00') },
        });
        expect(early.status).toBe(409);
        expect(early.body.code).toBe('not_started');
      }
      // A4 was cancelled (late): there is no sheet to sign, its settlement is the cancellation.
      const cancelled = await h.call('POST', `/v1/appointments/${apt.A4}/attendance`, { token: desk.TO1.token, body: { outcome: 'completed', checkIn: mar(16, '10:00'), checkOut: mar(16, '11:00') } });
      expect([cancelled.status, cancelled.body.code]).toEqual([409, 'appointment_cancelled']);
      // A10 is TO2's, with Ioana: another desk and another mediator get 404, for signing and for reading.
      const sheet10 = { outcome: 'completed', checkIn: mar(26, '11:00'), checkOut: mar(26, '12:00') };
      for (const token of [desk.TO1.token, desk.NOV.token, med.amina.token, med.youssef.token]) {
        expect((await h.call('POST', `/v1/appointments/${apt.A10}/attendance`, { token, body: sheet10 })).status).toBe(404);
        expect((await get(`/v1/appointments/${apt.A10}/attendance`, token)).status).toBe(404);
      }
      // …and nothing was recorded by those attempts: A10 still has no sheet.
      expect(await json(`/v1/appointments/${apt.A10}/attendance`, desk.TO2.token)).toMatchObject({ state: 'awaiting', desk: null, mediator: null });
    });
  });
});
