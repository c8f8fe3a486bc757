import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Deps } from '../deps.js';
import { SYSTEM_ACTOR } from '../deps.js';
import { DomainError } from '../domain/errors.js';
import type { Role } from '../domain/vocabulary.js';
import { sessionCaller } from '../operations/sign-in.js';
import { MAX_FILE_BYTES } from '../roster-import/spreadsheet.js';
import { coordinatorHome, coordinatorRoutes } from './coordinator.js';
import { fileTooLargePage, IMPORT_UPLOAD_PAGE } from './coordinator/imports.js';
import { agendaPage, deskRoutes } from './desk.js';
import { roleOf, readSessionCookie, textsFor, type WebContext, type WebEnv, webRouter, writeSessionCookie } from './env.js';
import type { PageContext } from './layout.js';
import { notFoundPage, render } from './render.js';
import { mediatorHome, mediatorRoutes } from './mediator.js';
import { seriesRoutes } from './series.js';
import { signInRoutes } from './sign-in.js';

/** Paths a visitor reaches without a session. */
const PUBLIC = /^\/app\/(login(\/.*)?|accessibility)$/;

/**
 * The web interface under /app: server-rendered pages over the same operations as the JSON API.
 * Security headers with a nonce-based CSP (no inline script or style), an Origin / Sec-Fetch-Site
 * check on every unsafe method, and the session cookie resolved to the same actor a bearer token gives.
 */
export function webRoutes(deps: Deps, assetBase: string) {
  const web = webRouter();
  const publicOrigin = new URL(deps.config.publicUrl).origin;

  const scoped = (handler: MiddlewareHandler<WebEnv>) => web.use('/app', handler).use('/app/*', handler);
  scoped(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'", NONCE], // the beneficiary's slip is one self-contained page
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );
  scoped(csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin }));
  scoped(async (c, next) => {
    const token = readSessionCookie(c);
    const caller = token ? await sessionCaller({ ...deps, repos: c.get('repos'), actor: SYSTEM_ACTOR }, token) : null;
    if (caller) {
      c.set('actor', caller.actor);
      c.set('sessionToken', token);
      if (caller.renewedMaxAgeSeconds && token) writeSessionCookie(c, token, caller.renewedMaxAgeSeconds);
    }
    const page: PageContext = {
      t: textsFor(caller?.locale),
      assetBase,
      user: caller ? { name: caller.user.name, role: caller.actor.role as Role } : null,
      path: c.req.path,
    };
    c.set('page', page);
    // Pages show personal data: never cached by the browser or a proxy.
    c.header('Cache-Control', 'no-store');
    if (!caller && !PUBLIC.test(c.req.path)) {
      return c.redirect('/app/login', 303);
    }
    await next();
  });

  // A form too large for the limit is answered with a page in words, like every other refusal;
  // the roster upload has the file limit instead, and says so beside its file field.
  const formLimit = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: (c) => {
      const { t } = c.get('page');
      return render(c, t.errors.tooLargeTitle, <ErrorBody title={t.errors.tooLargeTitle} text={t.errors.tooLarge} />, 413);
    },
  });
  const fileLimit = bodyLimit({ maxSize: MAX_FILE_BYTES, onError: (c) => fileTooLargePage(c as WebContext) });
  scoped((c, next) => (c.req.method === 'POST' && c.req.path === IMPORT_UPLOAD_PAGE ? fileLimit(c, next) : formLimit(c, next)));

  web.route('/', signInRoutes(deps));
  // One home per role: the desk's agenda, the mediator's day, the coordinator's dashboard.
  web.get('/app', (c) => {
    const role = roleOf(c);
    return role === 'mediator' ? mediatorHome(c) : role === 'coordinator' ? coordinatorHome(c) : agendaPage(c);
  });
  // The mediator's first: where a path is shared (/app/hours), other roles fall through to the desk's.
  web.route('/', mediatorRoutes());
  web.route('/', deskRoutes());
  web.route('/', seriesRoutes());
  web.route('/', coordinatorRoutes());
  web.all('/app/*', (c) => notFoundPage(c));

  web.onError((error, c) => errorPage(error, c as WebContext, deps));
  return web;
}

/** Every failure becomes a page in words: never JSON, never a stack trace. */
function errorPage(error: Error, c: WebContext, deps: Deps) {
  const page = c.get('page') ?? { t: textsFor('it'), assetBase: '', user: null, path: c.req.path };
  if (!c.get('page')) c.set('page', page);
  const { t } = page;
  if (error instanceof DomainError && error.status === 404) return notFoundPage(c);
  if (error instanceof HTTPException && error.status === 403) {
    return render(c, t.errors.forbiddenTitle, <ErrorBody title={t.errors.forbiddenTitle} text={t.errors.csrf} />, 403);
  }
  if (error instanceof DomainError && (error.status === 403 || error.status === 401)) {
    return render(c, t.errors.forbiddenTitle, <ErrorBody title={t.errors.forbiddenTitle} text={t.errors.forbidden} />, 403);
  }
  if (error instanceof DomainError && error.status < 500) {
    const text = (t.conflict as Record<string, string>)[error.code] ?? t.errors.invalid;
    return render(c, t.errors.conflictTitle, <ErrorBody title={t.errors.conflictTitle} text={text} />, error.status as ContentfulStatusCode);
  }
  deps.logger.error('page failed', { requestId: c.get('requestId'), path: c.req.routePath, error: error.message });
  return render(c, t.errors.serverTitle, <ErrorBody title={t.errors.serverTitle} text={`${t.errors.server} ${c.get('requestId')}`} />, 500);
}

function ErrorBody(props: { title: string; text: string }) {
  return (
    <>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a href="/app">←</a>
      </p>
    </>
  );
}
