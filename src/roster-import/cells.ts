/**
 * What a roster spreadsheet's cells mean: each parser turns the text a coordinator typed into the
 * value the API stores, or into a problem code (worded in reasons.ts). Italian and English words
 * and the API's own codes are all accepted: "madrelingua" or "native", "sanità" or "health".
 */
import { z } from 'zod';
import { TIME_OF_DAY, type WeeklyRule, weeklyRuleProblems } from '../domain/availability.js';
import { LANGUAGES, isKnownLanguage, suggestLanguage } from '../domain/language-catalogue.js';
import { canonicalTag, LANGUAGE_TAG, type SpokenLanguage } from '../domain/languages.js';
import { type Gender, type Level, type Modality, type NotifyBy, PHONE_PATTERN, type Sector } from '../domain/vocabulary.js';

export interface CellProblem {
  code: string;
  params?: Record<string, string | number>;
}

export type Parsed<T> = { value: T } | { problem: CellProblem };

const ok = <T>(value: T): Parsed<T> => ({ value });
const fail = (code: string, params?: Record<string, string | number>): Parsed<never> => ({ problem: { code, params } });

/** Lower case, accents and punctuation around words removed: "Sanità " → "sanita". */
export function normalWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Items of a list cell: separated by commas, semicolons, vertical bars or line breaks. */
export function listItems(text: string): string[] {
  return text
    .split(/[,;|\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function wordMap<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  return new Map(Object.entries<readonly string[]>(entries).flatMap(([code, words]) => [code, ...words].map((w) => [normalWord(w), code as T] as const)));
}

const LEVEL_WORDS = wordMap<Level>({ native: ['madrelingua', 'nativo', 'nativa', 'lingua madre', 'l1'], C2: [], C1: [], B2: [], B1: [] });
const MODALITY_WORDS = wordMap<Modality>({ in_person: ['in presenza', 'presenza', 'di persona', 'in person'], phone: ['telefono', 'telefonica', 'telefonico', 'al telefono'], video: ['videochiamata', 'video chiamata', 'online'] });
const SECTOR_WORDS = wordMap<Sector>({
  health: ['sanità', 'sanitario', 'salute', 'sanita'],
  school: ['scuola', 'scolastico', 'istruzione'],
  social: ['sociale', 'servizi sociali', 'socio-assistenziale'],
  legal: ['legale', 'giustizia', 'giuridico'],
  housing: ['casa', 'abitare', 'abitativo', 'alloggio'],
  employment: ['lavoro', 'impiego', 'centro per l impiego'],
});
const GENDER_WORDS = wordMap<Gender>({ female: ['donna', 'femmina', 'f'], male: ['uomo', 'maschio', 'm'], nonbinary: ['non binario', 'non binaria', 'non-binary', 'x'] });
const NOTIFY_WORDS = wordMap<NotifyBy>({ email: ['e-mail', 'mail', 'posta'], sms: ['sms', 'messaggio'], both: ['entrambi', 'email e sms', 'e-mail e sms', 'sms e email', 'sms e e-mail'] });
const YES = new Set(['si', 's', 'yes', 'y', 'true', 'vero', '1', 'x', 'attivo', 'attiva']);
const NO = new Set(['no', 'n', 'false', 'falso', '0', 'inattivo', 'inattiva']);

const EMAIL = z.email();

export function parseName(text: string): Parsed<string> {
  return text.length > 200 ? fail('too_long', { max: 200 }) : ok(text);
}

export function parseEmail(text: string): Parsed<string> {
  const email = text.toLowerCase();
  if (!EMAIL.safeParse(email).success || email.length > 254) return fail('invalid_email', { value: text });
  // `.invalid` never receives mail (RFC 6761): the template's example rows use it, so that they are not imported by mistake.
  return email.endsWith('.invalid') ? fail('example_email', { value: text }) : ok(email);
}

export function parsePhone(text: string): Parsed<string> {
  return PHONE_PATTERN.test(text) ? ok(text) : fail('invalid_phone', { value: text });
}

export function parseGender(text: string): Parsed<Gender> {
  const g = GENDER_WORDS.get(normalWord(text));
  return g ? ok(g) : fail('invalid_gender', { value: text });
}

export function parseActive(text: string): Parsed<boolean> {
  const w = normalWord(text);
  return YES.has(w) ? ok(true) : NO.has(w) ? ok(false) : fail('invalid_yes_no', { value: text });
}

export function parseNotifyBy(text: string): Parsed<NotifyBy> {
  const n = NOTIFY_WORDS.get(normalWord(text));
  return n ? ok(n) : fail('invalid_notify_by', { value: text });
}

function parseWords<T>(text: string, words: Map<string, T>, code: string, max: number): Parsed<T[]> {
  const values: T[] = [];
  for (const item of listItems(text)) {
    const v = words.get(normalWord(item));
    if (v === undefined) return fail(code, { value: item });
    if (!values.includes(v)) values.push(v);
  }
  return values.length > max ? fail('too_many', { max }) : ok(values);
}

export const parseModalities = (text: string) => parseWords(text, MODALITY_WORDS, 'unknown_modality', 3);
export const parseSectors = (text: string) => parseWords(text, SECTOR_WORDS, 'unknown_sector', 6);

/** Hours a week, with a decimal comma or point (0–168), as whole minutes. */
export function parseWeeklyHours(text: string): Parsed<number> {
  const t = text.replace(/\s*(ore|h)$/i, '').replace(',', '.');
  const hours = /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
  return hours >= 0 && hours <= 168 ? ok(Math.round(hours * 60)) : fail('invalid_hours', { value: text });
}

const languageKey = (name: string) => normalWord(name).replace(/ [–-] /g, ' ');
const LANGUAGE_NAMES = new Map(LANGUAGES.flatMap((l) => [l.names.it, l.names.en, ...(l.aliases ?? [])].map((n) => [languageKey(n), l.code] as const)));

/** A language by its tag (`ar-MA`) or its Italian or English name ("arabo marocchino", "LIS"). */
function languageTag(text: string, rosterCodes: readonly string[]): Parsed<string> {
  const byName = LANGUAGE_NAMES.get(languageKey(text));
  if (byName) return ok(byName);
  if (LANGUAGE_TAG.test(text) && isKnownLanguage(text, rosterCodes)) return ok(canonicalTag(text));
  const suggestion = suggestLanguage(text);
  return fail('unknown_language', suggestion ? { value: text, suggestion: suggestion.names.it } : { value: text });
}

/**
 * "arabo madrelingua, francese C1" or "ar:native; fr-FR (B2)": each item is a language and its
 * level (native/madrelingua, C2, C1, B2, B1), the level last; each language once.
 */
export function parseLanguages(text: string, rosterCodes: readonly string[]): Parsed<SpokenLanguage[]> {
  const languages: SpokenLanguage[] = [];
  for (const item of listItems(text)) {
    const words = item.replace(/[():]/g, ' ').trim().split(/\s+/);
    // The level is the last word, or the last two ("lingua madre").
    const split = [2, 1].map((n) => ({ n, level: words.length > n ? LEVEL_WORDS.get(normalWord(words.slice(-n).join(' '))) : undefined })).find((s) => s.level);
    if (!split?.level) return fail('missing_level', { value: item });
    const level = split.level;
    const tag = languageTag(words.slice(0, -split.n).join(' '), rosterCodes);
    if ('problem' in tag) return tag;
    if (languages.some((l) => l.code === tag.value)) return fail('duplicate_language', { value: tag.value });
    languages.push({ code: tag.value, level });
  }
  return languages.length > 20 ? fail('too_many', { max: 20 }) : ok(languages);
}

export interface AreaName {
  code: string;
  name: string;
}

/** Areas by code ("TO") or name ("Torino"); each once. */
export function parseAreas(text: string, known: readonly AreaName[], max = 20): Parsed<string[]> {
  const byWord = new Map(known.flatMap((a) => [[normalWord(a.code), a.code] as const, [normalWord(a.name), a.code] as const]));
  const codes: string[] = [];
  for (const item of listItems(text)) {
    const code = byWord.get(normalWord(item));
    if (!code) return fail('unknown_area', { value: item, known: known.map((a) => `${a.name} (${a.code})`).join(', ') });
    if (!codes.includes(code)) codes.push(code);
  }
  return codes.length > max ? fail('too_many', { max }) : ok(codes);
}

const WEEKDAYS = wordMap<string>({
  '1': ['lun', 'lunedi', 'lunedì', 'mon', 'monday'],
  '2': ['mar', 'martedi', 'martedì', 'tue', 'tuesday'],
  '3': ['mer', 'mercoledi', 'mercoledì', 'wed', 'wednesday'],
  '4': ['gio', 'giovedi', 'giovedì', 'thu', 'thursday'],
  '5': ['ven', 'venerdi', 'venerdì', 'fri', 'friday'],
  '6': ['sab', 'sabato', 'sat', 'saturday'],
  '7': ['dom', 'domenica', 'sun', 'sunday'],
});

/** "9", "9:30", "09.30" → "09:30"; null when it is not a time of day. */
function timeOfDay(text: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text);
  if (!m) return null;
  const hhmm = `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? '00'}`;
  return TIME_OF_DAY.test(hhmm) ? hhmm : null;
}

/**
 * Weekly availability: "lun-ven 9:00-13:00; mer 14-18" — a day or a range of days, then one or
 * more time ranges; as the API's weekly rules, sorted. An empty cell is no availability.
 */
export function parseAvailability(text: string): Parsed<WeeklyRule[]> {
  const rules: WeeklyRule[] = [];
  for (const item of listItems(text)) {
    const m = /^([\p{L}.]+)(?:\s*[-–]\s*([\p{L}.]+))?\s+(.+)$/u.exec(item);
    const from = m ? WEEKDAYS.get(normalWord((m[1] ?? '').replace('.', ''))) : undefined;
    const to = m?.[2] ? WEEKDAYS.get(normalWord(m[2].replace('.', ''))) : from;
    if (!m || !from || !to || Number(to) < Number(from)) return fail('invalid_availability', { value: item });
    const ranges = (m[3] ?? '').split(/\s+(?:e\s+)?|\s*\+\s*/).filter((r) => r !== '' && r !== 'e');
    for (const range of ranges) {
      const [start, end] = range.split(/[-–]/).map((t) => timeOfDay(t.trim()));
      if (!start || !end || weeklyRuleProblems([{ weekday: 1, start, end }]).length > 0) return fail('invalid_availability', { value: item });
      for (let day = Number(from); day <= Number(to); day++) rules.push({ weekday: day, start, end });
    }
  }
  return ok(rules.sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)));
}

/**
 * A cell that a spreadsheet would compute rather than show: a formula, or text that starts like
 * one (CSV injection). A leading apostrophe — how this service's own CSV files keep such text
 * inert — is taken away first, so "'+39 011 …" reads as a phone number.
 */
export function cellText(raw: string): { text: string; formula: boolean } {
  const text = raw.trim().replace(/^'(?=[=+\-@])/, '');
  return { text, formula: /^=/.test(text) || /^[+\-@][^\d\s(]/.test(text) };
}
