import type { Level, Modality } from './vocabulary.js';
import { levelRank } from './vocabulary.js';

/** A BCP 47 tag as used here: primary language (2–3 letters), optional script/region/variant subtags. */
export const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;

/** Canonical case: "AR-ma" → "ar-MA", "zh-hant-tw" → "zh-Hant-TW". */
export function canonicalTag(tag: string): string {
  const [primary = '', ...rest] = tag.split('-');
  const parts = rest.map((p) => {
    if (p.length === 4 && /^[a-zA-Z]+$/.test(p)) return p[0]?.toUpperCase() + p.slice(1).toLowerCase();
    if (p.length === 2 || (p.length === 3 && /^\d+$/.test(p))) return p.toUpperCase();
    return p.toLowerCase();
  });
  return [primary.toLowerCase(), ...parts].join('-');
}

/** The primary language subtag: what "speaks the language" is decided on. */
export function baseLanguage(tag: string): string {
  return (tag.split('-')[0] ?? tag).toLowerCase();
}

export interface SpokenLanguage {
  code: string;
  level: Level;
}

/** How well a mediator's language matches a requested tag (ar-MA requested: ar-MA exact, ar generic, ar-EG other). */
export type VarietyMatch = 'exact' | 'generic' | 'other_variety';

export interface LanguageMatch {
  spoken: SpokenLanguage;
  variety: VarietyMatch;
}

const VARIETY_RANK: Record<VarietyMatch, number> = { exact: 2, generic: 1, other_variety: 0 };

/** A requested tag in the form matching compares: canonical, its primary language, the level rank asked. */
export interface LanguageQuery {
  want: string;
  base: string;
  minRank: number;
}

export function languageQuery(requested: string, minLevel?: Level): LanguageQuery {
  const want = canonicalTag(requested);
  return { want, base: baseLanguage(want), minRank: minLevel ? levelRank(minLevel) : -Infinity };
}

/**
 * The mediator's best language entry for a requested tag: same primary language, preferring the
 * exact variety, then the generic tag, then another variety; within each, the higher level.
 * With `minLevel`, entries at that level or above win over any entry below it.
 */
export function bestLanguageMatch(spoken: readonly SpokenLanguage[], requested: string, minLevel?: Level): LanguageMatch | null {
  if (minLevel) {
    const match = bestLanguageMatchAtLevel(spoken, requested, minLevel);
    if (match) return match;
  }
  return bestMatchFor(spoken, languageQuery(requested));
}

/** The best entry among those at `minLevel` or above (null when none matches): matching's level rule. */
export function bestLanguageMatchAtLevel(spoken: readonly SpokenLanguage[], requested: string, minLevel: Level): LanguageMatch | null {
  return bestMatchFor(spoken, languageQuery(requested, minLevel));
}

/** The best entry for a prepared query (entries below its level rank are skipped). */
export function bestMatchFor(spoken: readonly SpokenLanguage[], q: LanguageQuery): LanguageMatch | null {
  let best: LanguageMatch | null = null;
  let bestVariety = -1;
  let bestRank = -1;
  for (const s of spoken) {
    const rank = levelRank(s.level);
    if (rank < q.minRank) continue;
    const code = canonicalTag(s.code);
    if (!sharesPrimary(code, q.base)) continue;
    // A request without a variety ("ar") has no preference: every variety is an equal, generic match.
    const variety: VarietyMatch = q.want === q.base || code === q.base ? 'generic' : code === q.want ? 'exact' : 'other_variety';
    const varietyRank = VARIETY_RANK[variety];
    if (varietyRank > bestVariety || (varietyRank === bestVariety && rank > bestRank)) {
      best = { spoken: s, variety };
      bestVariety = varietyRank;
      bestRank = rank;
    }
  }
  return best;
}

/** Whether a canonical tag has the primary language `base` ("ar-MA" and "ar": yes; "arq": no). */
function sharesPrimary(canonical: string, base: string): boolean {
  return canonical === base || (canonical.length > base.length && canonical.charCodeAt(base.length) === 45 && canonical.startsWith(base));
}

/**
 * Sign languages (ISO 639-3) the network may meet: Italian (`ise`, LIS), International Sign, and
 * those of the countries people most often come from. `sgn` and every `sgn-*` tag are sign languages too.
 */
export const SIGN_LANGUAGES: ReadonlySet<string> = new Set([
  'ise', 'sgn', 'ils', 'ase', 'bfi', 'fsl', 'gsg', 'ssp', 'sgg', 'slf', 'ssr', 'psr', 'bzs', 'csl', 'rsl', 'ukl',
  'rms', 'sqk', 'xms', 'tse', 'esl', 'ins', 'pks', 'nsi', 'tsm',
]);

/** Whether a tag names a sign language: isSignLanguage('ise') → true, isSignLanguage('sgn-IT') → true. */
export function isSignLanguage(tag: string): boolean {
  return SIGN_LANGUAGES.has(baseLanguage(tag));
}

/** Whether a language can be mediated by a modality: a sign language must be seen, so never by phone. */
export function modalitySuitsLanguage(tag: string, modality: Modality): boolean {
  return !(modality === 'phone' && isSignLanguage(tag));
}
