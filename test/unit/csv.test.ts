/** CSV that Italian Excel opens by double-click and that cannot be turned against the person opening it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellFormat, toCsv } from '../../src/domain/csv.js';

const BOM = '\uFEFF';
const one = [{ key: 'v', header: 'v' }];
/** The CSV text of a single cell (after the header, without BOM or line ending). */
const cell = (value: unknown): string => toCsv(one, [{ v: value }]).slice(BOM.length + 'v\r\n'.length, -2);

/** A small RFC 4180 parser: strips the BOM, splits CRLF-terminated records, unquotes fields. */
function parseCsv(text: string): string[][] {
  if (!text.startsWith(BOM)) throw new Error('no BOM');
  const s = text.slice(1);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          quoted = false;
          i += 1;
          if (s[i] !== ';' && s[i] !== '\r') throw new Error(`garbage after closing quote at ${i}`);
        }
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ';') {
      record.push(field);
      field = '';
      i += 1;
    } else if (c === '\r') {
      if (s[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || record.length > 0) throw new Error('last record has no CRLF');
  return records;
}

describe('the document', () => {
  it('starts with a UTF-8 BOM, has a header record and ends every record with CRLF', () => {
    const csv = toCsv(
      [
        { key: 'city', header: 'Città' },
        { key: 'n', header: 'Minuti' },
      ],
      [
        { city: 'Torino', n: 60 },
        { city: 'Asti', n: 75 },
      ],
    );
    expect(csv).toBe('\uFEFFCittà;Minuti\r\nTorino;60\r\nAsti;75\r\n');
  });

  it('is only the header when there are no rows', () => {
    expect(toCsv([{ key: 'a', header: 'A' }], [])).toBe('\uFEFFA\r\n');
  });

  it('follows the given column order, not the rows’ key order, and ignores extra keys', () => {
    const csv = toCsv(
      [
        { key: 'b', header: 'B' },
        { key: 'a', header: 'A' },
      ],
      [{ a: 1, b: 2, c: 3 }],
    );
    expect(csv).toBe('\uFEFFB;A\r\n2;1\r\n');
  });

  it('leaves a missing key empty, and does not read inherited properties', () => {
    const csv = toCsv(
      [
        { key: 'a', header: 'A' },
        { key: 'toString', header: 'T' },
      ],
      [{}],
    );
    expect(csv).toBe('\uFEFFA;T\r\n;\r\n');
  });

  it('separates fields with a semicolon, as Excel expects with an Italian list separator', () => {
    const csv = toCsv(
      [
        { key: 'a', header: 'A' },
        { key: 'b', header: 'B' },
      ],
      [{ a: 'x;y', b: 1.5 }],
    );
    expect(csv).toBe('\uFEFFA;B\r\n"x;y";1,5\r\n');
  });
});

describe('quoting (RFC 4180)', () => {
  it('keeps accents as they are', () => {
    expect(cell('Città di Novi Ligure – più')).toBe('Città di Novi Ligure – più');
  });

  it('leaves a comma unquoted: it is the decimal separator, not the field separator', () => {
    expect(cell('Torino, Piemonte')).toBe('Torino, Piemonte');
  });

  it('quotes a field with a quote, doubling it', () => {
    expect(cell('Ospedale "Molinette"')).toBe('"Ospedale ""Molinette"""');
  });

  it('quotes a field with a newline, CRLF or CR', () => {
    expect(cell('riga 1\nriga 2')).toBe('"riga 1\nriga 2"');
    expect(cell('riga 1\r\nriga 2')).toBe('"riga 1\r\nriga 2"');
    expect(cell('a\rb')).toBe('"a\rb"');
  });

  it('quotes a semicolon', () => {
    expect(cell('a;b')).toBe('"a;b"');
  });

  it('leaves other text unquoted', () => {
    expect(cell("L'Aquila")).toBe("L'Aquila");
  });

  it('quotes headers too', () => {
    expect(toCsv([{ key: 'a', header: 'Ore; totali' }], [])).toBe('\uFEFF"Ore; totali"\r\n');
  });
});

describe('values', () => {
  /** The CSV text of a single cell written in the given format. */
  const as = (format: CellFormat, value: unknown) => toCsv([{ key: 'v', header: 'v', format }], [{ v: value }]).slice(BOM.length + 'v\r\n'.length, -2);

  it('writes numbers with a decimal comma and no thousands separator', () => {
    expect(cell(1234567)).toBe('1234567');
    expect(cell(0.25)).toBe('0,25');
    expect(cell(-5)).toBe('-5');
    expect(cell(0)).toBe('0');
  });

  it('rounds counts and minutes to whole numbers', () => {
    expect(as('integer', 67.5)).toBe('68');
    expect(as('integer', 42)).toBe('42');
    expect(as('integer', -0.2)).toBe('0');
  });

  it('writes hours to one decimal, with a comma', () => {
    expect(as('decimal', 1.25)).toBe('1,3');
    expect(as('decimal', 10)).toBe('10,0');
    expect(as('decimal', -2.04)).toBe('-2,0');
  });

  it('writes a rate as a percentage to one decimal: 2/3 → 66,7', () => {
    expect(as('percent', 2 / 3)).toBe('66,7');
    expect(as('percent', 1)).toBe('100,0');
    expect(as('percent', 0)).toBe('0,0');
  });

  it('writes instants as dd/mm/yyyy hh:mm in Europe/Rome, on both sides of a DST change', () => {
    expect(as('datetime', Date.UTC(2026, 11, 31, 23, 30))).toBe('01/01/2027 00:30');
    expect(as('datetime', '2026-03-29T09:30:00+02:00')).toBe('29/03/2026 09:30');
    expect(as('datetime', Date.UTC(2026, 2, 28, 9, 30))).toBe('28/03/2026 10:30');
    expect(as('date', '2026-10-25T23:30:00Z')).toBe('26/10/2026');
  });

  it('leaves null, undefined, NaN and infinities empty, whatever the format', () => {
    for (const format of ['text', 'integer', 'percent', 'datetime'] as const) {
      expect(as(format, null)).toBe('');
      expect(as(format, undefined)).toBe('');
      expect(as(format, Number.NaN)).toBe('');
      expect(as(format, Number.POSITIVE_INFINITY)).toBe('');
    }
  });

  it('writes booleans as true/false', () => {
    expect(cell(true)).toBe('true');
    expect(cell(false)).toBe('false');
  });

  it('never writes JSON into a cell: an object or an array is refused', () => {
    expect(() => cell({ a: 1, b: 'x' })).toThrow(TypeError);
    expect(() => cell(['ar', 'ti'])).toThrow(TypeError);
  });
});

describe('formula injection (OWASP CSV Injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil","clic")', '"\'=HYPERLINK(""http://evil"",""clic"")"'],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+cmd|\' /C calc\'!A0', "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['\tx', "'\tx"],
    ['\r=1', '"\'\r=1"'],
  ])('prefixes %j with a single quote', (text, written) => {
    expect(cell(text)).toBe(written);
  });

  it('prefixes an Italian phone number with a + too (by design: Excel will show the quote)', () => {
    // "+39 011 …" is indistinguishable from "+cmd…" by its first character; callers wanting clean
    // phone numbers in a spreadsheet should store them without the leading + (e.g. 0039…).
    expect(cell('+39 011 123 4567')).toBe("'+39 011 123 4567");
  });

  it('prefixes the TEXT "-5" but not the NUMBER -5', () => {
    expect(cell('-5')).toBe("'-5");
    expect(cell(-5)).toBe('-5');
    expect(cell(-0.5)).toBe('-0,5');
  });

  it('does not prefix text with a trigger character later on', () => {
    expect(cell('a=1')).toBe('a=1');
    expect(cell(' =1')).toBe(' =1');
    expect(cell('')).toBe('');
  });

  it('prefixes headers', () => {
    expect(toCsv([{ key: 'a', header: '=A' }], [])).toBe("\uFEFF'=A\r\n");
  });
});

describe('property: the CSV parses back to the cells', () => {
  const tricky = fc.constantFrom(',', ';', '"', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', ';', "'", 'à', 'è', ' ', 'x', '€', '😀');
  const text = fc.oneof(fc.string({ unit: tricky, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 12 }));
  const expected = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

  it('for arbitrary rows of strings, with the quote prefix exactly where expected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.tuple(fc.array(text, { minLength: width, maxLength: width }), fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 6 })),
        ),
        ([headers, rows]) => {
          const columns = headers.map((header, i) => ({ key: `k${i}`, header }));
          const records = rows.map((cells) => Object.fromEntries(cells.map((c, i) => [`k${i}`, c])));
          const parsed = parseCsv(toCsv(columns, records));
          expect(parsed).toEqual([headers.map(expected), ...rows.map((r) => r.map(expected))]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
