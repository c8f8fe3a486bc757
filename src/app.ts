import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { OpenAPIHono } from '@hono/zod-openapi';
import { routePath } from 'hono/route';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { type Deps, SYSTEM_ACTOR } from './deps.js';
import { randomIds } from './ids.js';
import { bearerAuth } from './http/auth.js';
import { wellFormedText } from './http/well-formed.js';
import { limitGuessing } from './http/guessing.js';
import { failureLimiter } from './rate-limiter.js';
import { docsPage } from './http/docs.js';
import type { AppEnv } from './http/env.js';
import { onError, problemResponse, validationHook } from './http/problem.js';
import { offerLinkRoutes } from './http/offer-links.js';
import { appointmentsRoutes } from './http/routes/appointments.js';
import { slipRoutes } from './http/routes/slip.js';
import { attendanceRoutes } from './http/routes/attendance.js';
import { auditRoutes } from './http/routes/audit.js';
import { reportRoutes } from './http/routes/reports.js';
import { calendarRoutes, feedRoutes } from './http/routes/calendars.js';
import { offersRoutes } from './http/routes/offers.js';
import { outboxRoutes } from './http/routes/outbox.js';
import { areasRoutes } from './http/routes/areas.js';
import { languagesRoutes } from './http/routes/languages.js';
import { exclusionsRoutes } from './http/routes/exclusions.js';
import { mediatorsRoutes } from './http/routes/mediators.js';
import { seriesRoutes } from './http/routes/series.js';
import { servicesRoutes } from './http/routes/services.js';
import { usersRoutes } from './http/routes/users.js';
import { privacyRoutes } from './http/routes/privacy.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { importRoutes, importUploadLimit, ROSTER_UPLOAD_PATH } from './http/routes/imports.js';
import { countAreas } from './operations/areas.js';
import { webRoutes } from './web/index.js';
import packageJson from '../package.json' with { type: 'json' };

/** The package's version: what /health and the OpenAPI document report (esbuild inlines it in the Worker bundle). */
export const API_VERSION: string = packageJson.version;

const FEED_PATH = /^\/v1\/calendars\/(mediators|services)\/([A-Za-z0-9_-]+)\.ics$/;

/** How an entry wants the app built beyond its dependencies. */
export interface AppOptions {
  /** gzip the web pages (Node; on Workers the edge compresses). */
  compressPages?: boolean;
}

/**
 * Builds the whole HTTP app from its dependencies; the Node and Workers entries only wire them.
 * @example const app = createApp({ db, clock: systemClock, ids, config, logger }); await app.request('/health')
 */
export function createApp(deps: Deps, repos: Repositories = createRepositories(deps.db), options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Request ids from a generator of their own: every caller, signed in or not, sees one in X-Request-Id,
  // and ids made in the same millisecond count up by one (ids.ts): these say nothing of the records.
  const requestIds = randomIds(deps.clock);
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    c.set('requestId', given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : requestIds.next('req'));
    c.set('deps', deps);
    c.set('repos', repos);
    c.set('actor', undefined);
    // Set before the handler runs, so every response built through the context (c.json, c.body,
    // problemResponse) carries them. Setting headers afterwards would copy the finished response.
    c.header('X-Request-Id', c.get('requestId'));
    c.header('X-Content-Type-Options', 'nosniff');
    // A duration, not a time of day: the monotonic timer, not the injected clock (which tests stop).
    const started = performance.now();
    await next();
    // The access log names the route's template, never the path or query: those can carry feed tokens and ids.
    deps.logger.info('request', {
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      requestId: c.get('requestId'),
    });
  });
  const jsonBodyLimit = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: (c) => problemResponse(c, { status: 413, code: 'body_too_large', detail: `Request bodies are limited to ${deps.config.bodyLimitBytes} bytes.` }),
  });
  // A roster spreadsheet is larger than any JSON body: its route has a limit of its own.
  app.use('/v1/*', (c, next) => (c.req.method === 'POST' && c.req.path === ROSTER_UPLOAD_PATH ? importUploadLimit(c, next) : jsonBodyLimit(c, next)));
  app.use('/v1/*', wellFormedText());
  // Pages are compressed on Node (the budgets count bytes on the wire; Cloudflare compresses on Workers);
  // JSON stays as it was for API clients.
  if (options.compressPages) {
    app.use('/app', compress());
    app.use('/app/*', compress());
  }
  // Wrong bearer tokens, feed tokens and offer links are counted per client and per credential prefix (429 past the limit).
  const limiter = failureLimiter({ limit: deps.config.guessing.failures, windowMs: deps.config.guessing.windowMs, clock: deps.clock });
  const bearerGuesses = limitGuessing(limiter, 'token', {
    prefix: (c) => /^Bearer\s+(\S{1,8})/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null,
    // A missing token is no guess (a browser, a misconfigured client): only a wrong one counts.
    failed: (status, c) => status === 401 && c.req.header('authorization') !== undefined,
  });
  const feedGuesses = limitGuessing(limiter, 'feed', { prefix: (c) => FEED_PATH.exec(c.req.path)?.[2] ?? null, failed: (status) => status === 404 });
  const auth = bearerAuth();
  // Subscription feeds authenticate with the secret token in their URL instead (calendar apps send no headers).
  app.use('/v1/*', (c, next) => (FEED_PATH.test(c.req.path) ? feedGuesses(c, next) : bearerGuesses(c, next)));
  app.use('/v1/*', (c, next) => (FEED_PATH.test(c.req.path) ? next() : auth(c, next)));
  app.use(
    '/offers/*',
    limitGuessing(limiter, 'link', {
      prefix: (c) => /^\/offers\/([^/]{1,64})\//.exec(c.req.path)?.[1] ?? null,
      failed: (status) => status === 403 || status === 404 || status === 410,
    }),
  );
  // Sign-in links: a used, expired or made-up one answers 410.
  app.use('/app/login/*', limitGuessing(limiter, 'sign-in', { prefix: (c) => /^\/app\/login\/([^/]{1,8})/.exec(c.req.path)?.[1] ?? null, failed: (status) => status === 410 }));

  app.route('/v1', areasRoutes);
  app.route('/v1', languagesRoutes);
  app.route('/v1', servicesRoutes);
  app.route('/v1', exclusionsRoutes);
  app.route('/v1', usersRoutes);
  app.route('/v1', mediatorsRoutes);
  app.route('/v1', appointmentsRoutes);
  app.route('/v1', slipRoutes);
  app.route('/v1', seriesRoutes);
  app.route('/v1', webhookRoutes);
  app.route('/v1', importRoutes);
  app.route('/v1', offersRoutes);
  app.route('/v1', outboxRoutes);
  app.route('/v1', calendarRoutes());
  app.route('/v1', feedRoutes());
  app.route('/v1', attendanceRoutes);
  app.route('/v1', reportRoutes());
  app.route('/v1', auditRoutes);
  app.route('/v1', privacyRoutes);
  app.route('/', offerLinkRoutes());
  app.route('/', webRoutes(deps, deps.config.assetBase));

  app.get('/health', async (c) => {
    const areas = await countAreas({ ...deps, repos, actor: SYSTEM_ACTOR });
    return c.json({ status: 'ok', version: API_VERSION, time: new Date(deps.clock.now()).toISOString(), areas });
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'mediator-booking',
      version: API_VERSION,
      description:
        'Book linguistic-cultural mediators for the public services of Piedmont. Errors are application/problem+json (RFC 9457) with a stable `code` and per-field `errors`. Instants are ISO 8601 with offset; lists are `{ items, nextCursor }`.',
    },
    servers: [{ url: deps.config.publicUrl }],
  });
  app.get('/docs', (c) => c.html(docsPage()));
  app.get('/', (c) => c.redirect('/app', 303));
  app.get('/app/', (c) => c.redirect('/app', 301));

  app.notFound((c) => problemResponse(c, { status: 404, code: 'not_found', detail: `No route for ${c.req.method} ${c.req.path}.` }));
  app.onError((error, c) => onError(error, c, deps.logger.error));
  return app;
}

export type App = ReturnType<typeof createApp>;
