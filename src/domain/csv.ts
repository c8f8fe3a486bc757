/**
 * CSV in the dialect Italian Excel opens by double-click (reports and timesheets).
 *
 * - UTF-8 with a byte-order mark first, so Excel shows accents ("Città") instead of mojibake.
 * - `;` between fields (Excel's list separator in an Italian locale) and a decimal comma (`66,7`);
 *   CRLF after every record (the last one too); a field containing `;`, a double quote, CR or LF
 *   is wrapped in double quotes, with inner quotes doubled (RFC 4180 otherwise). Commas are not
 *   quoted: they are the decimal separator, and a quoted number would stay text in some readers.
 * - Each column says how its values read (`CellFormat`): counts and minutes whole, hours to one
 *   decimal, rates as percentages to one decimal, instants as `dd/mm/yyyy hh:mm` in the zone.
 *   Null, undefined, NaN and ±Infinity are empty cells. A cell holds one value: an object or an
 *   array is a programming error (flatten it into columns), never JSON in a cell.
 * - Formula injection (OWASP "CSV Injection"): a TEXT cell beginning with = + - @, a tab or a CR is
 *   prefixed with a single quote so the spreadsheet shows it as text instead of evaluating it. This
 *   applies to headers too. Real numbers (typeof number, negatives included) are never prefixed:
 *   -5 is written -5 and stays a number in Excel. Text that merely looks like a number or a phone
 *   number ("+39 011 …") is prefixed too: telling it from "+cmd|…" is what the attack relies on.
 *
 * Pure string building (luxon for the zone): runs on Node and on Workers.
 */
import { DateTime } from 'luxon';
import { DEFAULT_ZONE } from './time.js';

/**
 * How a column's values are written: `text` as given (numbers with a decimal comma); `integer`
 * rounded to a whole number (counts, minutes); `decimal` to one decimal (hours); `percent` a
 * ratio (0.667) as a percentage to one decimal (66,7); `datetime` an instant (epoch ms or ISO
 * 8601) as dd/mm/yyyy hh:mm in the zone; `date` as dd/mm/yyyy.
 */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'datetime' | 'date';

export interface CsvColumn {
  key: string;
  header: string;
  format?: CellFormat;
}

export interface CsvOptions {
  /** The zone instants are written in; default Europe/Rome. */
  zone?: string;
}

export const BOM = '\uFEFF';
export const CRLF = '\r\n';
export const DELIMITER = ';';

/** Leading characters that make a spreadsheet treat a cell as a formula (OWASP). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a text cell that a spreadsheet would evaluate as a formula. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0] as string) ? `'${text}` : text;
}

/** A number with a decimal comma and no thousands separator: 1234.5 → "1234,5". */
function italianNumber(n: number): string {
  return String(n).replace('.', ',');
}

function oneDecimal(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return italianNumber(Object.is(rounded, -0) ? 0 : rounded).replace(/^(-?\d+)$/, '$1,0');
}

function instantOf(value: unknown, zone: string): DateTime | null {
  const dt =
    typeof value === 'number'
      ? DateTime.fromMillis(value, { zone })
      : typeof value === 'string'
        ? DateTime.fromISO(value, { zone })
        : value instanceof Date
          ? DateTime.fromJSDate(value, { zone })
          : null;
  return dt?.isValid ? dt : null;
}

/** The text of one cell before quoting. */
export function cellText(value: unknown, format: CellFormat = 'text', zone = DEFAULT_ZONE): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  switch (format) {
    case 'integer':
      if (typeof value === 'number') return String(Math.round(value) || 0);
      break;
    case 'decimal':
      if (typeof value === 'number') return oneDecimal(value);
      break;
    case 'percent':
      if (typeof value === 'number') return oneDecimal(value * 100);
      break;
    case 'datetime':
    case 'date': {
      const dt = instantOf(value, zone);
      if (dt) return dt.toFormat(format === 'date' ? 'dd/MM/yyyy' : 'dd/MM/yyyy HH:mm');
      break;
    }
    case 'text':
      break;
  }
  switch (typeof value) {
    case 'number':
      return italianNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return neutraliseFormula(value);
    case 'object':
      throw new TypeError('A CSV cell holds one value: flatten objects and arrays into columns.');
    default:
      // symbols and functions have no place in a report
      return '';
  }
}

function quote(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV document: BOM, a header record (the columns' headers, in the given order), then one record
 * per row with the value of each column's key (missing keys → empty cells).
 */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Record<string, unknown>[], options: CsvOptions = {}): string {
  const zone = options.zone ?? DEFAULT_ZONE;
  const record = (cells: string[]): string => cells.map(quote).join(DELIMITER) + CRLF;
  let out = BOM + record(columns.map((c) => neutraliseFormula(c.header)));
  for (const row of rows) out += record(columns.map((c) => cellText(Object.hasOwn(row, c.key) ? row[c.key] : undefined, c.format, zone)));
  return out;
}
