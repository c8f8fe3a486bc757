import { DateTime } from 'luxon';
import { expandWeeklyRules, minutesOfDay, type WeeklyRule } from '../src/domain/availability.js';
import { type Interval, mergeIntervals } from '../src/domain/intervals.js';

// Prototype: same algorithm, luxon only once per (zone, day) and per (zone, day, minutes).
const dayLists = new Map<string, Array<{ weekday: number; day: DateTime; key: number }>>();
const instants = new Map<string, number>();
function daysFor(zone: string, from: number, to: number) {
  const k = `${zone}|${from}|${to}`;
  let list = dayLists.get(k);
  if (!list) {
    list = [];
    let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
    const last = DateTime.fromMillis(to, { zone }).startOf('day');
    while (day <= last) { list.push({ weekday: day.weekday, day, key: day.toMillis() }); day = day.plus({ days: 1 }); }
    if (dayLists.size > 256) dayLists.clear();
    dayLists.set(k, list);
  }
  return list;
}
function at(zone: string, d: { day: DateTime; key: number }, minutes: number): number {
  const k = `${zone}|${d.key}|${minutes}`;
  let v = instants.get(k);
  if (v === undefined) {
    v = minutes >= 1440 ? d.day.plus({ days: 1 }).startOf('day').toMillis() : d.day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
    if (instants.size > 50_000) instants.clear();
    instants.set(k, v);
  }
  return v;
}
export function fastExpand(rules: readonly WeeklyRule[], zone: string, from: number, to: number): Interval[] {
  if (rules.length === 0 || to <= from) return [];
  const out: Interval[] = [];
  for (const d of daysFor(zone, from, to)) {
    for (const rule of rules) {
      if (rule.weekday !== d.weekday) continue;
      const start = at(zone, d, minutesOfDay(rule.start));
      const end = at(zone, d, minutesOfDay(rule.end));
      if (end > start && end > from && start < to) out.push({ start, end });
    }
  }
  return mergeIntervals(out);
}

// equality on random inputs incl. DST weeks
let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
for (let i = 0; i < 20000; i++) {
  const rules: WeeklyRule[] = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => { const s = Math.floor(rnd() * 96) * 15; const e = Math.min(1440, s + 15 + Math.floor(rnd() * 40) * 15); return { weekday: 1 + Math.floor(rnd() * 7), start: hhmm(s), end: e === 1440 ? '24:00' : hhmm(e) }; });
  const base = [Date.parse('2026-03-27T00:00:00Z'), Date.parse('2026-10-23T00:00:00Z'), Date.parse('2026-05-13T00:00:00Z')][i % 3]!;
  const from = base + Math.floor(rnd() * 5 * 96) * 15 * 60000; const to = from + (15 + Math.floor(rnd() * 60 * 24 * 3)) * 60000;
  const zone = i % 5 === 0 ? 'America/New_York' : 'Europe/Rome';
  const a = JSON.stringify(expandWeeklyRules(rules, zone, from, to)); const b = JSON.stringify(fastExpand(rules, zone, from, to));
  if (a !== b) { console.log('DIFF', rules, zone, from, to, a, b); process.exit(1); }
}
console.log('20000 random cases identical');
const rules: WeeklyRule[] = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, start: '09:00', end: '13:00' }, { weekday, start: '14:00', end: '18:00' }]);
const from = Date.parse('2026-05-20T08:00:00Z'), to = from + 3600_000;
for (const [name, f] of [['luxon each call', expandWeeklyRules], ['memoised', fastExpand]] as const) {
  for (let i = 0; i < 2000; i++) f(rules, 'Europe/Rome', from, to);
  const t = performance.now(); for (let i = 0; i < 20000; i++) f(rules, 'Europe/Rome', from, to);
  console.log(name.padEnd(16), ((performance.now() - t) * 1000 / 20000).toFixed(2), 'µs per mediator');
}
