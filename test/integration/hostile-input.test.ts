/**
 * Hostile and malformed input on every write route, on list queries and on path ids.
 *
 * Whatever a client sends, the answer is never a 500: it is a 4xx application/problem+json with a
 * stable `code`, and a validation failure names the field at fault in `errors[].path`
 * (`durationMinutes`, `languages.0.level`, `rules.0.start`, `query.limit`…).
 * Text that looks like SQL or is full of unusual Unicode is either stored exactly as sent or refused,
 * never interpreted.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/domain/attendance.js';
import { type ApiResponse, COORDINATOR_TOKEN, type Harness, type Json, makeHarness, NO_GUESSING_LIMIT, TEST_NOW } from '../support/harness.js';

// ---------------------------------------------------------------------------------------------
// The write routes, described field by field
// ---------------------------------------------------------------------------------------------

/** How a field is typed; each kind has its own set of wrong values. */
type Kind = 'text' | 'pattern' | 'enum' | 'int' | 'bool' | 'instant' | 'bound' | 'array' | 'object' | 'record';

interface Field {
  /** Dotted path inside the body, as reported in `errors[].path`. */
  path: string;
  kind: Kind;
  required?: boolean;
  nullable?: boolean;
  /** For free text: the key the stored value comes back under (default: the same key). */
  echoAs?: string;
}

interface Target {
  token: string;
  path: string;
  ids: Record<string, string>;
  /** Anything else the reference body needs. */
  extra?: Json;
}

interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  route: string;
  /** Creates what the route needs; returns the caller's token, the concrete path and the ids made. */
  setup: (h: Harness) => Promise<Target>;
  /** A body that succeeds. */
  valid: (t: Target) => Json;
  fields: Field[];
  /** The body may be left out entirely (POST …/cancel). */
  bodyOptional?: boolean;
  /** A successful write cannot be repeated on the same target (a second one is a 409): set up a new one each time. */
  onceOnly?: boolean;
  /** Reads a stored object back when the write's answer is not read from the database. */
  readBack?: (h: Harness, t: Target, written: Json) => Promise<Json>;
}

const EIGHT_AREAS = { TO: 30, CN: 60, AL: 60, AT: 60, NO: 60, VC: 60, BI: 60, VB: 90 };
const FUTURE = '2026-03-24T10:00:00+01:00';

const coordinator = async (): Promise<Target> => ({ token: COORDINATOR_TOKEN, path: '', ids: {} });

async function withService(h: Harness, suffix = ''): Promise<Target> {
  const s = await h.make.service();
  const m = await h.make.mediator({ availability: [] });
  return { token: COORDINATOR_TOKEN, path: `/v1/services/${s.id}${suffix}`, ids: { service: s.id, mediator: m.id } };
}

async function withMediator(h: Harness, suffix = ''): Promise<Target> {
  const m = await h.make.mediator();
  return { token: COORDINATOR_TOKEN, path: `/v1/mediators/${m.id}${suffix}`, ids: { mediator: m.id } };
}

async function withAppointment(h: Harness, suffix = ''): Promise<Target> {
  const desk = await h.make.desk();
  const m = await h.make.mediator();
  const a = await h.make.appointment(desk.token);
  return { token: desk.token, path: `/v1/appointments/${a.id}${suffix}`, ids: { appointment: a.id, mediator: m.id, service: desk.service.id } };
}

/** After the default appointment (Monday 23 March 2026, 10:00–11:00 Rome): its sheets can be signed. */
const AFTER_START = '2026-03-23T12:00:00Z';

/** A booked appointment that has taken place; the desk signs its sheet. Each call books a new one. */
async function withPastAppointment(h: Harness, suffix: string): Promise<Target> {
  h.clock.set(TEST_NOW);
  const t = await withAppointment(h, suffix);
  h.clock.set(AFTER_START);
  return t;
}

const listItem = (path: (t: Target) => string) => async (h: Harness, t: Target, written: Json) => {
  const page = await h.expectStatus(h.call('GET', `${path(t)}?limit=200`), 200);
  const item = (page.items as Json[]).find((i) => i.id === written.id);
  if (!item) throw new Error(`${written.id} not found in ${path(t)}`);
  return item;
};

const MEDIATOR_FIELDS: Field[] = [
  { path: 'name', kind: 'text', required: true },
  { path: 'email', kind: 'pattern', required: true },
  { path: 'phone', kind: 'pattern', nullable: true },
  { path: 'gender', kind: 'enum', nullable: true },
  { path: 'homeArea', kind: 'pattern' },
  { path: 'languages', kind: 'array', required: true },
  { path: 'languages.0', kind: 'object' },
  { path: 'languages.0.code', kind: 'pattern' },
  { path: 'languages.0.level', kind: 'enum' },
  { path: 'areas', kind: 'array', required: true },
  { path: 'areas.0', kind: 'pattern' },
  { path: 'modalities', kind: 'array', required: true },
  { path: 'modalities.0', kind: 'enum' },
  { path: 'sectors', kind: 'array' },
  { path: 'maxWeeklyMinutes', kind: 'int' },
  { path: 'active', kind: 'bool' },
  { path: 'locale', kind: 'enum' },
];
const VALID_MEDIATOR = {
  name: 'Samira Haddad',
  email: 'samira@example.it',
  phone: '+39 011 555 0000',
  gender: 'female',
  homeArea: 'TO',
  languages: [{ code: 'ar-MA', level: 'native' }],
  areas: ['TO'],
  modalities: ['in_person', 'phone'],
  sectors: ['health'],
  maxWeeklyMinutes: 1200,
  active: true,
  locale: 'it',
};

const WRITE_ROUTES: WriteRoute[] = [
  {
    method: 'POST',
    route: '/v1/areas',
    setup: async (h) => {
      // A code not taken yet, with travel minutes to every area that exists (earlier attempts add areas).
      const areas = (await h.expectStatus(h.call('GET', '/v1/areas'), 200)).items as Json[];
      const n = areas.length;
      return {
        ...(await coordinator()),
        path: '/v1/areas',
        ids: { code: `Z${String.fromCharCode(65 + Math.floor(n / 26))}${String.fromCharCode(65 + (n % 26))}` },
        extra: { travelMinutes: Object.fromEntries(areas.map((a) => [a.code, 45])) },
      };
    },
    valid: (t) => ({ code: t.ids.code, name: 'Zona di prova', timezone: 'Europe/Rome', withinMinutes: 15, travelMinutes: t.extra?.travelMinutes }),
    onceOnly: true,
    fields: [
      { path: 'code', kind: 'pattern', required: true },
      { path: 'name', kind: 'text', required: true },
      { path: 'timezone', kind: 'text' },
      { path: 'withinMinutes', kind: 'int' },
      { path: 'travelMinutes', kind: 'record', required: true },
      { path: 'travelMinutes.TO', kind: 'int' },
    ],
  },
  {
    method: 'POST',
    route: '/v1/services',
    setup: async () => ({ ...(await coordinator()), path: '/v1/services' }),
    valid: () => ({ name: 'Consultorio Vanchiglia', kind: 'health', area: 'TO', address: 'Via Buniva 1, Torino', contactEmail: 'c@example.it', phone: '+39 011 555 1111' }),
    fields: [
      { path: 'name', kind: 'text', required: true },
      { path: 'kind', kind: 'enum' },
      { path: 'area', kind: 'pattern', required: true },
      { path: 'address', kind: 'text', required: true },
      { path: 'contactEmail', kind: 'pattern', required: true },
      { path: 'phone', kind: 'pattern' },
    ],
  },
  {
    method: 'PATCH',
    route: '/v1/services/{id}',
    setup: (h) => withService(h),
    valid: () => ({ name: 'Nuovo nome', address: 'Via Nuova 3, Torino', phone: null, active: true }),
    fields: [
      { path: 'name', kind: 'text' },
      { path: 'kind', kind: 'enum' },
      { path: 'area', kind: 'pattern' },
      { path: 'address', kind: 'text' },
      { path: 'contactEmail', kind: 'pattern' },
      { path: 'phone', kind: 'pattern', nullable: true },
      { path: 'active', kind: 'bool' },
    ],
  },
  {
    method: 'POST',
    route: '/v1/services/{id}/exclusions',
    setup: (h) => withService(h, '/exclusions'),
    valid: (t) => ({ mediatorId: t.ids.mediator, beneficiaryRef: 'CASE-2026-0412', reason: 'conflict of interest' }),
    fields: [
      { path: 'mediatorId', kind: 'pattern', required: true },
      { path: 'beneficiaryRef', kind: 'pattern' },
      { path: 'reason', kind: 'text', required: true },
    ],
    readBack: listItem((t) => t.path),
  },
  {
    method: 'POST',
    route: '/v1/users',
    setup: async () => ({ ...(await coordinator()), path: '/v1/users' }),
    valid: () => ({ role: 'coordinator', name: 'Giulia Rossi', email: 'giulia@example.it' }),
    fields: [
      { path: 'role', kind: 'enum', required: true },
      { path: 'name', kind: 'text', required: true },
      { path: 'email', kind: 'pattern' },
      { path: 'serviceId', kind: 'pattern' },
      { path: 'mediatorId', kind: 'pattern' },
    ],
    readBack: listItem(() => '/v1/users'),
  },
  {
    method: 'POST',
    route: '/v1/mediators',
    setup: async () => ({ ...(await coordinator()), path: '/v1/mediators' }),
    valid: () => VALID_MEDIATOR,
    fields: MEDIATOR_FIELDS,
  },
  {
    method: 'PATCH',
    route: '/v1/mediators/{id}',
    setup: (h) => withMediator(h),
    valid: () => VALID_MEDIATOR,
    fields: MEDIATOR_FIELDS.map((f) => ({ ...f, required: false })),
  },
  {
    method: 'PUT',
    route: '/v1/mediators/{id}/availability',
    setup: (h) => withMediator(h, '/availability'),
    valid: () => ({ rules: [{ weekday: 1, start: '09:00', end: '13:00' }, { weekday: 3, start: '14:00', end: '24:00' }] }),
    fields: [
      { path: 'rules', kind: 'array', required: true },
      { path: 'rules.0', kind: 'object' },
      { path: 'rules.0.weekday', kind: 'int' },
      { path: 'rules.0.start', kind: 'pattern' },
      { path: 'rules.0.end', kind: 'pattern' },
    ],
  },
  {
    method: 'POST',
    route: '/v1/mediators/{id}/time-off',
    setup: (h) => withMediator(h, '/time-off'),
    valid: () => ({ start: '2026-04-10T09:00:00+02:00', end: '2026-04-10T18:00:00+02:00', reason: 'visita medica' }),
    fields: [
      { path: 'start', kind: 'instant', required: true },
      { path: 'end', kind: 'instant', required: true },
      { path: 'reason', kind: 'text' },
    ],
    readBack: listItem((t) => t.path),
  },
  {
    method: 'POST',
    route: '/v1/appointments',
    setup: async (h) => {
      const desk = await h.make.desk();
      return { token: desk.token, path: '/v1/appointments', ids: { service: desk.service.id } };
    },
    valid: () => ({
      language: 'ar',
      area: 'TO',
      modality: 'in_person',
      start: FUTURE,
      durationMinutes: 60,
      sector: 'health',
      genderPreference: 'preferred',
      gender: 'female',
      beneficiaryRef: 'CASE-2026-0412',
      location: 'Ambulatorio 2',
      notes: 'Prima visita',
      urgency: 'standard',
      minLevel: 'B2',
      assignment: 'manual',
      allowFallback: false,
    }),
    fields: [
      { path: 'serviceId', kind: 'pattern' },
      { path: 'language', kind: 'pattern', required: true },
      { path: 'area', kind: 'pattern' },
      { path: 'modality', kind: 'enum' },
      { path: 'start', kind: 'instant', required: true },
      { path: 'durationMinutes', kind: 'int', required: true },
      { path: 'sector', kind: 'enum', required: true },
      { path: 'genderPreference', kind: 'enum' },
      { path: 'gender', kind: 'enum' },
      { path: 'beneficiaryRef', kind: 'pattern' },
      { path: 'location', kind: 'text' },
      { path: 'notes', kind: 'text' },
      { path: 'urgency', kind: 'enum' },
      { path: 'minLevel', kind: 'enum' },
      { path: 'assignment', kind: 'enum' },
      { path: 'allowFallback', kind: 'bool' },
    ],
  },
  {
    method: 'PATCH',
    route: '/v1/appointments/{id}',
    setup: (h) => withAppointment(h),
    valid: () => ({ start: '2026-03-23T11:00:00+01:00', durationMinutes: 90, area: 'TO', modality: 'in_person', location: 'Stanza 4', notes: 'Portare documenti' }),
    fields: [
      { path: 'start', kind: 'instant' },
      { path: 'durationMinutes', kind: 'int' },
      { path: 'area', kind: 'pattern' },
      { path: 'modality', kind: 'enum' },
      { path: 'location', kind: 'text', nullable: true },
      { path: 'notes', kind: 'text', nullable: true },
    ],
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/cancel',
    setup: (h) => withAppointment(h, '/cancel'),
    valid: () => ({ reason: 'the beneficiary moved away' }),
    fields: [{ path: 'reason', kind: 'text', echoAs: 'cancelReason' }],
    bodyOptional: true,
    onceOnly: true,
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/assign',
    setup: (h) => withAppointment(h, '/assign'),
    valid: (t) => ({ mediatorId: t.ids.mediator }),
    fields: [
      { path: 'mediatorId', kind: 'pattern', required: true },
      { path: 'fallback', kind: 'enum' },
    ],
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/attendance',
    setup: (h) => withPastAppointment(h, '/attendance'),
    valid: () => ({ party: 'desk', outcome: 'completed', checkIn: '2026-03-23T10:05:00+01:00', checkOut: '2026-03-23T11:00:00+01:00', rating: 4, comment: 'Puntuale' }),
    fields: [
      { path: 'outcome', kind: 'enum', required: true },
      { path: 'party', kind: 'enum' },
      { path: 'checkIn', kind: 'instant', nullable: true },
      { path: 'checkOut', kind: 'instant', nullable: true },
      { path: 'rating', kind: 'int', nullable: true },
      { path: 'comment', kind: 'text', nullable: true },
    ],
    readBack: async (_h, _t, written) => ({ comment: written.desk?.comment }),
  },
  {
    method: 'POST',
    route: '/v1/appointments/{id}/attendance/settle',
    setup: async (h) => ({ ...(await withPastAppointment(h, '/attendance/settle')), token: COORDINATOR_TOKEN }),
    valid: () => ({ outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:10:00+01:00', note: 'Registro firmato dal servizio' }),
    fields: [
      { path: 'outcome', kind: 'enum', required: true },
      { path: 'checkIn', kind: 'instant', nullable: true },
      { path: 'checkOut', kind: 'instant', nullable: true },
      { path: 'note', kind: 'text', required: true },
    ],
    onceOnly: true,
    readBack: async (_h, _t, written) => ({ note: written.settlement?.note }),
  },
  {
    method: 'POST',
    route: '/v1/services/{id}/budgets',
    setup: (h) => withService(h, '/budgets'),
    valid: () => ({ from: '2026-04-01', to: '2026-07-01T00:00:00+02:00', minutes: 6000, note: 'Convenzione 2026' }),
    fields: [
      { path: 'from', kind: 'bound', required: true },
      { path: 'to', kind: 'bound', required: true },
      { path: 'minutes', kind: 'int', required: true },
      { path: 'note', kind: 'text' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

const BAD_INSTANTS = [
  '2026-02-30T10:00:00+01:00', // 30 February
  'tomorrow',
  '2026-04-01T10:00:00', // no offset
  '2026-04-01', // a date, not an instant
  '2026-04-01 10:00:00+02:00',
  '2026-13-01T10:00:00+01:00',
  '2026-04-01T25:00:00+01:00',
  '2026-04-01T10:00:00+25:00',
  '',
  1774000000000, // epoch milliseconds
];

/** Calendar dates that are not (report bounds take a date, midnight in Rome, or an instant). */
const BAD_DATES = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-3-1', '26-03-01', '1999-12-31', '2026-03-01 ', '2026/03/01', '01/03/2026'];

/** Values of the wrong type (or out of range) for each kind of field; all must be refused. */
function wrongValues(f: Field): unknown[] {
  const common: unknown[] = [{}, [], ...(f.nullable ? [] : [null])];
  switch (f.kind) {
    case 'text':
      return [...common, 42, true, ['text'], 'x'.repeat(10_000)];
    case 'pattern':
      return [...common, 42, true, ['TO'], '', "'; DROP TABLE users; --", 'x'.repeat(10_000)];
    case 'enum':
      return [...common, 42, true, 'bogus', '', 'NATIVE ', "' OR 1=1 --"];
    case 'int':
      return [...common, '60', true, 1.5, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2];
    case 'bool':
      return [...common, 'true', 1, 0];
    case 'instant':
      return [...common, true, ...BAD_INSTANTS];
    case 'bound': // a calendar date or an instant
      return [...common, true, ...BAD_INSTANTS.filter((v) => v !== '2026-04-01'), ...BAD_DATES];
    case 'array':
      return [...common.filter((v) => !Array.isArray(v)), 'TO', 1, true, { 0: 'TO' }];
    case 'object':
      return [null, [], ['ar', 'C1'], 'ar', 1, true];
    case 'record':
      return [...common.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))), 'TO', 1, true, [['TO', 30]]];
  }
}

/** Text that must be stored verbatim or refused, never interpreted. None has outer whitespace (names are trimmed). */
const HOSTILE_TEXT = [
  "Robert'); DROP TABLE services;--",
  "1' OR '1'='1",
  '%\' UNION SELECT token_hash FROM users --',
  '" OR ""="',
  '🏥 مركز صحي · 中文 · Ñandú · 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 · e\u0301',
  'right\u202Eto-left\u202C override',
  'zero\u200Bwidth\u200Djoiner',
  '<script>alert(1)</script>',
  '${7*7} {{7*7}} %s%n',
  'back\\slash "quotes"',
  'nul\u0000byte',
];

function setPath(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node: Json = copy;
  for (const k of keys.slice(0, -1)) node = node[k];
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const deeplyNested = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------

function describeValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** A refusal: 4xx, problem+json, a stable code. */
function expectRefusal(r: ApiResponse, statuses: number[] = [400, 409, 413, 415, 422]): void {
  expect(statuses, `status ${r.status}: ${r.text.slice(0, 300)}`).toContain(r.status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body.status).toBe(r.status);
  expect(r.body.code).toMatch(/^[a-z][a-z0-9_]*$/);
}

/** A validation refusal naming `field` (or something inside it). */
function expectFieldError(r: ApiResponse, field: string): void {
  expectRefusal(r, [400, 422]);
  const paths = ((r.body.errors ?? []) as { path: string }[]).map((e) => e.path);
  expect(
    paths.some((p) => p === field || p.startsWith(`${field}.`)),
    `errors ${JSON.stringify(paths)} do not name ${field}`,
  ).toBe(true);
}

function expectNot500(r: ApiResponse): void {
  expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
  if (r.status >= 400) expectRefusal(r, [r.status]);
}

const json = { 'content-type': 'application/json' };

let h: Harness;
beforeEach(async () => {
  h = await makeHarness({ config: NO_GUESSING_LIMIT });
});
afterEach(() => h.close());

// ---------------------------------------------------------------------------------------------
// Every write route
// ---------------------------------------------------------------------------------------------

for (const route of WRITE_ROUTES) {
  describe(`${route.method} ${route.route}`, () => {
    const send = (t: Target, o: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
      h.call(route.method, t.path, { token: t.token, ...o });

    it('accepts the reference body (so every refusal below is about the change made to it)', async () => {
      const t = await route.setup(h);
      const r = await send(t, { body: route.valid(t) });
      expect(r.status, r.text).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(300);
    });

    it('refuses malformed JSON with 400 malformed_body', async () => {
      const t = await route.setup(h);
      for (const raw of ['{', '{"name":}', "{'name':'x'}", '{"a":1}}', '{"a":1,}', '{"durationMinutes":NaN}', 'undefined', '\u0000', '{"a":"\\u12"}']) {
        const r = await send(t, { rawBody: raw, headers: json });
        expectRefusal(r, [400]);
        expect(r.body.code, raw).toBe('malformed_body');
      }
    });

    it('refuses a body that is not JSON (text/plain, form, no Content-Type) with 415', async () => {
      const t = await route.setup(h);
      const text = JSON.stringify(route.valid(t));
      const contentTypes: Record<string, string>[] = [
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
        { 'content-type': 'application/xml' },
        {},
      ];
      for (const headers of contentTypes) {
        const r = await send(t, { rawBody: text, headers });
        expectRefusal(r, [415]);
        expect(r.body.code).toBe('unsupported_media_type');
      }
    });

    it(route.bodyOptional ? 'treats an absent body as no fields, and refuses an empty JSON body' : 'refuses an empty body', async () => {
      const t = await route.setup(h);
      const empty = await send(t, { rawBody: '', headers: json });
      expectRefusal(empty, [400]);
      if (route.bodyOptional) {
        const absent = await send(t, {});
        expect(absent.status, absent.text).toBe(200);
      } else if (route.fields.some((f) => f.required)) {
        const absent = await send(t, {});
        expectRefusal(absent, [400]);
      }
    });

    it('refuses JSON that is not an object (null, array, string, number, boolean, [valid body])', async () => {
      const t = await route.setup(h);
      for (const body of [null, [], 'body', 42, true, [route.valid(t)]]) {
        const r = await send(t, { rawBody: JSON.stringify(body), headers: json });
        expectRefusal(r, [400]);
        expect(r.body.code, describeValue(body)).toBe('validation_failed');
      }
    });

    it('refuses unknown fields, naming them', async () => {
      const t = await route.setup(h);
      for (const key of ['unknownField', 'id', 'createdAt', 'isAdmin', 'constructor']) {
        const r = await send(t, { body: { ...route.valid(t), [key]: 'x' } });
        expectFieldError(r, key);
      }
      const proto = await send(t, { rawBody: JSON.stringify(route.valid(t)).replace(/^\{/, '{"__proto__":{"role":"coordinator"},'), headers: json });
      expectFieldError(proto, '__proto__');
    });

    it('refuses a 100 kB body with 413 body_too_large', async () => {
      const t = await route.setup(h);
      const r = await send(t, { body: { ...route.valid(t), padding: 'x'.repeat(100_000) } });
      expectRefusal(r, [413]);
      expect(r.body.code).toBe('body_too_large');
    });

    it('refuses deeply nested values without falling over', async () => {
      const t = await route.setup(h);
      const first = route.fields[0] as Field;
      const inField = await send(t, { body: setPath(route.valid(t), first.path, deeplyNested(2_000)) });
      expectFieldError(inField, first.path);
      const asBody = await send(t, { rawBody: '['.repeat(30_000) + ']'.repeat(30_000), headers: json });
      expectRefusal(asBody, [400]);
      const unknown = await send(t, { rawBody: `{"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, headers: json });
      expectRefusal(unknown, [400]);
    });

    it('refuses null in every field that is not nullable, naming each of them', async () => {
      const t = await route.setup(h);
      const body = Object.fromEntries(route.fields.filter((f) => !f.path.includes('.')).map((f) => [f.path, null]));
      const r = await send(t, { body });
      expectRefusal(r, [400]);
      const paths = (r.body.errors as { path: string }[]).map((e) => e.path);
      const nonNullable = route.fields.filter((f) => !f.path.includes('.') && !f.nullable).map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(nonNullable));
    });

    for (const field of route.fields.filter((f) => f.required)) {
      it(`refuses a body without ${field.path}, naming it`, async () => {
        const t = await route.setup(h);
        expectFieldError(await send(t, { body: setPath(route.valid(t), field.path, undefined) }), field.path);
      });
    }

    for (const field of route.fields) {
      it(`refuses wrong types and values in ${field.path}, naming it`, async () => {
        const t = await route.setup(h);
        for (const value of wrongValues(field)) {
          const r = await send(t, { body: setPath(route.valid(t), field.path, value) });
          try {
            expectFieldError(r, field.path);
          } catch (error) {
            throw new Error(`${field.path} = ${describeValue(value)}: ${(error as Error).message}`);
          }
        }
      });
    }

    for (const field of route.fields.filter((f) => f.kind === 'text')) {
      it(`stores SQL-looking and unusual Unicode text in ${field.path} verbatim (or refuses it), never runs it`, async () => {
        const shared = route.onceOnly ? undefined : await route.setup(h);
        for (const text of HOSTILE_TEXT) {
          const t = shared ?? (await route.setup(h));
          const r = await send(t, { body: setPath(route.valid(t), field.path, text) });
          if (r.status >= 400) {
            expectRefusal(r, [400, 422]);
            continue;
          }
          expect(r.status, `${describeValue(text)}: ${r.text.slice(0, 200)}`).toBeLessThan(300);
          const stored = route.readBack ? await route.readBack(h, t, r.body) : r.body;
          expect(stored[field.echoAs ?? field.path], describeValue(text)).toBe(text);
        }
        for (const list of ['/v1/areas', '/v1/services', '/v1/users', '/v1/mediators', '/v1/appointments']) {
          await h.expectStatus(h.call('GET', list), 200);
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Representative field paths, spelled out
// ---------------------------------------------------------------------------------------------

describe('errors name the field at fault', () => {
  it('durationMinutes: negative, zero, fractional, too long, a string → 400 at durationMinutes', async () => {
    const desk = await h.make.desk();
    for (const durationMinutes of [-60, 0, 14, 60.5, 481, '60']) {
      const r = await h.call('POST', '/v1/appointments', { token: desk.token, body: { language: 'ar', start: FUTURE, durationMinutes, sector: 'health' } });
      expectFieldError(r, 'durationMinutes');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['durationMinutes']);
    }
  });

  it('durationMinutes: NaN is not JSON (400 malformed_body); 1e400 overflows to Infinity (400 at durationMinutes)', async () => {
    const desk = await h.make.desk();
    const raw = (d: string) => `{"language":"ar","start":"${FUTURE}","durationMinutes":${d},"sector":"health"}`;
    const nan = await h.call('POST', '/v1/appointments', { token: desk.token, rawBody: raw('NaN'), headers: json });
    expectRefusal(nan, [400]);
    expect(nan.body.code).toBe('malformed_body');
    expectFieldError(await h.call('POST', '/v1/appointments', { token: desk.token, rawBody: raw('1e400'), headers: json }), 'durationMinutes');
    expectFieldError(await h.call('POST', '/v1/appointments', { token: desk.token, rawBody: raw('-1e400'), headers: json }), 'durationMinutes');
  });

  it('a 10 kB name → 400 at name (names are at most 200 characters)', async () => {
    const r = await h.call('POST', '/v1/services', {
      body: { name: 'N'.repeat(10_000), area: 'TO', address: 'Via Roma 1, Torino', contactEmail: 'x@example.it' },
    });
    expectFieldError(r, 'name');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
  });

  it('languages.0.level: an unknown level → 400 at languages.0.level', async () => {
    const r = await h.call('POST', '/v1/mediators', { body: { ...VALID_MEDIATOR, languages: [{ code: 'ar', level: 'fluent' }] } });
    expectFieldError(r, 'languages.0.level');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['languages.0.level']);
  });

  it('rules.0.start: "9:00" → 400 at rules.0.start; an end before the start → 422 at rules.0.end', async () => {
    const m = await h.make.mediator();
    const bad = await h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: [{ weekday: 1, start: '9:00', end: '13:00' }] } });
    expectFieldError(bad, 'rules.0.start');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['rules.0.start']);
    const backwards = await h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: [{ weekday: 1, start: '13:00', end: '09:00' }] } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(['rules.0.end']);
  });

  it('weekday outside 1–7 → 400 at rules.N.weekday', async () => {
    const m = await h.make.mediator();
    for (const weekday of [0, 8, 1.5, '1']) {
      const r = await h.call('PUT', `/v1/mediators/${m.id}/availability`, {
        body: { rules: [{ weekday: 1, start: '09:00', end: '10:00' }, { weekday, start: '09:00', end: '10:00' }] },
      });
      expectFieldError(r, 'rules.1.weekday');
    }
  });

  it('bad dates on start → 400 at start', async () => {
    const desk = await h.make.desk();
    for (const start of BAD_INSTANTS) {
      const r = await h.call('POST', '/v1/appointments', { token: desk.token, body: { language: 'ar', start, durationMinutes: 60, sector: 'health' } });
      expectFieldError(r, 'start');
    }
  });

  it('time off that ends before it starts → 422 at end', async () => {
    const m = await h.make.mediator();
    const r = await h.call('POST', `/v1/mediators/${m.id}/time-off`, { body: { start: '2026-04-02T10:00:00+02:00', end: '2026-04-01T10:00:00+02:00' } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['end']);
  });

  it('a malformed Idempotency-Key header → 400 naming it', async () => {
    const desk = await h.make.desk();
    for (const key of ['a'.repeat(201), 'has spaces in it', '']) {
      const r = await h.call('POST', '/v1/appointments', {
        token: desk.token,
        headers: { 'Idempotency-Key': key },
        body: { language: 'ar', start: FUTURE, durationMinutes: 60, sector: 'health' },
      });
      expectRefusal(r, [400]);
      expect(r.body.errors.map((e: { path: string }) => e.path).join(' ')).toMatch(/idempotency-key/i);
    }
  });

  const paths = (r: ApiResponse) => ((r.body.errors ?? []) as { path: string }[]).map((e) => e.path);
  const sheet = { outcome: 'completed', checkIn: '2026-03-23T10:00:00+01:00', checkOut: '2026-03-23T11:00:00+01:00' };

  it('attendance: a bad outcome, checkIn not an instant, rating 0/6/2.5/"5", a 10 kB comment, unknown fields → 400 naming exactly that field', async () => {
    const t = await withPastAppointment(h, '/attendance');
    const cases: Array<[Json, string]> = [
      [{ ...sheet, outcome: 'arrived' }, 'outcome'],
      [{ ...sheet, outcome: 'COMPLETED' }, 'outcome'],
      [{ ...sheet, checkIn: 'yesterday at ten' }, 'checkIn'],
      [{ ...sheet, checkIn: '2026-03-23T10:00:00' }, 'checkIn'],
      [{ ...sheet, checkIn: '10:00' }, 'checkIn'],
      [{ ...sheet, checkOut: 1774260000000 }, 'checkOut'],
      [{ ...sheet, rating: 0 }, 'rating'],
      [{ ...sheet, rating: 6 }, 'rating'],
      [{ ...sheet, rating: 2.5 }, 'rating'],
      [{ ...sheet, rating: '5' }, 'rating'],
      [{ ...sheet, rating: -1 }, 'rating'],
      [{ ...sheet, comment: 'c'.repeat(10_240) }, 'comment'],
      [{ ...sheet, party: 'beneficiary' }, 'party'],
      [{ ...sheet, billableMinutes: 600 }, 'billableMinutes'],
      [{ ...sheet, settled: true }, 'settled'],
    ];
    for (const [body, field] of cases) {
      const r = await h.call('POST', t.path, { token: t.token, body });
      expect(r.status, `${describeValue(body)}: ${r.text.slice(0, 200)}`).toBe(400);
      expect(paths(r), describeValue(body)).toEqual([field]);
    }
    const untouched = await h.expectStatus(h.call('GET', t.path, { token: t.token }), 200);
    expect(untouched).toMatchObject({ state: 'awaiting', desk: null });
  });

  it('attendance: a checkOut before (or at) the checkIn → 422 at checkOut; completed without times → 422 at checkIn and checkOut', async () => {
    const t = await withPastAppointment(h, '/attendance');
    for (const checkOut of ['2026-03-23T09:59:00+01:00', '2026-03-23T10:00:00+01:00', '2026-03-23T09:00:00Z']) {
      const r = await h.call('POST', t.path, { token: t.token, body: { ...sheet, checkOut } });
      expect(r.status, checkOut).toBe(422);
      expect(paths(r)).toEqual(['checkOut']);
    }
    const bare = await h.call('POST', t.path, { token: t.token, body: { outcome: 'completed' } });
    expect(bare.status).toBe(422);
    expect(paths(bare).sort()).toEqual(['checkIn', 'checkOut']);
    const early = await h.call('POST', t.path, { token: t.token, body: { ...sheet, checkIn: '2026-03-23T07:00:00+01:00' } });
    expect(early.status).toBe(422);
    expect(paths(early)).toEqual(['checkIn']);
    expect((await h.expectStatus(h.call('GET', t.path, { token: t.token }), 200)).desk).toBeNull();
  });

  it('attendance/settle: without a note, or with an empty or blank one, or a 501-character one → 400 at note', async () => {
    const t = await withPastAppointment(h, '/attendance/settle');
    for (const note of [undefined, '', '   ', 'n'.repeat(501), null, 42]) {
      const r = await h.call('POST', t.path, { body: { ...sheet, note } });
      expect(r.status, describeValue(note)).toBe(400);
      expect(paths(r)).toEqual(['note']);
    }
    const backwards = await h.call('POST', t.path, { body: { ...sheet, checkOut: '2026-03-23T09:00:00+01:00', note: 'x' } });
    expect(backwards.status).toBe(422);
    expect(paths(backwards)).toEqual(['checkOut']);
  });

  it('budgets: from after to (or equal) → 422 at to; minutes negative, fractional or a string → 400 at minutes; 30 February → 400 at that date', async () => {
    const t = await withService(h, '/budgets');
    const ok = { from: '2026-04-01', to: '2026-07-01', minutes: 600 };
    for (const [from, to] of [
      ['2026-07-01', '2026-04-01'],
      ['2026-04-01', '2026-04-01'],
      ['2026-04-01T10:00:00+02:00', '2026-04-01T09:00:00+02:00'],
      ['2026-04-01', '2026-03-31T23:00:00+02:00'], // midnight in Rome is 22:00Z: an hour before it
    ]) {
      const r = await h.call('POST', t.path, { body: { ...ok, from, to } });
      expect(r.status, `${from} → ${to}: ${r.text.slice(0, 200)}`).toBe(422);
      expect(paths(r)).toEqual(['to']);
    }
    for (const minutes of [-1, -600, 1.5, 0.1, '600', 10_000_001]) {
      const r = await h.call('POST', t.path, { body: { ...ok, minutes } });
      expect(r.status, describeValue(minutes)).toBe(400);
      expect(paths(r)).toEqual(['minutes']);
    }
    for (const field of ['from', 'to'] as const) {
      for (const date of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01']) {
        const r = await h.call('POST', t.path, { body: { ...ok, [field]: date } });
        expect(r.status, `${field} = ${date}`).toBe(400);
        expect(paths(r)).toEqual([field]);
      }
    }
    expect((await h.expectStatus(h.call('GET', t.path), 200)).items).toEqual([]);
  });

  it('budgets: a date means midnight in Rome; an instant keeps its offset', async () => {
    const t = await withService(h, '/budgets');
    const r = await h.expectStatus(h.call('POST', t.path, { body: { from: '2026-03-01', to: '2026-03-29T12:00:00Z', minutes: 0 } }), 201);
    expect(r.from).toBe('2026-03-01T00:00:00+01:00');
    expect(Date.parse(r.to)).toBe(Date.parse('2026-03-29T12:00:00Z'));
  });
});

// ---------------------------------------------------------------------------------------------
// Routes that take no body
// ---------------------------------------------------------------------------------------------

describe('POST /v1/offers/{id}/accept and /decline take no body', () => {
  async function offer() {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const other = await h.make.mediator({ languages: [{ code: 'ar', level: 'B2' }] });
    const token = (await h.make.mediatorUser(m.id)).token;
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const offers = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${a.id}&mediatorId=${m.id}`), 200)).items as Json[];
    return { id: offers[0]?.id as string, token, appointment: a.id as string, other: other.id as string };
  }
  async function expectStillOpen(o: Awaited<ReturnType<typeof offer>>) {
    const all = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${o.appointment}`), 200)).items as Json[];
    expect(all.find((x) => x.id === o.id)?.status).toBe('pending');
    expect((await h.expectStatus(h.call('GET', `/v1/appointments/${o.appointment}`), 200)).status).toBe('offered');
  }

  for (const action of ['accept', 'decline']) {
    it(`${action} with a JSON body that has fields → 400 naming them, and the offer stays open`, async () => {
      const o = await offer();
      for (const body of [{ mediatorId: o.other }, { status: 'accepted' }]) {
        const r = await h.call('POST', `/v1/offers/${o.id}/${action}`, { token: o.token, body });
        expectFieldError(r, Object.keys(body)[0] as string);
      }
      await expectStillOpen(o);
    });

    it(`${action} with malformed JSON → 400 malformed_body; with 100 kB → 413; and the offer stays open`, async () => {
      const o = await offer();
      const malformed = await h.call('POST', `/v1/offers/${o.id}/${action}`, { token: o.token, rawBody: '{"mediatorId":', headers: json });
      expectRefusal(malformed, [400]);
      expect(malformed.body.code).toBe('malformed_body');
      const big = await h.call('POST', `/v1/offers/${o.id}/${action}`, { token: o.token, body: { padding: 'x'.repeat(100_000) } });
      expectRefusal(big, [413]);
      await expectStillOpen(o);
    });
  }

  it('no body, or an empty JSON object, is fine', async () => {
    const first = await offer();
    const declined = await h.call('POST', `/v1/offers/${first.id}/decline`, { token: first.token });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.body.status).toBe('declined');
    h.clock.set(TEST_NOW);
    const second = await offer();
    const accepted = await h.call('POST', `/v1/offers/${second.id}/accept`, { token: second.token, body: {} });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.status).toBe('booked');
  });
});

// ---------------------------------------------------------------------------------------------
// Data the API would store but could not give back faithfully
// ---------------------------------------------------------------------------------------------

describe('stored as sent, or refused', () => {
  it('a lone UTF-16 surrogate in a name is refused, not silently replaced', async () => {
    const r = await h.call('POST', '/v1/services', {
      body: { name: 'Sportello \ud800 rotto', area: 'TO', address: 'Via Roma 1, Torino', contactEmail: 'x@example.it' },
    });
    if (r.status < 300) expect(r.body.name).toBe('Sportello \ud800 rotto');
    else expectFieldError(r, 'name');
  });

  it('an area with a timezone that does not exist is refused at timezone', async () => {
    const r = await h.call('POST', '/v1/areas', { body: { code: 'ZZ', name: 'Zona', timezone: 'Mars/Olympus_Mons', travelMinutes: EIGHT_AREAS } });
    expectFieldError(r, 'timezone');
  });

  it('a mediator with the same language twice at two levels is refused at languages', async () => {
    const r = await h.call('POST', '/v1/mediators', {
      body: { ...VALID_MEDIATOR, languages: [{ code: 'ar', level: 'native' }, { code: 'AR', level: 'B1' }] },
    });
    expectFieldError(r, 'languages');
  });

  const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const cases: Array<[string, string, string]> = [
    ['UTC', '2026-04-01T10:00:00Z', '2026-04-01T12:00:00Z'],
    ['the furthest offsets', '2026-04-01T10:00:00+14:00', '2026-04-01T10:00:00-12:00'],
    ['fractional seconds', '2026-04-01T10:00:00.250+02:00', '2026-04-01T11:00:00.750+02:00'],
    ['across the spring DST change', '2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00'],
    ['before standard time existed (1890, Rome mean time)', '1890-01-01T00:00:00Z', '1890-01-02T00:00:00Z'],
    ['at the end of year 9999', '9999-12-31T10:00:00-12:00', '9999-12-31T20:00:00-12:00'],
  ];
  for (const [label, start, end] of cases) {
    it(`time off ${label}: refused, or given back as the same instants in ISO 8601 the API accepts`, async () => {
      const m = await h.make.mediator();
      const r = await h.call('POST', `/v1/mediators/${m.id}/time-off`, { body: { start, end } });
      if (r.status >= 400) return expectRefusal(r, [400, 422]);
      expect(r.status).toBe(201);
      expect(r.body.start).toMatch(INSTANT);
      expect(r.body.end).toMatch(INSTANT);
      expect(Date.parse(r.body.start)).toBe(Date.parse(start));
      expect(Date.parse(r.body.end)).toBe(Date.parse(end));
    });
  }

  it('line breaks in free text cannot add lines to an invite or a feed (no extra ATTENDEE, VEVENT or VALARM)', async () => {
    const inject = '\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nBEGIN:VALARM';
    const desk = await h.make.desk({ name: `Consultorio${inject}`.slice(0, 200), address: `Via Roma 1${inject}` });
    const m = await h.make.mediator({ name: `Amina${inject}`.slice(0, 200) });
    const mediatorToken = (await h.make.mediatorUser(m.id)).token;
    const a = await h.make.appointment(desk.token, { location: `Stanza 3${inject}`, notes: `Portare documenti${inject}` });
    const feed = await h.expectStatus(h.call('POST', `/v1/calendars/mediators/${m.id}/token`, { token: mediatorToken }), 201);
    const calendars = [
      await h.call('GET', `/v1/appointments/${a.id}/invite.ics`, { token: desk.token }),
      await h.call('GET', `/v1/calendars/mediators/${m.id}.ics?token=${feed.token}`, { token: null }),
    ];
    for (const r of calendars) {
      expect(r.status, r.text.slice(0, 200)).toBe(200);
      const lines = r.text.replace(/\r\n[ \t]/g, '').split('\r\n');
      expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
      expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(1);
      expect(lines.filter((l) => ['ATTENDEE:mailto:evil@example.com', 'UID:evil', 'BEGIN:VALARM'].includes(l))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
      expect(r.text).not.toMatch(/\r(?!\n)|(?<!\r)\n/); // every line ends in CRLF, nothing else breaks a line
    }
  });

  it('CSV cells starting with = + - @ are defused and quotes and semicolons are quoted, in every report', async () => {
    const desk = await h.make.desk({ name: '=HYPERLINK("http://evil.example/","x"),1' });
    const m = await h.make.mediator({ name: '+SUM(1;2)' });
    await h.make.mediator({ name: '@cmd "quoted", and, commas', email: 'second@example.it' });
    await h.make.appointment(desk.token);
    await h.make.appointment(desk.token, { start: '2026-03-23T10:30:00+01:00' }); // the second mediator (the first is busy)
    h.clock.set(AFTER_START);
    const seen: string[] = [];
    for (const path of ['/v1/reports/timesheets.csv', '/v1/reports/timesheets.csv?by=service', '/v1/reports/coverage.csv?groupBy=service,language']) {
      const r = await h.call('GET', `${path}${path.includes('?') ? '&' : '?'}${PERIOD}`);
      expect(r.status, r.text.slice(0, 200)).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
      const cells = r.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).flatMap((line) => line.match(/("([^"]|"")*"|[^;]*)(;|$)/g) ?? []);
      const values = cells.map((c) => c.replace(/;$/, '').replace(/^"(.*)"$/s, '$1').replace(/""/g, '"'));
      expect(values.filter((v) => /^[=+\-@]/.test(v)), path).toEqual([]);
      seen.push(...values);
    }
    expect(seen).toEqual(expect.arrayContaining(["'+SUM(1;2)", '\'@cmd "quoted", and, commas', '\'=HYPERLINK("http://evil.example/","x"),1']));
    expect(seen).toContain(m.id);
  });

  it('an appointment near the end of year 9999: refused, or given back in ISO 8601 the API accepts', async () => {
    const desk = await h.make.desk();
    const r = await h.call('POST', '/v1/appointments', {
      token: desk.token,
      body: { language: 'ar', start: '9999-12-31T20:00:00-12:00', durationMinutes: 480, sector: 'health' },
    });
    if (r.status >= 400) return expectRefusal(r, [400, 422]);
    expect(r.body.start).toMatch(INSTANT);
    expect(r.body.end).toMatch(INSTANT);
  });
});

// ---------------------------------------------------------------------------------------------
// List queries
// ---------------------------------------------------------------------------------------------

interface ListRoute {
  route: string;
  path: (h: Harness) => Promise<string>;
  /** Extra bad parameters this list accepts: [query string, the parameter named in errors]. */
  extra?: Array<[string, string]>;
}

const LIST_ROUTES: ListRoute[] = [
  { route: '/v1/services', path: async () => '/v1/services', extra: [['area=to', 'area'], ['area=%27%20OR%201%3D1', 'area']] },
  { route: '/v1/services/{id}/exclusions', path: async (h) => `/v1/services/${(await h.make.service()).id}/exclusions`, extra: [['mediatorId=a%20b', 'mediatorId']] },
  { route: '/v1/users', path: async () => '/v1/users', extra: [['role=admin', 'role']] },
  {
    route: '/v1/mediators',
    path: async () => '/v1/mediators',
    extra: [['active=maybe', 'active'], ['language=ar%27%20OR%201%3D1', 'language'], ['language=a_', 'language'], ['area=Torino', 'area']],
  },
  {
    route: '/v1/mediators/{id}/time-off',
    path: async (h) => `/v1/mediators/${(await h.make.mediator()).id}/time-off`,
    extra: [['from=notadate', 'from'], ['to=2026-02-30T10:00:00%2B01:00', 'to'], ['from=2026-04-01', 'from']],
  },
  {
    route: '/v1/appointments',
    path: async () => '/v1/appointments',
    extra: [
      ['from=notadate', 'from'],
      ['to=tomorrow', 'to'],
      ['from=2026-04-01T10:00:00', 'from'],
      ['status=bogus', 'status'],
      ['language=%25', 'language'],
      ['beneficiaryRef=Mario%20Rossi', 'beneficiaryRef'],
      ['serviceId=%27%3B--', 'serviceId'],
    ],
  },
  {
    route: '/v1/offers',
    path: async () => '/v1/offers',
    extra: [['status=bogus', 'status'], ['status=PENDING', 'status'], ['appointmentId=%27%3B--', 'appointmentId'], ['mediatorId=a%20b', 'mediatorId']],
  },
  {
    route: '/v1/outbox',
    path: async () => '/v1/outbox',
    extra: [['status=bogus', 'status'], ['appointmentId=%27%3B--', 'appointmentId'], [`kind=${'k'.repeat(65)}`, 'kind']],
  },
  {
    route: '/v1/attendance',
    path: async () => '/v1/attendance',
    extra: [
      ['state=bogus', 'state'],
      ['state=settled', 'state'],
      ['from=garbage', 'from'],
      ['to=2026-02-30', 'to'],
      ['from=2026-04-01T10:00:00', 'from'],
      ['to=1999-12-31', 'to'],
    ],
  },
];

const BAD_PAGING: Array<[string, string]> = [
  ['limit=0', 'limit'],
  ['limit=-1', 'limit'],
  ['limit=abc', 'limit'],
  ['limit=10000', 'limit'],
  ['limit=1.5', 'limit'],
  ['limit=', 'limit'],
  ['limit=Infinity', 'limit'],
  ['limit=99999999999999999999999', 'limit'],
  ['cursor=garbage', 'cursor'],
  ['cursor=%25%25%25', 'cursor'],
  [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
  [`cursor=${Buffer.from('[null]').toString('base64url')}`, 'cursor'],
  [`cursor=${'A'.repeat(300)}`, 'cursor'],
];

describe('bad query strings on list routes → 400/422 problem+json naming the parameter', () => {
  for (const list of LIST_ROUTES) {
    it(`${list.route}: ${[...BAD_PAGING, ...(list.extra ?? [])].map(([q]) => q.slice(0, 24)).join(', ')}`, async () => {
      const path = await list.path(h);
      for (const [query, param] of [...BAD_PAGING, ...(list.extra ?? [])]) {
        const r = await h.call('GET', `${path}?${query}`);
        try {
          expectRefusal(r, [400, 422]);
          const paths = (r.body.errors ?? []).map((e: { path: string }) => e.path);
          expect(paths.some((p: string) => p === param || p === `query.${param}`), `errors ${JSON.stringify(paths)}`).toBe(true);
        } catch (error) {
          throw new Error(`?${query.slice(0, 60)}: ${(error as Error).message}`);
        }
      }
    });
  }

  it('a cursor from one list is refused by another (keyed differently)', async () => {
    const desk = await h.make.desk();
    await h.make.desk();
    await h.make.appointment(desk.token);
    await h.make.appointment(desk.token, { start: '2026-03-24T10:00:00+01:00' });
    const services = await h.expectStatus(h.call('GET', '/v1/services?limit=1'), 200);
    const appointments = await h.expectStatus(h.call('GET', '/v1/appointments?limit=1'), 200);
    expect(services.nextCursor).toEqual(expect.any(String));
    expect(appointments.nextCursor).toEqual(expect.any(String));
    expectRefusal(await h.call('GET', `/v1/appointments?cursor=${services.nextCursor}`), [400, 422]);
    expectRefusal(await h.call('GET', `/v1/services?cursor=${appointments.nextCursor}`), [400, 422]);
  });

  it('candidates?explain=yes → 400 naming explain', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    const r = await h.call('GET', `/v1/appointments/${a.id}/candidates?explain=yes`, { token: desk.token });
    expectFieldError(r, 'query.explain');
  });

  it('candidates with a bad limit (the paging cases, and past 1000) → 400 naming limit', async () => {
    const desk = await h.make.desk();
    const a = await h.make.appointment(desk.token, { assignment: 'manual' });
    for (const [query] of [...BAD_PAGING.filter(([, param]) => param === 'limit'), ['limit=1001', 'limit']]) {
      const r = await h.call('GET', `/v1/appointments/${a.id}/candidates?${query}`, { token: desk.token });
      try {
        expectFieldError(r, 'query.limit');
      } catch (error) {
        throw new Error(`?${query}: ${(error as Error).message}`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Report queries
// ---------------------------------------------------------------------------------------------

const PERIOD = 'from=2026-03-01&to=2026-03-31';

/** Bad periods, for every report: [query string, the parameter named in errors]. */
const BAD_PERIODS: Array<[string, string]> = [
  ['to=2026-03-31', 'from'],
  ['from=garbage&to=2026-03-31', 'from'],
  ['from=&to=2026-03-31', 'from'],
  ['from=2026-02-30&to=2026-03-31', 'from'],
  ['from=2026-03-01T10:00:00&to=2026-03-31', 'from'],
  ['from=1999-12-01&to=2000-01-01', 'from'],
  ['from=%27%20OR%201%3D1%20--&to=2026-03-31', 'from'],
  ['from=2026-03-01', 'to'],
  ['from=2026-03-01&to=tomorrow', 'to'],
  ['from=2026-03-01&to=2026-04-31', 'to'],
  ['from=2026-04-01&to=2026-03-01', 'to'], // to before from
  ['from=2026-03-01T10:00:00%2B01:00&to=2026-03-01T10:00:00%2B01:00', 'to'], // an empty period (a date pair is never empty: both days are included)
  ['month=2026-03&from=2026-03-01', 'month'],
  ['month=2026-00', 'month'],
  ['month=2026-3', 'month'],
  ['from=2026-03-01T12:00:00%2B01:00&to=2026-03-01T11:00:00Z', 'to'],
  ['from=2025-01-01&to=2026-06-01', 'to'], // over 400 days
  ['from=2000-01-01&to=2099-12-31', 'to'],
  [`${PERIOD}&format=xml`, 'format'],
  [`${PERIOD}&format=CSV`, 'format'],
];

const REPORTS: Array<[string, Array<[string, string]>]> = [
  [
    '/v1/reports/coverage',
    [
      [`${PERIOD}&groupBy=unknown`, 'groupBy'],
      [`${PERIOD}&groupBy=language,bogus`, 'groupBy'],
      [`${PERIOD}&groupBy=language,language`, 'groupBy'],
      [`${PERIOD}&groupBy=Language`, 'groupBy'],
      [`${PERIOD}&groupBy=language%27%3B--`, 'groupBy'],
      [`${PERIOD}&groupBy=${'area,'.repeat(2_000)}`, 'groupBy'],
    ],
  ],
  [
    '/v1/reports/timesheets',
    [
      [`${PERIOD}&by=other`, 'by'],
      [`${PERIOD}&by=`, 'by'],
      [`${PERIOD}&by=Mediator`, 'by'],
      [`${PERIOD}&mediatorId=%27%3B--`, 'mediatorId'],
      [`${PERIOD}&serviceId=a%20b`, 'serviceId'],
      [`${PERIOD}&serviceId=${'s'.repeat(65)}`, 'serviceId'],
    ],
  ],
];

describe('bad report queries → 400/422 problem+json naming the parameter, never 500', () => {
  for (const [base, extra] of REPORTS) {
    for (const path of [base, `${base}.csv`]) {
      it(`${path}: ${[...BAD_PERIODS, ...extra].length} bad queries`, async () => {
        for (const [query, param] of [...BAD_PERIODS, ...extra]) {
          const r = await h.call('GET', `${path}?${query}`);
          try {
            expectRefusal(r, [400, 422]);
            const named = ((r.body.errors ?? []) as { path: string }[]).map((e) => e.path);
            expect(named.some((p) => p === param || p === `query.${param}`), `errors ${JSON.stringify(named)}`).toBe(true);
          } catch (error) {
            throw new Error(`?${query.slice(0, 80)}: ${(error as Error).message}`);
          }
        }
      });
    }
  }

  it('a desk or a mediator sending a bad timesheet query hears about the query, not about anyone’s data', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    for (const token of [desk.token, (await h.make.mediatorUser(m.id)).token]) {
      for (const [query, param] of [
        ['from=garbage&to=2026-03-31', 'from'],
        [`${PERIOD}&by=other`, 'by'],
        ['from=2026-04-01&to=2026-03-01', 'to'],
      ]) {
        const r = await h.call('GET', `/v1/reports/timesheets?${query}`, { token });
        expectRefusal(r, [400, 422]);
        expect(r.body.errors.map((e: { path: string }) => e.path.replace(/^query\./, ''))).toEqual([param]);
      }
    }
  });

  it('the longest period allowed (400 days), dates and instants mixed, is answered', async () => {
    for (const path of ['/v1/reports/coverage', '/v1/reports/timesheets']) {
      const r = await h.call('GET', `${path}?from=2026-01-01&to=2027-02-05T00:00:00%2B01:00&groupBy=week,weekday,timeBand`);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Path ids
// ---------------------------------------------------------------------------------------------

const WEIRD_IDS = [
  '%00',
  "'%20OR%20'1'%3D'1",
  '1%3BDROP%20TABLE%20users',
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%92%A5',
  '%ZZ',
  '%E0%A4%A',
  '%3Cscript%3E',
  '%20',
  'a'.repeat(65),
  'nope',
];

const ID_ROUTES: Array<[string, string, (id: string) => string, unknown?]> = [
  ['GET', '/v1/services/{id}', (id) => `/v1/services/${id}`],
  ['PATCH', '/v1/services/{id}', (id) => `/v1/services/${id}`, { name: 'x' }],
  ['GET', '/v1/services/{id}/exclusions', (id) => `/v1/services/${id}/exclusions`],
  ['POST', '/v1/services/{id}/exclusions', (id) => `/v1/services/${id}/exclusions`, { mediatorId: 'med_x', reason: 'x' }],
  ['DELETE', '/v1/services/{id}/exclusions/{exclusionId}', (id) => `/v1/services/${id}/exclusions/${id}`],
  ['DELETE', '/v1/users/{id}', (id) => `/v1/users/${id}`],
  ['GET', '/v1/mediators/{id}', (id) => `/v1/mediators/${id}`],
  ['PATCH', '/v1/mediators/{id}', (id) => `/v1/mediators/${id}`, { phone: '+39 011 1234567' }],
  ['GET', '/v1/mediators/{id}/availability', (id) => `/v1/mediators/${id}/availability`],
  ['PUT', '/v1/mediators/{id}/availability', (id) => `/v1/mediators/${id}/availability`, { rules: [] }],
  ['GET', '/v1/mediators/{id}/time-off', (id) => `/v1/mediators/${id}/time-off`],
  ['POST', '/v1/mediators/{id}/time-off', (id) => `/v1/mediators/${id}/time-off`, { start: '2026-04-01T10:00:00Z', end: '2026-04-02T10:00:00Z' }],
  ['DELETE', '/v1/mediators/{id}/time-off/{timeOffId}', (id) => `/v1/mediators/${id}/time-off/${id}`],
  ['GET', '/v1/appointments/{id}', (id) => `/v1/appointments/${id}`],
  ['PATCH', '/v1/appointments/{id}', (id) => `/v1/appointments/${id}`, { notes: 'x' }],
  ['POST', '/v1/appointments/{id}/cancel', (id) => `/v1/appointments/${id}/cancel`],
  ['GET', '/v1/appointments/{id}/candidates', (id) => `/v1/appointments/${id}/candidates`],
  ['POST', '/v1/appointments/{id}/assign', (id) => `/v1/appointments/${id}/assign`, { mediatorId: 'med_x' }],
  ['POST', '/v1/offers/{id}/accept', (id) => `/v1/offers/${id}/accept`],
  ['POST', '/v1/offers/{id}/decline', (id) => `/v1/offers/${id}/decline`],
  ['GET', '/v1/outbox/{id}', (id) => `/v1/outbox/${id}`],
  ['POST', '/v1/outbox/{id}/retry', (id) => `/v1/outbox/${id}/retry`],
  ['GET', '/v1/appointments/{id}/invite.ics', (id) => `/v1/appointments/${id}/invite.ics`],
  ['POST', '/v1/calendars/mediators/{id}/token', (id) => `/v1/calendars/mediators/${id}/token`],
  ['DELETE', '/v1/calendars/mediators/{id}/token', (id) => `/v1/calendars/mediators/${id}/token`],
  ['POST', '/v1/calendars/services/{id}/token', (id) => `/v1/calendars/services/${id}/token`],
  ['DELETE', '/v1/calendars/services/{id}/token', (id) => `/v1/calendars/services/${id}/token`],
  ['GET', '/v1/calendars/mediators/{id}.ics', (id) => `/v1/calendars/mediators/${id}.ics?token=AAAAAAAAAAAAAAAAAAAAAAAA`],
  ['GET', '/v1/calendars/services/{id}.ics', (id) => `/v1/calendars/services/${id}.ics?token=AAAAAAAAAAAAAAAAAAAAAAAA`],
  ['GET', '/v1/appointments/{id}/attendance', (id) => `/v1/appointments/${id}/attendance`],
  ['POST', '/v1/appointments/{id}/attendance', (id) => `/v1/appointments/${id}/attendance`, { party: 'desk', outcome: 'beneficiary_no_show' }],
  ['POST', '/v1/appointments/{id}/attendance/settle', (id) => `/v1/appointments/${id}/attendance/settle`, { outcome: 'beneficiary_no_show', note: 'x' }],
  ['GET', '/v1/services/{id}/budgets', (id) => `/v1/services/${id}/budgets`],
  ['POST', '/v1/services/{id}/budgets', (id) => `/v1/services/${id}/budgets`, { from: '2026-04-01', to: '2026-05-01', minutes: 60 }],
];

describe('path ids with weird characters → 400 or 404 problem+json, never 500', () => {
  for (const [method, route, path, body] of ID_ROUTES) {
    it(`${method} ${route}`, async () => {
      for (const id of WEIRD_IDS) {
        const r = await h.call(method, path(id), body === undefined ? {} : { body });
        try {
          expectRefusal(r, [400, 404]);
        } catch (error) {
          throw new Error(`id ${id.slice(0, 30)}: ${(error as Error).message}`);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------


describe('properties: no JSON value makes the API fail', () => {
  it('POST /v1/appointments with any JSON value as the body', async () => {
    const desk = await h.make.desk();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        expectNot500(await h.call('POST', '/v1/appointments', { token: desk.token, rawBody: JSON.stringify(body), headers: json }));
      }),
      { numRuns: 100 },
    );
  });

  it('POST /v1/appointments with almost-valid bodies (every field valid, absent or arbitrary)', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const anything = fc.jsonValue({ maxDepth: 2 });
    const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: anything, weight: 1 });
    const instant = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .chain((d) => fc.constantFrom('Z', '+01:00', '+02:00', '-12:00', '+14:00').map((off) => d.toISOString().replace('Z', off)));
    const body = fc.record(
      {
        serviceId: field(fc.constantFrom('svc_nope', 'x')),
        language: field(fc.constantFrom('ar', 'ar-MA', 'zh', 'AR', 'wo', 'x-klingon')),
        area: field(fc.constantFrom('TO', 'VB', 'ZZ', 'XYZ')),
        modality: field(fc.constantFrom('in_person', 'phone', 'video')),
        start: field(instant),
        durationMinutes: field(fc.integer({ min: -100, max: 1000 })),
        sector: field(fc.constantFrom('health', 'school', 'legal')),
        genderPreference: field(fc.constantFrom('none', 'preferred', 'required')),
        gender: field(fc.constantFrom('female', 'male', 'nonbinary')),
        beneficiaryRef: field(fc.stringMatching(/^[A-Za-z0-9._/-]{1,64}$/)),
        location: field(fc.string({ maxLength: 400 })),
        notes: field(fc.string({ maxLength: 100, unit: 'grapheme' })),
        urgency: field(fc.constantFrom('standard', 'urgent')),
        minLevel: field(fc.constantFrom('B1', 'B2', 'C1', 'C2', 'native')),
        assignment: field(fc.constantFrom('auto', 'manual', 'offer')),
        allowFallback: field(fc.boolean()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const r = await h.call('POST', '/v1/appointments', { token: desk.token, body: b });
        expectNot500(r);
        if (r.status === 201) {
          expect(Date.parse(r.body.end) - Date.parse(r.body.start)).toBe(r.body.durationMinutes * 60_000);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('PUT /v1/mediators/{id}/availability with arbitrary rules', async () => {
    const m = await h.make.mediator();
    const time = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([hh, mm]) => `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`),
      fc.string({ maxLength: 6 }),
    );
    const rule = fc.record({ weekday: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.jsonValue({ maxDepth: 1 })), start: time, end: time }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { maxLength: 12 }), async (rules) => {
        expectNot500(await h.call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules } }));
      }),
      { numRuns: 100 },
    );
  });

  it('PATCH /v1/mediators/{id} with any JSON object', async () => {
    const m = await h.make.mediator();
    const keys = fc.constantFrom(...Object.keys(VALID_MEDIATOR), 'id', '__proto__', 'constructor', 'x');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), async (body) => {
        expectNot500(await h.call('PATCH', `/v1/mediators/${m.id}`, { rawBody: JSON.stringify(body), headers: json }));
      }),
      { numRuns: 100 },
    );
  });

  it('the attendance, settle, budget, offer, outbox and calendar-token routes with any JSON value as the body', async () => {
    const desk = await h.make.desk();
    const m = await h.make.mediator();
    const mediatorToken = (await h.make.mediatorUser(m.id)).token;
    const a = await h.make.appointment(desk.token);
    const offered = await h.make.appointment(desk.token, { assignment: 'offer', start: '2026-03-24T10:00:00+01:00' });
    const [offer] = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${offered.id}`), 200)).items as Json[];
    const [message] = (await h.expectStatus(h.call('GET', '/v1/outbox?limit=1'), 200)).items as Json[];
    const routes: Array<[path: string, token: string, at: string]> = [
      [`/v1/appointments/${a.id}/attendance`, desk.token, AFTER_START],
      [`/v1/appointments/${a.id}/attendance`, mediatorToken, AFTER_START],
      [`/v1/appointments/${a.id}/attendance`, COORDINATOR_TOKEN, AFTER_START],
      [`/v1/appointments/${a.id}/attendance`, desk.token, TEST_NOW],
      [`/v1/appointments/${a.id}/attendance/settle`, COORDINATOR_TOKEN, AFTER_START],
      [`/v1/services/${desk.service.id}/budgets`, COORDINATOR_TOKEN, TEST_NOW],
      [`/v1/offers/${offer?.id}/accept`, mediatorToken, TEST_NOW],
      [`/v1/offers/${offer?.id}/decline`, mediatorToken, TEST_NOW],
      [`/v1/outbox/${message?.id}/retry`, COORDINATOR_TOKEN, TEST_NOW],
      [`/v1/calendars/mediators/${m.id}/token`, mediatorToken, TEST_NOW],
      [`/v1/calendars/services/${desk.service.id}/token`, desk.token, TEST_NOW],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 4 }), async ([path, token, at], body) => {
        h.clock.set(at);
        expectNot500(await h.call('POST', path, { token, rawBody: JSON.stringify(body), headers: json }));
      }),
      { numRuns: 200 },
    );
  });

  it('POST /v1/appointments/{id}/attendance with almost-valid sheets: never 500, and a recorded sheet is what was sent', async () => {
    const t = await withPastAppointment(h, '/attendance');
    const start = Date.parse('2026-03-23T09:00:00Z');
    const anything = fc.jsonValue({ maxDepth: 2 });
    const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: anything, weight: 1 });
    const instant = fc
      .tuple(fc.integer({ min: -4 * 60, max: 14 * 60 }), fc.constantFrom('Z', '+01:00', '+02:00', '-12:00', '+14:00'))
      .map(([minutes, offset]) => new Date(start + minutes * 60_000).toISOString().replace('Z', offset));
    const body = fc.record(
      {
        party: field(fc.constantFrom('desk', 'mediator')),
        outcome: field(fc.constantFrom(...OUTCOMES)),
        checkIn: field(fc.option(instant)),
        checkOut: field(fc.option(instant)),
        rating: field(fc.option(fc.integer({ min: 0, max: 6 }))),
        comment: field(fc.option(fc.string({ maxLength: 220, unit: 'grapheme' }))),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const r = await h.call('POST', t.path, { token: t.token, body: b });
        expectNot500(r);
        if (r.status !== 200) return;
        expect(r.body.state).toBe('partial');
        expect(r.body.desk.outcome).toBe(b.outcome);
        for (const k of ['checkIn', 'checkOut'] as const) {
          if (typeof b[k] === 'string') expect(Date.parse(r.body.desk[k]), k).toBe(Date.parse(b[k] as string));
        }
        if (r.body.desk.checkIn && r.body.desk.checkOut) expect(Date.parse(r.body.desk.checkOut)).toBeGreaterThan(Date.parse(r.body.desk.checkIn));
      }),
      { numRuns: 150 },
    );
  });

  it('POST /v1/services/{id}/budgets with almost-valid bodies: never 500, and a stored budget runs forwards', async () => {
    const t = await withService(h, '/budgets');
    const anything = fc.jsonValue({ maxDepth: 2 });
    const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: anything, weight: 1 });
    const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2110-01-01T00:00:00Z'), noInvalidDate: true });
    const bound = fc.oneof(
      day.map((d) => d.toISOString().slice(0, 10)),
      day.map((d) => d.toISOString()),
      fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
        ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    );
    const body = fc.record(
      {
        from: field(bound),
        to: field(bound),
        minutes: field(fc.integer({ min: -10, max: 10_000_010 })),
        note: field(fc.string({ maxLength: 210 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const r = await h.call('POST', t.path, { body: b });
        expectNot500(r);
        if (r.status === 201) {
          expect(Date.parse(r.body.to)).toBeGreaterThan(Date.parse(r.body.from));
          expect(r.body.minutes).toBe(b.minutes);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('report queries with arbitrary parameters', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    await h.make.appointment(desk.token);
    const anyText = fc.string({ maxLength: 30, unit: 'binary' });
    // Mostly near the data (a long valid period is the costly case), sometimes far out or not a date at all.
    const near = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-07-01T00:00:00Z'), noInvalidDate: true });
    const bound = fc.oneof(
      near.map((d) => d.toISOString().slice(0, 10)),
      near.map((d) => d.toISOString()),
      fc.constantFrom('1999-12-31', '2000-01-01', '2099-12-31', '2100-01-01', '2026-02-29', '2026-03-29T02:30:00+01:00'),
      anyText,
    );
    const groupBy = fc.oneof(
      fc.subarray(['language', 'area', 'week', 'weekday', 'timeBand', 'sector', 'service', 'bogus', 'language']).map((xs) => xs.join(',')),
      anyText,
    );
    const query = fc.record(
      {
        from: bound,
        to: bound,
        groupBy,
        by: fc.oneof(fc.constantFrom('mediator', 'service'), anyText),
        format: fc.oneof(fc.constantFrom('json', 'csv'), anyText),
        mediatorId: fc.oneof(fc.constantFrom('med_x'), anyText),
        serviceId: fc.oneof(fc.constant(desk.service.id), anyText),
      },
      { requiredKeys: [] },
    );
    const paths = ['/v1/reports/coverage', '/v1/reports/coverage.csv', '/v1/reports/timesheets', '/v1/reports/timesheets.csv'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), query, fc.constantFrom(COORDINATOR_TOKEN, desk.token), async (path, q, token) => {
        const search = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
        expectNot500(await h.call('GET', `${path}?${search}`, { token }));
      }),
      { numRuns: 50 },
    );
  });

  it('signed offer links with arbitrary ids and tokens: never 500, never accepted, nothing booked', async () => {
    const desk = await h.make.desk();
    await h.make.mediator();
    const a = await h.make.appointment(desk.token, { assignment: 'offer' });
    const [offer] = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${a.id}`), 200)).items as Json[];
    const id = fc.oneof(fc.constant(offer?.id as string), fc.constant('ofr_nope'), fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }).map(encodeURIComponent));
    const token = fc.oneof(
      fc.string({ maxLength: 120, unit: 'binary' }).map(encodeURIComponent),
      fc.tuple(fc.integer({ min: 0, max: 999_999_999_999_999 }), fc.base64String({ minLength: 20, maxLength: 100 })).map(([n, b]) => `${n}.${b.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST'), id, fc.constantFrom('accept', 'decline'), token, async (method, offerId, action, t) => {
        const r = await h.call(method, `/offers/${offerId}/${action}?token=${t}`, { token: null });
        expect(r.status, r.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(r.status, r.text.slice(0, 200)).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    const after = (await h.expectStatus(h.call('GET', `/v1/offers?appointmentId=${a.id}`), 200)).items as Json[];
    expect(after.map((o) => o.status)).toEqual(['pending']);
    expect((await h.expectStatus(h.call('GET', `/v1/appointments/${a.id}`), 200)).status).toBe('offered');
  });

  it('any string as a JSON request body', async () => {
    const desk = await h.make.desk();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200, unit: 'binary' }), async (raw) => {
        expectNot500(await h.call('POST', '/v1/appointments', { token: desk.token, rawBody: raw, headers: json }));
      }),
      { numRuns: 100 },
    );
  });
});
