/**
 * One roster row judged against the roster as it stands: what importing it would do (create a
 * mediator, update the one with that e-mail, nothing, or refuse it) and why. Pure: the same
 * judgement makes the dry run's report and, again at commit time, the change itself.
 */
import type { MediatorWrite } from '../../db/repositories/mediators.js';
import type { WeeklyRule } from '../domain/availability.js';
import { DEFAULT_WEEKLY_MINUTES } from '../domain/vocabulary.js';
import {
  type AreaName,
  type CellProblem,
  type Parsed,
  parseActive,
  parseAreas,
  parseAvailability,
  parseEmail,
  parseGender,
  parseLanguages,
  parseModalities,
  parseName,
  parseNotifyBy,
  parsePhone,
  parseSectors,
  parseWeeklyHours,
} from './cells.js';
import type { RosterField } from './columns.js';

export type RowAction = 'create' | 'update' | 'unchanged' | 'reject';

export interface RowProblem extends CellProblem {
  field: RosterField | null;
}

/** A mediator as a row sets them: the API's mediator fields plus the weekly availability. */
export type RosterEntry = MediatorWrite & { availability: WeeklyRule[] };

/** A mediator already in the roster, as the row is compared with (lists read-only, as stored). */
export type CurrentMediator = { readonly [K in keyof RosterEntry]: RosterEntry[K] extends Array<infer U> ? readonly U[] : RosterEntry[K] } & { id: string };

/** The roster a row is judged against. */
export interface RosterState {
  areas: readonly AreaName[];
  /** Language tags spoken in the roster (a tag outside the catalogue is known when someone speaks it). */
  rosterLanguages: readonly string[];
  /** The mediators holding an e-mail address (lower case); more than one makes the row ambiguous. */
  byEmail(email: string): readonly CurrentMediator[];
}

export interface RowVerdict {
  action: RowAction;
  email: string | null;
  name: string | null;
  problems: RowProblem[];
  warnings: RowProblem[];
  /** For an update: the fields that change. */
  changes: RosterField[];
  mediatorId: string | null;
  /** What to store: the whole mediator after the row (null when refused). */
  entry: RosterEntry | null;
}

/** The cells of one row by field: their text, trimmed, and the fields computed by a formula. */
export interface RowCells {
  values: Partial<Record<RosterField, string>>;
  formulas: RosterField[];
}

/** Equal values; lists compared as sets (the order of areas or languages in a cell means nothing). */
const sameValue = (a: unknown, b: unknown) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
const comparable = (v: unknown) => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort() : v);

export function judgeRow(cells: RowCells, state: RosterState): RowVerdict {
  const problems: RowProblem[] = cells.formulas.map((field) => ({ field, code: 'formula' }));
  const warnings: RowProblem[] = [];
  const read = <T>(field: RosterField, parse: (text: string) => Parsed<T>): T | undefined => {
    const text = cells.values[field];
    if (text === undefined || text === '' || cells.formulas.includes(field)) return undefined;
    const parsed = parse(text);
    if ('problem' in parsed) {
      problems.push({ field, ...parsed.problem });
      return undefined;
    }
    return parsed.value;
  };
  const given = {
    name: read('name', parseName),
    email: read('email', parseEmail),
    phone: read('phone', parsePhone),
    gender: read('gender', parseGender),
    languages: read('languages', (t) => parseLanguages(t, state.rosterLanguages)),
    areas: read('areas', (t) => parseAreas(t, state.areas)),
    homeArea: read('homeArea', (t) => parseAreas(t, state.areas, 1))?.[0],
    modalities: read('modalities', parseModalities),
    sectors: read('sectors', parseSectors),
    maxWeeklyMinutes: read('weeklyHours', parseWeeklyHours),
    availability: read('availability', parseAvailability),
    active: read('active', parseActive),
    notifyBy: read('notifyBy', parseNotifyBy),
  };
  const email = given.email ?? null;
  const matches = email ? state.byEmail(email) : [];
  const current = matches.length === 1 ? matches[0] : undefined;
  const verdict = (action: RowAction, entry: RosterEntry | null, changes: RosterField[] = []): RowVerdict => ({
    action,
    email: email ?? (cells.values.email || null),
    name: given.name ?? current?.name ?? (cells.values.name || null),
    problems,
    warnings,
    changes,
    mediatorId: current?.id ?? null,
    entry,
  });

  if (!cells.values.email) problems.push({ field: 'email', code: 'required' });
  if (matches.length > 1) problems.push({ field: 'email', code: 'ambiguous_email', params: { count: matches.length } });
  if (matches.length === 0) {
    for (const field of ['name', 'languages', 'areas', 'modalities'] as const) {
      if (!cells.values[field]) problems.push({ field, code: 'required_for_new' });
    }
  }
  if (problems.length > 0) return verdict('reject', null);

  const entry: RosterEntry = {
    name: given.name ?? current?.name ?? '',
    // Addresses match without case: the roster keeps the one it has.
    email: current?.email ?? email ?? '',
    phone: given.phone ?? current?.phone ?? null,
    gender: given.gender ?? current?.gender ?? null,
    languages: [...(given.languages ?? current?.languages ?? [])],
    areas: [...(given.areas ?? current?.areas ?? [])],
    homeArea: given.homeArea ?? current?.homeArea ?? given.areas?.[0] ?? '',
    modalities: [...(given.modalities ?? current?.modalities ?? [])],
    sectors: [...(given.sectors ?? current?.sectors ?? [])],
    maxWeeklyMinutes: given.maxWeeklyMinutes ?? current?.maxWeeklyMinutes ?? DEFAULT_WEEKLY_MINUTES,
    active: given.active ?? current?.active ?? true,
    locale: current?.locale ?? 'it',
    notifyBy: given.notifyBy ?? current?.notifyBy ?? 'email',
    availability: [...(given.availability ?? current?.availability ?? [])],
  };
  if (entry.notifyBy !== 'email' && !entry.phone) warnings.push({ field: 'notifyBy', code: 'sms_without_phone' });
  if (entry.active && entry.availability.length === 0) warnings.push({ field: 'availability', code: 'no_availability' });
  if (!current) return verdict('create', entry);

  const before: CurrentMediator = current;
  const changes = (Object.keys(given) as Array<keyof typeof given>)
    .filter((key) => given[key] !== undefined)
    .filter((key) => !sameValue(entry[key], before[key]))
    .map((key): RosterField => (key === 'maxWeeklyMinutes' ? 'weeklyHours' : key));
  return changes.length === 0 ? verdict('unchanged', entry) : verdict('update', entry, changes);
}
