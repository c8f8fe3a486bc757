/** What the generated network looks like, and the seeded randomness that draws from it. */

type Weights<T> = ReadonlyArray<readonly [T, number]>;

/** The eight seeded areas, weighted by population (Turin's metropolitan area is half of Piedmont). */
export const AREAS: Weights<string> = [['TO', 50], ['CN', 13], ['AL', 9], ['NO', 8], ['AT', 5], ['VC', 5], ['BI', 5], ['VB', 5]];

/** Mediators' mother tongues. */
export const PRIMARY: Weights<string> = [
  ['ar', 10], ['ar-MA', 9], ['ro', 12], ['sq', 9], ['zh', 6], ['en', 5], ['fr', 6], ['es', 5], ['ur', 4], ['bn', 4], ['pa', 4],
  ['uk', 5], ['wo', 3], ['ti', 2], ['so', 2], ['ps', 2], ['fa', 2], ['ru', 4], ['pt', 3],
];

/** Second languages by mother tongue: [code, probability]. */
export const SECONDARY: Readonly<Record<string, Weights<string>>> = {
  ar: [['fr', 0.4], ['en', 0.3]], ro: [['es', 0.2], ['fr', 0.2], ['en', 0.2]], sq: [['en', 0.3]], zh: [['en', 0.3]],
  ur: [['en', 0.5], ['pa', 0.3]], bn: [['en', 0.5]], pa: [['ur', 0.3], ['en', 0.4]], es: [['en', 0.4], ['pt', 0.2]], en: [['fr', 0.3]],
  fr: [['en', 0.4], ['ar', 0.1]], wo: [['fr', 0.8]], ti: [['en', 0.4], ['ar', 0.2]], so: [['en', 0.4], ['ar', 0.3]], ps: [['fa', 0.6], ['ur', 0.2]],
  fa: [['ps', 0.3], ['en', 0.3]], uk: [['ru', 0.7]], ru: [['uk', 0.4]], pt: [['es', 0.5]],
};

/** What desks ask for. */
export const DEMAND: Weights<string> = [
  ['ar', 15], ['ar-MA', 9], ['ro', 10], ['sq', 6], ['zh', 7], ['en', 5], ['fr', 5], ['es', 3], ['ur', 5], ['bn', 5], ['pa', 5],
  ['uk', 6], ['wo', 3], ['ti', 3], ['so', 2], ['ps', 2], ['fa', 2], ['ru', 2], ['pt', 2],
];

export const SECTORS = ['health', 'school', 'social', 'legal', 'housing', 'employment'] as const;
/** Service kinds and the sector most of their requests are in. */
export const SERVICE_KINDS = [
  ['health', 'health'], ['hospital', 'health'], ['municipality', 'social'], ['job_centre', 'employment'],
  ['school', 'school'], ['housing', 'housing'], ['social', 'social'], ['legal', 'legal'],
] as const;

export const DURATIONS: Weights<number> = [[30, 15], [45, 15], [60, 40], [90, 20], [120, 10]];
export const MODALITY_MIX: Weights<string> = [['in_person', 75], ['phone', 15], ['video', 10]];
export const MODALITY_SETS: Weights<string[]> = [
  [['in_person', 'phone', 'video'], 70], [['in_person', 'phone'], 15], [['in_person'], 5], [['phone', 'video'], 10],
];
export const OUTCOMES: Weights<string> = [['completed', 88], ['beneficiary_no_show', 8], ['mediator_no_show', 2], ['cancelled_late', 2]];

const week = (weekdays: number[], start: string, end: string) => weekdays.map((weekday) => ({ weekday, start, end }));
/** Weekly availability patterns (Rome wall clock). */
export const AVAILABILITY: Weights<Array<{ weekday: number; start: string; end: string }>> = [
  [[...week([1, 2, 3, 4, 5], '09:00', '13:00'), ...week([1, 2, 3, 4, 5], '14:00', '18:00')], 40],
  [week([1, 2, 3, 4, 5], '08:30', '13:30'), 20],
  [week([1, 2, 3, 4, 5, 6], '14:00', '19:00'), 15],
  [[...week([2, 4], '09:00', '17:00'), ...week([6], '09:00', '12:00')], 10],
  [week([1, 3, 5], '09:00', '18:00'), 15],
];

export type Rng = () => number;

/** mulberry32: small and fast; the same seed draws the same network. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const chance = (r: Rng, p: number) => r() < p;
export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

export function weighted<T>(r: Rng, entries: Weights<T>): T {
  let x = r() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of entries) if ((x -= w) < 0) return value;
  return entries[entries.length - 1]?.[0] as T;
}
