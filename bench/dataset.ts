/**
 * The two scales, written straight into a migrated SQLite file with bulk inserts (270,000 requests
 * through the API would take longer than the whole bench). Seeded: every run writes the same rows.
 * Table and column names are the only coupling to the storage layer.
 */
import { createHash } from 'node:crypto';
import { openNodeDatabase } from '../db/sqlite-node.js';
import { fixedClock } from '../src/clock.js';
import { defaultAppConfig } from '../src/config.js';
import { silentLogger } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { buildRuntime } from '../src/runtime.js';
import { int, SERVICE_KINDS, seeded } from './mix.js';
import { DAY, days, makeHistory, makeMediators, makeOpen, makeServices, MIN, NOW, pad, type Request, type Service, yearEnd } from './network.js';

export { NOW, YEAR } from './network.js';

export interface Scale {
  name: 'Piedmont' | 'Italy';
  mediators: number;
  requestsPerYear: number;
  services: number;
  /** Requests left open for a desk's pick: what the candidate search is measured on. */
  open: number;
}
export const PIEDMONT: Scale = { name: 'Piedmont', mediators: 100, requestsPerYear: 20_000, services: 40, open: 100 };
export const ITALY: Scale = { name: 'Italy', mediators: 2_000, requestsPerYear: 270_000, services: 400, open: 300 };

export const COORDINATOR_TOKEN = 'bench-coordinator-token-0001';

export interface Dataset {
  scale: Scale;
  file: string;
  services: Service[];
  /** The open requests, each with the token of the desk that may search it. */
  open: Array<{ id: string; token: string }>;
  counts: Record<string, number>;
  seconds: number;
}

const now = Date.parse(NOW);
/** The default billing policy, stored with each settlement as the app stores it. */
const POLICY = JSON.stringify({
  completedMinimumMinutes: 60, beneficiaryNoShowMinutes: 60, cancelledLateMinutes: 60, mediatorNoShowMinutes: 0,
  lateCancellationNoticeHours: 24, roundingMinutes: 15, disputeToleranceMinutes: 15,
});
const billable = (outcome: string, actual: number) =>
  outcome === 'completed' ? Math.max(60, Math.ceil(actual / 15) * 15) : outcome === 'mediator_no_show' ? 0 : 60;

/** Creates `file`, migrated and with the bootstrap coordinator as the app makes them, then writes the network and its year. */
export async function buildDataset(scale: Scale, file: string): Promise<Dataset> {
  const started = performance.now();
  const r = seeded(scale.mediators * 7 + 13);
  const db = openNodeDatabase(file);
  const clock = fixedClock(NOW);
  const deps = { db, clock, ids: randomIds(clock), logger: silentLogger, config: defaultAppConfig() };
  await buildRuntime(deps, { bootstrapToken: COORDINATOR_TOKEN });
  const sql = db.sqlite;
  // Unsafe but fast while filling (a crash only loses a temp file); a big page cache keeps the indexes in memory.
  sql.pragma('synchronous = OFF');
  sql.pragma('cache_size = -262144');
  const insert = (table: string, columns: string) => {
    const statement = sql.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.replace(/\w+/g, '?')})`);
    return (...values: unknown[]) => statement.run(...values);
  };

  const services = makeServices(scale.services, r);
  const mediators = makeMediators(scale.mediators, r);
  sql.transaction(() => {
    const service = insert('services', 'id,name,kind,area_code,address,contact_email,created_at,updated_at');
    const user = insert('users', 'id,role,name,service_id,token_hash,created_at');
    services.forEach((s, i) => {
      service(s.id, `Sportello ${i}`, SERVICE_KINDS[i % SERVICE_KINDS.length]?.[0], s.area, `Via Roma ${i + 1}`, `desk${i}@example.it`, now, now);
      user(s.userId, 'desk', `Desk ${i}`, s.id, createHash('sha256').update(s.token).digest('hex'), now);
    });
    const mediator = insert(
      'mediators',
      'id,name,email,gender,home_area,languages,areas,modalities,sectors,availability,max_weekly_minutes,active,created_at,updated_at',
    );
    const language = insert('mediator_languages', 'mediator_id,code,base,level');
    const timeOff = insert('time_off', 'id,mediator_id,starts_at,ends_at,reason,created_at');
    mediators.forEach((m, i) => {
      const json = [m.languages, m.areas, m.modalities, m.sectors, m.rules].map((v) => JSON.stringify(v));
      mediator(m.id, `Mediatore ${i}`, `m${i}@example.it`, m.gender, m.home, ...json, m.cap, m.active ? 1 : 0, now, now);
      for (const l of m.languages) language(m.id, l.code, l.code.split('-')[0], l.level);
      const first = days[m.offDays[0] ?? -1]?.midnight;
      if (first !== undefined) timeOff(`off_b${pad(i)}`, m.id, first, first + m.offDays.length * DAY, 'ferie', now);
    });
    const exclusion = insert('exclusions', 'id,service_id,mediator_id,beneficiary_ref,reason,created_by,created_at');
    for (let i = 0; i < scale.mediators / 50; i++) {
      const s = services[int(r, 0, services.length - 1)] as Service;
      const beneficiary = i % 2 ? s.beneficiaries[i] : null;
      exclusion(`exc_b${pad(i)}`, s.id, mediators[int(r, 0, mediators.length - 1)]?.id, beneficiary, 'conflitto di interessi', s.userId, now);
    }
  })();

  const open = makeOpen(scale.open, services, r);
  const requests = [...makeHistory(scale.requestsPerYear, services, mediators, r), ...open].sort((a, b) => a.createdAt - b.createdAt);
  const counts = { mediators: mediators.length, services: services.length, ...writeHistory(sql, insert, requests) };
  sql.pragma('synchronous = NORMAL');
  sql.pragma('cache_size = -2048');
  sql.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const targets = open.map((a) => ({ id: a.id, token: a.ask.service.token }));
  return { scale, file, services, open: targets, counts, seconds: (performance.now() - started) / 1000 };
}

type Insert = (table: string, columns: string) => (...values: unknown[]) => unknown;

/** Requests, the sheets of sessions still open, and settlements; returns how many of each were written. */
function writeHistory(sql: ReturnType<typeof openNodeDatabase>['sqlite'], insert: Insert, requests: Request[]): Record<string, number> {
  const counts: Record<string, number> & { inYear: number; sheets: number; settlements: number } = { inYear: 0, sheets: 0, settlements: 0 };
  const appointment = insert(
    'appointments',
    'id,service_id,created_by,language,area_code,modality,starts_at,ends_at,duration_minutes,sector,gender_preference,gender,' +
      'beneficiary_ref,min_level,assignment,status,mediator_id,fallback_step,unfilled_reason,booked_at,cancelled_at,reminder_queued_at,created_at,updated_at',
  );
  const sheet = insert('attendance', 'appointment_id,party,recorded_by,outcome,check_in,check_out,rating,recorded_at');
  const settlement = insert(
    'settlements',
    'appointment_id,mediator_id,service_id,starts_at,outcome,check_in,check_out,actual_minutes,billable_minutes,source,policy,decided_by,settled_at',
  );
  const write = sql.transaction((batch: Request[]) => {
    for (const a of batch) {
      // The job loop queues a reminder 24 h ahead: those already due were queued, so the server starts idle.
      const reminded = a.status === 'booked' && a.start > now && a.start - DAY <= now ? now - 3_600_000 : null;
      const q = a.ask;
      appointment(a.id, q.service.id, q.service.userId, q.language, q.area, q.modality, a.start, a.start + q.duration * MIN, q.duration, q.sector,
        q.genderPreference, q.gender, q.beneficiary, q.minLevel, a.assignment, a.status, a.mediator?.id ?? null, a.fallback, a.unfilled,
        a.bookedAt, a.cancelledAt, reminded, a.createdAt, a.createdAt);
      counts[a.status] = (counts[a.status] ?? 0) + 1;
      if (a.start < yearEnd) counts.inYear++;
      for (const s of a.sheets) {
        const by = s.party === 'desk' ? q.service.userId : a.mediator?.userId;
        sheet(a.id, s.party, by, s.outcome, s.checkIn, s.checkOut, s.party === 'desk' ? 4 : null, a.start + 3 * 3_600_000);
        counts.sheets++;
      }
      if (a.settled && a.mediator) {
        const { outcome, checkIn, checkOut, source } = a.settled;
        const actual = checkIn !== null && checkOut !== null ? Math.round((checkOut - checkIn) / MIN) : 0;
        settlement(a.id, a.mediator.id, q.service.id, a.start, outcome, checkIn, checkOut, actual, billable(outcome, actual), source, POLICY,
          source === 'agreed' ? null : 'usr_coordinator', a.start + DAY);
        counts.settlements++;
      }
    }
  });
  // The history's indexes are built once after the load (a sort) rather than row by row: about 3× faster.
  const history = "tbl_name IN ('appointments', 'attendance', 'settlements')";
  const indexes = sql.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND ${history}`).all() as Array<{
    name: string;
    sql: string;
  }>;
  for (const i of indexes) sql.exec(`DROP INDEX ${i.name}`);
  for (let i = 0; i < requests.length; i += 10_000) write(requests.slice(i, i + 10_000));
  for (const i of indexes) sql.exec(i.sql);
  return counts;
}
