import { d1Database, type D1Binding } from '../db/d1.js';
import { createRepositories } from '../db/repositories/index.js';
import { createApp } from './app.js';
import { bootstrapCoordinator } from './bootstrap.js';
import { clockFromConfig } from './clock.js';
import { appConfigFrom, ConfigError, parseConfig } from './config.js';
import { consoleLogger, type Deps } from './deps.js';
import { runJobs, systemCtx } from './jobs.js';
import { createDispatcher } from './mail/dispatcher.js';
import { httpMailTransport } from './mail/http.js';
import { randomIds } from './ids.js';

/** Bindings and vars from wrangler.toml (secrets such as BOOTSTRAP_COORDINATOR_TOKEN via `wrangler secret put`). */
export interface WorkerEnv {
  DB: D1Binding;
  [name: string]: unknown;
}

type App = ReturnType<typeof createApp>;
let cached: { env: WorkerEnv; app: Promise<App>; deps: Promise<Deps> } | undefined;

/** One app per isolate and binding set: repositories and prepared statements are reused across requests. */
function depsFor(env: WorkerEnv): Promise<Deps> {
  appFor(env);
  return (cached as NonNullable<typeof cached>).deps;
}

function appFor(env: WorkerEnv): Promise<App> {
  if (cached?.env === env) return cached.app;
  const deps = (async (): Promise<Deps> => {
    const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const config = parseConfig(vars);
    const db = d1Database(env.DB);
    const clock = clockFromConfig(config.FIXED_CLOCK);
    const ids = randomIds(clock);
    await bootstrapCoordinator(createRepositories(db), clock, ids, config.BOOTSTRAP_COORDINATOR_TOKEN);
    return { db, clock, ids, logger: consoleLogger, config: appConfigFrom(config) };
  })();
  const app = deps.then(createApp);
  cached = { env, app, deps };
  app.catch(() => {
    if (cached?.app === app) cached = undefined;
  });
  return app;
}

export default {
  /**
   * Cron Trigger: expired offers move on, reminders are queued and, with MAIL_HTTP_URL configured,
   * the outbox is drained through the HTTP mail API. Without it mail stays pending in the outbox
   * (visible at GET /v1/outbox), never lost.
   */
  async scheduled(_event: unknown, env: WorkerEnv): Promise<void> {
    const deps = await depsFor(env);
    const url = typeof env.MAIL_HTTP_URL === 'string' ? env.MAIL_HTTP_URL : undefined;
    const apiKey = typeof env.MAIL_HTTP_API_KEY === 'string' ? env.MAIL_HTTP_API_KEY : undefined;
    const dispatcher =
      url && apiKey
        ? createDispatcher({
            outbox: createRepositories(deps.db).outbox,
            transport: httpMailTransport({ url, apiKey }),
            clock: deps.clock,
            logger: deps.logger,
            mail: deps.config.mail,
            publicUrl: deps.config.publicUrl,
          })
        : null;
    await runJobs(systemCtx(deps), dispatcher);
  },

  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    try {
      const app = await appFor(env);
      return await app.fetch(request, env, ctx as never);
    } catch (error) {
      const detail = error instanceof ConfigError ? error.message : 'The service could not start.';
      consoleLogger.error('worker start-up failed', { error: String(error) });
      return new Response(JSON.stringify({ type: 'urn:mediator-booking:problem:unavailable', title: 'Service unavailable', status: 503, detail, code: 'unavailable' }), {
        status: 503,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
  },
};
