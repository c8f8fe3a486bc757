import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Ctx } from '../deps.js';
import type { Role } from '../domain/vocabulary.js';
import type { AppEnv } from '../http/env.js';
import { ctxOf } from '../http/env.js';
import type { PageContext } from './layout.js';
import { en } from './texts/en.js';
import { it, type Texts } from './texts/it.js';

export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    page: PageContext;
    /** The session cookie's value when the request carried a live one. */
    sessionToken: string | undefined;
  };
}

export type WebContext = Context<WebEnv>;

export const webRouter = () => new Hono<WebEnv>();

/**
 * The session cookie. `__Host-` binds it to this origin with Path=/ and Secure (browsers treat
 * http://localhost and 127.0.0.1 as secure, so it works in development too); HttpOnly keeps it from
 * scripts; SameSite=Lax keeps it off cross-site form posts.
 */
export const SESSION_COOKIE = '__Host-session';

/** The shape of a session or sign-in link token: anything else is refused without a look-up. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

export function readSessionCookie(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value && TOKEN_SHAPE.test(value) ? value : undefined;
}

export function writeSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}

/** The texts of a locale; Italian unless English is asked for. */
export function textsFor(locale: string | null | undefined): Texts {
  return locale === 'en' ? en : it;
}

/** The operation context of a signed-in page request (the same operations the JSON API calls). */
export function webCtx(c: WebContext): Ctx {
  return ctxOf(c as unknown as Context<AppEnv>);
}

/** The role of the signed-in reader (pages are only reached signed in). */
export function roleOf(c: WebContext): Role {
  const role = c.get('actor')?.role;
  if (role === 'desk' || role === 'mediator' || role === 'coordinator') return role;
  throw new Error('page reached without a signed-in user');
}
