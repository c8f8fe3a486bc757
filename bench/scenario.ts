import type { WeeklyRule } from '../src/domain/availability.js';
import type { Gender, Level, Modality, Sector, ServiceKind } from '../src/domain/vocabulary.js';

/** Wednesday 13 May 2026, 10:00 in Rome: the fixed "now" of the app and of the data set. */
export const NOW = '2026-05-13T08:00:00Z';
export const ZONE = 'Europe/Rome';
export const SEED = 20260513;

export const COORDINATOR_TOKEN = 'bench-coordinator-token-0001';

/** History: 250 days back uniformly, and a future that thins out (bookings arrive over time) up to 115 days ahead. */
export const HISTORY = { pastDays: 250, futureDays: 115, futureDecayDays: 28 };

/** Searches and booking requests ask for slots 1–42 days ahead, in working hours. */
export const REQUEST_HORIZON_DAYS = 42;

type Weights<T> = ReadonlyArray<readonly [T, number]>;

/** One roster + its history: the Piedmont one, and the unrelated one used to double the data. */
export interface Population {
  /** Short tag put in every generated id, so the two populations never collide. */
  tag: string;
  mediators: number;
  bookings: number;
  /** Mother tongues (code as stored, e.g. ar-MA) and how common each is in the roster. */
  primary: Weights<string>;
  /** Second languages by primary base language: [code, probability]. */
  secondary: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>>;
  /** Home areas and how many services each has. */
  areas: ReadonlyArray<{ code: string; name: string; weight: number; services: number }>;
  /** Areas to create first (the Piedmont ones come with the migrations). */
  createAreas: boolean;
}

const PIEDMONT_AREAS = [
  { code: 'TO', name: 'Torino', weight: 50, services: 12 },
  { code: 'CN', name: 'Cuneo', weight: 13, services: 5 },
  { code: 'AL', name: 'Alessandria', weight: 9, services: 5 },
  { code: 'NO', name: 'Novara', weight: 8, services: 5 },
  { code: 'AT', name: 'Asti', weight: 5, services: 3 },
  { code: 'VC', name: 'Vercelli', weight: 5, services: 3 },
  { code: 'BI', name: 'Biella', weight: 5, services: 3 },
  { code: 'VB', name: 'Verbano-Cusio-Ossola', weight: 5, services: 3 },
] as const;

export const PIEDMONT: Population = {
  tag: 'P',
  mediators: 2000,
  bookings: 200_000,
  primary: [
    ['ar', 9],
    ['ar-MA', 9],
    ['ro', 12],
    ['sq', 9],
    ['zh', 6],
    ['ur', 5],
    ['bn', 4],
    ['pa', 5],
    ['es', 6],
    ['en', 6],
    ['fr', 6],
    ['pcm', 4],
    ['wo', 4],
    ['ti', 3],
    ['uk', 5],
    ['ru', 4],
    ['ise', 2],
  ],
  secondary: {
    ar: [['fr', 0.4], ['en', 0.3]],
    ro: [['es', 0.2], ['fr', 0.2], ['en', 0.2]],
    sq: [['en', 0.3]],
    zh: [['en', 0.3]],
    ur: [['en', 0.5], ['pa', 0.3]],
    bn: [['en', 0.5]],
    pa: [['ur', 0.3], ['en', 0.4]],
    es: [['en', 0.4], ['fr', 0.2]],
    en: [['fr', 0.3]],
    fr: [['en', 0.4], ['ar', 0.1]],
    pcm: [['en', 0.9]],
    wo: [['fr', 0.8]],
    ti: [['en', 0.4], ['ar', 0.2]],
    uk: [['ru', 0.7]],
    ru: [['uk', 0.4]],
    ise: [['en', 0.2]],
  },
  areas: PIEDMONT_AREAS,
  createAreas: false,
};

/** Same size as Piedmont, but no language and no area in common with it: it must not slow Piedmont's searches. */
export const UNRELATED: Population = {
  tag: 'X',
  mediators: 2000,
  bookings: 200_000,
  primary: [
    ['de', 8],
    ['pt', 8],
    ['tr', 8],
    ['fa', 7],
    ['hi', 7],
    ['ta', 6],
    ['si', 6],
    ['tl', 8],
    ['am', 5],
    ['so', 6],
    ['ha', 5],
    ['yo', 5],
    ['ff', 4],
    ['ps', 4],
    ['ku', 4],
    ['hy', 3],
    ['ka', 3],
  ],
  secondary: { fa: [['ps', 0.3]], ps: [['fa', 0.5]], ha: [['yo', 0.2]], ta: [['si', 0.2]], am: [['so', 0.2]] },
  areas: [
    { code: 'MI', name: 'Milano', weight: 40, services: 12 },
    { code: 'GE', name: 'Genova', weight: 15, services: 6 },
    { code: 'VA', name: 'Varese', weight: 10, services: 4 },
    { code: 'CO', name: 'Como', weight: 8, services: 4 },
    { code: 'PV', name: 'Pavia', weight: 8, services: 4 },
    { code: 'SV', name: 'Savona', weight: 7, services: 4 },
    { code: 'AO', name: 'Aosta', weight: 6, services: 3 },
    { code: 'IM', name: 'Imperia', weight: 6, services: 3 },
  ],
  createAreas: true,
};

/** What desks ask for in Piedmont (request mix of the searches and of the booking POSTs). */
export const DEMAND: Weights<string> = [
  ['ar', 16],
  ['ar-MA', 8],
  ['ro', 10],
  ['sq', 6],
  ['zh', 7],
  ['ur', 5],
  ['bn', 5],
  ['pa', 5],
  ['es', 4],
  ['en', 6],
  ['fr', 5],
  ['pcm', 5],
  ['wo', 3],
  ['ti', 4],
  ['uk', 6],
  ['ru', 2],
  ['ise', 3],
];

export const SECONDARY_LEVELS: Weights<Level> = [
  ['C2', 2],
  ['C1', 4],
  ['B2', 3],
  ['B1', 1],
];

export const GENDER_MIX: Weights<Gender> = [
  ['female', 65],
  ['male', 33],
  ['nonbinary', 2],
];

export const MODALITY_SETS: Weights<Modality[]> = [
  [['in_person', 'phone', 'video'], 70],
  [['in_person', 'phone'], 15],
  [['in_person'], 5],
  [['phone', 'video'], 10],
];

export const MODALITY_MIX: Weights<Modality> = [
  ['in_person', 75],
  ['phone', 15],
  ['video', 10],
];

export const SERVICE_KINDS: ReadonlyArray<readonly [ServiceKind, Sector]> = [
  ['health', 'health'],
  ['hospital', 'health'],
  ['municipality', 'social'],
  ['job_centre', 'employment'],
  ['school', 'school'],
  ['housing', 'housing'],
  ['social', 'social'],
  ['legal', 'legal'],
];

export const DURATIONS: Weights<number> = [
  [30, 15],
  [45, 15],
  [60, 40],
  [90, 20],
  [120, 10],
];

const weekdays = (days: number[], start: string, end: string): WeeklyRule[] => days.map((weekday) => ({ weekday, start, end }));

/** Weekly availability patterns (Rome wall clock). */
export const AVAILABILITY: Weights<WeeklyRule[]> = [
  [[...weekdays([1, 2, 3, 4, 5], '09:00', '13:00'), ...weekdays([1, 2, 3, 4, 5], '14:00', '18:00')], 40],
  [weekdays([1, 2, 3, 4, 5], '08:30', '13:30'), 20],
  [weekdays([1, 2, 3, 4, 5, 6], '14:00', '19:00'), 15],
  [[...weekdays([2, 4], '09:00', '17:00'), ...weekdays([6], '09:00', '12:00')], 10],
  [weekdays([1, 3, 5], '09:00', '18:00'), 15],
];

export const WEEKLY_CAPS: readonly number[] = [600, 900, 1200, 1800, 2400];
