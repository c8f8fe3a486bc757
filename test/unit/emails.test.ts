import { describe, expect, expectTypeOf, it } from 'vitest';
import { languageName } from '../../emails/languages.js';
import { renderEmail } from '../../emails/templates.js';
import type { AppointmentData, AppointmentEvent, Audience, EmailMessage, Locale } from '../../emails/types.js';

const base: AppointmentData = {
  recipientName: 'Amina El Idrissi',
  serviceName: 'ASL TO4 – Consultorio familiare',
  serviceAddress: 'Via Roma 1, 10015 Ivrea',
  deskEmail: 'consultorio@asl.example.it',
  deskPhone: '+39 0125 000000',
  language: 'ar-MA',
  modality: 'in_person',
  start: '2026-03-23T10:00:00+01:00',
  end: '2026-03-23T11:00:00+01:00',
  location: 'Stanza 3, primo piano',
  videoUrl: null,
  dialIn: null,
  beneficiaryRef: 'C-2026-0042',
  notes: 'Portare il modulo ISEE',
  mediatorName: 'Youssef Benali',
  mediatorPhone: '+39 333 0000000',
  appointmentUrl: 'https://mediatori.example.it/appointments/ap_1',
  cancelReason: null,
};

const events: AppointmentEvent[] = ['booked', 'rescheduled', 'cancelled', 'reassigned_away', 'released', 'unfilled', 'reminder'];
const audiences: Audience[] = ['mediator', 'desk'];
const locales: Locale[] = ['it', 'en'];

const offer = (over: Partial<AppointmentData> = {}): EmailMessage => ({
  kind: 'offer',
  ...base,
  ...over,
  acceptUrl: 'https://mediatori.example.it/offers/of_1/accept?sig=a&x=1',
  declineUrl: 'https://mediatori.example.it/offers/of_1/decline?sig=b',
  expiresAt: '2026-03-22T18:00:00+01:00',
  urgency: 'standard',
});

const allMessages: [string, EmailMessage][] = [
  ...events.flatMap((event) =>
    audiences.map((audience): [string, EmailMessage] => [`appointment ${event} → ${audience}`, { kind: 'appointment', event, audience, ...base }]),
  ),
  ['offer standard', offer()],
  ['offer urgent', { ...offer(), urgency: 'urgent' } as EmailMessage],
  ...(['taken', 'cancelled', 'expired'] as const).map((reason): [string, EmailMessage] => [`offer_withdrawn ${reason}`, { kind: 'offer_withdrawn', ...base, reason }]),
  ['unfilled_alert', { kind: 'unfilled_alert', ...base, reasonDetail: 'Nessun mediatore ar-MA libero in area TO', fallbackSummary: 'arabo generico; videochiamata' }],
];

const appointment = (over: Partial<AppointmentData> = {}, event: AppointmentEvent = 'booked', audience: Audience = 'mediator'): EmailMessage => ({
  kind: 'appointment',
  event,
  audience,
  ...base,
  ...over,
});

describe('renderEmail: every kind in every locale', () => {
  it.each(allMessages.flatMap(([name, message]) => locales.map((locale) => [`${name} (${locale})`, message, locale] as const)))(
    '%s renders subject, text and html',
    (_name, message, locale) => {
      const out = renderEmail(message, locale);
      expect(out.subject.length).toBeGreaterThan(10);
      expect(out.subject).not.toMatch(/[\r\n]/);
      expect(out.text.length).toBeGreaterThan(100);
      expect(out.html).toMatch(/^<!DOCTYPE html>/);
      expect(out.html).toContain(`<html lang="${locale}">`);
      expect(out.text).toContain(locale === 'it' ? 'Gentile Amina El Idrissi,' : 'Dear Amina El Idrissi,');
      expect(out.html).toContain(locale === 'it' ? 'Gentile Amina El Idrissi,' : 'Dear Amina El Idrissi,');
    },
  );

  it('each appointment event has its own subject', () => {
    for (const locale of locales) {
      const subjects = new Set(events.map((event) => renderEmail(appointment({}, event), locale).subject.split(':')[0]));
      expect(subjects.size).toBe(events.length);
    }
  });
});

describe('the desk told its request is unfilled', () => {
  it('reads the reason and what it can do, in Italian first', () => {
    const message = { ...appointment({ mediatorName: null, mediatorPhone: null }, 'unfilled', 'desk'), reasonDetail: 'Nessun mediatore ar-MA libero' } as EmailMessage;
    const it_ = renderEmail(message);
    expect(it_.text).toContain('Nessun mediatore ar-MA libero');
    expect(it_.text).toMatch(/altro orario.*video.*telefono.*coordinamento/s);
    expect(renderEmail(message, 'en').text).toMatch(/another time.*video or phone.*coordination/s);
  });
});

describe('Italian by default, English on request', () => {
  it.each([
    [appointment({}, 'booked'), 'Appuntamento confermato', 'Appointment confirmed'],
    [appointment({}, 'rescheduled'), 'Appuntamento modificato', 'Appointment changed'],
    [appointment({}, 'cancelled'), 'Appuntamento annullato', 'Appointment cancelled'],
    [appointment({}, 'reassigned_away'), 'Appuntamento riassegnato', 'Appointment reassigned'],
    [appointment({}, 'released'), 'Mediatore non più disponibile', 'Mediator no longer available'],
    [appointment({}, 'unfilled', 'desk'), 'Nessun mediatore disponibile', 'No mediator available'],
    [appointment({}, 'reminder'), 'Promemoria appuntamento', 'Appointment reminder'],
    [offer(), 'Richiesta di mediazione', 'Mediation request'],
    [{ kind: 'offer_withdrawn', ...base, reason: 'taken' } as EmailMessage, 'Richiesta non più disponibile', 'Request no longer available'],
    [{ kind: 'unfilled_alert', ...base, reasonDetail: 'x', fallbackSummary: null } as EmailMessage, 'Richiesta senza mediatore', 'Unfilled request'],
  ])('%# %s', (message, italian, english) => {
    const it_ = renderEmail(message);
    expect(it_.subject.startsWith(`${italian}:`)).toBe(true);
    expect(it_.text).toContain(italian);
    expect(it_.html).toContain(italian);
    const en = renderEmail(message, 'en');
    expect(en.subject.startsWith(`${english}:`)).toBe(true);
    expect(en.text).not.toContain(italian);
  });

  it('translates field labels and modality', () => {
    const it_ = renderEmail(appointment({ modality: 'video' }), 'it').text;
    expect(it_).toContain('Modalità: Videochiamata');
    expect(it_).toContain('Lingua: arabo (marocchino)');
    expect(it_).toContain('Contatti dello sportello: consultorio@asl.example.it · +39 0125 000000');
    const en = renderEmail(appointment({ modality: 'phone' }), 'en').text;
    expect(en).toContain('Mode: Phone call');
    expect(en).toContain('Language: Arabic (Moroccan)');
    expect(renderEmail(appointment({ modality: 'in_person' }), 'en').text).toContain('Mode: In person');
  });
});

describe('dates in Europe/Rome', () => {
  it('formats a winter appointment', () => {
    expect(renderEmail(appointment(), 'it').text).toContain('lunedì 23 marzo 2026, 10:00–11:00');
    expect(renderEmail(appointment(), 'en').text).toContain('Monday 23 March 2026, 10:00–11:00');
  });

  it('keeps 10:00 after the switch to summer time (29 March 2026)', () => {
    const summer = appointment({ start: '2026-03-30T10:00:00+02:00', end: '2026-03-30T11:00:00+02:00' });
    expect(renderEmail(summer, 'it').text).toContain('lunedì 30 marzo 2026, 10:00–11:00');
    expect(renderEmail(summer, 'en').text).toContain('Monday 30 March 2026, 10:00–11:00');
  });

  it('converts other offsets to Rome time on and around the DST days', () => {
    const utc = appointment({ start: '2026-03-30T08:00:00Z', end: '2026-03-30T09:30:00Z' });
    expect(renderEmail(utc, 'it').text).toContain('lunedì 30 marzo 2026, 10:00–11:30');
    const dstDay = appointment({ start: '2026-03-29T01:30:00Z', end: '2026-03-29T02:30:00Z' });
    expect(renderEmail(dstDay, 'it').text).toContain('domenica 29 marzo 2026, 03:30–04:30');
    const autumn = appointment({ start: '2026-10-26T09:00:00Z', end: '2026-10-26T10:00:00Z' });
    expect(renderEmail(autumn, 'en').text).toContain('Monday 26 October 2026, 10:00–11:00');
  });

  it('puts a short Rome time in the subject and the reply deadline in offers', () => {
    expect(renderEmail(appointment(), 'it').subject).toContain('lun 23 mar 2026, 10:00');
    expect(renderEmail(offer(), 'it').text).toContain('Può rispondere fino a domenica 22 marzo 2026, 18:00.');
    expect(renderEmail(offer(), 'en').text).toContain('You can reply until Sunday 22 March 2026, 18:00.');
  });
});

describe('language names', () => {
  it.each([
    ['ar', 'arabo', 'Arabic'],
    ['ar-MA', 'arabo (marocchino)', 'Arabic (Moroccan)'],
    ['AR-ma', 'arabo (marocchino)', 'Arabic (Moroccan)'],
    ['ro', 'rumeno', 'Romanian'],
    ['sq', 'albanese', 'Albanian'],
    ['zh', 'cinese', 'Chinese'],
    ['ur', 'urdu', 'Urdu'],
    ['bn', 'bengalese', 'Bengali'],
    ['pa', 'punjabi', 'Punjabi'],
    ['es', 'spagnolo', 'Spanish'],
    ['en', 'inglese', 'English'],
    ['fr', 'francese', 'French'],
    ['pcm', 'pidgin nigeriano', 'Nigerian Pidgin'],
    ['wo', 'wolof', 'Wolof'],
    ['ti', 'tigrino', 'Tigrinya'],
    ['uk', 'ucraino', 'Ukrainian'],
    ['ru', 'russo', 'Russian'],
    ['ise', 'LIS – Lingua dei segni italiana', 'LIS – Italian Sign Language'],
  ])('%s → %s / %s', (tag, italian, english) => {
    expect(languageName(tag, 'it')).toBe(italian);
    expect(languageName(tag, 'en')).toBe(english);
  });

  it('shows unknown tags as given', () => {
    expect(languageName('tzm-Tfng', 'it')).toBe('tzm-Tfng');
    expect(renderEmail(appointment({ language: 'ar-DZ' }), 'en').text).toContain('Language: ar-DZ');
    expect(renderEmail(appointment({ language: 'ar-EG' }), 'en').text).toContain('Arabic (Egyptian)'); // the domain's catalogue names it
  });
});

describe('hostile input', () => {
  const evil = `<script>alert("x")</script> & 'y'`;
  const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';

  it.each(allMessages)('%s: user-entered fields are escaped in HTML', (_name, message) => {
    const hostile = { ...message, notes: evil, location: evil, serviceName: evil, recipientName: evil, beneficiaryRef: evil } as EmailMessage;
    for (const locale of locales) {
      const { html, text } = renderEmail(hostile, locale);
      expect(html).not.toContain('<script>');
      expect(html).not.toContain(`"x"`);
      expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(5);
      expect(text).toContain(evil);
    }
  });

  it('strips CR/LF from the subject (no header injection)', () => {
    for (const [, message] of allMessages) {
      const hostile = { ...message, serviceName: 'ASL TO4\r\nBcc: victim@example.com\nX-Evil: 1' } as EmailMessage;
      const { subject } = renderEmail(hostile, 'it');
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).toContain('ASL TO4 Bcc: victim@example.com X-Evil: 1');
    }
  });

  it('escapes link targets and never makes a javascript: link clickable', () => {
    const html = renderEmail({ ...offer(), acceptUrl: 'javascript:alert(1)' } as EmailMessage, 'it').html;
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('Accetto: javascript:alert(1)');
    expect(renderEmail(offer(), 'it').html).toContain('href="https://mediatori.example.it/offers/of_1/accept?sig=a&amp;x=1"');
  });
});

describe('offers', () => {
  it('shows accept and decline as buttons and as plain links', () => {
    const { html, text } = renderEmail(offer(), 'it');
    expect(html).toMatch(/<a href="https:\/\/mediatori\.example\.it\/offers\/of_1\/accept\?sig=a&amp;x=1" style="display:inline-block[^"]*">Accetto<\/a>/);
    expect(html).toMatch(/<a href="https:\/\/mediatori\.example\.it\/offers\/of_1\/decline\?sig=b" style="display:inline-block[^"]*">Rifiuto<\/a>/);
    expect(text).toContain('Accetto: https://mediatori.example.it/offers/of_1/accept?sig=a&x=1');
    expect(text).toContain('Rifiuto: https://mediatori.example.it/offers/of_1/decline?sig=b');
    expect(renderEmail(offer(), 'en').text).toContain('Decline: https://mediatori.example.it/offers/of_1/decline?sig=b');
  });

  it('marks urgent offers in the subject and body', () => {
    const urgent = { ...offer(), urgency: 'urgent' } as EmailMessage;
    expect(renderEmail(urgent, 'it').subject).toMatch(/^URGENTE – Richiesta di mediazione: /);
    expect(renderEmail(urgent, 'en').subject).toMatch(/^URGENT – Mediation request: /);
    expect(renderEmail(urgent, 'it').html).toContain('>URGENTE</div>');
    expect(renderEmail(offer(), 'it').subject).not.toContain('URGENT');
    expect(renderEmail(offer(), 'en').text).not.toContain('URGENT');
  });

  it('explains why an offer was withdrawn', () => {
    const texts = (['taken', 'cancelled', 'expired'] as const).map((reason) => renderEmail({ kind: 'offer_withdrawn', ...base, reason }, 'it').text);
    expect(texts[0]).toContain('assegnato a un altro mediatore');
    expect(texts[1]).toContain('annullata dal servizio');
    expect(texts[2]).toContain('scaduto');
  });
});

describe('coordinator alert', () => {
  it('shows the reason and the fallback ladder when there is one', () => {
    const alert: EmailMessage = { kind: 'unfilled_alert', ...base, mediatorName: null, reasonDetail: 'Nessun mediatore libero', fallbackSummary: 'videochiamata; area vicina' };
    const { text } = renderEmail(alert, 'it');
    expect(text).toContain('Motivo: Nessun mediatore libero');
    expect(text).toContain('Alternative possibili: videochiamata; area vicina');
    expect(renderEmail({ ...alert, fallbackSummary: null }, 'en').text).not.toContain('Possible fallbacks');
  });
});

describe('content by audience', () => {
  it('gives the mediator the desk contact and the desk the mediator', () => {
    const toMediator = renderEmail(appointment({}, 'booked', 'mediator'), 'it').text;
    expect(toMediator).toContain('Contatti dello sportello');
    expect(toMediator).not.toContain('Youssef Benali');
    const toDesk = renderEmail(appointment({}, 'booked', 'desk'), 'it').text;
    expect(toDesk).toContain('Mediatore/mediatrice: Youssef Benali');
    expect(toDesk).toContain('Telefono mediatore/mediatrice: +39 333 0000000');
  });

  it('tells the mediator the invite is already accepted and how to decline, since nothing reads a calendar reply', () => {
    for (const event of ['booked', 'rescheduled', 'reminder'] as const) {
      expect(renderEmail(appointment({}, event, 'mediator'), 'it').text).toContain("Per rinunciare avvisi lo sportello (contatti qui sotto) o usi il servizio di prenotazione.");
      expect(renderEmail(appointment({}, event, 'mediator'), 'en').text).toContain("To decline it, tell the desk (contact below) or use the booking service.");
      expect(renderEmail(appointment({}, event, 'desk'), 'it').text).not.toContain('Rifiuta');
    }
    expect(renderEmail(appointment({}, 'cancelled', 'mediator'), 'en').text).not.toContain('Decline');
  });

  it('shows the cancellation reason when given', () => {
    const cancelled = appointment({ cancelReason: 'Utente trasferito' }, 'cancelled', 'desk');
    expect(renderEmail(cancelled, 'it').text).toContain("Motivo dell'annullamento: Utente trasferito");
    expect(renderEmail(cancelled, 'en').text).toContain('Reason for cancellation: Utente trasferito');
  });
});

describe('privacy: the beneficiary is a case reference only', () => {
  it('shows the pseudonymous reference under its own label', () => {
    expect(renderEmail(appointment(), 'it').text).toContain('Riferimento caso: C-2026-0042');
    expect(renderEmail(appointment(), 'en').text).toContain('Case reference: C-2026-0042');
    expect(renderEmail(appointment(), 'it').html).toContain('C-2026-0042');
    expect(renderEmail(appointment({ beneficiaryRef: null }), 'it').text).not.toContain('Riferimento caso');
  });

  it('has no field for a beneficiary name', () => {
    // The exact key set: adding e.g. `beneficiaryName` fails type-checking here.
    expectTypeOf<keyof AppointmentData>().toEqualTypeOf<
      | 'recipientName'
      | 'serviceName'
      | 'serviceAddress'
      | 'deskEmail'
      | 'deskPhone'
      | 'language'
      | 'videoUrl'
      | 'dialIn'
      | 'modality'
      | 'start'
      | 'end'
      | 'location'
      | 'beneficiaryRef'
      | 'notes'
      | 'mediatorName'
      | 'mediatorPhone'
      | 'appointmentUrl'
      | 'cancelReason'
    >();
    for (const [, message] of allMessages) {
      const beneficiaryKeys = Object.keys(message).filter((key) => /beneficiar|patient|client|user|citizen/i.test(key));
      expect(beneficiaryKeys).toEqual(['beneficiaryRef']);
    }
  });
});

describe('video and phone details', () => {
  const booked = (data: Partial<AppointmentData>, audience: Audience): EmailMessage => ({ ...base, ...data, kind: 'appointment', event: 'booked', audience });

  it('carries the video link and the number to dial in the details', () => {
    const mail = renderEmail(booked({ modality: 'video', videoUrl: 'https://meet.example.it/abc-123', dialIn: '+39 011 555 0000 (codice 4821)' }, 'mediator'), 'it');
    expect(mail.text).toContain('Link della videochiamata: https://meet.example.it/abc-123');
    expect(mail.text).toContain('Numero da chiamare: +39 011 555 0000 (codice 4821)');
    expect(mail.text).not.toContain('manca il link');
  });

  it('asks the desk for the link of a video appointment booked without one', () => {
    expect(renderEmail(booked({ modality: 'video' }, 'desk'), 'it').text).toContain("manca il link: lo aggiunga all'appuntamento");
    expect(renderEmail(booked({ modality: 'video' }, 'desk'), 'en').text).toContain('has no link yet');
    expect(renderEmail(booked({ modality: 'video' }, 'mediator'), 'it').text).not.toContain('manca il link');
    expect(renderEmail(booked({ modality: 'in_person' }, 'desk'), 'it').text).not.toContain('manca il link');
  });
});

describe('why nobody could come, in the reader’s words', () => {
  const unfilled = (reason: { code: string; rules: Record<string, number> }, locale: Locale) =>
    renderEmail({ ...base, kind: 'appointment', event: 'unfilled', audience: 'desk', reasonDetail: 'No mediator in the roster speaks ar-MA.', reason }, locale).text;

  it('writes the stored reason code and counts as a sentence, never the English detail', () => {
    expect(unfilled({ code: 'no_speaker', rules: {} }, 'it')).toContain('Motivo: Nessun mediatore della rete parla arabo (marocchino).');
    expect(unfilled({ code: 'no_speaker', rules: {} }, 'it')).not.toContain('No mediator in the roster');
    expect(unfilled({ code: 'no_candidate', rules: { time_off: 1, booking_conflict: 2, area: 1 } }, 'it')).toContain(
      'Nessun mediatore può venire (3: non disponibile in quell’orario; 1: non copre la zona).',
    );
    expect(unfilled({ code: 'no_candidate', rules: {} }, 'en')).toContain('Reason: No mediator accepted in time.');
  });

  it('names the fallback steps and how many could take each', () => {
    const alert: EmailMessage = {
      kind: 'unfilled_alert',
      ...base,
      reasonDetail: 'x',
      fallbackSummary: 'video: 2',
      reason: { code: 'all_taken', rules: {} },
      fallback: [
        { step: 'neighbouring_area', candidates: 0 },
        { step: 'video', candidates: 2 },
        { step: 'phone', candidates: 1 },
      ],
    };
    const text = renderEmail(alert, 'it').text;
    expect(text).toContain('Tutti i mediatori adatti sono stati prenotati da altri nel frattempo.');
    expect(text).toContain('In video: 2 mediatori · Al telefono: 1 mediatore');
  });
});
