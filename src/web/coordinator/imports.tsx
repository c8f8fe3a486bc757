import { DomainError } from '../../domain/errors.js';
import { commitImport, deleteImport, getImport, type ImportProblemView, type ImportRowView, type ImportView, importRoster, listImports, refusedRowsFile } from '../../operations/imports.js';
import { reasonText } from '../../roster-import/reasons.js';
import { rosterTemplateCsv } from '../../roster-import/roster-file.js';
import { MAX_FILE_BYTES } from '../../roster-import/spreadsheet.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { emptyForm, ErrorSummary, type FormState } from '../forms.js';
import { formatStamp, localeOf } from '../format.js';
import { DataTable, Facts, Notice } from '../layout.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

/** Where the upload form posts (the web router gives it the file size limit instead of the form one). */
export const IMPORT_UPLOAD_PAGE = '/app/imports';

const ROWS_PER_PAGE = 100;
/** How often a running import's progress is asked again, with JavaScript (without: the "Aggiorna" link). */
const POLL = 'every 3s';

const stamp = (iso: string | null) => (iso ? formatStamp(Date.parse(iso)) : null);

/** The upload form, with a file problem beside the field. */
function UploadForm(props: { t: Texts; form: FormState }) {
  const p = props.t.importPages;
  const error = props.form.errors.file;
  return (
    <form method="post" action={IMPORT_UPLOAD_PAGE} enctype="multipart/form-data" novalidate>
      <div class="mb-3">
        <label for="file" class="form-label">
          {p.file}
        </label>
        <input
          type="file"
          id="file"
          name="file"
          class={`form-control${error ? ' is-invalid' : ''}`}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
          aria-invalid={error ? 'true' : undefined}
        />
        <div id="file-hint" class="form-text">
          {p.fileHint}
        </div>
        {error ? (
          <div id="file-error" class="invalid-feedback d-block">
            {error}
          </div>
        ) : null}
      </div>
      <button type="submit" class="btn btn-primary">
        {p.check}
      </button>
    </form>
  );
}

/** A file over the limit: the upload page with the reason beside the file field (the web router's body limit calls it). */
export function fileTooLargePage(c: WebContext) {
  const { t } = c.get('page');
  return uploadPage(c, { values: {}, errors: { file: reasonText('file_too_large', { limitMb: MAX_FILE_BYTES / 1024 / 1024 }, localeOf(t)) } }, 413);
}

async function uploadPage(c: WebContext, form: FormState, status: 200 | 413 | 422 = 200) {
  const { t } = c.get('page');
  const p = t.importPages;
  const imports = await listImports(webCtx(c), { limit: 20 });
  return render(
    c,
    p.title,
    <>
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      <p>
        <a href="/app/imports/template.csv" download="modello_mediatori.csv">
          {p.template}
        </a>
        <span class="d-block form-text">{p.templateHint}</span>
      </p>
      {c.req.query('done') === 'deleted' ? <Notice tone="success">{p.deleted}</Notice> : null}
      <ErrorSummary form={form} t={t} labels={{ file: p.file }} />
      <UploadForm t={t} form={form} />
      <h2 class="h4 mt-5">{p.recent}</h2>
      {imports.items.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <DataTable headers={[p.columns.file, p.columns.when, p.columns.state, p.columns.rows]} class="table-sm align-middle" caption={p.recent}>
          {imports.items.map((i) => (
            <tr>
              <td>
                <a href={`/app/imports/${i.id}`}>{i.fileName ?? p.unnamed}</a>
              </td>
              <td>{stamp(i.createdAt)}</td>
              <td>{p.status[i.status]}</td>
              <td>{i.totalRows}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>,
    status,
  );
}

function Problems(props: { items: ImportProblemView[]; t: Texts; tone: 'danger' | 'warning' }) {
  if (props.items.length === 0) return null;
  return (
    <ul class={`list-unstyled mb-0 small${props.tone === 'danger' ? ' text-danger' : ''}`}>
      {props.items.map((p) => (
        <li>
          {props.tone === 'warning' ? <strong>{props.t.importPages.warning}: </strong> : null}
          {p.column ? <strong>{p.column}: </strong> : null}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function RowLine(props: { r: ImportRowView; t: Texts }) {
  const { r, t } = props;
  const p = t.importPages;
  const result = r.outcome ? p.outcome[r.outcome] : p.action[r.action];
  const refused = r.outcome === 'rejected' || (!r.outcome && r.action === 'reject');
  return (
    <tr>
      <td>{r.row}</td>
      <td>{r.name ?? t.common.none}</td>
      <td>{r.email ?? t.common.none}</td>
      <td>
        {refused ? <strong>{result}</strong> : result}
        {r.mediatorId && !refused ? (
          <>
            {' · '}
            <a href={`/app/mediators/${r.mediatorId}`} aria-label={`${p.openMediator}: ${r.name ?? r.email ?? r.row}`}>
              {p.openMediator}
            </a>
          </>
        ) : null}
      </td>
      <td>
        {r.changes.length > 0 && !refused ? <p class="small mb-1">{p.changes(r.changes.map((f) => p.fields[f]).join(', '))}</p> : null}
        {r.released > 0 ? <p class="small mb-1">{p.released(r.released)}</p> : null}
        <Problems items={r.problems} t={t} tone="danger" />
        <Problems items={r.warnings} t={t} tone="warning" />
      </td>
    </tr>
  );
}

function Counts(props: { entries: Array<[(n: number) => string, number]> }) {
  return (
    <ul class="list-inline">
      {props.entries.map(([label, n]) => (
        <li class="list-inline-item me-4">
          <strong class="fs-4">{n}</strong> {label(n)}
        </li>
      ))}
    </ul>
  );
}

function reportPage(c: WebContext, view: ImportView, action: string | undefined, notice: string | null) {
  const { t } = c.get('page');
  const p = t.importPages;
  const toApply = view.found.create + view.found.update + view.found.unchanged;
  const base = `/app/imports/${view.id}`;
  const filter = action === 'reject' ? '&action=reject' : '';
  const title = p.reportTitle(view.fileName ?? p.unnamed);
  return render(
    c,
    title,
    <>
      <h1>{title}</h1>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <Facts
        rows={[
          [p.facts.format, view.format.toUpperCase()],
          [p.facts.checkedAt, stamp(view.createdAt)],
          ...(view.committedAt ? [[p.facts.committedAt, stamp(view.committedAt)] as [string, string | null]] : []),
          ...(view.finishedAt ? [[p.facts.finishedAt, stamp(view.finishedAt)] as [string, string | null]] : []),
          [p.facts.state, p.status[view.status]],
        ]}
      />
      {view.status === 'running' ? (
        // htmx asks for the page again and swaps this section only; once the import is done the
        // answer reloads the whole page (HX-Refresh). Without JavaScript, the link does it.
        <section id="import-progress" aria-labelledby="progress-label" hx-get={base} hx-trigger={POLL} hx-select="#import-progress" hx-swap="outerHTML">
          <h2 id="progress-label" class="h5">
            {p.progressLabel}
          </h2>
          <progress class="w-100" max={view.progress.total} value={view.progress.done} aria-labelledby="progress-label">
            {p.progress(view.progress.done, view.progress.total)}
          </progress>
          <p role="status">{p.progress(view.progress.done, view.progress.total)}</p>
          <p class="form-text">
            {p.progressHint} <a href={base}>{p.refresh}</a>
          </p>
        </section>
      ) : null}
      {view.status === 'checked' ? (
        <>
          <h2 class="h4">{p.found}</h2>
          <Counts
            entries={[
              [p.foundCounts.create, view.found.create],
              [p.foundCounts.update, view.found.update],
              [p.foundCounts.unchanged, view.found.unchanged],
              [p.foundCounts.reject, view.found.reject],
            ]}
          />
          {toApply > 0 ? (
            <form method="post" action={`${base}/commit`}>
              <p class="form-text">{p.commitHint}</p>
              <button type="submit" class="btn btn-primary">
                {p.commit(toApply)}
              </button>
            </form>
          ) : (
            <Notice tone="warning">{p.nothingToCommit}</Notice>
          )}
        </>
      ) : (
        <>
          <h2 class="h4">{p.appliedTitle}</h2>
          <Counts
            entries={[
              [p.appliedCounts.created, view.applied.created],
              [p.appliedCounts.updated, view.applied.updated],
              [p.appliedCounts.unchanged, view.applied.unchanged],
              [p.appliedCounts.rejected, view.applied.rejected],
            ]}
          />
        </>
      )}
      {view.found.reject + view.applied.rejected > 0 ? (
        <p class="mt-3">
          <a href={`${base}/refused.csv`}>{p.refusedDownload}</a>
          <span class="d-block form-text">{p.refusedHint}</span>
        </p>
      ) : null}
      {view.status !== 'running' ? (
        <form method="post" action={`${base}/delete`} class="mt-3">
          <button type="submit" class="btn btn-sm btn-outline-danger">
            {view.status === 'checked' ? p.discard : p.deleteReport}
          </button>
          <span class="d-block form-text">{view.status === 'checked' ? p.discardHint : p.deleteReportHint}</span>
        </form>
      ) : null}
      <h2 class="h4 mt-4" id="rows">
        {p.rowsTitle}
      </h2>
      <p>
        {action === 'reject' ? <a href={`${base}#rows`}>{p.allRows}</a> : <a href={`${base}?action=reject#rows`}>{p.rejectedOnly}</a>}
      </p>
      <DataTable headers={[p.row.number, p.row.name, p.row.email, p.row.result, p.row.details]} class="table-sm align-top import-rows" caption={p.rowsTitle}>
        {view.rows.items.map((r) => (
          <RowLine r={r} t={t} />
        ))}
      </DataTable>
      <p class="d-flex gap-3">
        {c.req.query('cursor') ? <a href={`${base}?${filter.slice(1)}#rows`}>{p.firstRows}</a> : null}
        {view.rows.nextCursor ? <a href={`${base}?cursor=${encodeURIComponent(view.rows.nextCursor)}${filter}#rows`}>{p.nextRows}</a> : null}
      </p>
    </>,
  );
}

/** The roster import: the upload with its check (dry run), the report row by row, the commit, a progress bar while it runs. */
export function importRoutes() {
  const r = webRouter();

  r.get('/app/imports', (c) => uploadPage(c, emptyForm()));

  r.get('/app/imports/template.csv', (c) => {
    c.header('Content-Disposition', 'attachment; filename="modello_mediatori.csv"');
    return c.body(rosterTemplateCsv(), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  r.post('/app/imports', async (c) => {
    const { t } = c.get('page');
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return uploadPage(c, { values: {}, errors: { file: t.importPages.fileMissing } }, 422);
    try {
      const id = await importRoster(webCtx(c), { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || null }, false);
      return c.redirect(`/app/imports/${id}`, 303);
    } catch (error) {
      const reason = error instanceof DomainError ? error.extra.reason : undefined;
      if (!(error instanceof DomainError) || typeof reason !== 'string') throw error;
      return uploadPage(c, { values: {}, errors: { file: reasonText(reason, paramsOf(error), localeOf(t)) } }, 422);
    }
  });

  r.get('/app/imports/:id/refused.csv', async (c) => {
    const { fileName, csv } = await refusedRowsFile(webCtx(c), c.req.param('id'), localeOf(c.get('page').t));
    c.header('Content-Disposition', `attachment; filename="${fileName}"`);
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  r.get('/app/imports/:id', async (c) => {
    const { t } = c.get('page');
    const action = c.req.query('action') === 'reject' ? 'reject' : undefined;
    const view = await getImport(webCtx(c), c.req.param('id'), { limit: ROWS_PER_PAGE, cursor: c.req.query('cursor'), action }, localeOf(t));
    // The progress section polls this page: once the import is no longer running, the whole page is shown again.
    if (c.req.header('hx-request') && view.status !== 'running') {
      c.header('HX-Refresh', 'true');
      return c.body(null, 204);
    }
    return reportPage(c, view, action, c.req.query('done') === 'committed' ? t.importPages.committed : null);
  });

  r.post('/app/imports/:id/delete', async (c) => {
    await deleteImport(webCtx(c), c.req.param('id'));
    return c.redirect('/app/imports?done=deleted', 303);
  });

  r.post('/app/imports/:id/commit', async (c) => {
    const id = c.req.param('id');
    await commitImport(webCtx(c), id);
    return c.redirect(`/app/imports/${id}?done=committed`, 303);
  });

  return r;
}

/** The words' parameters a file refusal carries (limits, column names). */
function paramsOf(error: DomainError): Record<string, string | number> {
  const params = error.extra.params;
  return params && typeof params === 'object' ? (params as Record<string, string | number>) : {};
}
