/** A beneficiary is a pseudonymous case reference: direct identifiers are refused, names in notes warned about. */
import { describe, expect, it } from 'vitest';
import { beneficiaryRefProblem, identifierIn, looksLikeName, notesWarnings } from '../../src/domain/pseudonymity.js';

describe('identifierIn: what a case reference must not be', () => {
  it('finds an Italian fiscal code, in either case and inside a longer reference', () => {
    expect(identifierIn('RSSMRA85T10A562S')).toBe('fiscal_code');
    expect(identifierIn('rssmra85t10a562s')).toBe('fiscal_code');
    expect(identifierIn('CASE-RSSMRA85T10A562S')).toBe('fiscal_code');
  });

  it('finds a fiscal code with omocodia (digits replaced by letters)', () => {
    expect(identifierIn('RSSMRA85T10A56NS')).toBe('fiscal_code');
    expect(identifierIn('RSSMRAURTMLARSNL')).toBe('fiscal_code');
  });

  it('finds an e-mail address', () => {
    expect(identifierIn('fatima.elamrani@example.it')).toBe('email');
  });

  it('finds Italian mobile and landline numbers and international ones, with or without separators', () => {
    expect(identifierIn('3331234567')).toBe('phone');
    expect(identifierIn('333-123-4567')).toBe('phone');
    expect(identifierIn('011.5661234')).toBe('phone');
    expect(identifierIn('+39 333 1234567')).toBe('phone');
    expect(identifierIn('00212612345678')).toBe('phone');
  });

  it('lets ordinary case references through', () => {
    for (const ref of ['CASE-2026-0412', 'ASL-TO/2026/118', 'pz.4471', 'S-12', '20260412', 'FAM_0042-b', 'A1B2C3D4E5F6G7H8']) {
      expect(identifierIn(ref), ref).toBeNull();
    }
  });
});

describe('beneficiaryRefProblem', () => {
  it('names what was found in a message for the desk', () => {
    expect(beneficiaryRefProblem('RSSMRA85T10A562S')).toMatch(/not a fiscal code/);
    expect(beneficiaryRefProblem('3331234567')).toMatch(/not a phone number/);
    expect(beneficiaryRefProblem('CASE-2026-0412')).toBeNull();
  });
});

describe('looksLikeName: a warning, never a refusal', () => {
  it('warns on a first name and surname, a title or a name label', () => {
    expect(looksLikeName('La signora Fatima El Amrani arriva con il figlio')).toBe(true);
    expect(looksLikeName('accompagna Mario Rossi')).toBe(true);
    expect(looksLikeName('chiedere della sig.ra Bianchi')).toBe(true);
    expect(looksLikeName('nome: Amina')).toBe(true);
  });

  it('does not warn on places, services, days or ordinary sentences', () => {
    expect(looksLikeName('Via Roma 12, secondo piano')).toBe(false);
    expect(looksLikeName('Ospedale Maria Vittoria, Pronto Soccorso')).toBe(false);
    expect(looksLikeName('Portare il referto. Visita di controllo.')).toBe(false);
    expect(looksLikeName('Lunedì mattina, ingresso B')).toBe(false);
  });
});

describe('notesWarnings', () => {
  it('lists each kind of warning once, on the notes field', () => {
    expect(notesWarnings('Mario Rossi, tel. 333 123 4567').map((w) => [w.path, w.code])).toEqual([
      ['notes', 'possible_identifier'],
      ['notes', 'possible_name'],
    ]);
    expect(notesWarnings('primo colloquio')).toEqual([]);
    expect(notesWarnings(null)).toEqual([]);
  });
});
