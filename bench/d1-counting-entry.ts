/**
 * Bench-only Worker entry: the real worker (src/worker.ts) with its D1 binding wrapped in a counter, so
 * the bench can read how many times a request waited on the database. Calls are grouped in waves: a
 * call that starts while another is in flight joins that wave (reads sent together cost one round trip).
 * Answers carry `x-d1-waves` and `x-d1-calls`; `GET /__d1-trace` returns the last request's calls.
 * Requests must be sent one at a time: the counter is per isolate.
 */
import worker, { type WorkerEnv } from '../src/worker.js';

interface Statement {
  bind(...values: unknown[]): Statement;
  first(column?: string): Promise<unknown>;
  all(): Promise<unknown>;
  run(): Promise<unknown>;
  raw(options?: unknown): Promise<unknown>;
}
interface D1 {
  prepare(sql: string): Statement;
  batch(statements: Statement[]): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

let trace = { waves: 0, calls: [] as Array<{ wave: number; sql: string }> };
let last = trace;
let inFlight = 0;

function counted<T>(sql: string, call: () => Promise<T>): Promise<T> {
  if (inFlight === 0) trace.waves++;
  inFlight++;
  trace.calls.push({ wave: trace.waves, sql: sql.replace(/\s+/g, ' ').slice(0, 120) });
  return Promise.resolve()
    .then(call)
    .finally(() => inFlight--);
}

class CountedStatement implements Statement {
  constructor(
    readonly inner: Statement,
    readonly sql: string,
  ) {}
  bind(...values: unknown[]) {
    return new CountedStatement(this.inner.bind(...values), this.sql);
  }
  first(column?: string) {
    return counted(this.sql, () => (column === undefined ? this.inner.first() : this.inner.first(column)));
  }
  all() {
    return counted(this.sql, () => this.inner.all());
  }
  run() {
    return counted(this.sql, () => this.inner.run());
  }
  raw(options?: unknown) {
    return counted(this.sql, () => this.inner.raw(options));
  }
}

const countedD1 = (db: D1): D1 => ({
  prepare: (sql) => new CountedStatement(db.prepare(sql), sql),
  batch: (statements) => {
    const list = statements as CountedStatement[];
    return counted(`batch of ${list.length}: ${list.map((s) => s.sql.slice(0, 30)).join(' | ')}`, () => db.batch(list.map((s) => s.inner)));
  },
  exec: (sql) => counted(sql, () => db.exec(sql)),
});

// One wrapped env per real env: src/worker.ts keeps its runtime per env object.
const wrapped = new WeakMap<WorkerEnv, WorkerEnv>();

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    if (new URL(request.url).pathname === '/__d1-trace') return Response.json(last);
    let countedEnv = wrapped.get(env);
    if (!countedEnv) wrapped.set(env, (countedEnv = { ...env, DB: countedD1(env.DB as unknown as D1) as unknown as WorkerEnv['DB'] }));
    trace = { waves: 0, calls: [] };
    inFlight = 0;
    const response = await worker.fetch(request, countedEnv, ctx);
    last = trace;
    const answer = new Response(response.body, response);
    answer.headers.set('x-d1-waves', String(trace.waves));
    answer.headers.set('x-d1-calls', String(trace.calls.length));
    return answer;
  },
  scheduled: worker.scheduled,
};
