import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { migrationStatements } from '../../db/sqlite-node.js';
// @ts-expect-error: a plain ES module script without types (it is run by `npm run build` too).
import { buildAssets } from '../../scripts/build-assets.mjs';
import { type ApiResponse, type CallOptions, COORDINATOR_TOKEN, makeFactories, readResponse, requestInit } from './factories.js';

let bundled: Promise<string> | undefined;

/** Bundles an entry (a path from the project root) the way wrangler does: ESM, workerd conditions. */
export async function bundleForWorkers(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', '..', entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** src/worker.ts bundled, once per test process. */
export function workerBundle(): Promise<string> {
  bundled ??= bundleForWorkers('src/worker.ts');
  return bundled;
}

/** Miniflare's own fetch would send Node's FormData as the text "[object FormData]": send it encoded, with its boundary. */
async function withEncodedForm(init: RequestInit): Promise<RequestInit> {
  if (!(init.body instanceof FormData)) return init;
  const encoded = new Request('http://localhost', init);
  return { method: init.method, headers: Object.fromEntries(encoded.headers), body: await encoded.arrayBuffer() };
}

/**
 * The Worker running in workerd (Miniflare) on a fresh local D1, migrated, with a bootstrap
 * coordinator and the same fixed clock as the Node harness — the same factories and calls.
 */
export async function makeWorkerTarget(options: { now?: string; bindings?: Record<string, string>; web?: { port: number } } = {}) {
  // For a browser: listen on 127.0.0.1 and serve the built web assets as Workers Static Assets do.
  const web = options.web
    ? (() => {
        const built = buildAssets() as { base: string; dir: string };
        const url = `http://127.0.0.1:${options.web.port}`;
        return { url, options: { host: '127.0.0.1', port: options.web.port, assets: { directory: built.dir, routerConfig: { has_user_worker: true } } }, bindings: { ASSET_BASE: built.base, PUBLIC_URL: url } };
      })()
    : null;
  // The Worker's access log (one line per request) is kept here for tests to read; anything else it prints is shown.
  const accessLog: string[] = [];
  const mf = new Miniflare({
    handleStructuredLogs: ({ level, message }: { level: string; message: string }) => {
      if (message.includes('"message":"request"')) accessLog.push(message);
      else (level === 'error' ? console.error : console.log)(message);
    },
    modules: true,
    script: await workerBundle(),
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: crypto.randomUUID() },
    bindings: { BOOTSTRAP_COORDINATOR_TOKEN: COORDINATOR_TOKEN, FIXED_CLOCK: options.now ?? '2026-03-20T08:00:00Z', ...web?.bindings, ...options.bindings },
    ...web?.options,
  });
  if (web) await mf.ready;
  const d1 = await mf.getD1Database('DB');
  for (const statement of migrationStatements()) await d1.prepare(statement).run();

  const call = async (method: string, path: string, o: CallOptions = {}): Promise<ApiResponse> =>
    readResponse((await mf.dispatchFetch(`http://localhost${path}`, (await withEncodedForm(requestInit(method, o))) as never)) as unknown as Response);
  const { make, expectStatus } = makeFactories(call);
  /** Fires the Cron Trigger once, as Cloudflare would. */
  const scheduled = async () => ((await mf.getWorker()) as unknown as { scheduled(o: { cron: string }): Promise<unknown> }).scheduled({ cron: '*/5 * * * *' });
  return { runtime: 'workerd + D1' as const, url: web?.url ?? 'http://localhost', mf, accessLog, call, make, expectStatus, scheduled, close: () => mf.dispose() };
}
