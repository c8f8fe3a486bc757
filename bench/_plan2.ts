import BetterSqlite3 from 'better-sqlite3';
const db = new BetterSqlite3('/tmp/gt-jKsZoW/a.sqlite', { readonly: true }); if (process.env.CACHE) db.pragma('cache_size = -' + process.env.CACHE); if (process.env.MMAP) db.pragma('mmap_size = ' + process.env.MMAP);
const ids = JSON.stringify(db.prepare("select mediator_id from mediator_languages where base='en'").pluck().all());
const now = Date.parse('2026-05-13T08:00:00Z');
const q = (label: string, s: string, ...p: unknown[]) => { console.log('## ' + label + '\n' + db.prepare('EXPLAIN QUERY PLAN ' + s).all(...p).map((r: any) => r.detail).join('\n')); const st = db.prepare(s); st.all(...p); const t=performance.now(); for (let i=0;i<20;i++) st.all(...p); console.log('  ->', ((performance.now()-t)/20).toFixed(3), 'ms', st.all(...p).length, 'rows'); };
const w = [ids, now + 7*864e5, now + 16*864e5];
const rw = [ids, now + 10*864e5 - 30*864e5, now + 10*864e5];
q('plus status', "SELECT id, mediator_id, service_id, starts_at, ends_at, area_code, modality FROM appointments WHERE +status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ?", ...w);
q('recent plus status', "SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments WHERE +status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ? GROUP BY mediator_id", ...rw);
q('indexed by', "SELECT mediator_id, SUM(duration_minutes) AS minutes FROM appointments INDEXED BY appointments_mediator_idx WHERE status = 'booked' AND mediator_id IN (SELECT value FROM json_each(?)) AND starts_at >= ? AND starts_at < ? GROUP BY mediator_id", ...rw);
q('speaking', "SELECT m.* FROM mediators m WHERE m.id IN (SELECT mediator_id FROM mediator_languages WHERE base = ?) ORDER BY m.id", 'en');
// claim guard pieces
q('claim week sum', "SELECT SUM(w.duration_minutes) FROM appointments w WHERE w.mediator_id = ? AND w.status = 'booked' AND w.id <> ? AND w.starts_at >= ? AND w.starts_at < ?", 'med_P000001', 'x', now, now + 7*864e5);
q('claim overlap', "SELECT 1 FROM appointments b WHERE b.mediator_id = ? AND b.status = 'booked' AND b.id <> ? AND b.starts_at < ? AND b.starts_at > ?", 'med_P000001', 'x', now + 10*864e5, now+8*864e5);
