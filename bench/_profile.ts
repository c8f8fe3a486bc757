import { existsSync } from 'node:fs';
import { openNodeDatabase } from '../db/sqlite-node.js';
import { Calendar } from './calendar.js';
import { benchApp } from './context.js';
import { seedPopulation, type ServiceSeed } from './generate.js';
import { seeded } from './random.js';
import { insertSearchTargets, type SearchTarget } from './requests.js';
import { NOW, PIEDMONT, ZONE } from './scenario.js';
import { matchRequestOf, runMatching } from '../src/operations/matching.js';
import { loadMatchingInput } from '../db/repositories/matching-input.js';
import { matchAppointment } from '../src/domain/matching.js';
import { summarize, describe } from './stats.js';
const file = '/tmp/bprof/base.sqlite';
const fresh = !existsSync(file);
const db = openNodeDatabase(file);
const now = Date.parse(NOW);
if (fresh) {
  db.sqlite.pragma('synchronous = OFF');
  const r = seeded(1);
  const cal = new Calendar(ZONE, now);
  const p = await seedPopulation(db.sqlite, PIEDMONT, cal, now, r);
  insertSearchTargets(db.sqlite, r, PIEDMONT, p.services, cal, now, 500);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
if (process.env.CACHE) db.sqlite.pragma(`cache_size = -${process.env.CACHE}`);
const bench = benchApp(db);
const ids = db.sqlite.prepare("select id from appointments where status='open' order by id").pluck().all() as string[];
const targets: SearchTarget[] = [];
for (const id of ids) {
  const a = (await bench.repos.appointments.get(id))!;
  const svc = { id: a.serviceId, deskUserId: a.createdBy } as ServiceSeed;
  targets.push({ id, service: svc, request: matchRequestOf(a) });
}
const N = Number(process.env.N ?? 500);
const mode = process.env.MODE ?? 'run';
const times: number[] = []; const lt: number[] = []; const mt: number[] = [];
for (let i = 0; i < N + 50; i++) {
  const t = targets[i % targets.length]!;
  const ctx = bench.deskCtx(t.service);
  const t0 = performance.now();
  const input = await loadMatchingInput(ctx.db, ctx.repos, t.request, { zone: ctx.config.zone, everyone: false });
  const t1 = performance.now();
  matchAppointment(t.request, input.roster, input.ctx, ctx.config.matching);
  const t2 = performance.now();
  if (i >= 50) { times.push(t2 - t0); lt.push(t1 - t0); mt.push(t2 - t1); }
}
console.log('total', describe(summarize(times)));
console.log('load ', describe(summarize(lt)));
console.log('match', describe(summarize(mt)));
void mode; void runMatching;
