import type { Locale } from './types.js';

// Keys are lower-case tags; only languages the network commonly books are named.
const NAMES: Record<string, Record<Locale, string>> = {
  ar: { it: 'arabo', en: 'Arabic' },
  'ar-ma': { it: 'arabo (marocchino)', en: 'Arabic (Moroccan)' },
  ro: { it: 'rumeno', en: 'Romanian' },
  sq: { it: 'albanese', en: 'Albanian' },
  zh: { it: 'cinese', en: 'Chinese' },
  ur: { it: 'urdu', en: 'Urdu' },
  bn: { it: 'bengalese', en: 'Bengali' },
  pa: { it: 'punjabi', en: 'Punjabi' },
  es: { it: 'spagnolo', en: 'Spanish' },
  en: { it: 'inglese', en: 'English' },
  fr: { it: 'francese', en: 'French' },
  pcm: { it: 'pidgin nigeriano', en: 'Nigerian Pidgin' },
  wo: { it: 'wolof', en: 'Wolof' },
  ti: { it: 'tigrino', en: 'Tigrinya' },
  uk: { it: 'ucraino', en: 'Ukrainian' },
  ru: { it: 'russo', en: 'Russian' },
  ise: { it: 'LIS – Lingua dei segni italiana', en: 'LIS – Italian Sign Language' },
};

/** Human name of a BCP 47 tag: languageName('ar-MA', 'it') → "arabo (marocchino)"; unknown tags come back as given. */
export function languageName(tag: string, locale: Locale): string {
  return NAMES[tag.trim().toLowerCase()]?.[locale] ?? tag;
}
