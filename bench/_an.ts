import BetterSqlite3 from 'better-sqlite3';
const file = process.argv[2]!;
const db = new BetterSqlite3(file);
if (process.argv[3] === 'analyze') { const t = performance.now(); db.exec('ANALYZE'); console.log('ANALYZE took', (performance.now() - t).toFixed(0), 'ms'); }
const now = Date.parse('2026-05-13T08:00:00Z');
const ids = JSON.stringify(db.prepare("select mediator_id from mediator_languages where base='ar'").pluck().all());
const plan = (label: string, s: string, ...p: unknown[]) => {
  const st = db.prepare(s); st.all(...p); const t = performance.now(); for (let i = 0; i < 50; i++) st.all(...p);
  console.log(label.padEnd(14), ((performance.now() - t) / 50).toFixed(3), 'ms |', (db.prepare('EXPLAIN QUERY PLAN ' + s).all(...p) as any[]).map((r) => r.detail).join(' / '));
};
const w = now + 10 * 864e5;
plan('bookings', "SELECT id FROM appointments WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ?", ids, w, w + 9 * 864e5);
plan('recent', "SELECT mediator_id, SUM(duration_minutes) FROM appointments WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ? GROUP BY mediator_id", ids, w - 30 * 864e5, w);
plan('claim week', "SELECT SUM(w.duration_minutes) FROM appointments w WHERE w.mediator_id = ? AND w.status = 'booked' AND w.id <> ? AND w.starts_at >= ? AND w.starts_at < ?", 'med_P000001', 'x', w, w + 7 * 864e5);
plan('claim week +', "SELECT SUM(w.duration_minutes) FROM appointments w WHERE w.mediator_id = ? AND +w.status = 'booked' AND w.id <> ? AND w.starts_at >= ? AND w.starts_at < ?", 'med_P000001', 'x', w, w + 7 * 864e5);
plan('claim overlap', "SELECT 1 FROM appointments b WHERE b.mediator_id = ? AND b.status = 'booked' AND b.id <> ? AND b.starts_at < ? AND b.starts_at > ?", 'med_P000001', 'x', w + 864e5, w - 2 * 864e5);
plan('claim overlap+', "SELECT 1 FROM appointments b WHERE b.mediator_id = ? AND +b.status = 'booked' AND b.id <> ? AND b.starts_at < ? AND b.starts_at > ?", 'med_P000001', 'x', w + 864e5, w - 2 * 864e5);
