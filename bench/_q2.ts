import BetterSqlite3 from 'better-sqlite3';
import { weekContaining } from '../src/domain/availability.js';
const db = new BetterSqlite3('/tmp/bprof/idx.sqlite');
if (process.env.CACHE) db.pragma(`cache_size = -${process.env.CACHE}`);
const DAY = 864e5;
const plus = process.env.PLUS ? '+' : '';
const targets = db.prepare("select * from appointments where status='open' order by id").all() as any[];
const speakersQ = db.prepare("SELECT mediator_id FROM mediator_languages WHERE base = ?").pluck();
const Q: Record<string, BetterSqlite3.Statement> = {
  speaking: db.prepare("SELECT m.* FROM mediators m WHERE m.id IN (SELECT mediator_id FROM mediator_languages WHERE base = ?) ORDER BY m.id"),
  bookings: db.prepare(`SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM appointments WHERE ${plus}status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ?`),
  recent: db.prepare(`SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments WHERE ${plus}status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ? GROUP BY mediator_id`),
  timeoff: db.prepare("SELECT mediator_id, starts_at, ends_at FROM time_off WHERE mediator_id IN (SELECT value FROM json_each(?)) AND starts_at < ? AND ends_at > ?"),
  excl: db.prepare("SELECT mediator_id, beneficiary_ref FROM exclusions WHERE service_id = ?"),
  cont: db.prepare("SELECT DISTINCT mediator_id FROM appointments WHERE service_id = ? AND beneficiary_ref = ? AND mediator_id IS NOT NULL AND status = 'booked' AND id <> ?"),
  travel: db.prepare("SELECT * FROM area_travel"),
  maxt: db.prepare("SELECT MAX(minutes) AS minutes FROM area_travel"),
};
const tot: Record<string, number> = {}; const rows: Record<string, number> = {};
for (let pass = 0; pass < 2; pass++) for (const t of targets) {
  const base = String(t.language).split('-')[0];
  const ids = JSON.stringify(speakersQ.all(base));
  const week = weekContaining(t.starts_at, 'Europe/Rome');
  const ws = Math.min(week.start, t.starts_at - DAY), we = Math.max(week.end, t.ends_at + DAY);
  const args: Record<string, unknown[]> = {
    speaking: [base], bookings: [ids, ws, we], recent: [ids, t.starts_at - 30 * DAY, t.starts_at],
    timeoff: [ids, t.ends_at, t.starts_at], excl: [t.service_id], cont: [t.service_id, t.beneficiary_ref ?? '', t.id], travel: [], maxt: [],
  };
  for (const [k, st] of Object.entries(Q)) {
    const t0 = performance.now(); const r = st.all(...args[k]!); const dt = performance.now() - t0;
    if (pass === 1) { tot[k] = (tot[k] ?? 0) + dt; rows[k] = (rows[k] ?? 0) + r.length; }
  }
}
for (const k of Object.keys(Q)) console.log(k.padEnd(10), (tot[k]! / targets.length).toFixed(3), 'ms avg', (rows[k]! / targets.length).toFixed(0), 'rows avg');
