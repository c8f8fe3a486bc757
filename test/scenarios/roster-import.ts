import * as XLSX from '@e965/xlsx';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Json } from '../support/factories.js';
import type { JobsTarget } from './webhooks.js';

const HEADER = 'Nome e cognome;E-mail;Telefono;Lingue e livelli;Zone servite;Modalità;Settori;Ore settimanali massime;Disponibilità settimanale;Attivo';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV as Italian Excel saves it: `;`, CRLF, UTF-8 with a BOM. */
function csv(lines: string[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)]);
}

/** An XLSX workbook written by SheetJS (an independent writer), first sheet from rows of cells. */
function xlsx(rows: unknown[][]): Uint8Array<ArrayBuffer> {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Mediatori');
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
}

/** 200 MB of zeros zipped as a worksheet (a few hundred KB), its headers lying that it inflates to 1000 bytes. */
function zipBomb(): Uint8Array<ArrayBuffer> {
  const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': new Uint8Array(200 * 1024 * 1024) }, { level: 9 });
  const view = new DataView(bomb.buffer);
  for (let i = 0; i < bomb.length - 4; i++) {
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, 1000, true); // local header: uncompressed size
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1000, true); // central directory: the same
  }
  return new Uint8Array(bomb);
}

const rowOf = (body: Json, n: number) => (body.rows.items as Json[]).find((r) => r.row === n) as Json;

/**
 * The roster import on every runtime: the file read (CSV, XLSX, multipart), checked row by row in
 * Italian, committed here or by the jobs, and the files refused whole — on SQLite and on D1.
 */
export function rosterImportScenarios(makeTarget: () => Promise<JobsTarget>, rowsPerRound: number): void {
  let h: JobsTarget;
  beforeEach(async () => {
    h = await makeTarget();
  });
  afterEach(() => h.close());

  const upload = (bytes: Uint8Array<ArrayBuffer>, query = '', type = 'text/csv') =>
    h.call('POST', `/v1/imports/mediators${query}`, { rawBody: bytes, headers: { 'content-type': type } });
  const mediatorByEmail = async (email: string): Promise<Json | undefined> =>
    ((await h.expectStatus(h.call('GET', '/v1/mediators?limit=200'), 200)).items as Json[]).find((m) => m.email.toLowerCase() === email);

  it('a CSV checked (nothing changes, each refusal in Italian beside its column) then committed: one created, one updated by e-mail', async () => {
    const ion = await h.make.mediator({ name: 'Ion Popescu', email: 'ion.popescu@example.org', languages: [{ code: 'ro', level: 'native' }], areas: ['CN'] });
    const file = csv([
      HEADER,
      'Amina Benali;amina.benali@example.org;+39 333 123 4567;arabo madrelingua, francese C1;TO, Asti;in presenza, video;sanità, scuola;20;"lun-ven 9:00-13:00; mer 14:00-18:00";sì',
      'Ion Popescu;ION.POPESCU@example.org;;rumeno madrelingua, inglese B2;CN;in presenza;lavoro;12,5;mar 14-18;sì',
      'Mario Rossi;mario.rossi@example;;arabo madrelingua;Marte;in presenza;;;;',
      'Amina B.;amina.benali@example.org;;arabo C1;TO;video;;;;',
    ]);

    const checked = await upload(file, '?fileName=roster.csv');
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'checked', format: 'csv', fileName: 'roster.csv', progress: { done: 0, total: 4 }, found: { create: 1, update: 1, unchanged: 0, reject: 2 } });
    expect(rowOf(checked.body, 2)).toMatchObject({ action: 'create', name: 'Amina Benali', problems: [] });
    expect(rowOf(checked.body, 3)).toMatchObject({ action: 'update', mediatorId: ion.id, changes: ['languages', 'modalities', 'sectors', 'weeklyHours', 'availability'] });
    expect(rowOf(checked.body, 4)).toMatchObject({ action: 'reject' });
    expect(rowOf(checked.body, 4).problems.map((p: Json) => [p.column, p.message])).toEqual([
      ['E-mail', '«mario.rossi@example» non è un indirizzo e-mail valido.'],
      ['Zone servite', expect.stringMatching(/^Zona «Marte» sconosciuta\. Zone: .*TO/)],
    ]);
    expect(rowOf(checked.body, 5).problems).toEqual([{ field: 'email', column: 'E-mail', code: 'duplicate_in_file', message: 'Lo stesso indirizzo e-mail compare già alla riga 2.' }]);
    expect(await mediatorByEmail('amina.benali@example.org')).toBeUndefined();
    expect((await h.expectStatus(h.call('GET', `/v1/mediators/${ion.id}`), 200)).languages).toEqual([{ code: 'ro', level: 'native' }]);

    const done = await h.call('POST', `/v1/imports/${checked.body.id}/commit`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', progress: { done: 4, total: 4 }, applied: { created: 1, updated: 1, unchanged: 0, rejected: 2 } });
    const amina = await mediatorByEmail('amina.benali@example.org');
    expect(amina).toMatchObject({ name: 'Amina Benali', phone: '+39 333 123 4567', areas: ['TO', 'AT'], sectors: ['health', 'school'], maxWeeklyMinutes: 1200 });
    expect(rowOf(done.body, 2)).toMatchObject({ outcome: 'created', mediatorId: amina?.id });
    expect((await h.expectStatus(h.call('GET', `/v1/mediators/${amina?.id}/availability`), 200)).rules).toHaveLength(6);
    expect(await h.expectStatus(h.call('GET', `/v1/mediators/${ion.id}`), 200)).toMatchObject({
      languages: [
        { code: 'ro', level: 'native' },
        { code: 'en', level: 'B2' },
      ],
      maxWeeklyMinutes: 750,
    });
    await h.expectStatus(h.call('POST', `/v1/imports/${checked.body.id}/commit`), 409);
    expect((await h.expectStatus(h.call('GET', '/v1/imports'), 200)).items).toMatchObject([{ id: checked.body.id, status: 'done', fileName: 'roster.csv', totalRows: 4 }]);
  });

  it('a CSV saved as Windows-1252, and one separated by commas without a BOM, read to the same letters', async () => {
    const latin = new Uint8Array([...'Nome;E-mail;Lingue;Zone;Modalità\r\nNiccolò D’Angelo;nicco@example.org;rumeno madrelingua;TO;telefono\r\n'].map((ch) => (ch === '’' ? 0x92 : ch.charCodeAt(0))));
    expect(rowOf((await upload(latin)).body, 2)).toMatchObject({ action: 'create', name: 'Niccolò D’Angelo' });
    const comma = new TextEncoder().encode('name,email,languages,areas,modalities\nLi Wei,li.wei@example.org,"cinese madrelingua, inglese C1",TO,video\n');
    expect(rowOf((await upload(comma)).body, 2)).toMatchObject({ action: 'create', name: 'Li Wei', problems: [] });
  });

  it('an XLSX workbook written by another program is read and committed: shared strings, numbers, a town for an area', async () => {
    const book = xlsx([
      ['Nome e cognome', 'E-mail', 'Lingue e livelli', 'Zone servite', 'Modalità', 'Ore settimanali massime'],
      ['Olena Shevchenko', 'olena@example.org', 'ucraino madrelingua', 'Torino', 'in presenza', 18],
    ]);
    const res = await upload(book, '?commit=true', XLSX_TYPE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', status: 'done', applied: { created: 1 } });
    expect(await mediatorByEmail('olena@example.org')).toMatchObject({ name: 'Olena Shevchenko', languages: [{ code: 'uk', level: 'native' }], areas: ['TO'], homeArea: 'TO', modalities: ['in_person'], maxWeeklyMinutes: 18 * 60, active: true });
  });

  it('a multipart upload, as the page sends it, takes the file name and `commit` from the form', async () => {
    const form = new FormData();
    form.set('file', new File([csv(['Nome;E-mail;Lingue;Zone;Modalità', 'Li Wei;li.wei@example.org;cinese madrelingua;TO;video'])], 'mediatori.csv'));
    form.set('commit', 'true');
    const res = await h.call('POST', '/v1/imports/mediators', { rawBody: form });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fileName: 'mediatori.csv', status: 'done', applied: { created: 1 } });
    expect(await mediatorByEmail('li.wei@example.org')).toMatchObject({ languages: [{ code: 'zh', level: 'native' }] });
  });

  it(`700 rows committed are applied by the jobs, ${rowsPerRound} a round, the progress growing until done`, async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 700; i++) lines.push(`Mediatore ${i};m${i}@example.org;;arabo madrelingua;TO;in presenza;;;lun 9-13;sì`);
    const res = await upload(csv(lines), '?commit=true');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', progress: { done: 0, total: 700 }, found: { create: 700 } });

    const needed = Math.ceil(700 / rowsPerRound);
    const rounds: Array<[number, string]> = [];
    for (let round = 0; round <= needed; round++) {
      await h.jobs();
      const view = await h.expectStatus(h.call('GET', `/v1/imports/${res.body.id}?limit=1`), 200);
      rounds.push([view.progress.done, view.status]);
    }
    // Each round applies its share; once all are applied the import is done and stays so.
    expect(rounds).toEqual(Array.from({ length: needed + 1 }, (_, i) => (i < needed - 1 ? [(i + 1) * rowsPerRound, 'running'] : [700, 'done'])));
    const rows: Json[] = [];
    for (let cursor = ''; ; ) {
      const page = await h.expectStatus(h.call('GET', `/v1/imports/${res.body.id}?limit=200${cursor}`), 200);
      rows.push(...page.rows.items);
      if (!page.rows.nextCursor) break;
      cursor = `&cursor=${page.rows.nextCursor}`;
    }
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 700 }, (_, i) => i + 2));
    expect(rows.every((r) => r.outcome === 'created' && r.mediatorId)).toBe(true);
    expect(new Set(rows.map((r) => r.mediatorId)).size).toBe(700);
    const last = rows.at(-1) as Json;
    expect(await h.expectStatus(h.call('GET', `/v1/mediators/${last.mediatorId}`), 200)).toMatchObject({ name: 'Mediatore 700', email: 'm700@example.org' });
    expect((await h.expectStatus(h.call('GET', `/v1/mediators/${last.mediatorId}/availability`), 200)).rules).toEqual([{ weekday: 1, start: '09:00', end: '13:00' }]);
  });

  it('a zip bomb posing as XLSX is refused while it is inflated, whatever size it declares', async () => {
    const bomb = zipBomb();
    const started = performance.now();
    const res = await upload(bomb, '', XLSX_TYPE);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'import_zip_bomb', reason: 'zip_bomb', errors: [{ path: 'file', message: expect.stringMatching(/^Il file \.xlsx, una volta decompresso, supera i 50 MB/) }] });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a row with a formula is refused, in an XLSX cell and as CSV text, and the other rows go on', async () => {
    const book = xlsx([
      ['Nome', 'E-mail', 'Lingue', 'Zone', 'Modalità', 'Ore settimanali'],
      ['Amina', 'amina@example.org', 'arabo madrelingua', 'TO', 'video', { t: 'n', f: '10+10', v: 20 }],
    ]);
    const fromBook = await upload(book, '?commit=true', 'application/octet-stream');
    expect(rowOf(fromBook.body, 2)).toMatchObject({
      action: 'reject',
      outcome: 'rejected',
      problems: [{ column: 'Ore settimanali', code: 'formula', message: 'La cella contiene una formula: incolli solo i valori (Incolla speciale → Valori).' }],
    });
    expect(await mediatorByEmail('amina@example.org')).toBeUndefined();

    const text = await upload(csv(['Nome;E-mail;Lingue;Zone;Modalità', '=HYPERLINK("http://x");li@example.org;cinese madrelingua;TO;video', 'Li;li2@example.org;cinese madrelingua;TO;video']));
    expect(rowOf(text.body, 2)).toMatchObject({ action: 'reject', problems: [{ column: 'Nome', code: 'formula' }] });
    expect(rowOf(text.body, 3).action).toBe('create');
  });

  it('a file over 10 MB is refused with 413, saying so in Italian for the person who sent it', async () => {
    const res = await upload(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'body_too_large', errors: [{ path: 'file', message: 'Il file supera i 10 MB: lo divida in più file o tolga le colonne che non servono.' }] });
  });
}
