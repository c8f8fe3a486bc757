import { openNodeDatabase } from '../db/sqlite-node.js';
import { benchApp } from './context.js';
import type { ServiceSeed } from './generate.js';
import { matchRequestOf } from '../src/operations/matching.js';
import { loadMatchingInput } from '../db/repositories/matching-input.js';
import { matchAppointment } from '../src/domain/matching.js';
const db = openNodeDatabase('/tmp/bprof/base.sqlite');
const bench = benchApp(db);
const ids = db.sqlite.prepare("select id from appointments where status='open' order by id").pluck().all() as string[];
const rows: any[] = [];
for (let pass = 0; pass < 2; pass++) for (const id of ids) {
  const a = (await bench.repos.appointments.get(id))!;
  const ctx = bench.deskCtx({ id: a.serviceId, deskUserId: a.createdBy } as ServiceSeed);
  const req = matchRequestOf(a);
  const t0 = performance.now();
  const input = await loadMatchingInput(ctx.db, ctx.repos, req, { zone: ctx.config.zone, everyone: false });
  const t1 = performance.now();
  const res = matchAppointment(req, input.roster, input.ctx, ctx.config.matching);
  const t2 = performance.now();
  if (pass === 1) rows.push({ lang: req.language, mod: req.modality, roster: input.roster.length, cand: res.candidates.length, fb: res.fallback.length, load: +(t1 - t0).toFixed(1), match: +(t2 - t1).toFixed(1) });
}
rows.sort((x, y) => y.load + y.match - x.load - x.match);
console.table(rows.slice(0, 15));
const agg = (f: (r: any) => boolean) => { const s = rows.filter(f); return { n: s.length, load: (s.reduce((a, r) => a + r.load, 0) / s.length).toFixed(1), match: (s.reduce((a, r) => a + r.match, 0) / s.length).toFixed(1) }; };
console.log('with fallback', agg((r) => r.fb > 0), 'without', agg((r) => r.fb === 0));
