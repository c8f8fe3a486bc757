/**
 * A small, independent reader for the report CSVs in tests (it deliberately does not reuse
 * src/domain/csv.ts, so a writer bug cannot hide behind a matching reader bug): the Italian Excel
 * dialect, fields separated by `;`. Records end with CRLF (LF accepted); fields may be quoted, with
 * inner quotes doubled.
 */

/** Every record as its list of cells. A leading BOM, if still there, is dropped. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let cellStart = true;
  const endCell = () => {
    record.push(cell);
    cell = '';
    cellStart = true;
  };
  const endRecord = () => {
    endCell();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      cellStart = false;
    } else if (ch === ';') endCell();
    else if (ch === '\r' && input[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n') endRecord();
    else {
      cell += ch;
      cellStart = false;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (cell !== '' || record.length > 0) endRecord();
  return records;
}

/** The header and the records keyed by it; every record must have as many cells as the header. */
export function csvTable(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rest] = parseCsv(text);
  if (!header) throw new Error('CSV without a header');
  const records = rest.map((cells, n) => {
    if (cells.length !== header.length) throw new Error(`CSV record ${n + 1} has ${cells.length} cells, the header ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] as string]));
  });
  return { header, records };
}
