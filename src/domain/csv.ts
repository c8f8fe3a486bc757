/**
 * CSV for Excel (reports and timesheets).
 *
 * - UTF-8 with a byte-order mark first, so Excel shows accents ("Città") instead of mojibake.
 * - RFC 4180: CRLF after every record (the last one too); a field containing the delimiter, a comma,
 *   a semicolon, a double quote, CR or LF is wrapped in double quotes, with inner quotes doubled.
 * - Values: null/undefined → empty; numbers plain (`String(n)`: dot decimal, no thousands
 *   separator; NaN/±Infinity → empty); bigint as digits; booleans `true`/`false`; Dates as ISO 8601
 *   UTC; other objects and arrays as JSON.
 * - Formula injection (OWASP "CSV Injection"): a TEXT cell beginning with = + - @, a tab or a CR is
 *   prefixed with a single quote so the spreadsheet shows it as text instead of evaluating it. This
 *   applies to headers and to JSON too. Real numbers (typeof number, negatives included) are never
 *   prefixed: -5 is written -5 and stays a number in Excel.
 *   Consequence, by design: text that merely looks like a number or a phone number is prefixed too —
 *   "-5" is written '-5 and "+39 011 123456" is written '+39 011 123456, and Excel shows the quote.
 *   Telling a harmless phone number from "+cmd|…" is exactly what the attack relies on, so no
 *   exception is made; callers who want a number in the cell must pass a number.
 *
 * Pure string building: runs on Node and on Workers.
 */

export interface CsvColumn {
  key: string;
  header: string;
}

export interface CsvOptions {
  /**
   * Field delimiter; default ',' (RFC 4180). ';' is what Excel expects with an Italian list
   * separator when the file is opened by double-click.
   */
  delimiter?: ',' | ';';
}

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

/** Leading characters that make a spreadsheet treat a cell as a formula (OWASP). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a text cell that a spreadsheet would evaluate as a formula. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0] as string) ? `'${text}` : text;
}

/** The text of one cell before quoting. */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return '';
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return neutraliseFormula(value);
    case 'object': {
      if (value === null) return '';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
      return neutraliseFormula(JSON.stringify(value) ?? '');
    }
    default:
      // symbols and functions have no place in a report
      return '';
  }
}

function quote(text: string, delimiter: string): string {
  return text.includes(delimiter) || /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV document: BOM, a header record (the columns' headers, in the given order), then one record
 * per row with the value of each column's key (missing keys → empty cells).
 */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Record<string, unknown>[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const record = (cells: string[]): string => cells.map((c) => quote(c, delimiter)).join(delimiter) + CRLF;
  let out = BOM + record(columns.map((c) => neutraliseFormula(c.header)));
  for (const row of rows) out += record(columns.map((c) => cellText(Object.hasOwn(row, c.key) ? row[c.key] : undefined)));
  return out;
}
