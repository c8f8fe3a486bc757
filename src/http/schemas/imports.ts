import { z } from '@hono/zod-openapi';
import type { ImportRowsQuery as ImportRowsInput } from '../../operations/imports.js';
import { ROSTER_FIELDS } from '../../roster-import/columns.js';
import { PageQuery, type ParsesTo } from './common.js';

const Field = z.enum(ROSTER_FIELDS).openapi({ description: 'The mediator field the column sets (`weeklyHours`: maxWeeklyMinutes, in hours).' });
const Action = z.enum(['create', 'update', 'unchanged', 'reject']);

const ImportProblem = z.object({
  field: Field.nullable(),
  column: z.string().nullable().openapi({ description: 'The column as the file heads it.' }),
  code: z.string(),
  message: z.string().openapi({ description: 'In Italian (`?lang=en`: English), for the person who fills in the spreadsheet.' }),
});

const ImportRow = z
  .object({
    row: z.number().int().openapi({ description: 'The row number in the spreadsheet (the line, in a CSV file).' }),
    email: z.string().nullable(),
    name: z.string().nullable(),
    action: Action.openapi({ description: 'What the check found: a new mediator, an update of the one with this e-mail, nothing to change, or refused (see problems).' }),
    outcome: z.enum(['created', 'updated', 'unchanged', 'rejected']).nullable().openapi({ description: 'What committing did; null until the row is applied.' }),
    changes: z.array(Field).openapi({ description: 'For an update: the fields that change.' }),
    problems: z.array(ImportProblem).openapi({ description: 'Why the row is refused.' }),
    warnings: z.array(ImportProblem).openapi({ description: 'Imported all the same, but worth knowing (no availability, SMS without a phone).' }),
    mediatorId: z.string().nullable(),
    released: z.number().int().openapi({ description: 'Future bookings the update released (see PATCH /v1/mediators/{id}).' }),
  })
  .openapi('ImportRow');

export const Import = z
  .object({
    id: z.string(),
    status: z.enum(['checked', 'running', 'done']).openapi({ description: 'checked: a dry run, nothing changed (commit it with POST /v1/imports/{id}/commit); running: being applied; done.' }),
    fileName: z.string().nullable(),
    format: z.enum(['csv', 'xlsx']),
    columns: z.array(z.object({ field: Field, header: z.string() })),
    createdAt: z.string(),
    committedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).openapi({ description: 'Rows settled (applied or refused) out of the data rows.' }),
    found: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), reject: z.number().int() }),
    applied: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
    rows: z.object({ items: z.array(ImportRow), nextCursor: z.string().nullable() }).openapi({ description: 'A page of the rows in file order (`?limit`, `?cursor`, `?action=reject`).' }),
  })
  .openapi('Import');

export const ImportSummary = z
  .object({ id: z.string(), status: z.enum(['checked', 'running', 'done']), fileName: z.string().nullable(), totalRows: z.number().int(), createdAt: z.string(), finishedAt: z.string().nullable() })
  .openapi('ImportSummary');

const Lang = z.enum(['it', 'en']).default('it').openapi({ description: 'The language of the messages.' });

export const ImportRowsQuery = PageQuery.extend({ action: Action.optional() });
true satisfies ParsesTo<typeof ImportRowsQuery, ImportRowsInput>;

export const ImportQuery = ImportRowsQuery.extend({ lang: Lang });

export const ImportUploadQuery = z.object({
  commit: z.enum(['true', 'false']).default('false').openapi({ description: 'true: check and apply in one call; false (default): a dry run.' }),
  fileName: z.string().max(200).optional().openapi({ description: 'For a raw body: the name to show in the list (multipart uploads carry their own).' }),
  lang: Lang,
});
