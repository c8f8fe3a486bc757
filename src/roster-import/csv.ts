import type { SheetRow } from './spreadsheet.js';
import { decodeWindows1252 } from './windows-1252.js';

/**
 * The text of a CSV file as Excel saves it: UTF-8 (with or without a byte-order mark) when the
 * bytes are valid UTF-8, otherwise Windows-1252 ("CSV (delimitato da separatore di elenco)").
 */
export function decodeCsv(bytes: Uint8Array): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

/**
 * The field separator of a file: `;` (Italian Excel), `,` or a tab, whichever occurs most in the
 * header line outside quotes; `;` on a tie, as the Italian default.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [';', 0])[0];
}

/**
 * RFC 4180 records: fields in double quotes may hold the separator, quotes (doubled) and line
 * breaks; CRLF, LF or CR end a record. Each row keeps the number of the line it starts on, which
 * is what a person sees in their editor. Blank lines are skipped.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): SheetRow[] {
  const rows: SheetRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (fields.some((f) => f.trim() !== '')) rows.push({ number: rowLine, cells: fields.map((text) => ({ text })) });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
