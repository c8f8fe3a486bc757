import { Unzip, UnzipInflate } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { SpreadsheetError, type SheetCell, type SheetRow } from './spreadsheet.js';

/**
 * Reading the first worksheet of an XLSX workbook (Office Open XML), with the limits a file from
 * outside needs: an archive that inflates past `MAX_INFLATED_BYTES` (a zip bomb) is refused while
 * it is being inflated, whatever sizes it declares; documents with a DOCTYPE (entity expansion)
 * are refused; of the archive, only the workbook, its relationships, the shared strings and the
 * worksheets are inflated at all.
 */
export const MAX_INFLATED_BYTES = 50 * 1024 * 1024;
const CHUNK = 16 * 1024;

const WANTED = /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  textNodeName: '#text',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['sheet', 'Relationship', 'si', 'r', 'row', 'c'].includes(name),
});

type Xml = Record<string, unknown>;

/** The parts of the archive needed to read a sheet, inflated, within the limit. */
function inflateParts(bytes: Uint8Array): Map<string, string> {
  const parts = new Map<string, Uint8Array[]>();
  let inflated = 0;
  let bomb = false;
  const unzip = new Unzip((file) => {
    if (!WANTED.test(file.name)) return;
    if (file.originalSize !== undefined && file.originalSize > MAX_INFLATED_BYTES) {
      bomb = true;
      return;
    }
    const chunks: Uint8Array[] = [];
    parts.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (error || bomb) return;
      inflated += chunk.length;
      if (inflated > MAX_INFLATED_BYTES) {
        bomb = true;
        file.terminate();
        return;
      }
      chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !bomb; i += CHUNK) unzip.push(bytes.subarray(i, i + CHUNK), i + CHUNK >= bytes.length);
  } catch {
    throw new SpreadsheetError('unreadable_file');
  }
  if (bomb) throw new SpreadsheetError('zip_bomb');
  const decoder = new TextDecoder();
  return new Map([...parts].map(([name, chunks]) => [name, decoder.decode(concat(chunks))]));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function parseXml(text: string | undefined): Xml | undefined {
  if (text === undefined) return undefined;
  if (/<!DOCTYPE/i.test(text)) throw new SpreadsheetError('unreadable_file');
  try {
    return parser.parse(text) as Xml;
  } catch {
    throw new SpreadsheetError('unreadable_file');
  }
}

const asArray = (v: unknown): Xml[] => (Array.isArray(v) ? (v as Xml[]) : v && typeof v === 'object' ? [v as Xml] : []);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Xml)[key] : undefined), v);

/** The text of a `<t>` node, or of every `<t>` in its runs (`<r><t>…</t></r>`, rich text). */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  const t = at(node, 't');
  if (t !== undefined) return typeof t === 'object' ? String(at(t, '#text') ?? '') : String(t);
  return asArray(at(node, 'r'))
    .map((run) => textOf(run))
    .join('');
}

/** The path of the workbook's first sheet, from the workbook and its relationships. */
function firstSheetPath(parts: Map<string, string>): string {
  const workbook = parseXml(parts.get('xl/workbook.xml'));
  const rels = parseXml(parts.get('xl/_rels/workbook.xml.rels'));
  const first = asArray(at(workbook, 'workbook', 'sheets', 'sheet'))[0];
  const relId = first?.['@_id'];
  const target = asArray(at(rels, 'Relationships', 'Relationship')).find((r) => r['@_Id'] === relId)?.['@_Target'];
  if (typeof target !== 'string') return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** "C12" → 2 (zero-based column). */
function columnIndex(ref: unknown, fallback: number): number {
  const letters = typeof ref === 'string' ? /^([A-Z]+)\d+$/.exec(ref)?.[1] : undefined;
  if (!letters) return fallback;
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function cellOf(c: Xml, shared: string[]): SheetCell {
  const type = c['@_t'];
  const value = at(c, 'v');
  const raw = value === undefined ? '' : typeof value === 'object' ? String(at(value, '#text') ?? '') : String(value);
  const formula = c.f !== undefined;
  if (type === 's') return { text: shared[Number(raw)] ?? '', formula };
  if (type === 'inlineStr') return { text: textOf(at(c, 'is')), formula };
  if (type === 'b') return { text: raw === '1' ? 'TRUE' : 'FALSE', formula };
  return { text: raw, formula };
}

/** The rows of the first worksheet, numbered as the spreadsheet numbers them; empty rows skipped. */
export function readXlsx(bytes: Uint8Array): SheetRow[] {
  const parts = inflateParts(bytes);
  const sheetPath = firstSheetPath(parts);
  const sheet = parseXml(parts.get(sheetPath));
  if (!sheet) throw new SpreadsheetError('unreadable_file');
  const shared = asArray(at(parseXml(parts.get('xl/sharedStrings.xml')), 'sst', 'si')).map(textOf);
  const rows: SheetRow[] = [];
  asArray(at(sheet, 'worksheet', 'sheetData', 'row')).forEach((row, i) => {
    const cells: SheetCell[] = [];
    for (const c of asArray(row.c)) {
      const index = columnIndex(c['@_r'], cells.length);
      while (cells.length < index) cells.push({ text: '' });
      cells[index] = cellOf(c, shared);
    }
    const number = Number(row['@_r']) || i + 1;
    if (cells.some((c) => c.text.trim() !== '' || c.formula)) rows.push({ number, cells });
  });
  return rows;
}
