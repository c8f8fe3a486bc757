import BetterSqlite3 from 'better-sqlite3';
import { weekContaining } from '../src/domain/availability.js';
const db = new BetterSqlite3('/tmp/bprof/idx.sqlite');
const DAY = 864e5;
const targets = db.prepare("select * from appointments where status='open' order by id").all() as any[];
const speakersQ = db.prepare("SELECT mediator_id FROM mediator_languages WHERE base = ?").pluck();
const v = process.env.V ?? 'plus';
const from = v === 'cover' ? "appointments INDEXED BY appointments_booked_cover_idx WHERE status = 'booked'" : v === 'plus' ? "appointments WHERE +status = 'booked'" : "appointments WHERE status = 'booked'";
const Q: Record<string, BetterSqlite3.Statement> = {
  bookings: db.prepare(`SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM ${from} AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ?`),
  recent: db.prepare(`SELECT mediator_id, SUM(duration_minutes) AS minutes FROM ${from} AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ? GROUP BY mediator_id`),
};
for (const [k, st] of Object.entries(Q)) console.log(k, (db.prepare('EXPLAIN QUERY PLAN ' + st.source).all('[]', 1, 2) as any[]).map((r) => r.detail).join(' / '));
const tot: Record<string, number> = {};
for (let pass = 0; pass < 2; pass++) for (const t of targets) {
  const ids = JSON.stringify(speakersQ.all(String(t.language).split('-')[0]));
  const week = weekContaining(t.starts_at, 'Europe/Rome');
  const args: Record<string, unknown[]> = { bookings: [ids, Math.min(week.start, t.starts_at - DAY), Math.max(week.end, t.ends_at + DAY)], recent: [ids, t.starts_at - 30 * DAY, t.starts_at] };
  for (const [k, st] of Object.entries(Q)) { const t0 = performance.now(); st.all(...args[k]!); if (pass) tot[k] = (tot[k] ?? 0) + performance.now() - t0; }
}
for (const k of Object.keys(Q)) console.log(v, k.padEnd(10), (tot[k]! / targets.length).toFixed(3), 'ms avg');
