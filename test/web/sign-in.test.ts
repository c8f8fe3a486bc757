import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';

const ORIGIN = 'http://localhost:8787';

/** Sign-in by e-mail link, sessions and the page security headers, through the real app and database. */
describe('web sign-in and sessions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(() => h.close());

  const form = (fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

  async function deskWithEmail(email: string) {
    const service = await h.make.service();
    const user = await h.make.user({ role: 'desk', serviceId: service.id, email });
    return { service, user };
  }

  async function signInLinks(): Promise<string[]> {
    const rows = await h.db.all<{ payload: string }>(sql`SELECT payload FROM outbox WHERE kind = 'sign_in' ORDER BY id`);
    return rows.map((r) => (JSON.parse(r.payload) as { url: string }).url.replace(ORIGIN, ''));
  }

  async function signIn(email: string): Promise<string> {
    await h.app.request('/app/login', form({ email }, { origin: ORIGIN, 'cf-connecting-ip': email }));
    const link = (await signInLinks()).at(-1) ?? '';
    const res = await h.app.request(link, form({}));
    expect(res.status).toBe(303);
    return /__Host-session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  }

  it('sends a single-use link to a known address and the same answer for an unknown one', async () => {
    await deskWithEmail('sportello@asl.example.it');
    const known = await h.app.request('/app/login', form({ email: 'Sportello@asl.example.it' }));
    const unknown = await h.app.request('/app/login', form({ email: 'nessuno@asl.example.it' }));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (html: string) => html.replace(/nessuno@asl\.example\.it|Sportello@asl\.example\.it/g, 'X');
    expect(strip(await known.text())).toBe(strip(await unknown.text()));
    const links = await signInLinks();
    expect(links).toHaveLength(1);

    // Opening the link shows a button and does not use it (mail scanners open links).
    const shown = await h.app.request(links[0] ?? '');
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Conferma l’accesso');

    const used = await h.app.request(links[0] ?? '', form({}));
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/app');
    const cookie = used.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-session=[A-Za-z0-9_-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=43200');

    const again = await h.app.request(links[0] ?? '', form({}));
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a link after 15 minutes', async () => {
    await deskWithEmail('sportello@asl.example.it');
    await h.app.request('/app/login', form({ email: 'sportello@asl.example.it' }));
    h.clock.advance(15 * 60_000 + 1);
    const res = await h.app.request((await signInLinks())[0] ?? '', form({}));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Link non più valido');
  });

  it('limits sign-in requests per address, with the same Italian message for every address', async () => {
    await deskWithEmail('sportello@asl.example.it');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.app.request('/app/login', form({ email: 'sportello@asl.example.it' }))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await h.app.request('/app/login', form({ email: 'sportello@asl.example.it' }));
    expect(limited.headers.get('retry-after')).toBe('900');
    expect(await limited.text()).toContain('Troppe richieste di accesso');
    expect(await signInLinks()).toHaveLength(3);
  });

  it('limits sign-in requests per client across addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await h.app.request('/app/login', form({ email: `x${i}@example.it` }, { origin: ORIGIN, 'cf-connecting-ip': '10.0.0.1' }))).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('opens pages with the session cookie, and revoking the user ends the session', async () => {
    const { user } = await deskWithEmail('sportello@asl.example.it');
    const session = await signIn('sportello@asl.example.it');
    const agenda = await h.app.request('/app', { headers: { cookie: `__Host-session=${session}` } });
    expect(agenda.status).toBe(200);
    expect(await agenda.text()).toContain('<h1>Agenda dello sportello</h1>');

    await h.call('DELETE', `/v1/users/${user.id}`);
    const after = await h.app.request('/app', { headers: { cookie: `__Host-session=${session}` } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/app/login');
  });

  it('sends a visitor without a session to the sign-in page, and / to the app', async () => {
    const res = await h.app.request('/app/appointments/new');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/login');
    expect((await h.app.request('/')).headers.get('location')).toBe('/app');
  });

  it('refuses an unsafe request without a same-origin Origin (403, a page in Italian)', async () => {
    await deskWithEmail('sportello@asl.example.it');
    const session = await signIn('sportello@asl.example.it');
    const res = await h.app.request('/app/logout', form({}, { cookie: `__Host-session=${session}`, origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('La richiesta non proviene da questa pagina');
    const still = await h.app.request('/app', { headers: { cookie: `__Host-session=${session}` } });
    expect(still.status).toBe(200);
  });

  it('sends a CSP without inline scripts or styles, frame-ancestors none and no-store on every page', async () => {
    const res = await h.app.request('/app/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="it">/);
    expect(html).not.toMatch(/<script>(?!<\/script>)|style="/);
  });

  it('lets a coordinator sign in once with their API token, and nobody else', async () => {
    const desk = await h.make.desk();
    const refused = await h.app.request('/app/login/token', form({ token: desk.token }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Token non valido');
    const ok = await h.app.request('/app/login/token', form({ token: 'coordinator-test-token-0001' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/^__Host-session=/);
  });

  it('signs out: the session stops working', async () => {
    await deskWithEmail('sportello@asl.example.it');
    const session = await signIn('sportello@asl.example.it');
    const out = await h.app.request('/app/logout', form({}, { origin: ORIGIN, cookie: `__Host-session=${session}` }));
    expect(out.status).toBe(303);
    const after = await h.app.request('/app', { headers: { cookie: `__Host-session=${session}` } });
    expect(after.status).toBe(303);
  });

  it('answers an unknown page with an Italian page, never JSON', async () => {
    const res = await h.app.request('/app/nope');
    expect(res.status).toBe(303); // not signed in: to the sign-in page first
    await deskWithEmail('sportello@asl.example.it');
    const session = await signIn('sportello@asl.example.it');
    const signedIn = await h.app.request('/app/nope', { headers: { cookie: `__Host-session=${session}` } });
    expect(signedIn.status).toBe(404);
    expect(signedIn.headers.get('content-type')).toContain('text/html');
    expect(await signedIn.text()).toContain('Pagina non trovata');
  });
});

describe('sign-in housekeeping', () => {
  it('the periodic job forgets expired links and sessions and old requests', async () => {
    const h = await makeHarness();
    try {
      const service = await h.make.service();
      await h.make.user({ role: 'desk', serviceId: service.id, email: 'sportello@asl.example.it' });
      await h.app.request('/app/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: 'email=sportello%40asl.example.it',
      });
      const count = async (table: string) => Number((await h.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]?.n);
      expect([await count('sign_in_links'), await count('sign_in_requests')]).toEqual([1, 1]);
      await h.runJobs(null);
      expect([await count('sign_in_links'), await count('sign_in_requests')]).toEqual([1, 1]);
      h.clock.advance(16 * 60_000);
      await h.runJobs(null);
      expect([await count('sign_in_links'), await count('sign_in_requests')]).toEqual([0, 0]);
    } finally {
      h.close();
    }
  });
});
