/** What a roster spreadsheet's cells mean, and how its files are read. */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { cellText, parseAreas, parseAvailability, parseLanguages, parseModalities, parseSectors, parseWeeklyHours } from '../../src/roster-import/cells.js';
import { mapColumns } from '../../src/roster-import/columns.js';
import { decodeCsv, detectDelimiter, parseCsv } from '../../src/roster-import/csv.js';
import { readRosterFile } from '../../src/roster-import/roster-file.js';
import { judgeRow, type RosterState } from '../../src/roster-import/row.js';
import { SpreadsheetError } from '../../src/roster-import/spreadsheet.js';

const AREAS = [
  { code: 'TO', name: 'Torino' },
  { code: 'AT', name: 'Asti' },
  { code: 'CN', name: 'Cuneo' },
];

describe('languages and levels', () => {
  it.each([
    ['arabo madrelingua, francese C1', [{ code: 'ar', level: 'native' }, { code: 'fr', level: 'C1' }]],
    ['ar:native; fr-FR (B2)', [{ code: 'ar', level: 'native' }, { code: 'fr-FR', level: 'B2' }]],
    ['Arabo (marocchino) C2', [{ code: 'ar-MA', level: 'C2' }]],
    ['arabo marocchino lingua madre', [{ code: 'ar-MA', level: 'native' }]],
    ['LIS C1\nrumeno B1', [{ code: 'ise', level: 'C1' }, { code: 'ro', level: 'B1' }]],
    ['Ukrainian native', [{ code: 'uk', level: 'native' }]],
  ])('reads %j', (text, languages) => {
    expect(parseLanguages(text, [])).toEqual({ value: languages });
  });

  it('asks for the level, names an unknown language with a suggestion, and refuses a language twice', () => {
    expect(parseLanguages('arabo', [])).toEqual({ problem: { code: 'missing_level', params: { value: 'arabo' } } });
    expect(parseLanguages('arabbo C1', [])).toEqual({ problem: { code: 'unknown_language', params: { value: 'arabbo' } } });
    expect(parseLanguages('ara C1', [])).toEqual({ problem: { code: 'unknown_language', params: { value: 'ara', suggestion: 'arabo' } } });
    expect(parseLanguages('ar C1, arabo B2', [])).toEqual({ problem: { code: 'duplicate_language', params: { value: 'ar' } } });
  });

  it('knows a tag outside the catalogue when someone in the roster speaks it', () => {
    expect(parseLanguages('kab C1', [])).toMatchObject({ problem: { code: 'unknown_language' } });
    expect(parseLanguages('kab C1', ['kab'])).toEqual({ value: [{ code: 'kab', level: 'C1' }] });
  });
});

describe('weekly availability', () => {
  it('reads day ranges, several times a day and Italian or English day names', () => {
    expect(parseAvailability('lun-mer 9-13; ven 14:30-18.00 e 19-21')).toEqual({
      value: [
        { weekday: 1, start: '09:00', end: '13:00' },
        { weekday: 2, start: '09:00', end: '13:00' },
        { weekday: 3, start: '09:00', end: '13:00' },
        { weekday: 5, start: '14:30', end: '18:00' },
        { weekday: 5, start: '19:00', end: '21:00' },
      ],
    });
    expect(parseAvailability('Sunday 10:00–12:00, sabato 8-24')).toEqual({
      value: [
        { weekday: 6, start: '08:00', end: '24:00' },
        { weekday: 7, start: '10:00', end: '12:00' },
      ],
    });
  });

  it.each(['lunedì mattina', 'lun 13-9', 'ven-lun 9-13', 'lun 9-25', 'martedi'])('refuses %j', (text) => {
    expect(parseAvailability(text)).toEqual({ problem: { code: 'invalid_availability', params: { value: expect.any(String) } } });
  });
});

describe('the other cells', () => {
  it('reads areas by code or name, modalities and sectors in Italian or as codes, hours with a decimal comma', () => {
    expect(parseAreas('Torino, at ; CN', AREAS)).toEqual({ value: ['TO', 'AT', 'CN'] });
    expect(parseAreas('Milano', AREAS)).toEqual({ problem: { code: 'unknown_area', params: { value: 'Milano', known: 'Torino (TO), Asti (AT), Cuneo (CN)' } } });
    expect(parseModalities('In presenza, telefono, video')).toEqual({ value: ['in_person', 'phone', 'video'] });
    expect(parseSectors('Sanità; servizi sociali | employment')).toEqual({ value: ['health', 'social', 'employment'] });
    expect(parseWeeklyHours('12,5')).toEqual({ value: 750 });
    expect(parseWeeklyHours('20 ore')).toEqual({ value: 1200 });
    expect(parseWeeklyHours('169')).toMatchObject({ problem: { code: 'invalid_hours' } });
  });

  it('tells formulas from phone numbers, and undoes the apostrophe the service’s own CSV files add', () => {
    expect(cellText('=SUM(A1:A3)')).toEqual({ text: '=SUM(A1:A3)', formula: true });
    expect(cellText('+cmd|calc')).toEqual({ text: '+cmd|calc', formula: true });
    expect(cellText('@SUM(1)')).toEqual({ text: '@SUM(1)', formula: true });
    expect(cellText('+39 333 123 4567')).toEqual({ text: '+39 333 123 4567', formula: false });
    expect(cellText("'+39 011 123")).toEqual({ text: '+39 011 123', formula: false });
    expect(cellText('  Amina  ')).toEqual({ text: 'Amina', formula: false });
  });
});

describe('reading files', () => {
  it('decodes UTF-8 with or without a BOM, and Windows-1252 otherwise', () => {
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0x69, 0x74, 0x74, 0xc3, 0xa0]))).toBe('Città');
    expect(decodeCsv(new Uint8Array([0x43, 0x69, 0x74, 0x74, 0xe0, 0x20, 0x80, 0x93, 0x94]))).toBe('Città €“”');
  });

  it('finds the separator in the header and keeps quoted separators, quotes and line breaks in a cell', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,"c;d"\n')).toBe(',');
    expect(parseCsv('a;b\r\n"x; ""y""";"riga 1\nriga 2"\r\n\r\nz;w\r\n')).toEqual([
      { number: 1, cells: [{ text: 'a' }, { text: 'b' }] },
      { number: 2, cells: [{ text: 'x; "y"' }, { text: 'riga 1\nriga 2' }] },
      { number: 5, cells: [{ text: 'z' }, { text: 'w' }] },
    ]);
  });

  it('recognises the columns by Italian or English headers, ignoring case, accents and brackets', () => {
    const header = { number: 1, cells: ['NOME*', 'e-mail', 'Modalita', 'Ore settimanali (max)', '', 'Disponibilità'].map((text) => ({ text })) };
    expect(mapColumns(header).columns.map((c) => [c.field, c.index])).toEqual([
      ['name', 0],
      ['email', 1],
      ['modalities', 2],
      ['weeklyHours', 3],
      ['availability', 5],
    ]);
    const refused = (cells: string[]) => {
      try {
        mapColumns({ number: 1, cells: cells.map((text) => ({ text })) });
      } catch (e) {
        return e instanceof SpreadsheetError ? [e.code, e.params.columns] : e;
      }
    };
    expect(refused(['Nome', 'Lingue'])).toEqual(['missing_columns', 'E-mail']);
    expect(refused(['Nome', 'E-mail', 'Codice fiscale'])).toEqual(['unknown_columns', 'Codice fiscale']);
    expect(refused(['Nome', 'E-mail', 'Mail'])).toEqual(['duplicate_columns', 'Mail']);
  });

  it('reads the first sheet of a workbook, shared and inline strings, numbers, and flags formulas and repeated addresses', () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['Nome', 'E-mail', 'Ore settimanali'],
        ['Amina', 'amina@example.org', 20],
        ['Amina bis', 'AMINA@example.org', { t: 'n', f: 'B2*2', v: 40 }],
      ]),
      'Mediatori',
    );
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['not', 'read']]), 'Note');
    const file = readRosterFile(new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' })));
    expect(file.format).toBe('xlsx');
    expect(file.rows).toEqual([
      { row: 2, cells: { values: { name: 'Amina', email: 'amina@example.org', weeklyHours: '20' }, formulas: [] }, duplicateOf: null },
      { row: 3, cells: { values: { name: 'Amina bis', email: 'AMINA@example.org', weeklyHours: '40' }, formulas: ['weeklyHours'] }, duplicateOf: 2 },
    ]);
  });
});

describe('judging a row', () => {
  const amina = {
    id: 'med_1',
    name: 'Amina Benali',
    email: 'Amina@example.org',
    phone: null,
    gender: null,
    homeArea: 'TO',
    languages: [{ code: 'ar', level: 'native' as const }],
    areas: ['TO', 'AT'],
    modalities: ['in_person' as const],
    sectors: [],
    maxWeeklyMinutes: 1200,
    active: true,
    locale: 'it' as const,
    notifyBy: 'email' as const,
    availability: [{ weekday: 1, start: '09:00', end: '13:00' }],
  };
  const state: RosterState = { areas: AREAS, rosterLanguages: [], byEmail: (e) => (e === 'amina@example.org' ? [amina] : []) };

  it('updates only the fields the file gives, compares lists as sets, and keeps the roster’s address', () => {
    const verdict = judgeRow({ values: { email: 'amina@EXAMPLE.org', areas: 'AT, TO', modalities: 'in presenza, video', weeklyHours: '' }, formulas: [] }, state);
    expect(verdict).toMatchObject({ action: 'update', changes: ['modalities'], mediatorId: 'med_1' });
    expect(verdict.entry).toMatchObject({ email: 'Amina@example.org', areas: ['AT', 'TO'], maxWeeklyMinutes: 1200, availability: amina.availability });
    expect(judgeRow({ values: { email: 'amina@example.org', name: 'Amina Benali' }, formulas: [] }, state).action).toBe('unchanged');
  });

  it('asks a new mediator for name, languages, areas and modalities, and warns what is imported all the same', () => {
    expect(judgeRow({ values: { email: 'new@example.org' }, formulas: [] }, state).problems.map((p) => [p.field, p.code])).toEqual([
      ['name', 'required_for_new'],
      ['languages', 'required_for_new'],
      ['areas', 'required_for_new'],
      ['modalities', 'required_for_new'],
    ]);
    const created = judgeRow({ values: { email: 'new@example.org', name: 'Li', languages: 'cinese C2', areas: 'Cuneo', modalities: 'video', notifyBy: 'sms' }, formulas: [] }, state);
    expect(created).toMatchObject({ action: 'create', entry: { homeArea: 'CN', maxWeeklyMinutes: 2400, notifyBy: 'sms', availability: [] } });
    expect(created.warnings.map((w) => w.code)).toEqual(['sms_without_phone', 'no_availability']);
  });

  it('refuses a row whose address belongs to two mediators, or that has no address', () => {
    const twice: RosterState = { ...state, byEmail: () => [amina, { ...amina, id: 'med_2' }] };
    expect(judgeRow({ values: { email: 'amina@example.org' }, formulas: [] }, twice).problems).toEqual([{ field: 'email', code: 'ambiguous_email', params: { count: 2 } }]);
    expect(judgeRow({ values: { name: 'Anonimo' }, formulas: [] }, state).problems[0]).toEqual({ field: 'email', code: 'required' });
  });
});
