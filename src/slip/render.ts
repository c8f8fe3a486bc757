import { DateTime } from 'luxon';
import { DEFAULT_ZONE } from '../domain/time.js';
import type { Modality } from '../domain/vocabulary.js';
import { en, fr, it, SLIP_TEXTS, type SlipTexts } from './texts/index.js';

/** What a slip may show: when, where and which service. Never the case reference, notes or sector. */
export interface SlipFacts {
  start: number;
  modality: Modality;
  serviceName: string;
  /** The appointment's location, or the service's address. */
  address: string;
}

/**
 * The columns of a slip: the requested language beside Italian; Italian alone for `it`; English,
 * French and Italian for a language without texts.
 * @example slipColumns('ar-MA').map((t) => t.code) // ['ar', 'it']
 */
export function slipColumns(lang: string): SlipTexts[] {
  const [code = '', ...rest] = lang.trim().toLowerCase().split('-');
  if (code === 'it') return [it];
  const texts = SLIP_TEXTS[code];
  // A tag naming another script (pa-Arab, zh-Hant) cannot be read in these texts.
  const script = rest.find((s) => s.length === 4);
  if (!texts || (script && texts.script && texts.script.toLowerCase() !== script)) return [en, fr, it];
  return [texts, it];
}

/** Date and time in the language's own conventions where Intl knows it, else as in Italian. */
function when(start: number, code: string): { date: string; time: string } {
  const locale = Intl.DateTimeFormat.supportedLocalesOf([code]).length > 0 ? code : 'it';
  const d = DateTime.fromMillis(start, { zone: DEFAULT_ZONE }).setLocale(locale);
  return { date: d.toLocaleString(DateTime.DATE_HUGE), time: d.toLocaleString(DateTime.TIME_SIMPLE) };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function placeOf(facts: SlipFacts, t: SlipTexts): string {
  if (facts.modality === 'video') return escape(t.video);
  if (facts.modality === 'phone') return escape(t.phone);
  return escape(facts.address);
}

function column(facts: SlipFacts, t: SlipTexts): string {
  const { date, time } = when(facts.start, t.code);
  const row = (label: string, value: string, cls = '') => `<dt>${escape(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${value}</dd>`;
  return `<section lang="${t.code}" dir="${t.dir}">
<h2>${escape(t.title)} <small>${escape(t.endonym)}</small></h2>
<dl>
${row(t.date, escape(date), 'big')}
${row(t.time, escape(time), 'big')}
${row(t.place, placeOf(facts, t))}
${row(t.service, escape(facts.serviceName))}
${row(t.bring, escape(t.bringText))}
</dl>
<p class="mediator">${escape(t.mediator)}</p>
</section>`;
}

const STYLE = `@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans","Segoe UI","Noto Naskh Arabic","Noto Nastaliq Urdu","Noto Sans Bengali","Noto Sans Gurmukhi","Noto Sans Ethiopic","Nirmala UI",Ebrima,"Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;font-size:13pt;line-height:1.35;color:#000}
header{border-bottom:2px solid #000;margin-bottom:6mm;padding-bottom:2mm}
header h1{font-size:16pt;margin:0}
main{display:grid;gap:8mm}
section{border:1px solid #000;border-radius:3mm;padding:4mm;break-inside:avoid}
h2{font-size:15pt;margin:0 0 3mm}
h2 small{font-size:10pt;font-weight:normal}
dt{font-size:10pt;font-weight:bold;margin-top:2mm}
dd{margin:0}
dd.big{font-size:15pt;font-weight:bold}
.mediator{font-weight:bold;margin:4mm 0 0}
footer{margin-top:6mm;font-size:8pt;color:#333}
@media screen{body{max-width:210mm;padding:14mm}}`;

/**
 * The beneficiary's slip: one printable A4 page, the requested language beside Italian, each
 * column with its own `lang` and `dir`. Pure: the caller reads the appointment.
 * @example renderSlip({ start, modality: 'in_person', serviceName: 'ASL TO3', address: 'Via Roma 1' }, 'ar')
 */
export function renderSlip(facts: SlipFacts, lang: string, options: { styleNonce?: string } = {}): string {
  const columns = slipColumns(lang);
  const unreviewed = columns.filter((t) => !t.reviewedByNativeSpeaker && t.code !== 'it').map((t) => t.endonym);
  const nonce = options.styleNonce ? ` nonce="${escape(options.styleNonce)}"` : '';
  return `<!doctype html>
<html lang="it" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Foglio per l’utente — ${escape(facts.serviceName)}</title>
<style${nonce}>${STYLE}
main{grid-template-columns:repeat(${columns.length},minmax(0,1fr))}${columns.length > 2 ? '\nbody{font-size:11pt}h2,dd.big{font-size:13pt}' : ''}</style>
</head>
<body>
<header><h1>${escape(facts.serviceName)}</h1></header>
<main>
${columns.map((t) => column(facts, t)).join('\n')}
</main>
${unreviewed.length ? `<footer lang="it">Traduzione (${unreviewed.map(escape).join(', ')}) in attesa di revisione da parte di un mediatore madrelingua.</footer>` : ''}
</body>
</html>
`;
}
