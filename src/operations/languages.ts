import type { Ctx } from '../deps.js';
import { BadRequestError } from '../domain/errors.js';
import { catalogueEntry, isKnownLanguage, LANGUAGES, suggestLanguage } from '../domain/language-catalogue.js';
import { canonicalTag, isSignLanguage, modalitySuitsLanguage } from '../domain/languages.js';
import type { Modality } from '../domain/vocabulary.js';
import { requireRole } from './access.js';

export type NameLocale = 'it' | 'en';

export interface LanguageItem {
  code: string;
  name: string;
  names: { it: string; en: string };
  signLanguage: boolean;
  /** Someone in the roster speaks it (or a variety of it). */
  inRoster: boolean;
}

/** The languages the network serves: the catalogue plus every tag spoken in the roster, named in `locale`, sorted by that name. */
export async function listLanguages(ctx: Ctx, locale: NameLocale): Promise<LanguageItem[]> {
  requireRole(ctx.actor, 'coordinator', 'desk', 'mediator');
  const roster = await ctx.repos.mediators.languageCodes();
  const rosterBases = new Set(roster.map((c) => canonicalTag(c).split('-')[0]));
  const codes = new Set([...LANGUAGES.map((l) => l.code), ...roster.map(canonicalTag)]);
  const items = [...codes].map((code) => {
    const names = catalogueEntry(code)?.names ?? { it: code, en: code };
    return { code, name: names[locale], names, signLanguage: isSignLanguage(code), inRoster: rosterBases.has(code.split('-')[0]) };
  });
  return items.sort((a, b) => a.name.localeCompare(b.name, locale) || a.code.localeCompare(b.code));
}

/** An unknown language is a mistake, not a coverage gap: 400 naming `path`, with a suggestion when one is close. */
export async function assertKnownLanguages(ctx: Ctx, tags: ReadonlyArray<{ tag: string; path: string }>): Promise<void> {
  const doubtful = tags.filter(({ tag }) => !isKnownLanguage(tag));
  if (doubtful.length === 0) return;
  // The roster is read only for a tag outside the catalogue: the common request costs no round trip.
  const roster = await ctx.repos.mediators.languageCodes();
  const unknown = doubtful.find(({ tag }) => !isKnownLanguage(tag, roster));
  if (!unknown) return;
  const suggestion = suggestLanguage(unknown.tag);
  const hint = suggestion ? ` Did you mean ${suggestion.code} (${suggestion.names.en})?` : ' GET /v1/languages lists them.';
  throw new BadRequestError(unknown.path, `${unknown.tag} is not a language the network serves.${hint}`, 'unknown_language', {
    suggestion: suggestion ? { code: suggestion.code, names: suggestion.names } : null,
  });
}

/** A sign language is never booked by phone: refused when the request is made or changed, so it is never stored. */
export function assertModalitySuits(language: string, modality: Modality): void {
  if (!modalitySuitsLanguage(language, modality)) {
    throw new BadRequestError('modality', `${language} is a sign language: it is never mediated by phone; ask for in_person or video.`, 'modality_unsuitable');
  }
}
