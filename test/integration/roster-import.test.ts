/**
 * A coordinator imports the network's roster from the spreadsheet they keep it in: a dry run that
 * says row by row what would happen and why, then the same file committed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORDINATOR_TOKEN, type Harness, type Json, makeHarness } from '../support/harness.js';
import { readResponse } from '../support/factories.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const HEADER = 'Nome e cognome;E-mail;Telefono;Lingue e livelli;Zone servite;Modalità;Settori;Ore settimanali massime;Disponibilità settimanale;Attivo';

/** A CSV as Italian Excel saves it: `;`, CRLF, UTF-8 with a BOM. */
function csv(lines: string[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)]);
}

async function upload(bytes: Uint8Array<ArrayBuffer>, query = '', type = 'text/csv', token = COORDINATOR_TOKEN) {
  return readResponse(await h.app.request(`/v1/imports/mediators${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: bytes }));
}

const rowOf = (body: Json, n: number) => (body.rows.items as Json[]).find((r) => r.row === n) as Json;
const mediatorsByEmail = async (email: string) => ((await h.call('GET', '/v1/mediators?limit=200')).body.items as Json[]).filter((m) => m.email === email);

describe('the dry run', () => {
  it('reports row by row what would be created, updated, left or refused, in Italian, and changes nothing', async () => {
    const existing = await h.make.mediator({ name: 'Ion Popescu', email: 'ion.popescu@example.org', languages: [{ code: 'ro', level: 'native' }], areas: ['CN'] });
    const same = await h.make.mediator({ name: 'Sara Haile', email: 'sara@example.org', languages: [{ code: 'ti', level: 'native' }], areas: ['TO'], modalities: ['in_person'], sectors: [] });
    const file = csv([
      HEADER,
      'Amina Benali;amina.benali@example.org;+39 333 123 4567;arabo madrelingua, francese C1;TO, Asti;in presenza, video;sanità, scuola;20;lun-ven 9:00-13:00; mer 14:00-18:00;sì'.replace('lun-ven 9:00-13:00; mer 14:00-18:00', '"lun-ven 9:00-13:00; mer 14:00-18:00"'),
      'Ion Popescu;ION.POPESCU@example.org;;rumeno madrelingua, inglese B2;CN;in presenza;lavoro;12,5;mar 14-18;sì',
      'Sara Haile;sara@example.org;;ti native;TO;in presenza;;;;',
      'Mario Rossi;mario.rossi@example;;klingon C1;Marte;a piedi;;200;domenica mattina;forse',
      'Amina B.;amina.benali@example.org;;arabo C1;TO;video;;;;',
    ]);
    const res = await upload(file, '?fileName=roster.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'checked', format: 'csv', fileName: 'roster.csv', progress: { done: 0, total: 5 }, found: { create: 1, update: 1, unchanged: 1, reject: 2 } });
    expect(res.headers.get('location')).toBe(`/v1/imports/${res.body.id}`);

    expect(rowOf(res.body, 2)).toMatchObject({ action: 'create', email: 'amina.benali@example.org', problems: [], outcome: null });
    expect(rowOf(res.body, 3)).toMatchObject({ action: 'update', mediatorId: existing.id, changes: ['languages', 'modalities', 'sectors', 'weeklyHours', 'availability'] });
    expect(rowOf(res.body, 4)).toMatchObject({ action: 'unchanged', mediatorId: same.id });
    // Every problem of the row at once, each beside its column, in words.
    const refused = rowOf(res.body, 5);
    expect(refused.action).toBe('reject');
    expect(refused.problems.map((p: Json) => [p.column, p.code])).toEqual([
      ['E-mail', 'invalid_email'],
      ['Lingue e livelli', 'unknown_language'],
      ['Zone servite', 'unknown_area'],
      ['Modalità', 'unknown_modality'],
      ['Ore settimanali massime', 'invalid_hours'],
      ['Disponibilità settimanale', 'invalid_availability'],
      ['Attivo', 'invalid_yes_no'],
    ]);
    expect(refused.problems[0].message).toBe('«mario.rossi@example» non è un indirizzo e-mail valido.');
    expect(refused.problems[2].message).toMatch(/^Zona «Marte» sconosciuta\. Zone: .*TO/);
    expect(rowOf(res.body, 6).problems).toEqual([{ field: 'email', column: 'E-mail', code: 'duplicate_in_file', message: 'Lo stesso indirizzo e-mail compare già alla riga 2.' }]);

    // Nothing changed in the roster.
    expect(await mediatorsByEmail('amina.benali@example.org')).toEqual([]);
    expect((await h.call('GET', `/v1/mediators/${existing.id}`)).body.languages).toEqual([{ code: 'ro', level: 'native' }]);

    // The same report in English, and only the refused rows.
    const en = await h.call('GET', `/v1/imports/${res.body.id}?lang=en&action=reject`);
    expect(en.body.rows.items.map((r: Json) => r.row)).toEqual([5, 6]);
    expect(en.body.rows.items[1].problems[0].message).toBe('The same e-mail address is already on row 2.');
  });
});

describe('committing', () => {
  it('applies a checked import: creates and updates with availability, releases what an update breaks, and is not applied twice', async () => {
    const desk = await h.make.desk();
    const ion = await h.make.mediator({ name: 'Ion Popescu', email: 'ion.popescu@example.org' });
    const booked = await h.make.appointment(desk.token); // Arabic, Monday 23 March 10:00: Ion is the only Arabic speaker
    expect(booked.mediatorId).toBe(ion.id);
    const file = csv([
      HEADER,
      'Amina Benali;amina.benali@example.org;+39 333 123 4567;arabo madrelingua;TO;in presenza, video;sanità;20;"lun-ven 9-13; mer 14-18";sì',
      'Ion Popescu;ion.popescu@example.org;;rumeno madrelingua;TO;in presenza;sanità;;;',
    ]);
    const checked = await upload(file);
    expect(rowOf(checked.body, 3)).toMatchObject({ action: 'update', changes: ['languages', 'modalities'] });

    const done = await h.call('POST', `/v1/imports/${checked.body.id}/commit`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', progress: { done: 2, total: 2 }, applied: { created: 1, updated: 1, unchanged: 0, rejected: 0 } });
    expect(rowOf(done.body, 3)).toMatchObject({ outcome: 'updated', released: 1 });

    const [amina = {}] = await mediatorsByEmail('amina.benali@example.org');
    expect(amina).toMatchObject({ phone: '+39 333 123 4567', sectors: ['health'], maxWeeklyMinutes: 1200 });
    expect(rowOf(done.body, 2).mediatorId).toBe(amina.id);
    const availability = (await h.call('GET', `/v1/mediators/${amina.id}/availability`)).body.rules;
    expect(availability).toHaveLength(6); // five mornings and Wednesday afternoon
    expect(availability).toContainEqual({ weekday: 3, start: '14:00', end: '18:00' });

    // Ion no longer speaks Arabic: his booking was released and matched again, to Amina.
    const after = (await h.call('GET', `/v1/appointments/${booked.id}`, { token: desk.token })).body;
    expect(after.mediatorId).toBe(amina.id);

    await h.expectStatus(h.call('POST', `/v1/imports/${checked.body.id}/commit`), 409);
    expect(await mediatorsByEmail('amina.benali@example.org')).toHaveLength(1);

    const audit = (await h.call('GET', `/v1/audit?entity=mediator&entityId=${amina.id}`)).body.items as Json[];
    expect(audit.map((e) => e.action)).toContain('mediator.imported');
  });

  it('judges each row again at commit: an address added to the roster since the check is updated, not duplicated', async () => {
    const file = csv(['Nome;E-mail;Lingue;Zone;Modalità', 'Amina Benali;amina@example.org;arabo madrelingua;TO;video']);
    const checked = await upload(file);
    expect(rowOf(checked.body, 2).action).toBe('create');
    await h.make.mediator({ name: 'Amina', email: 'Amina@example.org', modalities: ['in_person'] });
    const done = await h.call('POST', `/v1/imports/${checked.body.id}/commit`);
    expect(rowOf(done.body, 2)).toMatchObject({ action: 'create', outcome: 'updated', changes: ['name', 'modalities'] });
    expect(await mediatorsByEmail('amina@example.org')).toHaveLength(0);
    expect((await h.call('GET', '/v1/mediators?limit=200')).body.items.filter((m: Json) => m.email.toLowerCase() === 'amina@example.org')).toHaveLength(1);
  });

  it('runs a 10,000-row file as a job with progress, resumable row by row', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 10_000; i++) lines.push(`Mediatore ${i};m${i}@example.org;;arabo madrelingua;TO;in presenza;;;lun 9-13;sì`);
    const started = performance.now();
    const res = await upload(csv(lines), '?commit=true');
    const checkedMs = performance.now() - started;
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', progress: { done: 0, total: 10_000 }, found: { create: 10_000 } });
    expect(checkedMs).toBeLessThan(20_000);

    const progress: number[] = [];
    for (let round = 0; round < 40; round++) {
      const { importRowsApplied } = await h.runJobs(null);
      const view = (await h.call('GET', `/v1/imports/${res.body.id}?limit=1`)).body;
      progress.push(view.progress.done);
      if (view.status === 'done') break;
      expect(importRowsApplied).toBe(500);
    }
    expect(progress.slice(0, 3)).toEqual([500, 1000, 1500]);
    expect(progress.at(-1)).toBe(10_000);
    const view = (await h.call('GET', `/v1/imports/${res.body.id}?limit=1`)).body;
    expect(view).toMatchObject({ status: 'done', applied: { created: 10_000 } });
    const count = (h.db as unknown as { sqlite: { prepare(s: string): { get(): { n: number } } } }).sqlite;
    expect(count.prepare("SELECT count(*) AS n FROM mediators WHERE email LIKE 'm%@example.org'").get().n).toBe(10_000);
  }, 120_000);

  it('resumes after a stop: a lapsed lease is taken over and no row is applied twice', async () => {
    const lines = ['Nome;E-mail;Lingue;Zone;Modalità'];
    for (let i = 1; i <= 120; i++) lines.push(`Mediatore ${i};r${i}@example.org;rumeno madrelingua;TO;video`);
    const res = await upload(csv(lines), '?commit=true');
    expect(res.status).toBe(202);
    // An applier that stopped mid-way: it holds the lease and applied nothing more.
    await h.repos.imports.lease(res.body.id, 'crashed', h.clock.now(), h.clock.now() + 60_000);
    expect((await h.runJobs(null)).importRowsApplied).toBe(0);
    h.clock.advance(61_000);
    expect((await h.runJobs(null)).importRowsApplied).toBe(120);
    const view = (await h.call('GET', `/v1/imports/${res.body.id}`)).body;
    expect(view).toMatchObject({ status: 'done', applied: { created: 120 } });
  });
});

describe('files that cannot be imported', () => {
  it('refuses wrong columns, naming them', async () => {
    const missing = await upload(csv(['Nome;Lingue', 'Amina;arabo madrelingua']));
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'import_missing_columns', reason: 'missing_columns', errors: [{ path: 'file', message: 'Mancano le colonne obbligatorie: E-mail. Usi il modello scaricabile da questa pagina.' }] });
    const unknown = await upload(csv(['Nome;E-mail;Codice fiscale', 'Amina;a@example.org;BNLMNA80A41Z330X']));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toMatch(/^Colonne non riconosciute: Codice fiscale\. Le colonne possibili sono: Nome e cognome, E-mail/);
  });

  it('refuses what is not a spreadsheet, an old .xls, and an empty file', async () => {
    expect((await upload(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0, 0]))).body.reason).toBe('unreadable_file');
    expect((await upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).body.reason).toBe('legacy_excel');
    expect((await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).body.reason).toBe('unreadable_file');
    expect((await upload(new Uint8Array())).body.reason).toBe('empty_file');
  });

  it('is for coordinators only', async () => {
    const desk = await h.make.desk();
    expect((await upload(csv(['Nome;E-mail', 'A;a@example.org']), '', 'text/csv', desk.token)).status).toBe(403);
  });
});

it('offers the template: every cell of its examples reads, and the examples themselves are refused, not imported', async () => {
  const res = await h.app.request('/v1/imports/mediators/template.csv', { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } });
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const template = new Uint8Array(await res.arrayBuffer());
  const checked = await upload(template);
  expect(checked.status).toBe(200);
  expect(checked.body.columns.map((c: Json) => c.field)).toEqual(['name', 'email', 'phone', 'gender', 'languages', 'areas', 'homeArea', 'modalities', 'sectors', 'weeklyHours', 'availability', 'active', 'notifyBy']);
  expect(checked.body.found).toEqual({ create: 0, update: 0, unchanged: 0, reject: 2 });
  for (const row of checked.body.rows.items as Json[]) expect(row.problems.map((p: Json) => p.code)).toEqual(['example_email']);

  // Filled in with a real address, the same row is a new mediator.
  const filled = new TextDecoder().decode(template).replace('amina.benali@esempio.invalid', 'amina.benali@asl.example.it');
  expect((await upload(new TextEncoder().encode(filled))).body.found).toEqual({ create: 1, update: 0, unchanged: 0, reject: 1 });
});

it('gives the refused rows back as a CSV to correct and upload again', async () => {
  const checked = await upload(
    csv([
      'Nome e cognome;E-mail;Lingue e livelli;Zone servite;Modalità',
      'Amina Benali;amina@example.org;arabo;TO;video',
      'Li Wei;li.wei@example.org;cinese madrelingua;TO;video',
    ]),
  );
  const res = await h.app.request(`/v1/imports/${checked.body.id}/refused.csv`, { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } });
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="mediatori_righe_scartate.csv"');
  const text = await res.text();
  expect(text.split('\r\n')).toEqual([
    'Nome e cognome;E-mail;Lingue e livelli;Zone servite;Modalità;Riga originale;Motivo dello scarto',
    'Amina Benali;amina@example.org;arabo;TO;video;2;Lingue e livelli: In «arabo» manca il livello: madrelingua, C2, C1, B2 o B1 (ad esempio «arabo madrelingua»).',
    '',
  ]);
  // Corrected and sent back as it is: the two added columns are read past.
  const corrected = new TextEncoder().encode(text.replace(';arabo;', ';arabo madrelingua;'));
  const again = await upload(corrected);
  expect(again.status).toBe(200);
  expect(again.body.found).toEqual({ create: 1, update: 0, unchanged: 0, reject: 0 });
});

it('deletes a check that will not be committed, or a finished report, but not an import being applied', async () => {
  const checked = await upload(csv(['Nome;E-mail;Lingue;Zone;Modalità', 'Li Wei;li.wei@example.org;cinese madrelingua;TO;video']));
  await h.expectStatus(h.call('DELETE', `/v1/imports/${checked.body.id}`), 204);
  await h.expectStatus(h.call('GET', `/v1/imports/${checked.body.id}`), 404);
  expect(await mediatorsByEmail('li.wei@example.org')).toEqual([]);

  const lines = ['Nome;E-mail;Lingue;Zone;Modalità'];
  for (let i = 1; i <= 60; i++) lines.push(`Mediatore ${i};d${i}@example.org;rumeno madrelingua;TO;video`);
  const running = await upload(csv(lines), '?commit=true');
  expect(running.body.status).toBe('running');
  expect((await h.call('DELETE', `/v1/imports/${running.body.id}`)).body.code).toBe('import_running');
  await h.runJobs(null);
  await h.expectStatus(h.call('DELETE', `/v1/imports/${running.body.id}`), 204);
  expect(await mediatorsByEmail('d60@example.org')).toHaveLength(1); // what was applied stays
});

it('refuses a row that fails while being applied, with the reason, and goes on with the others', async () => {
  const original = h.repos.mediators.createStatements;
  h.repos.mediators.createStatements = (id, m, now) => {
    if (m.email === 'b@example.org') throw new Error('disk I/O error');
    return original(id, m, now);
  };
  const res = await upload(csv(['Nome;E-mail;Lingue;Zone;Modalità', 'A;a@example.org;rumeno madrelingua;TO;video', 'B;b@example.org;rumeno madrelingua;TO;video', 'C;c@example.org;rumeno madrelingua;TO;video']), '?commit=true');
  expect(res.body).toMatchObject({ status: 'done', applied: { created: 2, rejected: 1 } });
  expect(rowOf(res.body, 3)).toMatchObject({ outcome: 'rejected', problems: [{ field: null, column: null, code: 'apply_failed', message: expect.stringMatching(/^Non è stato possibile importare questa riga/) }] });
  expect(await mediatorsByEmail('c@example.org')).toHaveLength(1);
});
