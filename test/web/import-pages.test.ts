/**
 * The coordinator's roster import page: upload, the check row by row in Italian, the commit, the
 * progress of a large import, and the refusals beside the file field.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../support/harness.js';
import { getPage, PAGE_ORIGIN, pageSession, postPage } from '../support/page-session.js';

let h: Harness;
let session: string;
beforeEach(async () => {
  h = await makeHarness();
  await h.make.user({ role: 'coordinator', email: 'coord@regione.example.it' });
  session = await pageSession(h, 'coord@regione.example.it');
});
afterEach(() => h.close());

const csv = (lines: string[]) => new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);

/** The upload form posted as a browser does: multipart, from the page's origin, with the session. */
function uploadFile(bytes: Uint8Array<ArrayBuffer>, name: string, as = session) {
  const body = new FormData();
  body.set('file', new File([bytes], name, { type: 'text/csv' }));
  return h.app.request('/app/imports', { method: 'POST', headers: { origin: PAGE_ORIGIN, cookie: `__Host-session=${as}` }, body });
}

const post = (path: string) => postPage(h, path, session);

it('checks the file, shows every row in Italian words, and imports after the confirmation', async () => {
  const page = await getPage(h, '/app/imports', session);
  const html = await page.text();
  expect(html).toContain('Importa mediatori da un foglio di calcolo');
  expect(html).toContain('href="/app/imports/template.csv"');
  expect(html).toContain('enctype="multipart/form-data"');

  const upload = await uploadFile(
    csv([
      'Nome e cognome;E-mail;Lingue e livelli;Zone servite;Modalità;Disponibilità settimanale',
      'Amina Benali;amina@example.org;arabo madrelingua;TO;in presenza;lun-ven 9-13',
      'Mario Rossi;mario@example.org;arabo;TO;in presenza;lun 9-13',
    ]),
    'roster.csv',
  );
  expect(upload.status).toBe(303);
  const report = upload.headers.get('location') ?? '';
  expect(report).toMatch(/^\/app\/imports\/imp_/);

  const checked = await (await getPage(h, report, session)).text();
  expect(checked).toContain('Importazione di roster.csv');
  expect(checked).toContain('controllato, da confermare');
  expect(checked).toContain('nuovo');
  expect(checked).toContain('In «arabo» manca il livello: madrelingua, C2, C1, B2 o B1');
  expect(checked).toContain('Importa 1 riga');
  expect(checked).toContain('<strong class="fs-4">1</strong> riga scartata');
  const refusedFile = await getPage(h, `${report}/refused.csv`, session);
  expect(refusedFile.headers.get('content-disposition')).toBe('attachment; filename="roster_righe_scartate.csv"');
  expect((await refusedFile.text()).split('\r\n')[1]).toMatch(/^Mario Rossi;mario@example\.org;arabo;TO;in presenza;lun 9-13;3;Lingue e livelli: In «arabo» manca il livello/);
  expect((await h.call('GET', '/v1/mediators')).body.items).toEqual([]);

  const committed = await post(`${report}/commit`);
  expect(committed.status).toBe(303);
  const done = await (await getPage(h, committed.headers.get('location') ?? '', session)).text();
  expect(done).toContain('Importazione confermata.');
  expect(done).toContain('completato');
  expect(done).toContain('aggiunto');
  expect((await h.call('GET', '/v1/mediators')).body.items.map((m: { email: string }) => m.email)).toEqual(['amina@example.org']);

  expect(done).toContain('Elimina il resoconto');

  // Only the refused rows, on request.
  const refused = await (await getPage(h, `${report}?action=reject`, session)).text();
  expect(refused).toContain('mario@example.org');
  expect(refused).not.toContain('amina@example.org');
});

it('shows a large import running with a progress bar that updates itself (htmx) or by a link, then the whole page once done', async () => {
  const lines = ['Nome;E-mail;Lingue;Zone;Modalità'];
  for (let i = 1; i <= 600; i++) lines.push(`Mediatore ${i};m${i}@example.org;rumeno madrelingua;TO;video`);
  const report = (await uploadFile(csv(lines), 'grande.csv')).headers.get('location') ?? '';
  await post(`${report}/commit`);
  const running = await getPage(h, report, session);
  expect(running.headers.get('refresh')).toBeNull(); // nothing reloads the page under the reader
  const html = await running.text();
  expect(html).toMatch(/<section id="import-progress"[^>]*hx-get="\/app\/imports\/imp_\w+"[^>]*hx-trigger="every 3s"[^>]*hx-select="#import-progress"/);
  expect(html).toMatch(/<progress[^>]*max="600"[^>]*value="0"/);
  expect(html).toContain('0 di 600 righe');
  expect(html).toContain(`<a href="${report}">Aggiorna</a>`);

  const poll = (path: string) => h.app.request(path, { headers: { cookie: `__Host-session=${session}`, 'hx-request': 'true' } });
  await h.runJobs(null);
  expect(await (await poll(report)).text()).toContain('500 di 600 righe');
  await h.runJobs(null);
  const finished = await poll(report);
  expect([finished.status, finished.headers.get('hx-refresh')]).toEqual([204, 'true']);
  const done = await (await getPage(h, report, session)).text();
  expect(done).toContain('completato');
  expect(done).toContain('mediatori aggiunti');
  expect(done).not.toContain('import-progress');
});

it('explains a file that cannot be read beside the file field, in Italian', async () => {
  const res = await uploadFile(csv(['Nome;Telefono', 'Amina;333']), 'sbagliato.csv');
  expect(res.status).toBe(422);
  const html = await res.text();
  expect(html).toMatch(/id="file-error"[^>]*>Mancano le colonne obbligatorie: E-mail\./);
  expect(html).toContain('aria-invalid="true"');

  const none = await h.app.request('/app/imports', { method: 'POST', headers: { origin: PAGE_ORIGIN, cookie: `__Host-session=${session}` }, body: new FormData() });
  expect(none.status).toBe(422);
  expect(await none.text()).toContain('Scelga il file da importare.');
});

it('takes files up to 10 MB, above the form limit, and refuses larger ones with an Italian page', async () => {
  const lines = ['Nome;E-mail;Lingue;Zone;Modalità'];
  for (let i = 1; i <= 2_000; i++) lines.push(`Mediatore ${i};m${i}@example.org;rumeno madrelingua;TO;video`);
  const medium = csv(lines);
  expect(medium.length).toBeGreaterThan(64 * 1024);
  expect((await uploadFile(medium, 'medio.csv')).status).toBe(303);

  const big = await uploadFile(new Uint8Array(11 * 1024 * 1024).fill(0x41), 'enorme.csv');
  expect(big.status).toBe(413);
  // The upload page again, the reason beside the file field.
  expect(await big.text()).toMatch(/id="file-error"[^>]*>Il file supera i 10 MB/);
});

it('is the coordinator’s only', async () => {
  const desk = await h.make.desk();
  await h.make.user({ role: 'desk', serviceId: desk.service.id, email: 'desk@asl.example.it' });
  const deskSession = await pageSession(h, 'desk@asl.example.it');
  expect((await getPage(h, '/app/imports', deskSession)).status).toBe(403);
  expect((await uploadFile(csv(['Nome;E-mail', 'A;a@example.org']), 'x.csv', deskSession)).status).toBe(403);
});

it('downloads the template as a CSV for Italian Excel', async () => {
  const res = await getPage(h, '/app/imports/template.csv', session);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="modello_mediatori.csv"');
  const text = await res.text();
  expect(text.split('\r\n')[0]).toBe('Nome e cognome;E-mail;Telefono;Genere;Lingue e livelli;Zone servite;Zona di residenza;Modalità;Settori;Ore settimanali massime;Disponibilità settimanale;Attivo;Avvisi via');
});

it('cancels a check that will not be committed', async () => {
  const report = (await uploadFile(csv(['Nome;E-mail;Lingue;Zone;Modalità', 'Li;li@example.org;cinese madrelingua;TO;video']), 'prova.csv')).headers.get('location') ?? '';
  expect(await (await getPage(h, report, session)).text()).toContain('Annulla questa importazione');
  const res = await post(`${report}/delete`);
  expect([res.status, res.headers.get('location')]).toEqual([303, '/app/imports?done=deleted']);
  const list = await (await getPage(h, '/app/imports?done=deleted', session)).text();
  expect(list).toContain('Importazione eliminata.');
  expect(list).not.toContain('prova.csv');
  expect((await getPage(h, report, session)).status).toBe(404);
});
