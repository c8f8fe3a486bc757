import { normalWord } from './cells.js';
import { SpreadsheetError, type SheetRow } from './spreadsheet.js';

/** The fields a roster row can set, named as the API names them (weekly hours aside: minutes in the API). */
export const ROSTER_FIELDS = ['name', 'email', 'phone', 'gender', 'languages', 'areas', 'homeArea', 'modalities', 'sectors', 'weeklyHours', 'availability', 'active', 'notifyBy'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/**
 * The columns, in the template's order: the header the template writes, and the other headers
 * a coordinator's own spreadsheet may use for the same column (compared without case, accents,
 * brackets or a trailing asterisk).
 */
export const ROSTER_COLUMNS: ReadonlyArray<{ field: RosterField; header: string; aliases: readonly string[] }> = [
  { field: 'name', header: 'Nome e cognome', aliases: ['nome', 'nominativo', 'cognome e nome', 'name'] },
  { field: 'email', header: 'E-mail', aliases: ['email', 'mail', 'posta elettronica', 'indirizzo e-mail'] },
  { field: 'phone', header: 'Telefono', aliases: ['cellulare', 'tel', 'numero di telefono', 'phone'] },
  { field: 'gender', header: 'Genere', aliases: ['sesso', 'gender'] },
  { field: 'languages', header: 'Lingue e livelli', aliases: ['lingue', 'lingua', 'lingue parlate', 'languages'] },
  { field: 'areas', header: 'Zone servite', aliases: ['zone', 'zona', 'aree', 'aree servite', 'areas'] },
  { field: 'homeArea', header: 'Zona di residenza', aliases: ['zona principale', 'residenza', 'home area', 'homearea'] },
  { field: 'modalities', header: 'Modalità', aliases: ['modalita', 'modalities'] },
  { field: 'sectors', header: 'Settori', aliases: ['ambiti', 'sectors'] },
  { field: 'weeklyHours', header: 'Ore settimanali massime', aliases: ['ore settimanali', 'tetto settimanale', 'tetto ore settimanali', 'max ore settimanali', 'weekly hours'] },
  { field: 'availability', header: 'Disponibilità settimanale', aliases: ['disponibilita', 'orari', 'availability'] },
  { field: 'active', header: 'Attivo', aliases: ['attiva', 'attivo/a', 'active'] },
  { field: 'notifyBy', header: 'Avvisi via', aliases: ['avvisi', 'notifiche', 'notify by', 'notifyby'] },
];

/**
 * Columns the service adds to the refused rows it gives back for correction: read past when that
 * file comes back, so that it can be uploaded again as it is once corrected.
 */
export const NOTE_COLUMNS = { row: 'Riga originale', reasons: 'Motivo dello scarto' } as const;

/** Columns a file must have: without them no row can be matched or created. */
export const REQUIRED_FIELDS: readonly RosterField[] = ['name', 'email'];

const headerKey = (text: string) => normalWord(text.replace(/\([^)]*\)/g, '').replace(/\*+$/, ''));

const BY_HEADER = new Map(ROSTER_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [headerKey(h), c.field] as const)));
const NOTES = new Set(Object.values(NOTE_COLUMNS).map(headerKey));

export interface ColumnMap {
  /** Each recognised column: the field it sets, the header as the file wrote it, and its position. */
  columns: Array<{ field: RosterField; header: string; index: number }>;
}

/** The header row's columns; a missing required, unknown or repeated column refuses the whole file. */
export function mapColumns(header: SheetRow): ColumnMap {
  const columns: ColumnMap['columns'] = [];
  const unknown: string[] = [];
  header.cells.forEach((cell, index) => {
    const text = cell.text.trim();
    if (text === '' || NOTES.has(headerKey(text))) return;
    const field = BY_HEADER.get(headerKey(text));
    if (!field) unknown.push(text);
    else if (columns.some((c) => c.field === field)) throw new SpreadsheetError('duplicate_columns', { columns: text });
    else columns.push({ field, header: text, index });
  });
  if (unknown.length > 0) throw new SpreadsheetError('unknown_columns', { columns: unknown.join(', '), expected: ROSTER_COLUMNS.map((c) => c.header).join(', ') });
  const missing = REQUIRED_FIELDS.filter((f) => !columns.some((c) => c.field === f));
  if (missing.length > 0) throw new SpreadsheetError('missing_columns', { columns: missing.map((f) => headerOf(f)).join(', ') });
  return { columns };
}

export function headerOf(field: RosterField): string {
  return ROSTER_COLUMNS.find((c) => c.field === field)?.header ?? field;
}
