/**
 * The permission matrix: every route × every kind of caller × own/foreign object.
 *
 * The world every cell runs in (built fresh for each test):
 * - service A with its desk, service B with its desk;
 * - mediator 1 (speaks ar) and mediator 2 (speaks fa), each with a login;
 * - appointment A (service A, booked with mediator 1) and appointment B (service B, mediator 2);
 * - an exclusion on each service, a time-off entry for each mediator.
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
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiResponse, COORDINATOR_TOKEN, type Harness, type Json, makeHarness } from '../support/harness.js';

// ---------------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------------

const ACTORS = {
  coordinator: 'a coordinator',
  deskOwn: 'the desk of the owning service',
  deskOther: 'the desk of another service',
  mediatorOwn: 'the mediator themself',
  mediatorOther: 'another mediator',
  noToken: 'no token',
  invalidToken: 'an unknown token',
  revokedToken: 'a revoked token',
} as const;
type Actor = keyof typeof ACTORS;
type AuthenticatedActor = Exclude<Actor, 'noToken' | 'invalidToken' | 'revokedToken'>;
const UNAUTHENTICATED: Actor[] = ['noToken', 'invalidToken', 'revokedToken'];

/** Private strings planted in the world; a caller must never see the other side's. */
const MARK = {
  serviceA: 'secret-svc-a',
  serviceB: 'secret-svc-b',
  caseA: 'secret-case-a',
  caseB: 'secret-case-b',
  noteA: 'secret-note-a',
  noteB: 'secret-note-b',
  exclusionA: 'secret-exc-a',
  exclusionB: 'secret-exc-b',
  mail1: 'secret-mail-1',
  mail2: 'secret-mail-2',
  offA: 'secret-off-1',
  offB: 'secret-off-2',
} as const;
const ALL_MARKS = Object.values(MARK);

/** What each caller must never find in any answer it gets. */
const NEVER_SEES: Record<AuthenticatedActor, string[]> = {
  coordinator: [],
  deskOwn: [MARK.serviceB, MARK.caseB, MARK.noteB, MARK.exclusionB, MARK.offA, MARK.offB],
  deskOther: [MARK.serviceA, MARK.caseA, MARK.noteA, MARK.exclusionA, MARK.offA, MARK.offB],
  mediatorOwn: [MARK.serviceA, MARK.serviceB, MARK.caseB, MARK.noteB, MARK.exclusionA, MARK.exclusionB, MARK.mail2, MARK.offB],
  mediatorOther: [MARK.serviceA, MARK.serviceB, MARK.caseA, MARK.noteA, MARK.exclusionA, MARK.exclusionB, MARK.mail1, MARK.offA],
};

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

interface World {
  serviceA: Json;
  serviceB: Json;
  mediator1: Json;
  mediator2: Json;
  appointmentA: Json;
  appointmentB: Json;
  exclusionA: Json;
  exclusionB: Json;
  timeOff1: Json;
  timeOff2: Json;
  /** A user nobody logs in as: the target of DELETE /users/{id}. */
  spareUserId: string;
  tokens: Record<Actor, string | null>;
  userIds: Record<AuthenticatedActor, string>;
}

async function buildWorld(h: Harness): Promise<World> {
  const coordinator = await h.expectStatus(h.call('GET', '/v1/me'), 200);
  const deskA = await h.make.desk({ name: `Consultorio ${MARK.serviceA}` });
  const deskB = await h.make.desk({ name: `Consultorio ${MARK.serviceB}` });
  const mediator1 = await h.make.mediator({ email: `${MARK.mail1}@example.it`, languages: [{ code: 'ar', level: 'native' }] });
  const mediator2 = await h.make.mediator({ email: `${MARK.mail2}@example.it`, languages: [{ code: 'fa', level: 'native' }] });
  const user1 = await h.make.mediatorUser(mediator1.id);
  const user2 = await h.make.mediatorUser(mediator2.id);

  const appointmentA = await h.make.appointment(deskA.token, { language: 'ar', beneficiaryRef: MARK.caseA.toUpperCase(), notes: MARK.noteA });
  const appointmentB = await h.make.appointment(deskB.token, { language: 'fa', beneficiaryRef: MARK.caseB.toUpperCase(), notes: MARK.noteB });
  if (appointmentA.mediatorId !== mediator1.id || appointmentB.mediatorId !== mediator2.id) {
    throw new Error('world: the appointments were not booked with the expected mediators');
  }

  const exclusionA = await h.expectStatus(
    h.call('POST', `/v1/services/${deskA.service.id}/exclusions`, { token: deskA.token, body: { mediatorId: mediator2.id, reason: MARK.exclusionA } }),
    201,
  );
  const exclusionB = await h.expectStatus(
    h.call('POST', `/v1/services/${deskB.service.id}/exclusions`, { token: deskB.token, body: { mediatorId: mediator1.id, reason: MARK.exclusionB } }),
    201,
  );
  const timeOff1 = await h.expectStatus(
    h.call('POST', `/v1/mediators/${mediator1.id}/time-off`, {
      token: user1.token,
      body: { start: '2026-04-10T09:00:00+02:00', end: '2026-04-10T18:00:00+02:00', reason: MARK.offA },
    }),
    201,
  );
  const timeOff2 = await h.expectStatus(
    h.call('POST', `/v1/mediators/${mediator2.id}/time-off`, {
      token: user2.token,
      body: { start: '2026-04-10T09:00:00+02:00', end: '2026-04-10T18:00:00+02:00', reason: MARK.offB },
    }),
    201,
  );

  const revoked = await h.make.user({ role: 'desk', serviceId: deskA.service.id });
  await h.expectStatus(h.call('DELETE', `/v1/users/${revoked.id}`), 204);
  const spare = await h.make.user({ role: 'coordinator' });

  return {
    serviceA: deskA.service,
    serviceB: deskB.service,
    mediator1,
    mediator2,
    appointmentA,
    appointmentB,
    exclusionA,
    exclusionB,
    timeOff1,
    timeOff2,
    spareUserId: spare.id,
    tokens: {
      coordinator: COORDINATOR_TOKEN,
      deskOwn: deskA.token,
      deskOther: deskB.token,
      mediatorOwn: user1.token,
      mediatorOther: user2.token,
      noToken: null,
      invalidToken: 'mb_ThisTokenWasNeverIssuedByTheServer000000',
      revokedToken: revoked.token,
    },
    userIds: { coordinator: coordinator.id, deskOwn: deskA.userId, deskOther: deskB.userId, mediatorOwn: user1.id, mediatorOther: user2.id },
  };
}

/** Every row of every table (bar the migration journal): a refused write must leave this untouched. */
function databaseSnapshot(h: Harness): Record<string, unknown[]> {
  const tables = h.db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, h.db.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

const ids = (r: ApiResponse): string[] => (r.body.items as Json[]).map((i) => i.id as string).sort();
const sorted = (...xs: string[]) => [...xs].sort();

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
        actor === 'coordinator'
          ? sorted(w.appointmentA.id, w.appointmentB.id)
          : actor === 'deskOwn' || actor === 'mediatorOwn'
            ? [w.appointmentA.id]
            : [w.appointmentB.id],
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
    route: '/v1/appointments/{id}/assign',
    path: (w) => `${appointmentA(w)}/assign`,
    body: (w) => ({ mediatorId: w.mediator1.id }),
    expect: serviceDesk(200),
    check: (r, w) => expect(r.body.mediatorId).toBe(w.mediator1.id),
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

function expectNoneOf(text: string, marks: readonly string[]): void {
  const lower = text.toLowerCase();
  const leaked = marks.filter((m) => lower.includes(m));
  expect(leaked, `leaked ${leaked.join(', ')} in ${text.slice(0, 300)}`).toEqual([]);
}

let h: Harness;
let w: World;
beforeEach(async () => {
  h = await makeHarness();
  w = await buildWorld(h);
});
afterEach(() => h.close());

async function request(route: RouteCase, actor: Actor, world: World = w): Promise<ApiResponse> {
  const token = world.tokens[actor];
  const body = route.body?.(world, actor === 'noToken' || actor === 'invalidToken' || actor === 'revokedToken' ? 'coordinator' : actor);
  return h.call(route.method, route.path(world), { token, ...(body !== undefined ? { body } : {}) });
}

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
          if (status !== 204) expect(r.headers.get('content-type')).toMatch(/^application\/json/);
          const authenticated = actor as AuthenticatedActor;
          expectNoneOf(r.text, NEVER_SEES[authenticated]);
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
  });
  for (const route of ROUTES.filter((r) => r.route.includes('{'))) {
    it(`${route.method} ${route.route}`, async () => {
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
    expect(b.items.map((a: Json) => a.id)).toEqual([w.appointmentB.id]);
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
