/**
 * Beneficiaries are known only by a pseudonymous case reference chosen by the service (MISSION.md).
 * These rules say what in a reference, or in free-text notes, identifies a person directly.
 */

/** What a case reference must not be: a direct identifier of the beneficiary. */
export type Identifier = 'fiscal_code' | 'email' | 'phone';

// Codice fiscale: surname (3) + name (3) letters, year (2), month letter, day (2), place (letter + 3),
// check letter. Omocodia replaces digits with L M N P Q R S T U V, so each digit position takes those too.
const DIGIT = '[0-9LMNPQRSTUV]';
const FISCAL_CODE = new RegExp(`(?<![A-Z0-9])[A-Z]{6}${DIGIT}{2}[ABCDEHLMPRST]${DIGIT}{2}[A-Z]${DIGIT}{3}[A-Z](?![A-Z0-9])`, 'i');
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
// Italian mobiles (3xx…), landlines (0…) with 9–11 digits, and international numbers (+ or 00);
// separators (space . - /) are ignored, so 333-123-4567 is caught as well as 3331234567.
const PHONE_DIGITS = /^(?:(?:\+|00)39)?(?:3\d{8,9}|0\d{8,10})$|^(?:\+|00)[1-9]\d{7,14}$/;
const PHONE_RUN = /(?:\+|\b)[0-9][0-9 .\/-]{7,20}[0-9]\b/g;

const MESSAGES: Record<Identifier, string> = {
  fiscal_code: 'must be a pseudonymous case reference, not a fiscal code (codice fiscale)',
  email: 'must be a pseudonymous case reference, not an e-mail address',
  phone: 'must be a pseudonymous case reference, not a phone number',
};

/**
 * The kind of direct identifier found in `text`, or null: a fiscal code (omocodia included), an
 * e-mail address or a phone number. `identifierIn('RSSMRA85T10A562S') === 'fiscal_code'`.
 */
export function identifierIn(text: string): Identifier | null {
  if (FISCAL_CODE.test(text)) return 'fiscal_code';
  if (EMAIL.test(text)) return 'email';
  for (const run of text.match(PHONE_RUN) ?? []) {
    if (PHONE_DIGITS.test(run.replace(/[ .\/-]/g, ''))) return 'phone';
  }
  return null;
}

/** Why a beneficiary reference is refused, or null when it is pseudonymous enough to store. */
export function beneficiaryRefProblem(ref: string): string | null {
  const found = identifierIn(ref);
  return found ? MESSAGES[found] : null;
}

/** A soft warning about stored free text: the request is kept, the desk is asked to check. */
export interface PrivacyWarning {
  path: string;
  code: 'possible_name' | 'possible_identifier';
  message: string;
}

const TITLES = /(?:^|[\s(,;:])(?:sig(?:\.|nor|nora|\.ra|ra\.?)?|dott(?:\.|ssa|\.ssa)?|dr\.?|prof(?:\.|ssa)?|mr\.?|mrs\.?|ms\.?|madame|monsieur)\s+\p{Lu}\p{Ll}+/iu;
const LABELS = /(?:^|[\s(,;:])(?:nome|cognome|name|surname|nata?|born)\s*[:=]/iu;
// Two or three capitalised words in a row, e.g. "Fatima El Amrani", "Mario Rossi".
const CAPITALISED_RUN = /(\p{Lu}\p{Ll}+)(?:\s+(?:(?:el|al|de|di|da|del|van|von|ben|bin|abu)\s+)?(\p{Lu}\p{Ll}+)){1,2}/gu;
// Capitalised words that are places, institutions or calendar words, not names: a run holding one is not a name.
const NOT_NAMES = new Set(
  [
    'via', 'viale', 'corso', 'piazza', 'largo', 'strada', 'ospedale', 'asl', 'comune', 'centro', 'scuola', 'istituto',
    'servizio', 'servizi', 'sportello', 'ufficio', 'pronto', 'soccorso', 'reparto', 'casa', 'questura', 'prefettura',
    'tribunale', 'consultorio', 'torino', 'cuneo', 'alessandria', 'asti', 'novara', 'vercelli', 'biella', 'verbania',
    'piemonte', 'italia', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica', 'gennaio',
    'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre',
    'dicembre', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'il', 'la', 'lo', 'le',
    'gli', 'un', 'una', 'per', 'con', 'the', 'please', 'portare', 'piano', 'stanza', 'sala', 'ingresso', 'ambulatorio',
  ],
);

/** Whether free text seems to name a person: a title before a capitalised word, a "nome:" label, or a run of capitalised words. */
export function looksLikeName(text: string): boolean {
  if (TITLES.test(text) || LABELS.test(text)) return true;
  for (const match of text.matchAll(CAPITALISED_RUN)) {
    const words = match[0].split(/\s+/).map((w) => w.toLowerCase());
    if (!words.some((w) => NOT_NAMES.has(w))) return true;
  }
  return false;
}

/** Warnings for an appointment's notes: a person's name or a direct identifier in free text. */
export function notesWarnings(notes: string | null | undefined): PrivacyWarning[] {
  if (!notes) return [];
  const warnings: PrivacyWarning[] = [];
  const found = identifierIn(notes);
  if (found) warnings.push({ path: 'notes', code: 'possible_identifier', message: `the notes seem to hold ${IDENTIFIER_NAMES[found]}: keep the beneficiary pseudonymous` });
  if (looksLikeName(notes)) warnings.push({ path: 'notes', code: 'possible_name', message: "the notes seem to name a person: refer to the beneficiary only by the case reference" });
  return warnings;
}

const IDENTIFIER_NAMES: Record<Identifier, string> = { fiscal_code: 'a fiscal code', email: 'an e-mail address', phone: 'a phone number' };
