import { baseLanguage, canonicalTag, isSignLanguage } from './languages.js';

/** A language the network serves, with its names in Italian and English (and what people also call it). */
export interface CatalogueLanguage {
  code: string;
  names: { it: string; en: string };
  /** Other names a desk may type for it: `LIS` is what Italians call Italian Sign Language. */
  aliases?: readonly string[];
}

/** The languages most requested of mediators in Italy, with the varieties desks ask for by name. */
export const LANGUAGES: readonly CatalogueLanguage[] = [
  { code: 'ar', names: { it: 'arabo', en: 'Arabic' } },
  { code: 'ar-MA', names: { it: 'arabo (marocchino)', en: 'Arabic (Moroccan)' } },
  { code: 'ar-TN', names: { it: 'arabo (tunisino)', en: 'Arabic (Tunisian)' } },
  { code: 'ar-EG', names: { it: 'arabo (egiziano)', en: 'Arabic (Egyptian)' } },
  { code: 'zh', names: { it: 'cinese', en: 'Chinese' } },
  { code: 'ro', names: { it: 'rumeno', en: 'Romanian' } },
  { code: 'sq', names: { it: 'albanese', en: 'Albanian' } },
  { code: 'uk', names: { it: 'ucraino', en: 'Ukrainian' } },
  { code: 'ru', names: { it: 'russo', en: 'Russian' } },
  { code: 'bn', names: { it: 'bengalese', en: 'Bengali' } },
  { code: 'ur', names: { it: 'urdu', en: 'Urdu' } },
  { code: 'pa', names: { it: 'punjabi', en: 'Punjabi' } },
  { code: 'hi', names: { it: 'hindi', en: 'Hindi' } },
  { code: 'si', names: { it: 'singalese', en: 'Sinhala' } },
  { code: 'ta', names: { it: 'tamil', en: 'Tamil' } },
  { code: 'tl', names: { it: 'tagalog', en: 'Tagalog' } },
  { code: 'wo', names: { it: 'wolof', en: 'Wolof' } },
  { code: 'ff', names: { it: 'fula', en: 'Fula' } },
  { code: 'bm', names: { it: 'bambara', en: 'Bambara' } },
  { code: 'tw', names: { it: 'twi', en: 'Twi' } },
  { code: 'ig', names: { it: 'igbo', en: 'Igbo' } },
  { code: 'yo', names: { it: 'yoruba', en: 'Yoruba' } },
  { code: 'ha', names: { it: 'hausa', en: 'Hausa' } },
  { code: 'pcm', names: { it: 'pidgin nigeriano', en: 'Nigerian Pidgin' } },
  { code: 'ti', names: { it: 'tigrino', en: 'Tigrinya' } },
  { code: 'am', names: { it: 'amarico', en: 'Amharic' } },
  { code: 'so', names: { it: 'somalo', en: 'Somali' } },
  { code: 'ps', names: { it: 'pashto', en: 'Pashto' } },
  { code: 'fa', names: { it: 'persiano', en: 'Persian' } },
  { code: 'ku', names: { it: 'curdo', en: 'Kurdish' } },
  { code: 'tr', names: { it: 'turco', en: 'Turkish' } },
  { code: 'es', names: { it: 'spagnolo', en: 'Spanish' } },
  { code: 'pt', names: { it: 'portoghese', en: 'Portuguese' } },
  { code: 'fr', names: { it: 'francese', en: 'French' } },
  { code: 'en', names: { it: 'inglese', en: 'English' } },
  { code: 'de', names: { it: 'tedesco', en: 'German' } },
  { code: 'it', names: { it: 'italiano', en: 'Italian' } },
  { code: 'pl', names: { it: 'polacco', en: 'Polish' } },
  { code: 'sr', names: { it: 'serbo', en: 'Serbian' } },
  { code: 'mk', names: { it: 'macedone', en: 'Macedonian' } },
  { code: 'bg', names: { it: 'bulgaro', en: 'Bulgarian' } },
  { code: 'ber', names: { it: 'berbero (tamazight)', en: 'Berber (Tamazight)' } },
  { code: 'ln', names: { it: 'lingala', en: 'Lingala' } },
  { code: 'ise', names: { it: 'LIS – Lingua dei segni italiana', en: 'LIS – Italian Sign Language' }, aliases: ['LIS'] },
];

const BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l]));

/** The catalogue entry of exactly this tag (any case): catalogueEntry('ar-ma')?.names.it → "arabo (marocchino)". */
export function catalogueEntry(tag: string): CatalogueLanguage | undefined {
  return BY_CODE.get(canonicalTag(tag));
}

/**
 * Whether the network serves a tag: it is in the catalogue, a variety of a catalogued language
 * (`ar-DZ`), a sign language (`sgn-IT`), or spoken by someone in the roster (`rosterCodes`).
 */
export function isKnownLanguage(tag: string, rosterCodes: readonly string[] = []): boolean {
  const base = baseLanguage(tag);
  return BY_CODE.has(base) || BY_CODE.has(canonicalTag(tag)) || isSignLanguage(tag) || rosterCodes.some((c) => baseLanguage(c) === base);
}

/**
 * The catalogued language a mistyped tag most likely meant, or null: one whose name or alias is the
 * tag (`LIS` → ise), else the one whose code is one edit away from the tag's primary subtag (`ara` → ar).
 */
export function suggestLanguage(tag: string): CatalogueLanguage | null {
  const typed = tag.trim().toLowerCase();
  const byName = LANGUAGES.find((l) => [l.names.it, l.names.en, ...(l.aliases ?? [])].some((n) => n.toLowerCase() === typed));
  if (byName) return byName;
  const base = baseLanguage(tag);
  const close = LANGUAGES.filter((l) => !l.code.includes('-') && editDistance(l.code, base) === 1);
  // Among equally close codes, a prefix of the tag wins ("ukr": uk, not ur); still ambiguous → none.
  const best = close.length > 1 ? close.filter((l) => base.startsWith(l.code)) : close;
  return best.length === 1 ? (best[0] ?? null) : null;
}

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
