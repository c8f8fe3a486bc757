import type { Level } from './vocabulary.js';
import { levelRank } from './vocabulary.js';

/** A BCP 47 tag as used here: primary language (2–3 letters), optional script/region/variant subtags. */
export const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;

/**
 * Matching calls these for every language of every speaker on each search, with a few dozen
 * distinct tags in all: results are memoised (bounded, in case of hostile input).
 */
const MEMO_LIMIT = 10_000;
function memoised(f: (tag: string) => string): (tag: string) => string {
  const memo = new Map<string, string>();
  return (tag) => {
    let out = memo.get(tag);
    if (out === undefined) {
      out = f(tag);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(tag, out);
    }
    return out;
  };
}

/** Canonical case: "AR-ma" → "ar-MA", "zh-hant-tw" → "zh-Hant-TW". */
export const canonicalTag = memoised((tag) => {
  const [primary = '', ...rest] = tag.split('-');
  const parts = rest.map((p) => {
    if (p.length === 4 && /^[a-zA-Z]+$/.test(p)) return p[0]?.toUpperCase() + p.slice(1).toLowerCase();
    if (p.length === 2 || (p.length === 3 && /^\d+$/.test(p))) return p.toUpperCase();
    return p.toLowerCase();
  });
  return [primary.toLowerCase(), ...parts].join('-');
});

/** The primary language subtag: what "speaks the language" is decided on. */
export const baseLanguage = memoised((tag) => (tag.split('-')[0] ?? tag).toLowerCase());

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
  return bestAtRank(spoken, requested, -Infinity);
}

/** The best entry among those at `minLevel` or above (null when none matches): matching's level rule. */
export function bestLanguageMatchAtLevel(spoken: readonly SpokenLanguage[], requested: string, minLevel: Level): LanguageMatch | null {
  return bestAtRank(spoken, requested, levelRank(minLevel));
}

function bestAtRank(spoken: readonly SpokenLanguage[], requested: string, minRank: number): LanguageMatch | null {
  const want = canonicalTag(requested);
  const base = baseLanguage(want);
  let best: LanguageMatch | null = null;
  for (const s of spoken) {
    if (levelRank(s.level) < minRank) continue;
    const code = canonicalTag(s.code);
    if (baseLanguage(code) !== base) continue;
    // A request without a variety ("ar") has no preference: every variety is an equal, generic match.
    const variety: VarietyMatch = want === base || code === base ? 'generic' : code === want ? 'exact' : 'other_variety';
    if (
      !best ||
      VARIETY_RANK[variety] > VARIETY_RANK[best.variety] ||
      (VARIETY_RANK[variety] === VARIETY_RANK[best.variety] && levelRank(s.level) > levelRank(best.spoken.level))
    ) {
      best = { spoken: s, variety };
    }
  }
  return best;
}
