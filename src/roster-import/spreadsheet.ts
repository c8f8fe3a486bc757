import { decodeCsv, parseCsv } from './csv.js';
import { readXlsx } from './xlsx.js';

/** One cell as read: its text, and whether the spreadsheet computed it with a formula. */
export interface SheetCell {
  text: string;
  formula?: boolean;
}

/** A non-empty row, numbered as the person sees it (the spreadsheet's row, the CSV's line). */
export interface SheetRow {
  number: number;
  cells: SheetCell[];
}

export type SheetFormat = 'csv' | 'xlsx';

export interface Sheet {
  format: SheetFormat;
  rows: SheetRow[];
}

/** Why a whole file cannot be read (each has words for people in reasons.ts). */
export type FileProblem = 'empty_file' | 'unreadable_file' | 'legacy_excel' | 'zip_bomb' | 'too_many_rows' | 'file_too_large' | 'missing_columns' | 'unknown_columns' | 'duplicate_columns' | 'no_rows';

export class SpreadsheetError extends Error {
  constructor(
    readonly code: FileProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Data rows one import may hold (the header row aside): a national roster fits several times over. */
export const MAX_ROWS = 20_000;

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** The compound-file signature of Excel 97-2003 workbooks (.xls). */
const isLegacyExcel = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
/** Bytes a text file never holds: NUL, or a legacy Office / PDF signature. */
const looksBinary = (b: Uint8Array) => b.subarray(0, 4096).includes(0) || (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46);

/** The rows of an uploaded spreadsheet: an XLSX workbook (by its zip signature) or CSV text. */
export function readSpreadsheet(bytes: Uint8Array): Sheet {
  if (bytes.length === 0) throw new SpreadsheetError('empty_file');
  if (bytes.length > MAX_FILE_BYTES) throw new SpreadsheetError('file_too_large', { limitMb: MAX_FILE_BYTES / 1024 / 1024 });
  let sheet: Sheet;
  if (isZip(bytes)) sheet = { format: 'xlsx', rows: readXlsx(bytes) };
  else if (isLegacyExcel(bytes)) throw new SpreadsheetError('legacy_excel');
  else if (looksBinary(bytes)) throw new SpreadsheetError('unreadable_file');
  else sheet = { format: 'csv', rows: parseCsv(decodeCsv(bytes)) };
  if (sheet.rows.length === 0) throw new SpreadsheetError('empty_file');
  if (sheet.rows.length - 1 > MAX_ROWS) throw new SpreadsheetError('too_many_rows', { limit: MAX_ROWS });
  return sheet;
}
