import { d1Database, type D1Binding } from '../db/d1.js';
import { clockFromConfig } from './clock.js';
import { appConfigFrom, type Config, ConfigError, parseConfig } from './config.js';
import { consoleLogger, type Deps } from './deps.js';
import { dispatcherFor, runJobs, systemCtx, WORKER_IMPORT_ROWS_PER_ROUND } from './jobs.js';
import { httpMailTransport } from './mail/http.js';
import { httpSmsTransport } from './mail/sms.js';
import { randomIds } from './ids.js';
import { buildRuntime, type Runtime } from './runtime.js';

/** Bindings and vars from wrangler.toml (secrets such as BOOTSTRAP_COORDINATOR_TOKEN via `wrangler secret put`). */
export interface WorkerEnv {
  DB: D1Binding;
  [name: string]: unknown;
}

interface WorkerRuntime extends Runtime {
  config: Config;
}

let cached: { env: WorkerEnv; runtime: Promise<WorkerRuntime> } | undefined;

/** One runtime per isolate and binding set: the repositories and their prepared statements are reused. */
function runtimeFor(env: WorkerEnv): Promise<WorkerRuntime> {
  if (cached?.env === env) return cached.runtime;
  const runtime = (async (): Promise<WorkerRuntime> => {
    const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const config = parseConfig(vars);
    const db = d1Database(env.DB);
    const clock = clockFromConfig(config.FIXED_CLOCK);
    const deps: Deps = { db, clock, ids: randomIds(clock), logger: consoleLogger, config: appConfigFrom(config) };
    const built = await buildRuntime(deps, { bootstrapToken: config.BOOTSTRAP_COORDINATOR_TOKEN });
    return { config, ...built };
  })();
  cached = { env, runtime };
  runtime.catch(() => {
    if (cached?.runtime === runtime) cached = undefined;
  });
  return runtime;
}

export default {
  /**
   * Cron Trigger: expired offers move on, reminders are queued, the query planner's statistics are
   * kept current and, with MAIL_HTTP_URL configured, the outbox is drained through the HTTP mail API.
   * Without it mail stays pending in the outbox (visible at GET /v1/outbox), never lost.
   */
  async scheduled(_event: unknown, env: WorkerEnv): Promise<void> {
    const { config, deps, repos } = await runtimeFor(env);
    const ctx = systemCtx(deps, repos);
    const { MAIL_HTTP_URL: url, MAIL_HTTP_API_KEY: apiKey } = config;
    const sms = config.SMS_HTTP_URL && config.SMS_HTTP_API_KEY ? httpSmsTransport({ url: config.SMS_HTTP_URL, apiKey: config.SMS_HTTP_API_KEY, timeoutMs: config.MAIL_TIMEOUT_MS }) : undefined;
    await runJobs(ctx, url && apiKey ? dispatcherFor(ctx, httpMailTransport({ url, apiKey, timeoutMs: config.MAIL_TIMEOUT_MS }), sms) : null, { importRowsPerRound: WORKER_IMPORT_ROWS_PER_ROUND });
    await repos.maintenance.refreshStatistics();
  },

  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    try {
      const { app } = await runtimeFor(env);
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
