import { describe, expect, it } from 'vitest';
import { catalogueEntry, editDistance, isKnownLanguage, LANGUAGES, suggestLanguage } from '../../src/domain/language-catalogue.js';
import { canonicalTag, LANGUAGE_TAG } from '../../src/domain/languages.js';

describe('the catalogue', () => {
  it('holds canonical, unique, well-formed tags with both names', () => {
    const codes = LANGUAGES.map((l) => l.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const l of LANGUAGES) {
      expect(LANGUAGE_TAG.test(l.code)).toBe(true);
      expect(canonicalTag(l.code)).toBe(l.code);
      expect(l.names.it && l.names.en).toBeTruthy();
    }
  });

  it('finds an entry in any case', () => {
    expect(catalogueEntry('AR-ma')?.names).toEqual({ it: 'arabo (marocchino)', en: 'Arabic (Moroccan)' });
    expect(catalogueEntry('ar-DZ')).toBeUndefined();
  });
});

describe('isKnownLanguage', () => {
  it.each([
    ['ar', true],
    ['ar-MA', true],
    ['ar-DZ', true], // a variety of a listed language
    ['ISE', true],
    ['sgn-IT', true], // the sign family
    ['bfi', true],
    ['ara', false],
    ['LIS', false], // Lisu
    ['xyz', false],
  ])('%s → %s', (tag, known) => {
    expect(isKnownLanguage(tag)).toBe(known);
  });

  it('knows what the roster speaks (and its varieties)', () => {
    expect(isKnownLanguage('lis', ['lis'])).toBe(true);
    expect(isKnownLanguage('lis-CN', ['lis'])).toBe(true);
    expect(isKnownLanguage('xyz', ['lis'])).toBe(false);
  });
});

describe('suggestLanguage', () => {
  it.each([
    ['ara', 'ar'], // one edit from a code
    ['zho', 'zh'],
    ['ukr', 'uk'], // uk and ur are both one edit away: the prefix wins
    ['LIS', 'ise'], // what Italians call Italian Sign Language
    ['lis', 'ise'],
  ])('%s → %s', (typed, code) => {
    expect(suggestLanguage(typed)?.code).toBe(code);
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggestLanguage('xyz')).toBeNull();
    expect(suggestLanguage('qqqq')).toBeNull();
  });
});

describe('editDistance', () => {
  it.each([
    ['ar', 'ara', 1],
    ['ise', 'lis', 2],
    ['', 'ab', 2],
    ['kitten', 'sitting', 3],
  ])('%s, %s → %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
