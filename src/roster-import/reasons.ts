/**
 * The words a coordinator reads for each problem with a file or a row, in Italian and English.
 * Codes stay beside them in the API; the pages and the API's `message` use these.
 */
import type { FileProblem } from './spreadsheet.js';

type Params = Record<string, string | number>;
type Words = Record<string, (p: Params) => string>;

const it: Words = {
  // The whole file
  empty_file: () => 'Il file è vuoto: servono la riga di intestazione e almeno una riga di dati.',
  unreadable_file: () => 'Il file non è un foglio di calcolo leggibile: lo salvi come CSV (UTF-8 o "delimitato da separatore di elenco") o come cartella di lavoro Excel (.xlsx).',
  legacy_excel: () => 'È un file Excel 97-2003 (.xls): lo salvi come cartella di lavoro Excel (.xlsx) o come CSV.',
  zip_bomb: () => 'Il file .xlsx, una volta decompresso, supera i 50 MB: non è un elenco di mediatori. Lo salvi di nuovo come .xlsx o CSV.',
  too_many_rows: (p) => `Il file ha più di ${p.limit} righe di dati: lo divida in più file.`,
  file_too_large: (p) => `Il file supera i ${p.limitMb} MB: lo divida in più file o tolga le colonne che non servono.`,
  missing_columns: (p) => `Mancano le colonne obbligatorie: ${p.columns}. Usi il modello scaricabile da questa pagina.`,
  unknown_columns: (p) => `Colonne non riconosciute: ${p.columns}. Le colonne possibili sono: ${p.expected}.`,
  duplicate_columns: (p) => `La colonna «${p.columns}» compare due volte.`,
  // One row
  formula: () => 'La cella contiene una formula: incolli solo i valori (Incolla speciale → Valori).',
  required: () => 'Manca l’indirizzo e-mail: serve per riconoscere il mediatore.',
  required_for_new: () => 'Obbligatorio per un nuovo mediatore.',
  ambiguous_email: (p) => `Questo indirizzo appartiene a ${p.count} mediatori: lo corregga dalla scheda del mediatore prima di importare.`,
  duplicate_in_file: (p) => `Lo stesso indirizzo e-mail compare già alla riga ${p.row}.`,
  too_long: (p) => `Testo troppo lungo (al massimo ${p.max} caratteri).`,
  too_many: (p) => `Troppi valori (al massimo ${p.max}).`,
  invalid_email: (p) => `«${p.value}» non è un indirizzo e-mail valido.`,
  example_email: () => 'È una riga di esempio del modello: la cancelli, o scriva l’indirizzo vero del mediatore.',
  invalid_phone: (p) => `«${p.value}» non è un numero di telefono valido (solo cifre, spazi e un + iniziale).`,
  invalid_gender: (p) => `«${p.value}» non è un genere previsto: donna, uomo o non binario.`,
  invalid_yes_no: (p) => `«${p.value}» non è sì o no.`,
  invalid_notify_by: (p) => `«${p.value}» non è previsto: e-mail, SMS o entrambi.`,
  unknown_modality: (p) => `Modalità «${p.value}» sconosciuta: in presenza, telefono o video.`,
  unknown_sector: (p) => `Settore «${p.value}» sconosciuto: sanità, scuola, sociale, legale, casa o lavoro.`,
  invalid_hours: (p) => `«${p.value}» non è un numero di ore settimanali (da 0 a 168, ad esempio 20 o 12,5).`,
  unknown_language: (p) => `Lingua «${p.value}» sconosciuta.${p.suggestion ? ` Forse «${p.suggestion}»?` : ''}`,
  missing_level: (p) => `In «${p.value}» manca il livello: madrelingua, C2, C1, B2 o B1 (ad esempio «arabo madrelingua»).`,
  duplicate_language: (p) => `La lingua ${p.value} è indicata due volte.`,
  unknown_area: (p) => `Zona «${p.value}» sconosciuta. Zone: ${p.known}.`,
  invalid_availability: (p) => `Disponibilità «${p.value}» non leggibile: scriva ad esempio «lun-ven 9:00-13:00; mer 14:00-18:00».`,
  apply_failed: () => 'Non è stato possibile importare questa riga (errore del servizio): la ricarichi con un nuovo file; se si ripete, avvisi l’assistenza.',
  // Warnings: the row is imported all the same
  sms_without_phone: () => 'Avvisi via SMS senza numero di telefono: riceverà le e-mail.',
  no_availability: () => 'Nessuna disponibilità settimanale: non riceverà proposte finché non la indica.',
};

const en: Words = {
  empty_file: () => 'The file is empty: it needs the header row and at least one row of data.',
  unreadable_file: () => 'The file is not a readable spreadsheet: save it as CSV (UTF-8 or "list separator delimited") or as an Excel workbook (.xlsx).',
  legacy_excel: () => 'This is an Excel 97-2003 file (.xls): save it as an Excel workbook (.xlsx) or as CSV.',
  zip_bomb: () => 'The .xlsx file inflates past 50 MB: it is not a list of mediators. Save it again as .xlsx or CSV.',
  too_many_rows: (p) => `The file has more than ${p.limit} data rows: split it into several files.`,
  file_too_large: (p) => `The file is larger than ${p.limitMb} MB: split it or remove the columns that are not needed.`,
  missing_columns: (p) => `Required columns are missing: ${p.columns}. Use the template you can download from this page.`,
  unknown_columns: (p) => `Columns not recognised: ${p.columns}. The possible columns are: ${p.expected}.`,
  duplicate_columns: (p) => `The column "${p.columns}" appears twice.`,
  formula: () => 'The cell holds a formula: paste the values only (Paste Special → Values).',
  required: () => 'The e-mail address is missing: it is how the mediator is recognised.',
  required_for_new: () => 'Required for a new mediator.',
  ambiguous_email: (p) => `This address belongs to ${p.count} mediators: correct it on the mediator's page before importing.`,
  duplicate_in_file: (p) => `The same e-mail address is already on row ${p.row}.`,
  too_long: (p) => `Text too long (at most ${p.max} characters).`,
  too_many: (p) => `Too many values (at most ${p.max}).`,
  invalid_email: (p) => `"${p.value}" is not a valid e-mail address.`,
  example_email: () => 'This is an example row of the template: delete it, or write the mediator’s real address.',
  invalid_phone: (p) => `"${p.value}" is not a valid phone number (digits, spaces and a leading + only).`,
  invalid_gender: (p) => `"${p.value}" is not an expected gender: female, male or non-binary.`,
  invalid_yes_no: (p) => `"${p.value}" is not yes or no.`,
  invalid_notify_by: (p) => `"${p.value}" is not expected: e-mail, SMS or both.`,
  unknown_modality: (p) => `Unknown modality "${p.value}": in person, phone or video.`,
  unknown_sector: (p) => `Unknown sector "${p.value}": health, school, social, legal, housing or employment.`,
  invalid_hours: (p) => `"${p.value}" is not a number of hours a week (0 to 168, e.g. 20 or 12.5).`,
  unknown_language: (p) => `Unknown language "${p.value}".${p.suggestion ? ` Did you mean "${p.suggestion}"?` : ''}`,
  missing_level: (p) => `"${p.value}" has no level: native, C2, C1, B2 or B1 (e.g. "Arabic native").`,
  duplicate_language: (p) => `The language ${p.value} is listed twice.`,
  unknown_area: (p) => `Unknown area "${p.value}". Areas: ${p.known}.`,
  invalid_availability: (p) => `Availability "${p.value}" cannot be read: write e.g. "mon-fri 9:00-13:00; wed 14:00-18:00".`,
  apply_failed: () => 'This row could not be imported (a service error): upload it again in a new file; if it happens again, tell support.',
  sms_without_phone: () => 'Notices by SMS without a phone number: e-mail will be used.',
  no_availability: () => 'No weekly availability: no offers until it is given.',
};

export type ReasonLocale = 'it' | 'en';

/** The words for a problem code; the code itself if it has none (never an empty message). */
export function reasonText(code: FileProblem | string, params: Params = {}, locale: ReasonLocale = 'it'): string {
  const words = (locale === 'en' ? en : it)[code];
  return words ? words(params) : code;
}
