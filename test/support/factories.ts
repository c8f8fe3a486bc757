export const COORDINATOR_TOKEN = 'coordinator-test-token-0001';
export const WEEKDAYS_9_TO_18 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' }));

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as it is: text, a file's bytes (give its content-type in `headers`) or a multipart form. */
  rawBody?: string | Uint8Array<ArrayBuffer> | FormData;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: test-side JSON is read loosely on purpose.
export type Json = Record<string, any>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<ApiResponse>;

/** Turns a Response into an ApiResponse (body parsed as JSON when it is JSON). */
export async function readResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let body: Json = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {};
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Builds the Request init for a call: bearer token (coordinator by default) and a JSON (or raw) body. */
export function requestInit(method: string, o: CallOptions = {}): RequestInit {
  const headers: Record<string, string> = { ...o.headers };
  const token = o.token === undefined ? COORDINATOR_TOKEN : o.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (o.rawBody !== undefined) body = o.rawBody;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  return { method, headers, ...(body !== undefined ? { body } : {}) };
}

/** Factories that create test data through the public API, so validation is exercised too. */
export function makeFactories(call: Call) {
  const expectStatus = async (res: Promise<ApiResponse>, status: number): Promise<Json> => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
    return r.body;
  };

  let serial = 0;
  const make = {
    async service(overrides: Json = {}): Promise<Json> {
      serial++;
      return expectStatus(
        call('POST', '/v1/services', {
          body: { name: `Service ${serial}`, kind: 'health', area: 'TO', address: `Via Roma ${serial}, Torino`, contactEmail: `desk${serial}@example.it`, ...overrides },
        }),
        201,
      );
    },
    async user(body: Json): Promise<{ id: string; token: string }> {
      serial++;
      const u = await expectStatus(call('POST', '/v1/users', { body: { name: `User ${serial}`, ...body } }), 201);
      return { id: u.id, token: u.token };
    },
    /** A service with a desk user: { service, token }. */
    async desk(serviceOverrides: Json = {}): Promise<{ service: Json; token: string; userId: string }> {
      const service = await make.service(serviceOverrides);
      const u = await make.user({ role: 'desk', serviceId: service.id });
      return { service, token: u.token, userId: u.id };
    },
    /** A mediator (Arabic native, Torino, in person/phone/video, weekdays 9–18 unless overridden). */
    async mediator(overrides: Json = {}): Promise<Json> {
      serial++;
      const { availability, ...fields } = overrides;
      const m = await expectStatus(
        call('POST', '/v1/mediators', {
          body: {
            name: `Mediator ${serial}`,
            email: `mediator${serial}@example.it`,
            languages: [{ code: 'ar', level: 'native' }],
            areas: ['TO'],
            modalities: ['in_person', 'phone', 'video'],
            sectors: ['health'],
            ...fields,
          },
        }),
        201,
      );
      await expectStatus(call('PUT', `/v1/mediators/${m.id}/availability`, { body: { rules: availability ?? WEEKDAYS_9_TO_18 } }), 200);
      return m;
    },
    async mediatorUser(mediatorId: string): Promise<{ id: string; token: string }> {
      return make.user({ role: 'mediator', mediatorId });
    },
    /** Requests an appointment as `token` (a desk); defaults: Arabic, Monday 23 March 2026 10:00 Rome, 60 min, health, auto. */
    async appointment(token: string, overrides: Json = {}, headers: Record<string, string> = {}): Promise<Json> {
      return expectStatus(
        call('POST', '/v1/appointments', {
          token,
          headers,
          body: { language: 'ar', start: '2026-03-23T10:00:00+01:00', durationMinutes: 60, sector: 'health', ...overrides },
        }),
        201,
      );
    },
  };
  return { make, expectStatus };
}
