import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { type NodeDatabase, openNodeDatabase } from '../db/sqlite-node.js';
import { type Clock, clockFromConfig } from './clock.js';
import { appConfigFrom, type Config, ConfigError, parseConfig } from './config.js';
import { consoleLogger, type Deps, type Logger } from './deps.js';
import { HOUR } from './domain/intervals.js';
import { dispatcherFor, runJobs, systemCtx } from './jobs.js';
import { httpMailTransport } from './mail/http.js';
import { httpSmsTransport } from './mail/sms.js';
import { smtpTransport } from './mail/smtp.js';
import { spoolTransport } from './mail/spool.js';
import { randomIds } from './ids.js';
import { withoutAddresses } from './redact.js';
import { builtAssetBase, serveAssets } from './web/static-node.js';
import { buildRuntime, type Runtime } from './runtime.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'mediator-booking.sqlite';

export interface NodeRuntime extends Runtime {
  db: NodeDatabase;
  databaseFile: string;
}

/**
 * Opens the SQLite file under the data folder (migrated), wires the dependencies, creates the
 * bootstrap coordinator if configured, and builds the app — for the server and for tools like the demo seed.
 */
export async function openNodeRuntime(config: Config, options: { logger?: Logger; clock?: Clock; dataDir?: string } = {}): Promise<NodeRuntime> {
  const logger = options.logger ?? consoleLogger;
  const dataDir = options.dataDir ?? config.DATA_DIR;
  // The data folder holds the database and the mail spool: owner only, whatever the umask.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const databaseFile = join(dataDir, DATABASE_FILE);
  const db = openNodeDatabase(databaseFile);
  const clock = options.clock ?? clockFromConfig(config.FIXED_CLOCK);
  const ids = randomIds(clock);
  const appConfig = appConfigFrom(config);
  const deps: Deps = { db, clock, ids, logger, config: config.ASSET_BASE ? appConfig : { ...appConfig, assetBase: builtAssetBase() ?? appConfig.assetBase } };
  const { repos, app, coordinatorCreated } = await buildRuntime(deps, { bootstrapToken: config.BOOTSTRAP_COORDINATOR_TOKEN, compressPages: true });
  if (coordinatorCreated) logger.info('bootstrap coordinator created from BOOTSTRAP_COORDINATOR_TOKEN');
  if (config.NODE_ENV === 'production' && !config.LINK_SECRET) {
    logger.error('LINK_SECRET is not set: offer links are signed with a secret kept in the database, so anyone who can read the database file can forge them. Set LINK_SECRET (32+ characters).');
  }
  return { db, databaseFile, deps, repos, app };
}

/** Starts the embedded service: SQLite file under DATA_DIR (migrated), HTTP on HOST:PORT, the job loops. */
export async function startNode(env: Record<string, string | undefined>, logger: Logger = consoleLogger, options: { clock?: Clock } = {}): Promise<RunningServer> {
  const config = parseConfig(env);
  const { db, deps, repos, app } = await openNodeRuntime(config, { logger, ...options });
  serveAssets(app);
  const timeoutMs = config.MAIL_TIMEOUT_MS;
  const transport = config.SMTP_URL
    ? smtpTransport({ url: config.SMTP_URL, timeoutMs })
    : config.MAIL_HTTP_URL && config.MAIL_HTTP_API_KEY
      ? httpMailTransport({ url: config.MAIL_HTTP_URL, apiKey: config.MAIL_HTTP_API_KEY, timeoutMs })
      : spoolTransport(join(config.DATA_DIR, 'mail'));
  const system = systemCtx(deps, repos);
  const sms = config.SMS_HTTP_URL && config.SMS_HTTP_API_KEY ? httpSmsTransport({ url: config.SMS_HTTP_URL, apiKey: config.SMS_HTTP_API_KEY, timeoutMs }) : undefined;
  const dispatcher = dispatcherFor(system, transport, sms);
  // Two loops: a slow or hanging mail server must not hold up offers, reminders and purges.
  const work = startLoop(() => runJobs(system, null), config.OUTBOX_POLL_MS, logger);
  const mail = startLoop(() => dispatcher.drainOnce(), config.OUTBOX_POLL_MS, logger);
  const statistics = setInterval(() => void repos.maintenance.refreshStatistics().catch(() => undefined), HOUR);
  const server = await new Promise<ServerType>((resolve) => {
    // A body or headers that trickle in are cut (408) well before Node's 300 s: slow clients cannot hold sockets.
    const serverOptions = {
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, config.HEADERS_TIMEOUT_MS),
    };
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      clearInterval(statistics);
      dispatcher.stop();
      // Whatever the mail server does, stopping ends by the deadline; unsent mail stays in the outbox.
      const settled = await within(config.SHUTDOWN_TIMEOUT_MS, Promise.all([closed, work.stop(), mail.stop()]));
      const handedBack = await dispatcher.handBack();
      if (!settled) logger.error('shutdown deadline reached', { deadlineMs: config.SHUTDOWN_TIMEOUT_MS, mailHandedBack: handedBack });
      await within(1_000, transport.close?.() ?? Promise.resolve());
      db.close();
    },
  };
}

/** True when `work` settles within `ms`; false (and it is left to run) otherwise. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `round` every `intervalMs` until stopped; stop() waits for the round in progress. */
function startLoop(round: () => Promise<unknown>, intervalMs: number, logger: Logger) {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = round()
      .catch((error) => {
        if (!stopped) logger.error('background jobs failed', { error: withoutAddresses(String(error)) });
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startNode(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  consoleLogger.info(`mediator-booking listening on ${running.url} (docs: ${running.url}/docs)`);
  const stop = async (signal: string) => {
    consoleLogger.info(`${signal}: shutting down`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
