/**
 * Roster imports: a coordinator's spreadsheet of mediators, checked row by row (the dry run),
 * then committed. Each row is applied in one batch of its own — the mediator created or updated,
 * the bookings an update breaks released, the row's outcome written — so an import stopped
 * half-way (a crash, a deploy) resumes where it was, and no row is applied twice.
 */
import type { Statement } from '../../db/database.js';
import { auditStatement } from '../../db/repositories/audit.js';
import type { ImportRecord, ImportRowRecord, RowOutcome } from '../../db/repositories/imports.js';
import { parseJson } from '../../db/repositories/json.js';
import type { MediatorRecord } from '../../db/repositories/mediators.js';
import type { Ctx } from '../deps.js';
import { ConflictError, DomainError, NotFoundError } from '../domain/errors.js';
import { DAY } from '../domain/intervals.js';
import { formatInstant, formatNullable } from '../domain/time.js';
import { headerOf, type RosterField } from '../roster-import/columns.js';
import { type ReasonLocale, reasonText } from '../roster-import/reasons.js';
import { readRosterFile, refusedRowsCsv } from '../roster-import/roster-file.js';
import { judgeRow, type RosterState, type RowCells, type RowProblem, type RowVerdict } from '../roster-import/row.js';
import { type SheetFormat, SpreadsheetError } from '../roster-import/spreadsheet.js';
import { requireRole } from './access.js';
import { afterInstant, afterNumber, type Page, type PageInput } from './pagination.js';
import { changeMediator } from './release.js';

/** A committed import this small is applied while the coordinator waits; a larger one by the jobs. */
export const INLINE_ROWS = 50;
/** How long an applier holds an import before another may take it over (a crashed one's lease lapses). */
const LEASE_MS = 60_000;
/** Rows read and applied together: one read of the roster for each such chunk. */
const CHUNK_ROWS = 100;
/** An import's report (names, addresses, phone numbers) is kept this long, then deleted. */
export const IMPORT_RETENTION_DAYS = 30;

export interface ImportUpload {
  bytes: Uint8Array;
  fileName: string | null;
}

export interface ImportProblemView {
  field: RosterField | null;
  /** The column's header as the file wrote it (or the template's, for a column the file lacks). */
  column: string | null;
  code: string;
  message: string;
}

export interface ImportRowView {
  row: number;
  email: string | null;
  name: string | null;
  action: RowVerdict['action'];
  outcome: RowOutcome['outcome'] | null;
  changes: RosterField[];
  problems: ImportProblemView[];
  warnings: ImportProblemView[];
  mediatorId: string | null;
  released: number;
}

export interface ImportView {
  id: string;
  status: 'checked' | 'running' | 'done';
  fileName: string | null;
  format: SheetFormat;
  columns: Array<{ field: RosterField; header: string }>;
  createdAt: string;
  committedAt: string | null;
  finishedAt: string | null;
  /** Rows settled (applied or refused) of all data rows: what a progress bar shows. */
  progress: { done: number; total: number };
  /** What the check found. */
  found: { create: number; update: number; unchanged: number; reject: number };
  /** What committing did so far. */
  applied: { created: number; updated: number; unchanged: number; rejected: number };
  rows: Page<ImportRowView>;
}

export interface ImportRowsQuery extends PageInput {
  /** Only the rows the check found so: `reject` lists what to correct. */
  action?: RowVerdict['action'];
}

const DEFAULT_ROWS: ImportRowsQuery = { limit: 100 };

/** A file that cannot be read: 422 naming the file, with the reason in Italian for the person who sent it. */
function fileRefused(error: SpreadsheetError): DomainError {
  return new DomainError(422, `import_${error.code}`, reasonText(error.code, error.params, 'en'), [{ path: 'file', message: reasonText(error.code, error.params, 'it') }], {
    reason: error.code,
    params: error.params,
  });
}

/** The roster as the given rows will be judged against: areas, languages spoken, the mediators with their e-mails. */
async function rosterState(ctx: Ctx, emails: string[]): Promise<RosterState> {
  const [areas, rosterLanguages, matches] = await Promise.all([ctx.repos.areas.list(), ctx.repos.mediators.languageCodes(), ctx.repos.mediators.byEmails(emails)]);
  const byEmail = new Map<string, MediatorRecord[]>();
  for (const m of matches) byEmail.set(m.email.toLowerCase(), [...(byEmail.get(m.email.toLowerCase()) ?? []), m]);
  return { areas, rosterLanguages, byEmail: (email) => byEmail.get(email) ?? [] };
}

const emailsOf = (rows: Array<{ cells: RowCells }>) => [...new Set(rows.map((r) => r.cells.values.email?.toLowerCase() ?? '').filter((e) => e !== ''))];

/**
 * Reads and checks a roster file; nothing in the roster changes. `commit`: the same call then
 * commits (see commitImport). The check is stored, so that its report can be read page by page
 * (getImport) and committed without sending the file again. Resolves to the import's id.
 */
export async function importRoster(ctx: Ctx, upload: ImportUpload, commit: boolean): Promise<string> {
  requireRole(ctx.actor, 'coordinator');
  let file: ReturnType<typeof readRosterFile>;
  try {
    file = readRosterFile(upload.bytes);
  } catch (error) {
    if (error instanceof SpreadsheetError) throw fileRefused(error);
    throw error;
  }
  const state = await rosterState(ctx, emailsOf(file.rows));
  const id = ctx.ids.next('imp');
  const now = ctx.clock.now();
  const rows = file.rows.map((r): ImportRowRecord => {
    const verdict = judgeRow(r.cells, state);
    if (r.duplicateOf !== null && verdict.action !== 'reject') {
      verdict.problems.push({ field: 'email', code: 'duplicate_in_file', params: { row: r.duplicateOf } });
      verdict.action = 'reject';
    }
    return {
      importId: id,
      rowNumber: r.row,
      email: verdict.email,
      name: verdict.name,
      cells: JSON.stringify(r.cells),
      action: verdict.action,
      problems: JSON.stringify(verdict.problems),
      warnings: JSON.stringify(verdict.warnings),
      changes: JSON.stringify(verdict.changes),
      outcome: null,
      mediatorId: verdict.mediatorId,
      released: 0,
    };
  });
  const record: ImportRecord = {
    id,
    status: 'checked',
    fileName: upload.fileName?.slice(0, 200) ?? null,
    format: file.format,
    columns: JSON.stringify(file.columns.map(({ field, header }) => ({ field, header }))),
    totalRows: rows.length,
    createdBy: ctx.actor.userId,
    createdAt: now,
    committedAt: null,
    finishedAt: null,
    leaseOwner: null,
    leaseUntil: null,
  };
  await ctx.db.batch(ctx.repos.imports.insertStatements(record, rows));
  if (commit) await commitImport(ctx, id);
  return id;
}

/**
 * Commits a checked import: the rows the check refused stay refused; the others are judged again
 * against the roster as it is now and applied — here when few, otherwise by the jobs (the answer
 * then shows it running, and `GET /v1/imports/{id}` its progress).
 */
export async function commitImport(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx.actor, 'coordinator');
  const record = await ctx.repos.imports.get(id);
  if (!record) throw new NotFoundError('import', id);
  if (record.status !== 'checked') throw new ConflictError('import_committed', 'This import was already committed; check the file again to import it once more.');
  const [committed] = await ctx.db.batch(ctx.repos.imports.commitStatements(id, ctx.clock.now()));
  if (!committed) throw new ConflictError('import_committed', 'This import was already committed; check the file again to import it once more.');
  const pending = (await ctx.repos.imports.tally(id)).filter((t) => t.outcome === null).reduce((n, t) => n + t.count, 0);
  if (pending <= INLINE_ROWS) await applyImport(ctx, record, { rows: INLINE_ROWS });
}

/** An import with a page of its rows (file order), and its progress. */
export async function getImport(ctx: Ctx, id: string, query: ImportRowsQuery = DEFAULT_ROWS, locale: ReasonLocale = 'it'): Promise<ImportView> {
  requireRole(ctx.actor, 'coordinator');
  const record = await ctx.repos.imports.get(id);
  if (!record) throw new NotFoundError('import', id);
  const afterRow = afterNumber(query.cursor);
  const [tally, page] = await Promise.all([ctx.repos.imports.tally(id), ctx.repos.imports.rows(id, query.limit, { afterRow, action: query.action })]);
  const count = (match: (t: (typeof tally)[number]) => boolean) => tally.filter(match).reduce((n, t) => n + t.count, 0);
  const columns = parseJson<Array<{ field: RosterField; header: string }>>(record.columns);
  return {
    id: record.id,
    status: record.status as ImportView['status'],
    fileName: record.fileName,
    format: record.format as SheetFormat,
    columns,
    createdAt: formatInstant(record.createdAt, ctx.config.zone),
    committedAt: formatNullable(record.committedAt, ctx.config.zone),
    finishedAt: formatNullable(record.finishedAt, ctx.config.zone),
    progress: { done: count((t) => t.outcome !== null), total: record.totalRows },
    found: {
      create: count((t) => t.action === 'create'),
      update: count((t) => t.action === 'update'),
      unchanged: count((t) => t.action === 'unchanged'),
      reject: count((t) => t.action === 'reject'),
    },
    applied: {
      created: count((t) => t.outcome === 'created'),
      updated: count((t) => t.outcome === 'updated'),
      unchanged: count((t) => t.outcome === 'unchanged'),
      rejected: count((t) => t.outcome === 'rejected'),
    },
    rows: { items: page.items.map((r) => rowView(r, columns, locale)), nextCursor: page.nextCursor },
  };
}

/**
 * The rows refused, as a CSV to correct and upload again (the file's columns, then the original row
 * number and the reasons in `locale`); with the name to save it under.
 */
export async function refusedRowsFile(ctx: Ctx, id: string, locale: ReasonLocale = 'it'): Promise<{ fileName: string; csv: string }> {
  requireRole(ctx.actor, 'coordinator');
  const record = await ctx.repos.imports.get(id);
  if (!record) throw new NotFoundError('import', id);
  const columns = parseJson<Array<{ field: RosterField; header: string }>>(record.columns);
  const rows = (await ctx.repos.imports.refusedRows(id)).map((r) => ({
    row: r.rowNumber,
    cells: parseJson<RowCells>(r.cells),
    reasons: rowView(r, columns, locale)
      .problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message))
      .join(' '),
  }));
  const base = (record.fileName ?? 'mediatori').replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_');
  return { fileName: `${base}_righe_scartate.csv`, csv: refusedRowsCsv(columns, rows) };
}

/**
 * Deletes an import and its report: a check not to be committed, or a finished import's report
 * before its 30 days. One being applied cannot be deleted (409 `import_running`).
 */
export async function deleteImport(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx.actor, 'coordinator');
  const record = await ctx.repos.imports.get(id);
  if (!record) throw new NotFoundError('import', id);
  if (!(await ctx.repos.imports.remove(id))) throw new ConflictError('import_running', 'This import is being applied; it can be deleted once it is done.');
}

export interface ImportSummary {
  id: string;
  status: ImportView['status'];
  fileName: string | null;
  totalRows: number;
  createdAt: string;
  finishedAt: string | null;
}

/** The imports made, newest first (they are kept IMPORT_RETENTION_DAYS). */
export async function listImports(ctx: Ctx, page: PageInput): Promise<Page<ImportSummary>> {
  requireRole(ctx.actor, 'coordinator');
  const result = await ctx.repos.imports.list(page.limit, afterInstant(page.cursor));
  return {
    nextCursor: result.nextCursor,
    items: result.items.map((r) => ({
      id: r.id,
      status: r.status as ImportView['status'],
      fileName: r.fileName,
      totalRows: r.totalRows,
      createdAt: formatInstant(r.createdAt, ctx.config.zone),
      finishedAt: formatNullable(r.finishedAt, ctx.config.zone),
    })),
  };
}

function rowView(r: ImportRowRecord, columns: Array<{ field: RosterField; header: string }>, locale: ReasonLocale): ImportRowView {
  const worded = (p: RowProblem): ImportProblemView => ({
    field: p.field,
    column: p.field ? (columns.find((c) => c.field === p.field)?.header ?? headerOf(p.field)) : null,
    code: p.code,
    message: reasonText(p.code, p.params, locale),
  });
  return {
    row: r.rowNumber,
    email: r.email,
    name: r.name,
    action: r.action as RowVerdict['action'],
    outcome: r.outcome as RowOutcome['outcome'] | null,
    changes: parseJson<RosterField[]>(r.changes),
    problems: parseJson<RowProblem[]>(r.problems).map(worded),
    warnings: parseJson<RowProblem[]>(r.warnings).map(worded),
    mediatorId: r.mediatorId,
    released: r.released,
  };
}

/** Deletes the imports older than IMPORT_RETENTION_DAYS, with their rows; resolves to how many. */
export async function purgeImports(ctx: Ctx): Promise<number> {
  return ctx.repos.imports.purgeBefore(ctx.clock.now() - IMPORT_RETENTION_DAYS * DAY);
}

/**
 * The jobs' share: rows of committed imports applied, oldest import first, at most `budget.rows`
 * a round so that offers and mail are not held up. Resolves to the rows applied.
 */
export async function advanceImports(ctx: Ctx, budget: { rows: number }): Promise<number> {
  let left = budget.rows;
  for (const record of await ctx.repos.imports.running()) {
    if (left <= 0) break;
    left -= await applyImport(ctx, record, { rows: left });
  }
  return budget.rows - left;
}

/** Applies up to `budget.rows` pending rows of an import, under its lease; marks it done when none is left. */
async function applyImport(ctx: Ctx, record: ImportRecord, budget: { rows: number }): Promise<number> {
  const owner = ctx.ids.next('lease');
  let applied = 0;
  while (applied < budget.rows) {
    const now = ctx.clock.now();
    if (!(await ctx.repos.imports.lease(record.id, owner, now, now + LEASE_MS))) return applied;
    const rows = await ctx.repos.imports.pendingRows(record.id, Math.min(CHUNK_ROWS, budget.rows - applied));
    if (rows.length === 0) break;
    const state = await rosterState(ctx, emailsOf(rows.map((r) => ({ cells: parseJson<RowCells>(r.cells) }))));
    for (const row of rows) {
      try {
        await applyRow(ctx, record, row, state);
      } catch (error) {
        // A row that cannot be applied is refused, so that it does not hold up the rest (and the jobs after it) round after round.
        ctx.logger.error('import row failed', { importId: record.id, row: row.rowNumber, error: error instanceof Error ? error.name : 'unknown' });
        const problems = JSON.stringify([{ field: null, code: 'apply_failed' }]);
        await ctx.db.exec(ctx.repos.imports.outcomeStatement(record.id, row.rowNumber, { outcome: 'rejected', mediatorId: null, released: 0, problems }));
      }
    }
    applied += rows.length;
  }
  await ctx.repos.imports.finishIfApplied(record.id, ctx.clock.now());
  await ctx.repos.imports.release(record.id, owner);
  return applied;
}

/** One row judged again against the roster as it is now, and applied in one batch with its outcome. */
async function applyRow(ctx: Ctx, record: ImportRecord, row: ImportRowRecord, state: RosterState): Promise<void> {
  const verdict = judgeRow(parseJson<RowCells>(row.cells), state);
  const now = ctx.clock.now();
  const judged = { problems: JSON.stringify(verdict.problems), warnings: JSON.stringify(verdict.warnings), changes: JSON.stringify(verdict.changes) };
  const settle = (outcome: RowOutcome): Statement => ctx.repos.imports.outcomeStatement(record.id, row.rowNumber, { ...judged, ...outcome });
  const entry = verdict.entry;
  if (verdict.action === 'reject' || !entry) {
    await ctx.db.exec(settle({ outcome: 'rejected', mediatorId: verdict.mediatorId, released: 0 }));
    return;
  }
  if (verdict.action === 'unchanged') {
    await ctx.db.exec(settle({ outcome: 'unchanged', mediatorId: verdict.mediatorId, released: 0 }));
    return;
  }
  const { availability, ...write } = entry;
  const audit = (action: string, mediatorId: string) =>
    auditStatement({ id: ctx.ids.next('aud'), actorId: ctx.actor.userId, action, entity: 'mediator', entityId: mediatorId, detail: { importId: record.id, row: row.rowNumber, changes: verdict.changes }, at: now });
  if (verdict.action === 'create') {
    const id = ctx.ids.next('med');
    await ctx.db.batch([
      ...ctx.repos.mediators.createStatements(id, write, now),
      ctx.repos.mediators.setAvailabilityStatement(id, availability, now),
      audit('mediator.imported', id),
      settle({ outcome: 'created', mediatorId: id, released: 0 }),
    ]);
    return;
  }
  const id = verdict.mediatorId as string;
  const current = (await ctx.repos.mediators.get(id)) as MediatorRecord;
  const change = { kind: 'profile' as const, mediator: { ...current, ...entry } };
  const released = await changeMediator(ctx, id, change, [], true);
  await changeMediator(ctx, id, change, [
    ...ctx.repos.mediators.updateStatements(id, write, now),
    ctx.repos.mediators.setAvailabilityStatement(id, availability, now),
    audit('mediator.updated', id),
    settle({ outcome: 'updated', mediatorId: id, released: released.length }),
  ]);
}
