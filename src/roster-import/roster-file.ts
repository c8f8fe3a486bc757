import { toCsv } from '../domain/csv.js';
import { cellText } from './cells.js';
import { type ColumnMap, mapColumns, NOTE_COLUMNS, ROSTER_COLUMNS, type RosterField } from './columns.js';
import type { RowCells } from './row.js';
import { readSpreadsheet, type SheetFormat } from './spreadsheet.js';

export interface RosterFileRow {
  /** The row's number in the file (the spreadsheet's row, the CSV's line). */
  row: number;
  cells: RowCells;
  /** The row that has the same e-mail address earlier in the file, if any. */
  duplicateOf: number | null;
}

export interface RosterFile {
  format: SheetFormat;
  columns: ColumnMap['columns'];
  rows: RosterFileRow[];
}

/**
 * The longest cell kept: no field needs more (a name has 200 characters at most), and an import's
 * rows are stored, where one huge cell must not make a row too large for the database.
 */
const MAX_CELL = 1_000;

/** A roster spreadsheet read into rows of cells by field; the whole file refused with a SpreadsheetError. */
export function readRosterFile(bytes: Uint8Array): RosterFile {
  const sheet = readSpreadsheet(bytes);
  const [header, ...data] = sheet.rows;
  const { columns } = mapColumns(header ?? { number: 1, cells: [] });
  const firstRowOf = new Map<string, number>();
  const rows = data.map((r): RosterFileRow => {
    const cells: RowCells = { values: {}, formulas: [] };
    for (const c of columns) {
      const raw = r.cells[c.index];
      const { text, formula } = cellText((raw?.text ?? '').slice(0, MAX_CELL));
      cells.values[c.field] = text;
      if (formula || raw?.formula) cells.formulas.push(c.field);
    }
    const email = cells.values.email?.toLowerCase() ?? '';
    const duplicateOf = email ? (firstRowOf.get(email) ?? null) : null;
    if (email && duplicateOf === null) firstRowOf.set(email, r.number);
    return { row: r.number, cells, duplicateOf };
  });
  return { format: sheet.format, columns, rows };
}

const EXAMPLES: string[][] = [
  ['Amina Benali', 'amina.benali@esempio.invalid', '+39 333 123 4567', 'donna', 'arabo madrelingua, francese C1', 'TO, AT', 'TO', 'in presenza, video', 'sanità, scuola', '20', 'lun-ven 9:00-13:00; mer 14:00-18:00', 'sì', 'e-mail'],
  ['Ion Popescu', 'ion.popescu@esempio.invalid', '', 'uomo', 'rumeno madrelingua', 'CN', '', 'in presenza, telefono', 'lavoro', '12,5', 'mar 14-18; gio 14-18', 'sì', 'entrambi'],
];

/**
 * The template to fill in: the headers in the order the import reads them and two example rows, as
 * Italian Excel opens it. The examples' addresses end in `.invalid`: forgotten in the file, they are refused, not imported.
 */
export function rosterTemplateCsv(): string {
  const columns = ROSTER_COLUMNS.map((c) => ({ key: c.field, header: c.header }));
  return toCsv(columns, EXAMPLES.map((cells) => Object.fromEntries(columns.map((c, i) => [c.key, cells[i] ?? '']))));
}

/**
 * The refused rows of an import as a file to correct and upload again: the file's own columns with
 * the cells as they were, then the row's number in the original file and the reasons (both read
 * past on the way back in).
 */
export function refusedRowsCsv(columns: ReadonlyArray<{ field: RosterField; header: string }>, rows: ReadonlyArray<{ row: number; cells: RowCells; reasons: string }>): string {
  const csvColumns = [...columns.map((c) => ({ key: c.field, header: c.header })), { key: 'row', header: NOTE_COLUMNS.row }, { key: 'reasons', header: NOTE_COLUMNS.reasons }];
  return toCsv(
    csvColumns,
    rows.map((r) => ({ ...r.cells.values, row: String(r.row), reasons: r.reasons })),
  );
}
