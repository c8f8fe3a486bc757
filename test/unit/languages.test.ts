import { describe, expect, it } from 'vitest';
import { baseLanguage, bestLanguageMatch, canonicalTag, isSignLanguage, LANGUAGE_TAG, modalitySuitsLanguage, type SpokenLanguage } from '../../src/domain/languages.js';

describe('canonicalTag', () => {
  it.each([
    ['ar', 'ar'],
    ['AR', 'ar'],
    ['AR-ma', 'ar-MA'],
    ['ar-ma', 'ar-MA'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['ZH-HANS', 'zh-Hans'],
    ['sr-latn-rs', 'sr-Latn-RS'],
    ['es-419', 'es-419'],
    ['zh-YUE', 'zh-yue'], // extended language subtag: lower case
    ['sl-ROZAJ', 'sl-rozaj'], // variant: lower case
    ['DE-ch-1996', 'de-CH-1996'],
    ['Tir', 'tir'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalTag(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const tag of ['ar-MA', 'zh-Hant-TW', 'es-419', 'sl-rozaj']) expect(canonicalTag(canonicalTag(tag))).toBe(canonicalTag(tag));
  });
});

describe('baseLanguage', () => {
  it('is the primary subtag in lower case: what "speaks the language" is decided on', () => {
    expect(baseLanguage('ar-MA')).toBe('ar');
    expect(baseLanguage('AR-ma')).toBe('ar');
    expect(baseLanguage('zh-Hant-TW')).toBe('zh');
    expect(baseLanguage('ti')).toBe('ti');
  });
});

describe('LANGUAGE_TAG', () => {
  it('accepts a primary language with up to three subtags', () => {
    for (const ok of ['ar', 'tir', 'ar-MA', 'zh-Hant-TW', 'es-419', 'de-CH-1996']) expect(LANGUAGE_TAG.test(ok), ok).toBe(true);
  });
  it('rejects other shapes', () => {
    for (const bad of ['', 'a', 'arab1', 'ar_MA', 'ar-', 'ar-M', 'a-b-c-d-e', 'ar-MA-x-y-z-w']) expect(LANGUAGE_TAG.test(bad), bad).toBe(false);
  });
});

describe('bestLanguageMatch', () => {
  const arMA: SpokenLanguage = { code: 'ar-MA', level: 'native' };
  const ar: SpokenLanguage = { code: 'ar', level: 'native' };
  const arEG: SpokenLanguage = { code: 'ar-EG', level: 'native' };

  it('returns null when no entry has the same primary language', () => {
    expect(bestLanguageMatch([{ code: 'fr', level: 'native' }, { code: 'ber', level: 'native' }], 'ar')).toBeNull();
    expect(bestLanguageMatch([], 'ar')).toBeNull();
  });

  it('labels the variety of the match for an ar-MA request: ar-MA exact, ar generic, ar-EG other', () => {
    expect(bestLanguageMatch([arMA], 'ar-MA')).toEqual({ spoken: arMA, variety: 'exact' });
    expect(bestLanguageMatch([ar], 'ar-MA')).toEqual({ spoken: ar, variety: 'generic' });
    expect(bestLanguageMatch([arEG], 'ar-MA')).toEqual({ spoken: arEG, variety: 'other_variety' });
  });

  it('for a request without a variety (ar), every speaker of the language is an equal generic match', () => {
    expect(bestLanguageMatch([ar], 'ar')).toEqual({ spoken: ar, variety: 'generic' });
    expect(bestLanguageMatch([arMA], 'ar')).toEqual({ spoken: arMA, variety: 'generic' });
    expect(bestLanguageMatch([arEG], 'ar')).toEqual({ spoken: arEG, variety: 'generic' });
    expect(bestLanguageMatch([ar], 'AR')?.variety).toBe('generic');
  });

  it('for a request without a variety, only the level decides between entries', () => {
    const spoken: SpokenLanguage[] = [
      { code: 'ar', level: 'B2' },
      { code: 'ar-EG', level: 'native' },
      { code: 'ar-MA', level: 'C1' },
    ];
    expect(bestLanguageMatch(spoken, 'ar')).toEqual({ spoken: { code: 'ar-EG', level: 'native' }, variety: 'generic' });
    expect(bestLanguageMatch([...spoken].reverse(), 'ar')?.spoken.code).toBe('ar-EG');
  });

  it('compares tags case-insensitively', () => {
    expect(bestLanguageMatch([{ code: 'AR-ma', level: 'C1' }], 'ar-MA')?.variety).toBe('exact');
    expect(bestLanguageMatch([arMA], 'AR-ma')?.variety).toBe('exact');
    expect(bestLanguageMatch([{ code: 'zh-hant', level: 'C1' }], 'zh-Hant')?.variety).toBe('exact');
  });

  it('prefers exact over generic over another variety, whatever the levels', () => {
    const spoken: SpokenLanguage[] = [
      { code: 'ar-EG', level: 'native' },
      { code: 'ar', level: 'C2' },
      { code: 'ar-MA', level: 'B1' },
    ];
    expect(bestLanguageMatch(spoken, 'ar-MA')?.spoken.code).toBe('ar-MA');
    expect(bestLanguageMatch(spoken.slice(0, 2), 'ar-MA')?.spoken.code).toBe('ar');
  });

  it('within the same variety, takes the higher level whatever the order', () => {
    const spoken: SpokenLanguage[] = [
      { code: 'ar-EG', level: 'B2' },
      { code: 'ar-SY', level: 'C2' },
      { code: 'ar-TN', level: 'C1' },
    ];
    expect(bestLanguageMatch(spoken, 'ar-MA')?.spoken).toEqual({ code: 'ar-SY', level: 'C2' });
    expect(bestLanguageMatch([...spoken].reverse(), 'ar-MA')?.spoken).toEqual({ code: 'ar-SY', level: 'C2' });
  });

  it('with minLevel, an entry at or above the level wins over a better variety below it', () => {
    const spoken: SpokenLanguage[] = [
      { code: 'ar-MA', level: 'B1' },
      { code: 'ar', level: 'C1' },
    ];
    expect(bestLanguageMatch(spoken, 'ar-MA')).toEqual({ spoken: { code: 'ar-MA', level: 'B1' }, variety: 'exact' });
    expect(bestLanguageMatch(spoken, 'ar-MA', 'B2')).toEqual({ spoken: { code: 'ar', level: 'C1' }, variety: 'generic' });
    expect(bestLanguageMatch(spoken, 'ar-MA', 'B1')).toEqual({ spoken: { code: 'ar-MA', level: 'B1' }, variety: 'exact' });
  });

  it('with minLevel that nobody reaches, still returns the best entry below it', () => {
    const spoken: SpokenLanguage[] = [
      { code: 'ar-MA', level: 'B1' },
      { code: 'ar', level: 'B2' },
    ];
    expect(bestLanguageMatch(spoken, 'ar-MA', 'native')).toEqual({ spoken: { code: 'ar-MA', level: 'B1' }, variety: 'exact' });
  });
});

describe('sign languages and modality', () => {
  it.each([
    ['ise', true],
    ['ISE', true],
    ['sgn', true],
    ['sgn-IT', true],
    ['bfi', true],
    ['ar', false],
    ['lis', false], // Lisu, not LIS
  ])('isSignLanguage(%s) → %s', (tag, expected) => {
    expect(isSignLanguage(tag)).toBe(expected);
  });

  it('a sign language is never mediated by phone; in person and video are fine', () => {
    expect(modalitySuitsLanguage('ise', 'phone')).toBe(false);
    expect(modalitySuitsLanguage('sgn-IT', 'phone')).toBe(false);
    expect(modalitySuitsLanguage('ise', 'video')).toBe(true);
    expect(modalitySuitsLanguage('ise', 'in_person')).toBe(true);
    expect(modalitySuitsLanguage('ar', 'phone')).toBe(true);
  });
});
