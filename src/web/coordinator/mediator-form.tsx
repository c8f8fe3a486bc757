import type { MediatorRecord } from '../../../db/repositories/mediators.js';
import type { Released } from '../../operations/release.js';
import { emptyForm, fieldId, type FormState } from '../forms.js';
import { formatStamp } from '../format.js';
import { Notice } from '../layout.js';
import type { Texts } from '../texts/it.js';

export const LANGUAGE_ROWS = 4;
export const RULE_ROWS = 3;

export type Body = Record<string, string | File | (string | File)[]>;
export const one = (b: Body, k: string) => {
  const v = b[k];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last.trim() : '';
};
export const many = (b: Body, k: string) => {
  const v = b[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

/** A mediator form as the values it shows: repeated checkboxes joined by commas, languages as numbered rows. */
export interface MediatorForm extends FormState {
  lists: { areas: string[]; modalities: string[]; sectors: string[] };
}

export function formOfMediator(m: MediatorRecord): MediatorForm {
  const values: Record<string, string> = {
    name: m.name,
    email: m.email,
    phone: m.phone ?? '',
    gender: m.gender ?? '',
    homeArea: m.homeArea,
    maxWeeklyHours: String(m.maxWeeklyMinutes / 60),
    active: m.active ? 'on' : '',
    locale: m.locale,
  };
  m.languages.forEach((l, i) => {
    values[`languages.${i}.code`] = l.code;
    values[`languages.${i}.level`] = l.level;
  });
  return { values, errors: {}, lists: { areas: [...m.areas], modalities: [...m.modalities], sectors: [...m.sectors] } };
}

/** The body of the mediator form as the API's fields (hours typed become minutes). */
export function readMediatorForm(b: Body): { form: MediatorForm; input: Record<string, unknown> } {
  const values: Record<string, string> = {};
  for (const k of ['name', 'email', 'phone', 'gender', 'homeArea', 'maxWeeklyHours', 'active', 'locale']) values[k] = one(b, k);
  const languages: Array<{ code: string; level: string }> = [];
  for (let i = 0; i < LANGUAGE_ROWS + 10; i++) {
    const code = one(b, `languages.${i}.code`);
    const level = one(b, `languages.${i}.level`);
    values[`languages.${i}.code`] = code;
    values[`languages.${i}.level`] = level;
    if (code) languages.push({ code, level: level || 'B2' });
  }
  const lists = { areas: many(b, 'areas'), modalities: many(b, 'modalities'), sectors: many(b, 'sectors') };
  const hours = Number(values.maxWeeklyHours?.replace(',', '.'));
  const input = {
    name: values.name,
    email: values.email,
    phone: values.phone || null,
    gender: values.gender || null,
    homeArea: values.homeArea || lists.areas[0],
    languages,
    areas: lists.areas,
    modalities: lists.modalities,
    sectors: lists.sectors,
    maxWeeklyMinutes: values.maxWeeklyHours && Number.isFinite(hours) ? Math.round(hours * 60) : Number.NaN,
    active: values.active === 'on',
    locale: values.locale === 'en' ? 'en' : 'it',
  };
  return { form: { values, errors: {}, lists }, input };
}

/** Field messages keyed by the form's names (a language row's error sits on its code). */
export function mediatorErrors(issues: Array<{ path: PropertyKey[]; code: string }>, t: Texts): Record<string, string> {
  const p = t.coordinatorPages.mediators;
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [head, index] = issue.path;
    const field = head === 'languages' ? (index === undefined ? 'languages.0.code' : `languages.${String(index)}.code`) : head === 'maxWeeklyMinutes' ? 'maxWeeklyHours' : String(head);
    errors[field] ??= head === 'languages' && index === undefined ? p.languageNeeded : field === 'email' ? t.errors.email : ['areas', 'modalities'].includes(field) ? p.chooseOne : t.errors.invalid;
  }
  return errors;
}

export function labelsOf(t: Texts): Record<string, string> {
  const p = t.coordinatorPages.mediators;
  const labels: Record<string, string> = { name: p.name, email: p.email, phone: p.phone, gender: p.gender, homeArea: p.homeArea, areas: p.areas, modalities: p.modalities, sectors: p.sectors, maxWeeklyHours: p.maxWeeklyHours, locale: p.locale };
  for (let i = 0; i < LANGUAGE_ROWS + 10; i++) labels[`languages.${i}.code`] = `${p.language} ${i + 1}`;
  return labels;
}

export function Checks(props: { name: string; legend: string; options: Array<{ value: string; label: string }>; checked: string[]; error?: string | undefined }) {
  return (
    <fieldset class="mb-3" id={fieldId(props.name)} aria-describedby={props.error ? `${fieldId(props.name)}-error` : undefined}>
      <legend class="form-label fw-semibold fs-6">{props.legend}</legend>
      <div class="d-flex flex-wrap gap-3">
        {props.options.map((o, i) => (
          <div class="form-check">
            <input class="form-check-input" type="checkbox" name={props.name} id={`${fieldId(props.name)}-${i}`} value={o.value} checked={props.checked.includes(o.value)} />
            <label class="form-check-label" for={`${fieldId(props.name)}-${i}`}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
      {props.error ? (
        <p id={`${fieldId(props.name)}-error`} class="field-error mb-0">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The bookings a change would release, listed before anything is saved, with the button that confirms. */
export function ReleaseWarning(props: { released: Released[]; t: Texts; confirmLabel: string }) {
  const p = props.t.coordinatorPages.mediators;
  return (
    <Notice tone="warning" title={p.wouldRelease(props.released.length)}>
      <ul>
        {props.released.map((r) => (
          <li>
            <a href={`/app/appointments/${r.appointmentId}`}>{formatStamp(Date.parse(r.start))}</a>
          </li>
        ))}
      </ul>
      <p class="mb-2">{p.releaseExplain}</p>
      <input type="hidden" name="confirm" value="1" />
      <button type="submit" class="btn btn-warning">
        {props.confirmLabel}
      </button>
    </Notice>
  );
}

export function ruleForm(m: MediatorRecord): FormState {
  const values: Record<string, string> = {};
  m.availability.forEach((rule, i) => {
    values[`rules.${i}.weekday`] = String(rule.weekday);
    values[`rules.${i}.start`] = rule.start;
    values[`rules.${i}.end`] = rule.end === '24:00' ? '00:00' : rule.end;
  });
  return emptyForm(values);
}

export function nextDay(day: string): string | null {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
