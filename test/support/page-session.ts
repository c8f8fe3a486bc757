import { sql } from 'drizzle-orm';
import type { Harness } from './harness.js';

/** The origin the harness's pages are served from (PUBLIC_URL): forms must come from it (CSRF). */
export const PAGE_ORIGIN = 'http://localhost:8787';

/** A form post from the page's own origin; a field given a list is sent once per value (checkboxes). */
export function formPost(fields: Record<string, string | string[]>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PAGE_ORIGIN, ...headers },
    body: new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString(),
  };
}

/** Signs in as the user with this address the way a person does (the link from the e-mail), in-process; the session cookie's value. */
export async function pageSession(h: Harness, email: string): Promise<string> {
  await h.app.request('/app/login', formPost({ email }, { 'cf-connecting-ip': email }));
  const rows = await h.db.all<{ payload: string }>(sql`SELECT payload FROM outbox WHERE kind = 'sign_in' ORDER BY id`);
  const link = (JSON.parse(rows.at(-1)?.payload ?? '{}') as { url: string }).url.replace(PAGE_ORIGIN, '');
  const res = await h.app.request(link, formPost({}));
  if (res.status !== 303) throw new Error(`signing in as ${email} answered ${res.status}`);
  return /__Host-session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
}

/** A page as the signed-in user sees it. */
export async function getPage(h: Harness, path: string, session: string): Promise<Response> {
  return h.app.request(path, { headers: { cookie: `__Host-session=${session}` } });
}

/** A form posted by the signed-in user from the page's own origin. */
export function postPage(h: Harness, path: string, session: string, fields: Record<string, string | string[]> = {}): Promise<Response> {
  const init = formPost(fields, { cookie: `__Host-session=${session}` });
  return Promise.resolve(h.app.request(path, init));
}
