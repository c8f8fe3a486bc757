/**
 * The reports as files an Italian office opens by double-click: the columns of each report with
 * their Italian and English headers and how their figures read, the rows flattened to one value a
 * cell, and a file name that states the period. English headers are the JSON field names, so a
 * script can read either; the dialect (`;`, decimal comma, dd/mm/yyyy) is the same in both.
 */
import type { Context } from 'hono';
import { OUTCOMES, type Outcome } from '../domain/attendance.js';
import type { CoverageDimension, CoverageRow } from '../domain/coverage.js';
import { type CellFormat, type CsvColumn, toCsv } from '../domain/csv.js';
import type { ReportPeriod } from '../domain/period.js';
import type { NamedSessionLine, TimesheetReport } from '../operations/reports.js';

export type CsvLang = 'it' | 'en';

interface Column {
  key: string;
  it: string;
  en?: string;
  format?: CellFormat;
}

const header = (lang: CsvLang) => (c: Column): CsvColumn => ({ key: c.key, header: lang === 'en' ? (c.en ?? c.key) : c.it, ...(c.format ? { format: c.format } : {}) });

const DIMENSIONS: Record<CoverageDimension, string> = {
  language: 'Lingua',
  area: 'Area',
  week: 'Settimana',
  weekday: 'Giorno della settimana (1 = lunedì)',
  timeBand: 'Fascia oraria',
  sector: 'Settore',
  service: 'Servizio',
};

/** The unfilled reasons a coverage file has a column for; any other code is counted under `other`. */
const UNFILLED_REASONS: ReadonlyArray<[code: string, it: string]> = [
  ['no_speaker', 'Scoperte: nessun mediatore parla la lingua'],
  ['no_candidate', 'Scoperte: nessun mediatore adatto'],
  ['all_taken', 'Scoperte: tutti già impegnati'],
  ['mediator_unavailable', 'Scoperte: mediatore non più disponibile'],
  ['expired_unassigned', 'Scoperte: iniziate senza mediatore'],
  ['unspecified', 'Scoperte: motivo non registrato'],
  ['other', 'Scoperte: altro motivo'],
];

const OUTCOME_WORDS: Record<Outcome, string> = {
  completed: 'svolto',
  beneficiary_no_show: 'utente assente',
  mediator_no_show: 'mediatore assente',
  cancelled_late: 'annullato tardi',
};

const OPEN_STATE_WORDS: Record<'disputed' | 'awaiting_close_out', { it: string; en: string }> = {
  disputed: { it: 'contestato (fogli diversi)', en: 'disputed' },
  awaiting_close_out: { it: 'da chiudere (foglio mancante)', en: 'awaiting_close_out' },
};

function coverageColumns(groupBy: readonly CoverageDimension[]): Column[] {
  return [
    ...groupBy.map((d) => ({ key: `key.${d}`, it: DIMENSIONS[d], en: d })),
    { key: 'requested', it: 'Richieste', format: 'integer' },
    { key: 'filled', it: 'Coperte', format: 'integer' },
    { key: 'unfilled', it: 'Scoperte', format: 'integer' },
    { key: 'pending', it: 'In attesa', format: 'integer' },
    { key: 'cancelled', it: 'Annullate', format: 'integer' },
    { key: 'fillRate', it: 'Copertura %', en: 'fillRatePercent', format: 'percent' },
    { key: 'medianMinutesToFill', it: 'Minuti per coprire (mediana)', format: 'integer' },
    { key: 'p90MinutesToFill', it: 'Minuti per coprire (90° percentile)', format: 'integer' },
    { key: 'fallback.neighbouring_area', it: 'Coperte da area vicina', en: 'fallbackNeighbouringArea', format: 'integer' },
    { key: 'fallback.video', it: 'Coperte in video', en: 'fallbackVideo', format: 'integer' },
    { key: 'fallback.phone', it: 'Coperte per telefono', en: 'fallbackPhone', format: 'integer' },
    { key: 'retroactive', it: 'Registrate dopo', en: 'retroactive', format: 'integer' },
    { key: 'demandMinutes', it: 'Minuti richiesti', format: 'integer' },
    { key: 'bookedMinutes', it: 'Minuti coperti', format: 'integer' },
    { key: 'unmetMinutes', it: 'Minuti scoperti', format: 'integer' },
    { key: 'supplyMinutes', it: 'Minuti di disponibilità', format: 'integer' },
    { key: 'utilisation', it: 'Utilizzo %', en: 'utilisationPercent', format: 'percent' },
    { key: 'mediators', it: 'Mediatori disponibili', format: 'integer' },
    ...UNFILLED_REASONS.map(([code, it]) => ({ key: `reason.${code}`, it, en: `unfilled_${code}`, format: 'integer' as const })),
  ];
}

function coverageRecord(r: CoverageRow): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(r.key)) flat[`key.${k}`] = v;
  for (const [k, v] of Object.entries(r.fallbackSteps)) flat[`fallback.${k}`] = v;
  for (const [code] of UNFILLED_REASONS) flat[`reason.${code}`] = 0;
  for (const [code, n] of Object.entries(r.unfilledReasons)) {
    const column = UNFILLED_REASONS.some(([known]) => known === code) ? code : 'other';
    flat[`reason.${column}`] = (flat[`reason.${column}`] as number) + n;
  }
  return flat;
}

/** The coverage report's rows as CSV. */
export function coverageCsv(rows: readonly CoverageRow[], groupBy: readonly CoverageDimension[], lang: CsvLang, zone: string): string {
  return toCsv(coverageColumns(groupBy).map(header(lang)), rows.map(coverageRecord), { zone });
}

function timesheetColumns(by: 'mediator' | 'service'): Column[] {
  const mediator = by === 'mediator';
  return [
    { key: mediator ? 'mediatorId' : 'serviceId', it: mediator ? 'ID mediatore' : 'ID servizio' },
    { key: 'name', it: mediator ? 'Mediatore' : 'Servizio', en: mediator ? 'mediatorName' : 'serviceName' },
    { key: 'sessions', it: 'Sessioni chiuse', format: 'integer' },
    { key: 'actualMinutes', it: 'Minuti effettivi', format: 'integer' },
    { key: 'billableMinutes', it: 'Minuti fatturabili', format: 'integer' },
    { key: 'billableHours', it: 'Ore fatturabili', format: 'decimal' },
    ...OUTCOMES.flatMap((o): Column[] => [
      { key: `minutes.${o}`, it: `Minuti effettivi: ${OUTCOME_WORDS[o]}`, en: `minutes_${o}`, format: 'integer' },
      { key: `billable.${o}`, it: `Minuti fatturabili: ${OUTCOME_WORDS[o]}`, en: `billable_${o}`, format: 'integer' },
    ]),
    { key: 'disputed', it: 'Sessioni contestate', format: 'integer' },
    { key: 'awaitingCloseOut', it: 'Sessioni da chiudere', format: 'integer' },
    { key: 'openScheduledMinutes', it: 'Minuti programmati ancora aperti', format: 'integer' },
  ];
}

function timesheetRecord(r: TimesheetReport['rows'][number]): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...r, billableHours: r.billableMinutes / 60 };
  for (const o of OUTCOMES) {
    flat[`minutes.${o}`] = r.minutesByOutcome[o];
    flat[`billable.${o}`] = r.billableMinutesByOutcome[o];
  }
  return flat;
}

/** The timesheet totals (one row per mediator or service) as CSV. */
export function timesheetCsv(report: TimesheetReport, lang: CsvLang, zone: string): string {
  return toCsv(timesheetColumns(report.by).map(header(lang)), report.rows.map(timesheetRecord), { zone });
}

const SESSION_COLUMNS: Column[] = [
  { key: 'start', it: 'Data e ora', format: 'datetime' },
  { key: 'serviceName', it: 'Servizio' },
  { key: 'languageName', it: 'Lingua', en: 'languageName' },
  { key: 'mediatorName', it: 'Mediatore' },
  { key: 'outcomeText', it: 'Esito', en: 'outcome' },
  { key: 'billableMinutes', it: 'Minuti fatturati', format: 'integer' },
  { key: 'actualMinutes', it: 'Minuti effettivi', format: 'integer' },
  { key: 'scheduledMinutes', it: 'Minuti programmati', format: 'integer' },
  { key: 'retroactiveText', it: 'Registrata dopo', en: 'retroactive' },
  { key: 'language', it: 'Codice lingua', en: 'language' },
  { key: 'serviceId', it: 'ID servizio' },
  { key: 'mediatorId', it: 'ID mediatore' },
  { key: 'appointmentId', it: 'ID appuntamento' },
];

function sessionRecord(lang: CsvLang) {
  return (l: NamedSessionLine): Record<string, unknown> => ({
    ...l,
    languageName: l.languageNames[lang],
    retroactiveText: l.retroactive ? (lang === 'en' ? 'yes' : 'sì') : '',
    outcomeText: l.state === 'settled' ? (lang === 'en' ? l.outcome : l.outcome && OUTCOME_WORDS[l.outcome]) : OPEN_STATE_WORDS[l.state][lang],
  });
}

/** One line per session (date, service, language, outcome, billed minutes…) as CSV. */
export function sessionsCsv(lines: readonly NamedSessionLine[], lang: CsvLang, zone: string): string {
  return toCsv(SESSION_COLUMNS.map(header(lang)), lines.map(sessionRecord(lang)), { zone });
}

const FILE_NAMES = {
  coverage: { it: 'copertura', en: 'coverage' },
  'timesheets-mediator': { it: 'ore-mediatori', en: 'timesheets-mediators' },
  'timesheets-service': { it: 'ore-servizi', en: 'timesheets-services' },
  sessions: { it: 'ore-sessioni', en: 'timesheet-sessions' },
} as const;

/** `ore-servizi_2026-12-01_2026-12-31.csv`: the report and the days it covers, both included. */
export function csvFileName(report: keyof typeof FILE_NAMES, period: ReportPeriod, lang: CsvLang): string {
  return `${FILE_NAMES[report][lang]}_${period.firstDay}_${period.lastDay}.csv`;
}

/** A CSV download: UTF-8 text, saved under its file name. */
export function csvResponse(c: Context, fileName: string, body: string): Response {
  return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
}
