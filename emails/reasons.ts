import { languageName } from './languages.js';
import type { Locale } from './types.js';

/** Why nobody could take a request, as stored: a code and the mediators excluded per hard rule. */
export interface ReasonFacts {
  code: string;
  rules: Record<string, number>;
}

/** The hard rules in words (the web pages show the same words). */
export const RULE_WORDS: Record<Locale, Record<string, string>> = {
  it: {
    inactive: 'non attivo',
    excluded: 'escluso per questo servizio',
    language: 'non parla la lingua',
    language_level: 'livello di lingua insufficiente',
    modality: 'non lavora in questa modalità',
    area: 'non copre la zona',
    gender: 'genere diverso da quello richiesto',
    availability: 'non disponibile in quell’orario',
    time_off: 'non disponibile in quell’orario',
    booking_conflict: 'non disponibile in quell’orario',
    weekly_cap: 'ha raggiunto le ore settimanali',
  },
  en: {
    inactive: 'not active',
    excluded: 'excluded by this service',
    language: 'does not speak the language',
    language_level: 'language level too low',
    modality: 'does not work in this modality',
    area: 'does not cover the area',
    gender: 'not the gender required',
    availability: 'not available at that time',
    time_off: 'not available at that time',
    booking_conflict: 'not available at that time',
    weekly_cap: 'weekly hours reached',
  },
};

/** The steps of the fallback ladder in words. */
export const STEP_WORDS: Record<Locale, Record<'neighbouring_area' | 'video' | 'phone', string>> = {
  it: { neighbouring_area: 'Zona vicina', video: 'In video', phone: 'Al telefono' },
  en: { neighbouring_area: 'Neighbouring area', video: 'By video', phone: 'By phone' },
};

const SENTENCES = {
  it: {
    no_speaker: (language: string) => `Nessun mediatore della rete parla ${language}.`,
    all_taken: 'Tutti i mediatori adatti sono stati prenotati da altri nel frattempo.',
    mediator_unavailable: 'Il mediatore prenotato non è più disponibile e nessun altro può sostituirlo.',
    nobody_accepted: 'Nessun mediatore ha accettato in tempo.',
    none_fits: (causes: string) => `Nessun mediatore può venire (${causes}).`,
    mediators: (n: number) => (n === 1 ? '1 mediatore' : `${n} mediatori`),
  },
  en: {
    no_speaker: (language: string) => `No mediator in the network speaks ${language}.`,
    all_taken: 'Every suitable mediator was booked by others meanwhile.',
    mediator_unavailable: 'The booked mediator is no longer available and nobody else can replace them.',
    nobody_accepted: 'No mediator accepted in time.',
    none_fits: (causes: string) => `No mediator can come (${causes}).`,
    mediators: (n: number) => (n === 1 ? '1 mediator' : `${n} mediators`),
  },
} as const;

/** "Nessun mediatore può venire (3: non disponibile in quell’orario; 1: non copre la zona)." */
export function reasonSentence(reason: ReasonFacts, language: string, locale: Locale): string {
  const t = SENTENCES[locale];
  if (reason.code === 'no_speaker') return t.no_speaker(languageName(language, locale));
  if (reason.code === 'all_taken') return t.all_taken;
  if (reason.code === 'mediator_unavailable') return t.mediator_unavailable;
  // Rules that read the same ("not available at that time") are counted together.
  const byWords = new Map<string, number>();
  for (const [rule, n] of Object.entries(reason.rules)) {
    if (n <= 0) continue;
    const words = RULE_WORDS[locale][rule] ?? rule;
    byWords.set(words, (byWords.get(words) ?? 0) + n);
  }
  if (byWords.size === 0) return t.nobody_accepted;
  const causes = [...byWords].sort((a, b) => b[1] - a[1]).map(([words, n]) => `${n}: ${words}`);
  return t.none_fits(causes.join('; '));
}

/** "In video: 2 mediatori · Al telefono: 1 mediatore", or null when no step has anyone. */
export function fallbackSentence(fallback: ReadonlyArray<{ step: string; candidates: number }>, locale: Locale): string | null {
  const usable = fallback.filter((f) => f.candidates > 0);
  if (usable.length === 0) return null;
  const steps: Record<string, string> = STEP_WORDS[locale];
  return usable.map((f) => `${steps[f.step] ?? f.step}: ${SENTENCES[locale].mediators(f.candidates)}`).join(' · ');
}
