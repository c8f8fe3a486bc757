import { type ChildProcess, fork } from 'node:child_process';
import autocannon from 'autocannon';
import type { ServerBuild } from './build.js';
import type { HostMessage, HostMode, HostProbe, HostStats, HostUrls } from './host-protocol.js';

export interface ServerHost {
  urls: HostUrls;
  /** The child's RSS now and its peak since the previous probe. */
  probe(): Promise<HostProbe>;
  /** Closes every server and the database; resolves to the child's memory figures. */
  stop(): Promise<HostStats>;
  /** Last resort (errors): kills the child by its pid. */
  kill(): void;
}

/** Forks a server host (see build.ts and server-host.ts) on DATA_DIR `dataDir` and waits until it listens. */
export function startServerHost(build: ServerBuild, mode: HostMode, dataDir: string, fixedClock: string): Promise<ServerHost> {
  const child: ChildProcess = fork(build.entry, [mode, dataDir, fixedClock], {
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of each server child there (bench/README.md).
    execArgv: process.env.BENCH_CPU_PROF ? [...build.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : build.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server host exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (m: HostMessage) => {
      if (m.type !== 'ready') return reject(new Error(`server host: unexpected message ${m.type}`));
      child.off('exit', onExit);
      resolve({
        urls: m.urls,
        kill,
        probe: () =>
          new Promise<HostProbe>((done, fail) => {
            const onExit = () => fail(new Error('server host exited during a probe'));
            const onMessage = (p: HostMessage) => {
              if (p.type !== 'probe') return;
              child.off('message', onMessage);
              child.off('exit', onExit);
              done(p.probe);
            };
            child.on('message', onMessage);
            child.once('exit', onExit);
            child.send({ type: 'probe' });
          }),
        stop: () =>
          new Promise<HostStats>((done, fail) => {
            const timer = setTimeout(() => {
              kill();
              fail(new Error('server host did not stop within 10 s'));
            }, 10_000);
            const onMessage = (s: HostMessage) => {
              if (s.type !== 'stopped') return;
              child.off('message', onMessage);
              clearTimeout(timer);
              child.once('exit', () => done(s.stats));
            };
            child.on('message', onMessage);
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

export interface LoadFigures {
  rps: number;
  /** How long the timed run lasted. */
  seconds: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/**
 * One autocannon run against `url` with `request` (setupRequest may vary it): an untimed warm-up on
 * one connection (so it leaves no backlog behind), the timed run, then a wait until the server has
 * drained what the closed connections left queued, so the next run starts on an idle server.
 */
export async function measure(
  url: string,
  request: autocannon.RequestSpec,
  o: LoadOptions,
  idleProbe: string,
): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: o.connections,
    duration: o.durationSeconds,
    timeout: 30,
    requests: [request],
    ...(o.warmupSeconds > 0 ? { warmup: { connections: 1, duration: o.warmupSeconds } } : {}),
  });
  await settle(idleProbe);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    rps: result.requests.total / result.duration,
    seconds: result.duration,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
  };
}

/** A request whose path or body comes round-robin from a prepared list. */
export function rotating(base: autocannon.Request, variants: ReadonlyArray<Partial<autocannon.Request>>): autocannon.RequestSpec {
  let i = 0;
  return {
    ...base,
    setupRequest: (request) => {
      const v = variants[i++ % variants.length] ?? {};
      return { ...request, ...v, headers: { ...request.headers, ...v.headers } };
    },
  };
}

/** Waits (at most 60 s) until `probe` answers within 5 ms three times in a row: the server is idle again. */
export async function settle(probe: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (let quick = 0; quick < 3 && performance.now() < deadline; ) {
    const started = performance.now();
    await (await fetch(probe)).text();
    quick = performance.now() - started < 5 ? quick + 1 : 0;
  }
}
