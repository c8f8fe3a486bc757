import { catalogueEntry } from '../src/domain/language-catalogue.js';
import type { Locale } from './types.js';

/** Human name of a BCP 47 tag (the domain's catalogue): languageName('ar-MA', 'it') → "arabo (marocchino)"; unknown tags come back as given. */
export function languageName(tag: string, locale: Locale): string {
  return catalogueEntry(tag.trim())?.names[locale] ?? tag;
}
