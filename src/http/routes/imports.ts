import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { commitImport, deleteImport, getImport, type ImportUpload, importRoster, listImports, refusedRowsFile } from '../../operations/imports.js';
import { reasonText } from '../../roster-import/reasons.js';
import { rosterTemplateCsv } from '../../roster-import/roster-file.js';
import { MAX_FILE_BYTES } from '../../roster-import/spreadsheet.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { problemResponse } from '../problem.js';
import { csvResponse } from '../report-csv.js';
import { allow } from '../roles.js';
import { commonErrors, conflictError, IdParam, jsonResponse, listOf, PageQuery } from '../schemas/common.js';
import { Import, ImportQuery, ImportSummary, ImportUploadQuery } from '../schemas/imports.js';
import { InvalidError } from '../../domain/errors.js';

const tags = ['imports'];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS_HELP =
  'Columns (Italian headers as in the template, English ones or the API names also read): Nome e cognome, E-mail (required; a mediator is matched by e-mail), Telefono, Genere, Lingue e livelli ("arabo madrelingua, francese C1" or "ar native; fr C1"), Zone servite (codes or names), Zona di residenza, Modalità (in presenza, telefono, video), Settori, Ore settimanali massime (decimal comma), Disponibilità settimanale ("lun-ven 9:00-13:00; mer 14-18"), Attivo (sì/no), Avvisi via (e-mail, SMS, entrambi). A new mediator needs name, languages, areas and modalities; for an existing one an empty cell or a missing column leaves the field as it is.';

/** Where roster files are sent (the app gives it the upload body limit). */
export const ROSTER_UPLOAD_PATH = '/v1/imports/mediators';

const upload = createRoute({
  method: 'post',
  path: '/imports/mediators',
  tags,
  summary: 'Check (dry run) or import a roster spreadsheet of mediators (coordinator)',
  description: `The file as multipart/form-data (field \`file\`, optional field \`commit\`) or as the raw body: CSV (UTF-8 or Windows-1252, ";" or "," as Italian Excel saves it) or XLSX (first sheet), at most 10 MB and 20,000 rows. Without \`commit=true\` nothing changes: the answer reports, row by row, what would be created, updated (matched by e-mail) or refused and why, in Italian; commit it with POST /v1/imports/{id}/commit or send the file again with \`commit=true\`. A committed import of up to 50 rows is applied before the answer (200); a larger one by the background jobs (202; follow \`progress\` at GET /v1/imports/{id}). Each row is applied alone, all or nothing, and an update that breaks future bookings releases them as PATCH /v1/mediators/{id} does. A file that cannot be read answers 422 with \`reason\`: unreadable_file, legacy_excel, zip_bomb (an archive inflating past 50 MB), empty_file, too_many_rows, missing_columns, unknown_columns, duplicate_columns; over 10 MB, 413. A cell with a formula (or CSV text starting like one: = + - @) refuses its row. ${COLUMNS_HELP}`,
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: {
    query: ImportUploadQuery,
    body: {
      required: true,
      content: {
        // The file is read by the handler (uploadOf): `any` keeps the form validator from judging a raw body as a form.
        'multipart/form-data': { schema: z.object({ file: z.any().optional().openapi({ type: 'string', format: 'binary' }), commit: z.enum(['true', 'false']).optional() }) },
        'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: {
    200: jsonResponse(Import, 'The check (dry run), or the import applied.'),
    202: jsonResponse(Import, 'Committed; being applied by the jobs (see progress).'),
    ...commonErrors,
  },
});

const template = createRoute({
  method: 'get',
  path: '/imports/mediators/template.csv',
  tags,
  summary: 'The roster template: the columns in order, with two example rows (coordinator)',
  description: 'CSV as Italian Excel opens it (UTF-8 with a BOM, ";"). Fill it in, delete the examples, and send it to POST /v1/imports/mediators.',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  responses: { 200: { description: 'The template.', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
});

const list = createRoute({
  method: 'get',
  path: '/imports',
  tags,
  summary: 'The imports made, newest first (coordinator); kept 30 days',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(listOf(ImportSummary, 'ImportList'), 'A page of imports.'), ...commonErrors },
});

const get = createRoute({
  method: 'get',
  path: '/imports/{id}',
  tags,
  summary: 'An import: its progress, what the check found, what was applied, and a page of its rows (coordinator)',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, query: ImportQuery },
  responses: { 200: jsonResponse(Import, 'The import.'), ...commonErrors },
});

const refused = createRoute({
  method: 'get',
  path: '/imports/{id}/refused.csv',
  tags,
  summary: 'The refused rows as a CSV to correct and upload again (coordinator)',
  description:
    'The file\'s own columns with the cells as sent, then "Riga originale" and "Motivo dello scarto" (the reasons, in Italian; `?lang=en` for English). Both added columns are read past when the corrected file is uploaded again.',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, query: ImportUploadQuery.pick({ lang: true }) },
  responses: { 200: { description: 'The refused rows.', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
});

const remove = createRoute({
  method: 'delete',
  path: '/imports/{id}',
  tags,
  summary: 'Delete an import and its report (coordinator)',
  description: 'A check that will not be committed, or a finished import\'s report before its 30 days; what was applied stays. 409 `import_running` while it is being applied.',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted.' }, ...commonErrors, ...conflictError },
});

const commit = createRoute({
  method: 'post',
  path: '/imports/{id}/commit',
  tags,
  summary: 'Commit a checked import (coordinator)',
  description: 'Each row not refused by the check is judged again against the roster as it is now and applied. 409 `import_committed` when it was committed already.',
  security: bearerSecurity,
  middleware: [allow('coordinator')] as const,
  request: { params: IdParam, query: ImportUploadQuery.pick({ lang: true }) },
  responses: { 200: jsonResponse(Import, 'Applied.'), 202: jsonResponse(Import, 'Being applied by the jobs.'), ...commonErrors, ...conflictError },
});

/** The uploaded file: the `file` part of a form, or the raw body. */
async function uploadOf(c: Context, fileName: string | undefined): Promise<ImportUpload & { commit: boolean }> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw new InvalidError('file', 'Send the spreadsheet in the form field "file".');
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || null, commit: form.commit === 'true' };
  }
  return { bytes: new Uint8Array(await c.req.arrayBuffer()), fileName: fileName ?? null, commit: false };
}

/** Uploads have their own limit, above the API's for JSON bodies. */
export const importUploadLimit = bodyLimit({
  maxSize: MAX_FILE_BYTES,
  onError: (c) => {
    const params = { limitMb: MAX_FILE_BYTES / 1024 / 1024 };
    return problemResponse(c, { status: 413, code: 'body_too_large', detail: reasonText('file_too_large', params, 'en'), errors: [{ path: 'file', message: reasonText('file_too_large', params, 'it') }] });
  },
});

export const importRoutes = router()
  .openapi(template, (c) => {
    return csvResponse(c, 'modello_mediatori.csv', rosterTemplateCsv());
  })
  .openapi(upload, async (c) => {
    const query = c.req.valid('query');
    const file = await uploadOf(c, query.fileName);
    const ctx = ctxOf(c);
    const id = await importRoster(ctx, file, query.commit === 'true' || file.commit);
    const view = await getImport(ctx, id, { limit: 100 }, query.lang);
    c.header('Location', `/v1/imports/${id}`);
    return c.json(view, view.status === 'running' ? 202 : 200);
  })
  .openapi(list, async (c) => c.json(await listImports(ctxOf(c), c.req.valid('query')), 200))
  .openapi(get, async (c) => {
    const { lang, ...rows } = c.req.valid('query');
    return c.json(await getImport(ctxOf(c), c.req.valid('param').id, rows, lang), 200);
  })
  .openapi(refused, async (c) => {
    const { fileName, csv } = await refusedRowsFile(ctxOf(c), c.req.valid('param').id, c.req.valid('query').lang);
    return csvResponse(c, fileName, csv);
  })
  .openapi(remove, async (c) => {
    await deleteImport(ctxOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(commit, async (c) => {
    const ctx = ctxOf(c);
    const { id } = c.req.valid('param');
    await commitImport(ctx, id);
    const view = await getImport(ctx, id, { limit: 100 }, c.req.valid('query').lang);
    return c.json(view, view.status === 'running' ? 202 : 200);
  });
