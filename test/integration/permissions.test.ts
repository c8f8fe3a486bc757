/**
 * The permission matrix: every route × every kind of caller × own/foreign object.
 *
 * The world every cell runs in (built once; each test runs in a transaction that is rolled back
 * afterwards, with the clock back at TEST_NOW, so every test starts from exactly this world):
 * - service A with its desk, service B with its desk;
 * - mediator 1 (speaks ar) and mediator 2 (speaks fa), each with a login;
 * - appointment A (service A, booked with mediator 1) and appointment B (service B, mediator 2),
 *   Monday 23 March 2026 10:00–11:00 Rome;
 * - an exclusion on each service, a time-off entry for each mediator;
 * - the booking e-mails, failed (the mail server was down), and the offer e-mails, pending;
 * - an offered request on each service (Tuesday 10:00): offer A to mediator 1, offer B to mediator 2;
 * - an hours budget on each service, a calendar feed for each mediator and each service.
 *
 * "Own" objects are always the A side: the desk of service A, mediator 1. The rules:
 * - no token, an unknown token or a revoked token → 401;
 * - a role the route is not for → 403;
 * - someone else's object (service B's desk on service A, mediator 2 on mediator 1) → 404,
 *   and never a byte of the other party's data;
 * - otherwise 2xx, and lists show only what the caller may see.
 * Every refusal is application/problem+json with a stable `code`, and a refused write changes nothing.
 *
 * Adding a route is one entry in ROUTES.
 *
 * Also here: the calendar subscription feeds and the signed accept/decline links of offer e-mails,
 * which authenticate with a secret in the URL instead of a bearer token.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiResponse, COORDINATOR_TOKEN, type Harness, type Json, makeHarness, NO_GUESSING_LIMIT, TEST_NOW } from '../support/harness.js';
import {
  type Actor,
  ACTORS,
  AFTER_A,
  ALL_MARKS,
  type AuthenticatedActor,
  buildWorld,
  databaseSnapshot,
  expectNoneOf,
  MARK,
  NEVER_SEES,
  UNAUTHENTICATED,
  type World,
  withNewApp,
} from '../support/permission-world.js';

const ids = (r: ApiResponse): string[] => (r.body.items as Json[]).map((i) => i.id as string).sort();
const sorted = (...xs: string[]) => [...xs].sort();
/** iCalendar folds long lines (CRLF + space); unfolded, a planted string cannot hide across a fold. */
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

type Expectations = Record<AuthenticatedActor, number>;

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as documented, for test names. */
  route: string;
  path: (w: World) => string;
  body?: (w: World, actor: AuthenticatedActor) => unknown;
  expect: Expectations;
  /** Extra checks on an allowed answer (lists: the items are the caller's only). */
  check?: (r: ApiResponse, w: World, actor: AuthenticatedActor) => void;
  /** The instant the request is made at (default TEST_NOW). */
  at?: string;
  /** The Content-Type of an allowed answer with a body (default JSON). */
  type?: RegExp;
  /** Planted strings this route may show a caller after all (the service's name in its own mediator's invite). */
  mayShow?: Partial<Record<AuthenticatedActor, string[]>>;
}

/** Any role. */
const everyone = (ok: number): Expectations => ({ coordinator: ok, deskOwn: ok, deskOther: ok, mediatorOwn: ok, mediatorOther: ok });
/** Coordinators only; everybody else has the wrong role. */
const coordinatorOnly = (ok: number): Expectations => ({ coordinator: ok, deskOwn: 403, deskOther: 403, mediatorOwn: 403, mediatorOther: 403 });
/** Coordinator and the desk of the service; another desk gets 404; mediators have the wrong role. */
const serviceDesk = (ok: number): Expectations => ({ coordinator: ok, deskOwn: ok, deskOther: 404, mediatorOwn: 403, mediatorOther: 403 });
/** Coordinator and the mediator themself; another mediator gets 404; desks have the wrong role. */
const mediatorSelf = (ok: number): Expectations => ({ coordinator: ok, deskOwn: 403, deskOther: 403, mediatorOwn: ok, mediatorOther: 404 });

const serviceA = (w: World) => `/v1/services/${w.serviceA.id}`;
const mediator1 = (w: World) => `/v1/mediators/${w.mediator1.id}`;
const appointmentA = (w: World) => `/v1/appointments/${w.appointmentA.id}`;

const NEW_AREA = { code: 'ZZ', name: 'Zona di prova', travelMinutes: { TO: 60, CN: 60, AL: 60, AT: 60, NO: 60, VC: 60, BI: 60, VB: 60 } };
const NEW_SERVICE = { name: 'Sportello nuovo', kind: 'social', area: 'CN', address: 'Piazza Galimberti 1, Cuneo', contactEmail: 'nuovo@example.it' };
const NEW_MEDIATOR = { name: 'Nuova Mediatrice', email: 'nuova@example.it', languages: [{ code: 'uk', level: 'C1' }], areas: ['TO'], modalities: ['phone'] };
const NEW_APPOINTMENT = { language: 'ar', start: '2026-03-24T10:00:00+01:00', durationMinutes: 60, sector: 'health', assignment: 'manual' };

const ROUTES: RouteCase[] = [
  // areas
  { method: 'GET', route: '/v1/areas', path: () => '/v1/areas', expect: everyone(200), check: (r) => expect(r.body.items.map((a: Json) => a.code)).toContain('TO') },
  { method: 'POST', route: '/v1/areas', path: () => '/v1/areas', body: () => NEW_AREA, expect: coordinatorOnly(201) },
  // languages
  { method: 'GET', route: '/v1/languages', path: () => '/v1/languages', expect: everyone(200), check: (r) => expect(r.body.items.map((l: Json) => l.code)).toContain('ise') },

  // services
  {
    method: 'GET',
    route: '/v1/services',
    path: () => '/v1/services',
    expect: { coordinator: 200, deskOwn: 200, deskOther: 200, mediatorOwn: 403, mediatorOther: 403 },
    check: (r, w, actor) =>
      expect(ids(r)).toEqual(
        actor === 'coordinator' ? sorted(w.serviceA.id, w.serviceB.id) : actor === 'deskOwn' ? [w.serviceA.id] : [w.serviceB.id],
      ),
  },
  { method: 'POST', route: '/v1/services', path: () => '/v1/services', body: () => NEW_SERVICE, expect: coordinatorOnly(201) },
  {
    method: 'GET',
    route: '/v1/services/{id}',
    path: serviceA,
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.id).toBe(w.serviceA.id),
  },
  { method: 'PATCH', route: '/v1/services/{id}', path: serviceA, body: () => ({ address: 'Via Nuova 2, Torino' }), expect: coordinatorOnly(200) },

  // exclusions
  {
    method: 'GET',
    route: '/v1/services/{id}/exclusions',
    path: (w) => `${serviceA(w)}/exclusions`,
    expect: serviceDesk(200),
    check: (r, w) => expect(ids(r)).toEqual([w.exclusionA.id]),
  },
  {
    method: 'POST',
    route: '/v1/services/{id}/exclusions',
    path: (w) => `${serviceA(w)}/exclusions`,
    body: (w) => ({ mediatorId: w.mediator1.id, beneficiaryRef: 'CASE-77', reason: 'past complaint' }),
    expect: serviceDesk(201),
    check: (r, w) => expect(r.body.serviceId).toBe(w.serviceA.id),
  },
  {
    method: 'DELETE',
    route: '/v1/services/{id}/exclusions/{exclusionId}',
    path: (w) => `${serviceA(w)}/exclusions/${w.exclusionA.id}`,
    expect: serviceDesk(204),
  },

  // users & tokens
  { method: 'POST', route: '/v1/users', path: () => '/v1/users', body: () => ({ role: 'coordinator', name: 'Nuova coordinatrice' }), expect: coordinatorOnly(201) },
  {
    method: 'GET',
    route: '/v1/users',
    path: () => '/v1/users',
    expect: coordinatorOnly(200),
    check: (r, w) => expect(ids(r)).toEqual(expect.arrayContaining([w.userIds.deskOwn, w.userIds.mediatorOther, w.spareUserId])),
  },
  {
    method: 'GET',
    route: '/v1/me',
    path: () => '/v1/me',
    expect: everyone(200),
    check: (r, w, actor) => {
      expect(r.body.id).toBe(w.userIds[actor]);
      expect(r.body.role).toBe(actor.replace(/Own|Other/, ''));
    },
  },
  { method: 'DELETE', route: '/v1/users/{id}', path: (w) => `/v1/users/${w.spareUserId}`, expect: coordinatorOnly(204) },

  // mediators
  {
    method: 'GET',
    route: '/v1/mediators',
    path: () => '/v1/mediators',
    expect: { coordinator: 200, deskOwn: 403, deskOther: 403, mediatorOwn: 200, mediatorOther: 200 },
    check: (r, w, actor) =>
      expect(ids(r)).toEqual(
        actor === 'coordinator' ? sorted(w.mediator1.id, w.mediator2.id) : actor === 'mediatorOwn' ? [w.mediator1.id] : [w.mediator2.id],
      ),
  },
  { method: 'POST', route: '/v1/mediators', path: () => '/v1/mediators', body: () => NEW_MEDIATOR, expect: coordinatorOnly(201) },
  { method: 'GET', route: '/v1/mediators/{id}', path: mediator1, expect: mediatorSelf(200), check: (r, w) => expect(r.body.id).toBe(w.mediator1.id) },
  { method: 'PATCH', route: '/v1/mediators/{id}', path: mediator1, body: () => ({ phone: '+39 011 555 0101' }), expect: mediatorSelf(200) },

  // availability
  {
    method: 'GET',
    route: '/v1/mediators/{id}/availability',
    path: (w) => `${mediator1(w)}/availability`,
    expect: mediatorSelf(200),
    check: (r) => expect(r.body.rules.length).toBeGreaterThan(0),
  },
  {
    method: 'PUT',
    route: '/v1/mediators/{id}/availability',
    path: (w) => `${mediator1(w)}/availability`,
    body: () => ({ rules: [{ weekday: 2, start: '14:00', end: '18:00' }] }),
    expect: mediatorSelf(200),
  },

  // time off
  {
    method: 'GET',
    route: '/v1/mediators/{id}/time-off',
    path: (w) => `${mediator1(w)}/time-off`,
    expect: mediatorSelf(200),
    check: (r, w) => expect(ids(r)).toEqual([w.timeOff1.id]),
  },
  {
    method: 'POST',
    route: '/v1/mediators/{id}/time-off',
    path: (w) => `${mediator1(w)}/time-off`,
    body: () => ({ start: '2026-05-01T00:00:00+02:00', end: '2026-05-02T00:00:00+02:00', reason: 'holiday' }),
    expect: mediatorSelf(201),
    check: (r, w) => expect(r.body.mediatorId).toBe(w.mediator1.id),
  },
  {
    method: 'DELETE',
    route: '/v1/mediators/{id}/time-off/{timeOffId}',
    path: (w) => `${mediator1(w)}/time-off/${w.timeOff1.id}`,
    expect: mediatorSelf(204),
  },

  // appointments
  {
    method: 'POST',
    route: '/v1/appointments',
    path: () => '/v1/appointments',
    body: (w, actor) => (actor === 'coordinator' ? { ...NEW_APPOINTMENT, serviceId: w.serviceA.id } : NEW_APPOINTMENT),
    expect: { coordinator: 201, deskOwn: 201, deskOther: 201, mediatorOwn: 403, mediatorOther: 403 },
    check: (r, w, actor) => expect(r.body.serviceId).toBe(actor === 'deskOther' ? w.serviceB.id : w.serviceA.id),
  },
  {
    method: 'GET',
    route: '/v1/appointments',
    path: () => '/v1/appointments',
    expect: everyone(200),
    check: (r, w, actor) =>
      expect(ids(r)).toEqual(
        {
          coordinator: sorted(w.appointmentA.id, w.appointmentB.id, w.offeredA.id, w.offeredB.id),
          deskOwn: sorted(w.appointmentA.id, w.offeredA.id),
          deskOther: sorted(w.appointmentB.id, w.offeredB.id),
          // An offer is not an assignment: the request shows up for a mediator once it is theirs.
          mediatorOwn: [w.appointmentA.id],
          mediatorOther: [w.appointmentB.id],
        }[actor],
      ),
  },
  {
    method: 'GET',
    route: '/v1/appointments/{id}',
    path: appointmentA,
    expect: { coordinator: 200, deskOwn: 200, deskOther: 404, mediatorOwn: 200, mediatorOther: 404 },
    check: (r, w) => expect(r.body.id).toBe(w.appointmentA.id),
  },
  { method: 'PATCH', route: '/v1/appointments/{id}', path: appointmentA, body: () => ({ location: 'Stanza 3' }), expect: serviceDesk(200) },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/cancel',
    path: (w) => `${appointmentA(w)}/cancel`,
    body: () => ({ reason: 'beneficiary moved' }),
    expect: serviceDesk(200),
    check: (r) => expect(r.body.status).toBe('cancelled'),
  },
  {
    method: 'GET',
    route: '/v1/appointments/{id}/candidates',
    path: (w) => `${appointmentA(w)}/candidates`,
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.candidates.map((c: Json) => c.mediatorId)).toContain(w.mediator1.id),
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/release',
    path: (w) => `${appointmentA(w)}/release`,
    body: () => ({ reason: 'ill' }),
    expect: mediatorSelf(200),
    check: (r, w) => expect(r.body.appointmentId).toBe(w.appointmentA.id),
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/assign',
    path: (w) => `${appointmentA(w)}/assign`,
    body: (w) => ({ mediatorId: w.mediator1.id }),
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.mediatorId).toBe(w.mediator1.id),
  },

  // offers
  {
    method: 'GET',
    route: '/v1/offers',
    path: () => '/v1/offers',
    expect: { coordinator: 200, deskOwn: 403, deskOther: 403, mediatorOwn: 200, mediatorOther: 200 },
    // An offer shows the service it is for (its name and address), never its case reference or notes.
    mayShow: { mediatorOwn: [MARK.serviceA], mediatorOther: [MARK.serviceB] },
    check: (r, w, actor) =>
      expect(ids(r)).toEqual(actor === 'coordinator' ? sorted(w.offerA.id, w.offerB.id) : actor === 'mediatorOwn' ? [w.offerA.id] : [w.offerB.id]),
  },
  {
    method: 'GET',
    route: '/v1/offers/{id}',
    path: (w) => `/v1/offers/${w.offerA.id}`,
    expect: mediatorSelf(200),
    mayShow: { mediatorOwn: [MARK.serviceA] },
    check: (r, w) => expect(r.body).toMatchObject({ id: w.offerA.id, appointment: { id: w.offeredA.id } }),
  },
  {
    method: 'POST',
    route: '/v1/offers/{id}/accept',
    path: (w) => `/v1/offers/${w.offerA.id}/accept`,
    expect: mediatorSelf(200),
    check: (r, w) => expect(r.body).toMatchObject({ id: w.offeredA.id, status: 'booked', mediatorId: w.mediator1.id }),
  },
  {
    method: 'POST',
    route: '/v1/offers/{id}/decline',
    path: (w) => `/v1/offers/${w.offerA.id}/decline`,
    expect: mediatorSelf(200),
    mayShow: { mediatorOwn: [MARK.serviceA] },
    check: (r, w) => expect(r.body).toMatchObject({ id: w.offerA.id, status: 'declined' }),
  },

  // privacy: a beneficiary's data (export, erase), a mediator's (export, anonymise)
  {
    method: 'GET',
    route: '/v1/services/{id}/beneficiaries/{ref}',
    path: (w) => `${serviceA(w)}/beneficiaries/${MARK.caseA.toUpperCase()}`,
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.appointments.map((a: Json) => a.id)).toContain(w.appointmentA.id),
  },
  {
    method: 'DELETE',
    route: '/v1/services/{id}/beneficiaries/{ref}',
    path: (w) => `${serviceA(w)}/beneficiaries/${MARK.caseA.toUpperCase()}`,
    expect: serviceDesk(200),
    check: (r) => expect(r.body.appointments).toBeGreaterThan(0),
  },
  {
    method: 'GET',
    route: '/v1/mediators/{id}/export',
    path: (w) => `${mediator1(w)}/export`,
    expect: mediatorSelf(200),
    check: (r, w) => {
      expect(r.body.mediator.id).toBe(w.mediator1.id);
      expect(r.body.appointments.map((a: Json) => a.id)).toContain(w.appointmentA.id);
    },
  },
  {
    method: 'POST',
    route: '/v1/mediators/{id}/anonymise',
    path: (w) => `${mediator1(w)}/anonymise`,
    expect: coordinatorOnly(200),
    check: (r, w) => expect(r.body).toMatchObject({ id: w.mediator1.id, active: false, phone: null }),
  },

  // audit
  {
    method: 'GET',
    route: '/v1/audit',
    path: () => '/v1/audit?limit=5',
    expect: coordinatorOnly(200),
    check: (r) => expect(r.body.items.length).toBeGreaterThan(0),
  },

  // series (GET, PATCH and cancel of a series: test/scenarios/series.ts)
  {
    method: 'POST',
    route: '/v1/series',
    path: () => '/v1/series',
    body: (w, actor) => {
      const series = { ...NEW_APPOINTMENT, start: '2026-03-25T10:00:00+01:00', recurrence: { count: 2 } };
      return actor === 'coordinator' ? { ...series, serviceId: w.serviceA.id } : series;
    },
    expect: { coordinator: 201, deskOwn: 201, deskOther: 201, mediatorOwn: 403, mediatorOther: 403 },
    check: (r, w, actor) => expect(r.body.serviceId).toBe(actor === 'deskOther' ? w.serviceB.id : w.serviceA.id),
  },

  // webhooks
  { method: 'GET', route: '/v1/webhooks', path: () => '/v1/webhooks', expect: coordinatorOnly(200) },
  {
    method: 'POST',
    route: '/v1/webhooks',
    path: () => '/v1/webhooks',
    body: () => ({ url: 'https://hooks.example.org/mediation', events: ['appointment.booked'] }),
    expect: coordinatorOnly(201),
  },

  // outbox
  {
    method: 'GET',
    route: '/v1/outbox',
    path: () => '/v1/outbox?limit=200',
    expect: coordinatorOnly(200),
    check: (r, w) => expect(ids(r)).toEqual(expect.arrayContaining([w.failedMessage.id, w.pendingMessage.id])),
  },
  {
    method: 'GET',
    route: '/v1/outbox/{id}',
    path: (w) => `/v1/outbox/${w.failedMessage.id}`,
    expect: coordinatorOnly(200),
    check: (r, w) => {
      expect(r.body).toMatchObject({ id: w.failedMessage.id, status: 'failed' });
      expect(r.body.attemptLog).toEqual([expect.objectContaining({ attempt: 1, transport: 'down', error: expect.stringContaining('refused') })]);
    },
  },
  {
    method: 'POST',
    route: '/v1/outbox/{id}/retry',
    path: (w) => `/v1/outbox/${w.failedMessage.id}/retry`,
    expect: coordinatorOnly(200),
    check: (r, w) => expect(r.body).toMatchObject({ id: w.failedMessage.id, status: 'pending', attempts: 0 }),
  },

  // calendar
  {
    method: 'GET',
    route: '/v1/appointments/{id}/invite.ics',
    path: (w) => `${appointmentA(w)}/invite.ics`,
    expect: { coordinator: 200, deskOwn: 200, deskOther: 404, mediatorOwn: 200, mediatorOther: 404 },
    type: /^text\/calendar/,
    // The mediator is sent to the service: its name and address are in the invite, as in the e-mails.
    mayShow: { mediatorOwn: [MARK.serviceA] },
    check: (r, w) => {
      expect(r.headers.get('content-type')).toMatch(/method=REQUEST/);
      expect(r.text).toMatch(/^METHOD:REQUEST\r$/m);
      expect(unfold(r.text)).toContain(`UID:${w.appointmentA.id}@mediator-booking`);
    },
  },
  {
    method: 'GET',
    route: '/v1/calendars/mediators/{id}/token',
    path: (w) => `/v1/calendars/mediators/${w.mediator1.id}/token`,
    expect: mediatorSelf(200),
    check: (r, w) => expect(r.body.token).toBe(w.feeds.mediator1),
  },
  {
    method: 'POST',
    route: '/v1/calendars/mediators/{id}/token',
    path: (w) => `/v1/calendars/mediators/${w.mediator1.id}/token`,
    expect: mediatorSelf(201),
    check: (r, w) => {
      expect(r.body.url).toBe(`http://localhost:8787/v1/calendars/mediators/${w.mediator1.id}.ics?token=${r.body.token}`);
      expect(r.body.token).not.toBe(w.feeds.mediator1);
    },
  },
  { method: 'DELETE', route: '/v1/calendars/mediators/{id}/token', path: (w) => `/v1/calendars/mediators/${w.mediator1.id}/token`, expect: mediatorSelf(204) },
  {
    method: 'GET',
    route: '/v1/calendars/services/{id}/token',
    path: (w) => `/v1/calendars/services/${w.serviceA.id}/token`,
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.token).toBe(w.feeds.serviceA),
  },
  {
    method: 'POST',
    route: '/v1/calendars/services/{id}/token',
    path: (w) => `/v1/calendars/services/${w.serviceA.id}/token`,
    expect: serviceDesk(201),
    check: (r, w) => expect(r.body.url).toBe(`http://localhost:8787/v1/calendars/services/${w.serviceA.id}.ics?token=${r.body.token}`),
  },
  { method: 'DELETE', route: '/v1/calendars/services/{id}/token', path: (w) => `/v1/calendars/services/${w.serviceA.id}/token`, expect: serviceDesk(204) },

  // attendance
  {
    method: 'POST',
    route: '/v1/appointments/{id}/attendance',
    path: (w) => `${appointmentA(w)}/attendance`,
    at: AFTER_A,
    body: (_w, actor) => ({
      ...(actor === 'coordinator' ? { party: 'desk' } : {}),
      outcome: 'completed',
      checkIn: '2026-03-23T10:00:00+01:00',
      checkOut: '2026-03-23T11:00:00+01:00',
      ...(actor.startsWith('desk') ? { rating: 5, comment: 'Puntuale' } : {}),
    }),
    expect: { coordinator: 200, deskOwn: 200, deskOther: 404, mediatorOwn: 200, mediatorOther: 404 },
    check: (r, w, actor) => {
      const signed = actor === 'mediatorOwn' ? 'mediator' : 'desk';
      expect(r.body).toMatchObject({ appointmentId: w.appointmentA.id, state: 'partial', settlement: null });
      expect(r.body[signed]).toMatchObject({ outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00' });
      expect(r.body[signed === 'desk' ? 'mediator' : 'desk']).toBeNull();
    },
  },
  {
    method: 'GET',
    route: '/v1/appointments/{id}/attendance',
    path: (w) => `${appointmentA(w)}/attendance`,
    at: AFTER_A,
    expect: { coordinator: 200, deskOwn: 200, deskOther: 404, mediatorOwn: 200, mediatorOther: 404 },
    check: (r, w) => expect(r.body).toMatchObject({ appointmentId: w.appointmentA.id, state: 'awaiting', desk: null, mediator: null }),
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/attendance/settle',
    path: (w) => `${appointmentA(w)}/attendance/settle`,
    at: AFTER_A,
    body: () => ({ outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:00:00+01:00', note: 'Registro firmato' }),
    expect: coordinatorOnly(200),
    check: (r) => expect(r.body).toMatchObject({ state: 'settled', settlement: { source: 'coordinator', note: 'Registro firmato' } }),
  },
  {
    method: 'GET',
    route: '/v1/attendance',
    path: () => '/v1/attendance',
    at: AFTER_A,
    expect: everyone(200),
    check: (r, w, actor) =>
      expect((r.body.items as Json[]).map((i) => i.appointmentId).sort()).toEqual(
        actor === 'coordinator' ? sorted(w.appointmentA.id, w.appointmentB.id) : actor.endsWith('Own') ? [w.appointmentA.id] : [w.appointmentB.id],
      ),
  },

  // budgets
  {
    method: 'POST',
    route: '/v1/services/{id}/budgets',
    path: (w) => `${serviceA(w)}/budgets`,
    body: () => ({ from: '2026-04-01', to: '2026-07-01', minutes: 9000, note: 'Q2' }),
    expect: coordinatorOnly(201),
    check: (r, w) => expect(r.body).toMatchObject({ serviceId: w.serviceA.id, minutes: 9000, from: '2026-04-01T00:00:00+02:00' }),
  },
  {
    method: 'GET',
    route: '/v1/services/{id}/budgets',
    path: (w) => `${serviceA(w)}/budgets`,
    expect: serviceDesk(200),
    check: (r, w) => expect(ids(r)).toEqual([w.budgetA.id]),
  },

  // reports
  {
    method: 'GET',
    route: '/v1/reports/coverage',
    path: () => '/v1/reports/coverage?from=2026-03-01&to=2026-03-31',
    expect: coordinatorOnly(200),
    check: (r) => expect(r.body.rows.map((row: Json) => row.language).sort()).toEqual(['ar', 'fa']),
  },
  {
    method: 'GET',
    route: '/v1/reports/coverage.csv',
    path: () => '/v1/reports/coverage.csv?from=2026-03-01&to=2026-03-31',
    expect: coordinatorOnly(200),
    type: /^text\/csv/,
    check: (r) => expect(r.text.split('\r\n')[0]).toMatch(/^\uFEFF?Lingua;Area;Richieste;/),
  },
  {
    method: 'GET',
    route: '/v1/reports/timesheets',
    path: () => '/v1/reports/timesheets?from=2026-03-01&to=2026-03-31',
    at: AFTER_A,
    expect: everyone(200),
    check: (r, w, actor) => {
      const own = actor.endsWith('Own') ? [w.mediator1.id] : [w.mediator2.id];
      expect((r.body.rows as Json[]).map((row) => row.mediatorId).sort()).toEqual(actor === 'coordinator' ? sorted(w.mediator1.id, w.mediator2.id) : own);
      const budgets = (r.body.budgets as Json[]).map((b) => b.budgetId).sort();
      expect(budgets).toEqual(
        { coordinator: sorted(w.budgetA.id, w.budgetB.id), deskOwn: [w.budgetA.id], deskOther: [w.budgetB.id], mediatorOwn: [], mediatorOther: [] }[actor],
      );
    },
  },
  {
    method: 'GET',
    route: '/v1/reports/timesheets.csv',
    path: () => '/v1/reports/timesheets.csv?from=2026-03-01&to=2026-03-31',
    at: AFTER_A,
    expect: everyone(200),
    type: /^text\/csv/,
    check: (r, w, actor) => {
      const [mine, theirs] = actor === 'deskOther' || actor === 'mediatorOther' ? [w.mediator2.id, w.mediator1.id] : [w.mediator1.id, w.mediator2.id];
      expect(r.text).toContain(mine);
      if (actor !== 'coordinator') expect(r.text).not.toContain(theirs);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Shared assertions
// ---------------------------------------------------------------------------------------------

const CODE_FOR: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

function expectProblem(r: ApiResponse, status: number): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body.status).toBe(status);
  expect(r.body.code).toBe(CODE_FOR[status]);
  expect(typeof r.body.type).toBe('string');
  expect(typeof r.body.detail).toBe('string');
}


/**
 * The world is built once. Each test runs in a transaction that is rolled back afterwards (the
 * app's own batches nest in it as savepoints), with the clock back at TEST_NOW: every test sees the
 * world exactly as built, at a fraction of the cost of building it again. After a test that wrote
 * anything, the next one gets a new app, so nothing the app holds in memory outlives a rolled-back
 * write.
 */
let base: Harness;
let h: Harness;
let w: World;
let changesBefore = 0;

const totalChanges = () => (base.db.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

beforeAll(async () => {
  base = await makeHarness({ config: NO_GUESSING_LIMIT });
  w = await buildWorld(base);
  h = withNewApp(base);
});
afterAll(() => base.close());
beforeEach(() => {
  expect(base.db.sqlite.inTransaction, 'the previous test left a transaction open').toBe(false);
  base.clock.set(TEST_NOW);
  changesBefore = totalChanges();
  base.db.sqlite.exec('BEGIN');
});
afterEach(() => {
  const wrote = totalChanges() !== changesBefore;
  base.db.sqlite.exec('ROLLBACK');
  if (wrote) h = withNewApp(base);
});

async function request(route: RouteCase, actor: Actor, world: World = w): Promise<ApiResponse> {
  const token = world.tokens[actor];
  const body = route.body?.(world, actor === 'noToken' || actor === 'invalidToken' || actor === 'revokedToken' ? 'coordinator' : actor);
  return h.call(route.method, route.path(world), { token, ...(body !== undefined ? { body } : {}) });
}

describe('the fixture: every test starts from the world as built', () => {
  const candidates = async () =>
    ((await h.expectStatus(h.call('GET', `/v1/appointments/${w.appointmentA.id}/candidates`, { token: w.tokens.deskOwn }), 200)).candidates as Json[]).map(
      (c) => c.mediatorId,
    );
  it('(1) mediator 1 stops speaking Arabic, and matching sees it', async () => {
    await h.expectStatus(h.call('PATCH', `/v1/mediators/${w.mediator1.id}`, { body: { languages: [{ code: 'uk', level: 'C1' }] } }), 200);
    await h.expectStatus(h.call('POST', '/v1/services', { body: NEW_SERVICE }), 201);
    expect(await candidates()).not.toContain(w.mediator1.id);
  });
  it('(2) …the next test finds them speaking Arabic again, even after its own roster write, and no new service', async () => {
    await h.expectStatus(h.call('PUT', `/v1/mediators/${w.mediator2.id}/availability`, { body: { rules: [] } }), 200);
    expect(await candidates()).toContain(w.mediator1.id);
    expect(ids(await h.call('GET', '/v1/services'))).toEqual(sorted(w.serviceA.id, w.serviceB.id));
  });
});

// ---------------------------------------------------------------------------------------------
// One test per cell
// ---------------------------------------------------------------------------------------------

describe('permission matrix', () => {
  for (const route of ROUTES) {
    describe(`${route.method} ${route.route}`, () => {
      for (const actor of Object.keys(ACTORS) as Actor[]) {
        const status = UNAUTHENTICATED.includes(actor) ? 401 : route.expect[actor as AuthenticatedActor];
        const verdict = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not found (not theirs)' : 'allowed';
        it(`${ACTORS[actor]} → ${status} ${verdict}`, async () => {
          if (route.at) h.clock.set(route.at);
          const writes = route.method !== 'GET';
          const before = writes && status >= 400 ? databaseSnapshot(h) : undefined;
          const r = await request(route, actor);

          if (status >= 400) {
            expectProblem(r, status);
            expectNoneOf(r.text, ALL_MARKS);
            if (before) expect(databaseSnapshot(h), 'a refused write changed the database').toEqual(before);
            return;
          }
          expect(r.status, r.text).toBe(status);
          if (status !== 204) expect(r.headers.get('content-type')).toMatch(route.type ?? /^application\/json/);
          const authenticated = actor as AuthenticatedActor;
          const allowed = route.mayShow?.[authenticated] ?? [];
          expectNoneOf(unfold(r.text), NEVER_SEES[authenticated].filter((m) => !allowed.includes(m)));
          route.check?.(r, w, authenticated);
        });
      }
    });
  }
});

describe('the wrong role is refused before the body is even read (403, not a 400 that describes the schema)', () => {
  for (const route of ROUTES.filter((r) => r.body)) {
    const refused = (Object.keys(route.expect) as AuthenticatedActor[]).filter((a) => route.expect[a] === 403);
    if (refused.length === 0) continue;
    it(`${route.method} ${route.route} with an invalid body, as ${refused.map((a) => ACTORS[a]).join(' / ')}`, async () => {
      for (const actor of refused) {
        const r = await h.call(route.method, route.path(w), { token: w.tokens[actor], body: { notAField: ['x'] } });
        expectProblem(r, 403);
      }
    });
  }
});

describe('a coordinator asking for an id that does not exist gets 404, on every route with an id', () => {
  const ghost = (world: World): World => ({
    ...world,
    serviceA: { id: 'svc_does_not_exist' },
    mediator1: { ...world.mediator1, id: 'med_does_not_exist' },
    appointmentA: { id: 'apt_does_not_exist' },
    exclusionA: { id: 'exc_does_not_exist' },
    timeOff1: { id: 'off_does_not_exist' },
    spareUserId: 'usr_does_not_exist',
    offerA: { id: 'ofr_does_not_exist' },
    failedMessage: { id: 'msg_does_not_exist' },
  });
  for (const route of ROUTES.filter((r) => r.route.includes('{'))) {
    it(`${route.method} ${route.route}`, async () => {
      if (route.at) h.clock.set(route.at);
      const r = await request(route, 'coordinator', ghost(w));
      expectProblem(r, 404);
    });
  }
  it('DELETE an exclusion of another service through one’s own service path → 404, and it survives', async () => {
    const r = await h.call('DELETE', `/v1/services/${w.serviceA.id}/exclusions/${w.exclusionB.id}`, { token: w.tokens.deskOwn });
    expectProblem(r, 404);
    const left = await h.expectStatus(h.call('GET', `/v1/services/${w.serviceB.id}/exclusions`), 200);
    expect(left.items.map((e: Json) => e.id)).toEqual([w.exclusionB.id]);
  });
  it('DELETE another mediator’s time off through one’s own mediator path → 404, and it survives', async () => {
    const r = await h.call('DELETE', `/v1/mediators/${w.mediator1.id}/time-off/${w.timeOff2.id}`, { token: w.tokens.mediatorOwn });
    expectProblem(r, 404);
    const left = await h.expectStatus(h.call('GET', `/v1/mediators/${w.mediator2.id}/time-off`), 200);
    expect(left.items.map((t: Json) => t.id)).toEqual([w.timeOff2.id]);
  });
});

describe('a mediator editing their own profile', () => {
  it('may change phone, email and locale', async () => {
    const body = { phone: '+39 333 1234567', email: 'nuovo.indirizzo@example.it', locale: 'en' };
    const r = await h.expectStatus(h.call('PATCH', `/v1/mediators/${w.mediator1.id}`, { token: w.tokens.mediatorOwn, body }), 200);
    expect(r).toMatchObject(body);
  });

  const coordinatorFields: Record<string, unknown> = {
    name: 'Another Name',
    gender: 'female',
    homeArea: 'CN',
    languages: [{ code: 'ar', level: 'B1' }],
    areas: ['TO', 'CN'],
    modalities: ['video'],
    sectors: ['legal'],
    maxWeeklyMinutes: 9000,
    active: false,
  };
  for (const [field, value] of Object.entries(coordinatorFields)) {
    it(`may not change ${field} → 403, and nothing changes`, async () => {
      const before = await h.expectStatus(h.call('GET', `/v1/mediators/${w.mediator1.id}`), 200);
      const r = await h.call('PATCH', `/v1/mediators/${w.mediator1.id}`, { token: w.tokens.mediatorOwn, body: { [field]: value } });
      expectProblem(r, 403);
      expect(await h.expectStatus(h.call('GET', `/v1/mediators/${w.mediator1.id}`), 200)).toEqual(before);
    });
  }

  it('may not smuggle a forbidden field next to an allowed one → 403, and the allowed one is not applied either', async () => {
    const r = await h.call('PATCH', `/v1/mediators/${w.mediator1.id}`, { token: w.tokens.mediatorOwn, body: { phone: '+39 333 0000000', active: false } });
    expectProblem(r, 403);
    const after = await h.expectStatus(h.call('GET', `/v1/mediators/${w.mediator1.id}`), 200);
    expect(after.phone).toBe(w.mediator1.phone);
    expect(after.active).toBe(true);
  });
});

describe('booking on behalf of a service', () => {
  it('a coordinator must say which service → 422 naming serviceId', async () => {
    const r = await h.call('POST', '/v1/appointments', { body: NEW_APPOINTMENT });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: Json) => e.path)).toContain('serviceId');
  });

  it('a desk cannot book for another service by naming it → refused, and service B gets nothing', async () => {
    const r = await h.call('POST', '/v1/appointments', { token: w.tokens.deskOwn, body: { ...NEW_APPOINTMENT, serviceId: w.serviceB.id } });
    expect([403, 404, 422]).toContain(r.status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const b = await h.expectStatus(h.call('GET', '/v1/appointments', { token: w.tokens.deskOther }), 200);
    expect(b.items.map((a: Json) => a.id).sort()).toEqual(sorted(w.appointmentB.id, w.offeredB.id));
  });

  it('an Idempotency-Key used by another desk never replays that desk’s answer', async () => {
    const headers = { 'Idempotency-Key': 'shared-key-1' };
    const first = await h.make.appointment(w.tokens.deskOwn as string, { ...NEW_APPOINTMENT, notes: MARK.noteA }, headers);
    const r = await h.call('POST', '/v1/appointments', { token: w.tokens.deskOther, headers, body: { ...NEW_APPOINTMENT, notes: MARK.noteA } });
    expect(r.status).toBe(201);
    expect(r.headers.get('idempotency-replayed')).toBeNull();
    expect(r.body.id).not.toBe(first.id);
    expect(r.body.serviceId).toBe(w.serviceB.id);
  });
});

describe('scoped lists ignore filters that point at someone else', () => {
  it('a desk filtering appointments by another service sees none of them', async () => {
    const r = await h.call('GET', `/v1/appointments?serviceId=${w.serviceB.id}`, { token: w.tokens.deskOwn });
    if (r.status === 200) expect(r.body.items).toEqual([]);
    else expect([403, 404, 422]).toContain(r.status);
    expectNoneOf(r.text, NEVER_SEES.deskOwn);
  });

  it('a mediator filtering appointments by another mediator sees none of theirs', async () => {
    const r = await h.call('GET', `/v1/appointments?mediatorId=${w.mediator2.id}`, { token: w.tokens.mediatorOwn });
    if (r.status === 200) expect(r.body.items.map((a: Json) => a.mediatorId)).not.toContain(w.mediator2.id);
    else expect([403, 404, 422]).toContain(r.status);
    expectNoneOf(r.text, NEVER_SEES.mediatorOwn);
  });

  it('a desk filtering services by area still sees only its own', async () => {
    const r = await h.expectStatus(h.call('GET', '/v1/services?area=TO&limit=200', { token: w.tokens.deskOwn }), 200);
    expect(r.items.map((s: Json) => s.id)).toEqual([w.serviceA.id]);
  });
});

describe('tokens', () => {
  const malformed: Record<string, string> = {
    'Basic credentials': 'Basic dXNlcjpwYXNz',
    'Bearer without a token': 'Bearer ',
    'a token with spaces': 'Bearer abc def ghi jkl',
    'a too short token': 'Bearer abc',
    'the token twice': `Bearer ${COORDINATOR_TOKEN} ${COORDINATOR_TOKEN}`,
  };
  for (const [label, header] of Object.entries(malformed)) {
    it(`${label} → 401 problem+json`, async () => {
      expectProblem(await h.call('GET', '/v1/me', { token: null, headers: { authorization: header } }), 401);
    });
  }

  it('a 401 tells the client how to authenticate (WWW-Authenticate: Bearer, RFC 6750)', async () => {
    for (const token of [null, w.tokens.invalidToken, w.tokens.revokedToken]) {
      const r = await h.call('GET', '/v1/me', { token });
      expectProblem(r, 401);
      expect(r.headers.get('www-authenticate'), `token ${token}`).toMatch(/^Bearer realm="mediator-booking"/);
    }
  });

  it('a revoked token stops working at once, and the others keep working', async () => {
    const u = await h.make.user({ role: 'desk', serviceId: w.serviceA.id });
    await h.expectStatus(h.call('GET', '/v1/me', { token: u.token }), 200);
    await h.expectStatus(h.call('DELETE', `/v1/users/${u.id}`), 204);
    expectProblem(await h.call('GET', '/v1/me', { token: u.token }), 401);
    await h.expectStatus(h.call('GET', '/v1/me', { token: w.tokens.deskOwn }), 200);
  });
});

// ---------------------------------------------------------------------------------------------
// Offers, outbox, attendance, reports: the rules the matrix cannot show in one cell
// ---------------------------------------------------------------------------------------------

describe('offers', () => {
  it('a mediator filtering offers by another mediator still sees only their own', async () => {
    const r = await h.call('GET', `/v1/offers?mediatorId=${w.mediator2.id}`, { token: w.tokens.mediatorOwn });
    if (r.status === 200) expect(ids(r)).toEqual([w.offerA.id]);
    else expect([403, 404, 422]).toContain(r.status);
    const byAppointment = await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${w.offeredB.id}`, { token: w.tokens.mediatorOwn }), 200);
    expect(byAppointment.items).toEqual([]);
  });

  it('a coordinator may filter offers by mediator', async () => {
    expect(ids(await h.call('GET', `/v1/offers?mediatorId=${w.mediator2.id}`))).toEqual([w.offerB.id]);
  });

  it('another mediator accepting or declining an offer → 404, and the offer stays open', async () => {
    for (const action of ['accept', 'decline']) {
      const before = databaseSnapshot(h);
      expectProblem(await h.call('POST', `/v1/offers/${w.offerB.id}/${action}`, { token: w.tokens.mediatorOwn }), 404);
      expect(databaseSnapshot(h)).toEqual(before);
    }
    const [offer] = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${w.offeredB.id}`), 200)).items;
    expect(offer.status).toBe('pending');
  });
});

describe('outbox', () => {
  it('retrying a message that has not failed → 409 not_failed, and it is left as it was', async () => {
    const before = databaseSnapshot(h);
    const r = await h.call('POST', `/v1/outbox/${w.pendingMessage.id}/retry`);
    expect(r.status, r.text).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe('not_failed');
    expect(databaseSnapshot(h)).toEqual(before);
  });

  it('retrying a message twice: the second time it is pending again → 409', async () => {
    await h.expectStatus(h.call('POST', `/v1/outbox/${w.failedMessage.id}/retry`), 200);
    expect((await h.call('POST', `/v1/outbox/${w.failedMessage.id}/retry`)).body.code).toBe('not_failed');
  });
});

describe('attendance', () => {
  const sheet = { outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:00:00+01:00' };
  const path = () => `/v1/appointments/${w.appointmentA.id}/attendance`;

  it('before the appointment starts, every party that may sign gets 409 not_started, and nothing is recorded', async () => {
    h.clock.set('2026-03-23T08:59:00Z'); // a minute before 10:00 Rome
    const before = databaseSnapshot(h);
    const callers: Array<[AuthenticatedActor, Json]> = [
      ['deskOwn', sheet],
      ['mediatorOwn', sheet],
      ['coordinator', { ...sheet, party: 'desk' }],
      ['coordinator', { ...sheet, party: 'mediator' }],
    ];
    for (const [actor, body] of callers) {
      const r = await h.call('POST', path(), { token: w.tokens[actor], body });
      expect(r.status, `${actor}: ${r.text}`).toBe(409);
      expect(r.body.code).toBe('not_started');
    }
    const settle = await h.call('POST', `${path()}/settle`, { body: { ...sheet, note: 'too early' } });
    expect(settle.status).toBe(409);
    expect(settle.body.code).toBe('not_started');
    expect(databaseSnapshot(h)).toEqual(before);
  });

  it('a coordinator must say whose sheet it is → 422 naming party', async () => {
    h.clock.set(AFTER_A);
    const r = await h.call('POST', path(), { body: sheet });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: Json) => e.path)).toEqual(['party']);
  });

  it("a desk cannot sign the mediator's sheet, nor a mediator the desk's → 422 naming party, nothing recorded", async () => {
    h.clock.set(AFTER_A);
    const before = databaseSnapshot(h);
    for (const [actor, party] of [
      ['deskOwn', 'mediator'],
      ['mediatorOwn', 'desk'],
    ] as const) {
      const r = await h.call('POST', path(), { token: w.tokens[actor], body: { ...sheet, party } });
      expect(r.status, `${actor} as ${party}: ${r.text}`).toBe(422);
      expect(r.body.errors.map((e: Json) => e.path)).toEqual(['party']);
    }
    expect(databaseSnapshot(h)).toEqual(before);
  });

  it('only the desk rates the session: a mediator sending a rating → 422 naming rating', async () => {
    h.clock.set(AFTER_A);
    const r = await h.call('POST', path(), { token: w.tokens.mediatorOwn, body: { ...sheet, rating: 5 } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: Json) => e.path)).toEqual(['rating']);
  });

  it("a sheet is shown to both parties of the session, never to another desk or mediator", async () => {
    h.clock.set(AFTER_A);
    await h.expectStatus(h.call('POST', path(), { token: w.tokens.deskOwn, body: { ...sheet, comment: MARK.noteA } }), 200);
    for (const actor of ['deskOther', 'mediatorOther'] as const) {
      const r = await h.call('GET', path(), { token: w.tokens[actor] });
      expectProblem(r, 404);
      expectNoneOf(r.text, ALL_MARKS);
    }
    const seen = await h.expectStatus(h.call('GET', path(), { token: w.tokens.mediatorOwn }), 200);
    expect(seen.desk).toMatchObject({ outcome: 'completed', comment: MARK.noteA });
    const list = await h.expectStatus(h.call('GET', '/v1/attendance', { token: w.tokens.deskOther }), 200);
    expect(list.items.map((i: Json) => i.appointmentId)).toEqual([w.appointmentB.id]);
    expectNoneOf(JSON.stringify(list), ALL_MARKS);
  });

  it('a desk or mediator filtering the open sessions by time still sees only their own', async () => {
    h.clock.set(AFTER_A);
    for (const actor of ['deskOwn', 'mediatorOwn'] as const) {
      const r = await h.expectStatus(h.call('GET', '/v1/attendance?from=2026-03-01&to=2026-03-31&state=awaiting_close_out', { token: w.tokens[actor] }), 200);
      expect(r.items.map((i: Json) => i.appointmentId)).toEqual([w.appointmentA.id]);
    }
  });
});

describe('reports', () => {
  const period = 'from=2026-03-01&to=2026-03-31';

  it('a desk asking for the timesheets of another service → 404; a mediator asking for another mediator → 404', async () => {
    h.clock.set(AFTER_A);
    for (const [actor, query] of [
      ['deskOwn', `serviceId=${w.serviceB.id}`],
      ['mediatorOwn', `mediatorId=${w.mediator2.id}`],
    ] as const) {
      for (const path of ['/v1/reports/timesheets', '/v1/reports/timesheets.csv']) {
        const r = await h.call('GET', `${path}?${period}&${query}`, { token: w.tokens[actor] });
        expectProblem(r, 404);
        expectNoneOf(r.text, ALL_MARKS);
      }
    }
  });

  it('a desk filtering by a mediator who works elsewhere sees nothing of theirs', async () => {
    h.clock.set(AFTER_A);
    const r = await h.call('GET', `/v1/reports/timesheets?${period}&mediatorId=${w.mediator2.id}`, { token: w.tokens.deskOwn });
    if (r.status === 200) expect(r.body.rows).toEqual([]);
    else expect([403, 404]).toContain(r.status);
    expectNoneOf(r.text, NEVER_SEES.deskOwn);
  });

  it('by service: a desk sees its own service only; a mediator only the services they worked for', async () => {
    h.clock.set(AFTER_A);
    const rowsOf = async (actor: AuthenticatedActor) => {
      const r = await h.call('GET', `/v1/reports/timesheets?${period}&by=service`, { token: w.tokens[actor] });
      expect(r.status, r.text).toBe(200);
      return r;
    };
    const desk = await rowsOf('deskOwn');
    expect(desk.body.rows.map((row: Json) => row.serviceId)).toEqual([w.serviceA.id]);
    expectNoneOf(desk.text, NEVER_SEES.deskOwn);
    const mediator = await rowsOf('mediatorOwn');
    expect(mediator.body.rows.map((row: Json) => row.serviceId)).toEqual([w.serviceA.id]);
    expect(mediator.body.budgets).toEqual([]);
    expectNoneOf(mediator.text, NEVER_SEES.mediatorOwn.filter((m) => m !== MARK.serviceA));
    const all = await rowsOf('coordinator');
    expect(all.body.rows.map((row: Json) => row.serviceId).sort()).toEqual(sorted(w.serviceA.id, w.serviceB.id));
  });

  it('asking for CSV with ?format=csv or Accept: text/csv changes nothing about who may see what', async () => {
    for (const [suffix, headers] of [
      ['&format=csv', {}],
      ['', { accept: 'text/csv' }],
    ] as const) {
      for (const actor of ['deskOwn', 'mediatorOwn'] as const) {
        expectProblem(await h.call('GET', `/v1/reports/coverage?${period}${suffix}`, { token: w.tokens[actor], headers }), 403);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Calendar subscription feeds: the secret token in the URL is the only credential
// ---------------------------------------------------------------------------------------------

describe('calendar feeds', () => {
  const feedPath = (kind: 'mediators' | 'services', id: string, token?: string) =>
    `/v1/calendars/${kind}/${id}.ics${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  const uid = (a: Json) => `UID:${a.id}@mediator-booking`;

  it("a mediator's feed, with its token and no bearer: text/calendar with their booked appointments only", async () => {
    const r = await h.call('GET', feedPath('mediators', w.mediator1.id, w.feeds.mediator1), { token: null });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = unfold(r.text);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(uid(w.appointmentA));
    expect(ics).not.toContain(uid(w.appointmentB));
    expect(ics).not.toContain(uid(w.offeredA)); // offered to them, not booked
    expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    expectNoneOf(ics, NEVER_SEES.mediatorOwn.filter((m) => m !== MARK.serviceA));
  });

  it("a service's feed, with its token: the service's booked appointments only", async () => {
    const r = await h.call('GET', feedPath('services', w.serviceA.id, w.feeds.serviceA), { token: null });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = unfold(r.text);
    expect(ics).toContain(uid(w.appointmentA));
    expect(ics).not.toContain(uid(w.appointmentB));
    expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    expectNoneOf(ics, NEVER_SEES.deskOwn);
  });

  const refused: Array<[string, () => string]> = [
    ['no token', () => feedPath('mediators', w.mediator1.id)],
    ['an empty token', () => feedPath('mediators', w.mediator1.id, '')],
    ['a wrong token', () => feedPath('mediators', w.mediator1.id, 'ThisIsNotTheToken0123456789abcdef')],
    ['the token with one character changed', () => feedPath('mediators', w.mediator1.id, `${w.feeds.mediator1.slice(0, -1)}${w.feeds.mediator1.endsWith('A') ? 'B' : 'A'}`)],
    ["another mediator's token", () => feedPath('mediators', w.mediator1.id, w.feeds.mediator2)],
    ["the service's token on the mediator's feed", () => feedPath('mediators', w.mediator1.id, w.feeds.serviceA)],
    ["the mediator's token on the service's feed", () => feedPath('services', w.serviceA.id, w.feeds.mediator1)],
    ["another service's token", () => feedPath('services', w.serviceA.id, w.feeds.serviceB)],
    ["a valid token on a mediator id that does not exist", () => feedPath('mediators', 'med_does_not_exist', w.feeds.mediator1)],
    ['the coordinator’s bearer token as the feed token', () => feedPath('mediators', w.mediator1.id, COORDINATOR_TOKEN)],
    ['a 10 kB token', () => feedPath('mediators', w.mediator1.id, 'A'.repeat(10_000))],
  ];
  for (const [label, path] of refused) {
    it(`${label} → 404 problem+json, nothing of the calendar`, async () => {
      const r = await h.call('GET', path(), { token: null });
      expectProblem(r, 404);
      expectNoneOf(r.text, ALL_MARKS);
      expect(r.text).not.toContain('VEVENT');
    });
  }

  it('a bearer token does not stand in for the feed token (a coordinator’s neither) → 404', async () => {
    for (const token of [COORDINATOR_TOKEN, w.tokens.mediatorOwn]) {
      expectProblem(await h.call('GET', feedPath('mediators', w.mediator1.id), { token }), 404);
    }
  });

  it('rotating the token: the old URL stops working at once, the new one works', async () => {
    const rotated = await h.expectStatus(h.call('POST', `/v1/calendars/mediators/${w.mediator1.id}/token`, { token: w.tokens.mediatorOwn }), 201);
    expectProblem(await h.call('GET', feedPath('mediators', w.mediator1.id, w.feeds.mediator1), { token: null }), 404);
    const fresh = await h.call('GET', new URL(rotated.url).pathname + new URL(rotated.url).search, { token: null });
    expect(fresh.status, fresh.text).toBe(200);
    expect(unfold(fresh.text)).toContain(uid(w.appointmentA));
  });

  it('revoking: the URL stops working, for mediators and services alike; the other feeds keep working', async () => {
    await h.expectStatus(h.call('DELETE', `/v1/calendars/mediators/${w.mediator1.id}/token`, { token: w.tokens.mediatorOwn }), 204);
    await h.expectStatus(h.call('DELETE', `/v1/calendars/services/${w.serviceA.id}/token`, { token: w.tokens.deskOwn }), 204);
    expectProblem(await h.call('GET', feedPath('mediators', w.mediator1.id, w.feeds.mediator1), { token: null }), 404);
    expectProblem(await h.call('GET', feedPath('services', w.serviceA.id, w.feeds.serviceA), { token: null }), 404);
    expect((await h.call('GET', feedPath('mediators', w.mediator2.id, w.feeds.mediator2), { token: null })).status).toBe(200);
    expect((await h.call('GET', feedPath('services', w.serviceB.id, w.feeds.serviceB), { token: null })).status).toBe(200);
  });

  it('a refused rotation or revocation (another mediator, a desk) leaves the feed working', async () => {
    const before = databaseSnapshot(h);
    for (const method of ['POST', 'DELETE']) {
      expectProblem(await h.call(method, `/v1/calendars/mediators/${w.mediator1.id}/token`, { token: w.tokens.mediatorOther }), 404);
      expectProblem(await h.call(method, `/v1/calendars/mediators/${w.mediator1.id}/token`, { token: w.tokens.deskOwn }), 403);
      expectProblem(await h.call(method, `/v1/calendars/services/${w.serviceA.id}/token`, { token: w.tokens.deskOther }), 404);
    }
    expect(databaseSnapshot(h)).toEqual(before);
    expect((await h.call('GET', feedPath('mediators', w.mediator1.id, w.feeds.mediator1), { token: null })).status).toBe(200);
  });

  it('a cancelled appointment stays in its mediator’s feed, as CANCELLED', async () => {
    await h.expectStatus(h.call('POST', `/v1/appointments/${w.appointmentB.id}/cancel`, { token: w.tokens.deskOther }), 200);
    const b = unfold((await h.call('GET', feedPath('mediators', w.mediator2.id, w.feeds.mediator2), { token: null })).text);
    expect(b).toContain(uid(w.appointmentB));
    expect(b).toContain('STATUS:CANCELLED');
  });
});

// ---------------------------------------------------------------------------------------------
// Signed accept/decline links of offer e-mails (no bearer)
// ---------------------------------------------------------------------------------------------

describe('signed offer links', () => {
  /** The links the offer e-mail to mediator 1 carries, as path + query. */
  function links(): { accept: string; decline: string; token: string; declineToken: string } {
    const row = h.db.sqlite.prepare("SELECT payload FROM outbox WHERE kind = 'offer' AND appointment_id = ?").get(w.offeredA.id) as { payload: string };
    const payload = JSON.parse(row.payload) as { acceptUrl: string; declineUrl: string };
    const local = (u: string) => new URL(u).pathname + new URL(u).search;
    return {
      accept: local(payload.acceptUrl),
      decline: local(payload.declineUrl),
      token: new URL(payload.acceptUrl).searchParams.get('token') as string,
      declineToken: new URL(payload.declineUrl).searchParams.get('token') as string,
    };
  }
  const offerStatus = () => (h.db.sqlite.prepare('SELECT status FROM offers WHERE id = ?').get(w.offerA.id) as { status: string }).status;

  function expectPage(r: ApiResponse, status: number): void {
    expect(r.status, r.text.slice(0, 300)).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toMatch(/^<!doctype html>/i);
    expectNoneOf(r.text, ALL_MARKS);
  }

  it('the real links work: GET only shows a confirmation page (changes nothing), POST accepts', async () => {
    const { accept } = links();
    const before = databaseSnapshot(h);
    const page = await h.call('GET', accept, { token: null });
    expectPage(page, 200);
    expect(page.text).toContain('<form method="post"');
    // In words and Rome times, never codes or UTC instants.
    expect(page.text).toMatch(/arabo · (In presenza|Telefonica|Videochiamata) · [a-zì]+ \d+ [a-z]+ 2026, \d\d:\d\d–\d\d:\d\d/);
    expect(databaseSnapshot(h)).toEqual(before);
    expectPage(await h.call('POST', accept, { token: null }), 200);
    expect(offerStatus()).toBe('accepted');
    const a = await h.expectStatus(h.call('GET', `/v1/appointments/${w.offeredA.id}`), 200);
    expect(a).toMatchObject({ status: 'booked', mediatorId: w.mediator1.id });
  });

  const forged: Array<[string, (l: ReturnType<typeof links>) => string]> = [
    ['no token', () => `/offers/${w.offerA.id}/accept`],
    ['an empty token', () => `/offers/${w.offerA.id}/accept?token=`],
    ['garbage', () => `/offers/${w.offerA.id}/accept?token=garbage`],
    ['a malformed percent-escape', () => `/offers/${w.offerA.id}/accept?token=%ZZ`],
    ['a 10 kB token', () => `/offers/${w.offerA.id}/accept?token=${'A'.repeat(10_000)}`],
    ['a token with SQL in it', () => `/offers/${w.offerA.id}/accept?token=${encodeURIComponent("1' OR '1'='1")}`],
    ['a forged token first, the real one second', (l) => `/offers/${w.offerA.id}/accept?token=garbage&token=${encodeURIComponent(l.token)}`],
    // (not the last character: its two low bits are base64 padding, so A↔B there decodes to the same signature)
    ['the signature with one character changed', (l) => {
      const at = l.token.indexOf('.') + 5;
      return `/offers/${w.offerA.id}/accept?token=${l.token.slice(0, at)}${l.token[at] === 'x' ? 'y' : 'x'}${l.token.slice(at + 1)}`;
    }],
    ['the expiry moved later, signature kept', (l) => {
      const [expiry, sig] = l.token.split('.');
      return `/offers/${w.offerA.id}/accept?token=${Number(expiry) + 86_400_000}.${sig}`;
    }],
    ['the signature cut short', (l) => `/offers/${w.offerA.id}/accept?token=${encodeURIComponent(l.token.slice(0, 30))}`],
    ['the decline token on the accept link', (l) => `/offers/${w.offerA.id}/accept?token=${encodeURIComponent(l.declineToken)}`],
    ['the accept token on the decline link', (l) => `/offers/${w.offerA.id}/decline?token=${encodeURIComponent(l.token)}`],
    ["mediator 1's token on mediator 2's offer", (l) => `/offers/${w.offerB.id}/accept?token=${encodeURIComponent(l.token)}`],
    ['a valid token on an offer id that does not exist', (l) => `/offers/ofr_does_not_exist/accept?token=${encodeURIComponent(l.token)}`],
  ];
  for (const [label, path] of forged) {
    it(`${label} → 403 page on GET and POST, never 500, nothing changed`, async () => {
      const l = links();
      const before = databaseSnapshot(h);
      for (const method of ['GET', 'POST']) {
        expectPage(await h.call(method, path(l), { token: null }), 403);
      }
      expect(databaseSnapshot(h), 'a refused link changed the database').toEqual(before);
      expect(offerStatus()).toBe('pending');
    });
  }

  it('an action that is not accept or decline → 404 page, nothing changed', async () => {
    const l = links();
    const before = databaseSnapshot(h);
    for (const method of ['GET', 'POST']) {
      expectPage(await h.call(method, `/offers/${w.offerA.id}/book?token=${encodeURIComponent(l.token)}`, { token: null }), 404);
    }
    expect(databaseSnapshot(h)).toEqual(before);
  });

  it('an expired link → 410 page, nothing changed', async () => {
    const l = links();
    h.clock.set('2026-03-20T12:00:01Z'); // the offer expired at 13:00 Rome
    const before = databaseSnapshot(h);
    for (const method of ['GET', 'POST']) expectPage(await h.call(method, l.accept, { token: null }), 410);
    expect(databaseSnapshot(h)).toEqual(before);
  });

  it('a bearer token does not replace the signature (a coordinator’s neither) → 403', async () => {
    for (const token of [COORDINATOR_TOKEN, w.tokens.mediatorOwn]) {
      expectPage(await h.call('POST', `/offers/${w.offerA.id}/accept`, { token }), 403);
    }
    expect(offerStatus()).toBe('pending');
  });

  it('a link used twice: the second POST changes nothing and says so', async () => {
    const { decline } = links();
    expectPage(await h.call('POST', decline, { token: null }), 200);
    const before = databaseSnapshot(h);
    const again = await h.call('POST', decline, { token: null });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    expect(databaseSnapshot(h)).toEqual(before);
  });
});
