import type { Child } from 'hono/jsx';
import type { ZodError } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { Texts } from './texts/it.js';

/** What a form shows: the values typed (kept on failure) and, per field name, the message beside it. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });

/** A form body as plain strings (the last value of a repeated name wins). */
export async function formValues(body: Promise<Record<string, string | File | (string | File)[]>>): Promise<Record<string, string>> {
  const parsed = await body;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[name] = last;
  }
  return out;
}

/** Field messages for a failed schema parse, in the reader's language; `message` picks a text per field. */
export function schemaErrors(error: ZodError, t: Texts, message: (field: string, code: string) => string | undefined = () => undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (errors[field]) continue;
    const given = message(field, issue.code);
    errors[field] =
      given ??
      (issue.code === 'too_big' && 'maximum' in issue && issue.origin === 'string'
        ? t.errors.tooLong(Number(issue.maximum))
        : issue.code === 'invalid_type' && issue.input === undefined
          ? t.errors.required
          : t.errors.invalid);
  }
  return errors;
}

/**
 * A domain refusal as field messages: the operation names the field (`path`), the code picks the
 * Italian words. Returns null for errors that are not about a field (conflicts, permissions).
 */
export function domainFieldErrors(error: unknown, t: Texts, byCode: Record<string, string> = {}): Record<string, string> | null {
  if (!(error instanceof DomainError) || error.errors.length === 0 || error.status >= 500) return null;
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const field = e.path.replace(/^(query|body)\./, '').split('.')[0] ?? e.path;
    out[field] = byCode[error.code] ?? byCode[field] ?? t.errors.invalid;
  }
  return out;
}

/** The summary at the top of a failed form: one link per field at fault. */
export function ErrorSummary(props: { form: FormState; t: Texts; labels: Record<string, string> }) {
  const entries = Object.entries(props.form.errors);
  if (entries.length === 0) return null;
  return (
    <div class="alert alert-danger" role="alert" tabindex={-1} id="error-summary">
      <h2 class="h5">{props.t.errors.summaryTitle}</h2>
      <p>{props.t.errors.summaryIntro}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${fieldId(field)}`}>
              {props.labels[field] ?? field}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const fieldId = (name: string) => `f-${name}`;

function described(name: string, form: FormState, hint?: Child): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : null, form.errors[name] ? `${fieldId(name)}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldMessages(props: { name: string; form: FormState; hint?: Child | undefined }) {
  return (
    <>
      {props.hint ? (
        <small id={`${fieldId(props.name)}-hint`} class="form-text d-block">
          {props.hint}
        </small>
      ) : null}
      {props.form.errors[props.name] ? (
        <p id={`${fieldId(props.name)}-error`} class="field-error mb-0">
          {props.form.errors[props.name]}
        </p>
      ) : null}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  form: FormState;
  hint?: Child;
  required?: boolean;
}

/** The attributes every control shares: its id and name, and whether it is invalid and what describes it. */
function controlAttributes(props: FieldProps) {
  const invalid = Boolean(props.form.errors[props.name]);
  return {
    invalid,
    attributes: {
      id: fieldId(props.name),
      name: props.name,
      'aria-invalid': invalid ? ('true' as const) : undefined,
      'aria-describedby': described(props.name, props.form, props.hint),
    },
  };
}

/** A control with its label above and its hint and error below. */
function Labelled(props: FieldProps & { children?: Child }) {
  return (
    <div class="mb-3">
      <label for={fieldId(props.name)} class="form-label fw-semibold">
        {props.label}
      </label>
      {props.children}
      <FieldMessages name={props.name} form={props.form} hint={props.hint} />
    </div>
  );
}

/** A labelled input with its hint and its error beside it. */
export function InputField(props: FieldProps & { type?: string; autocomplete?: string; min?: string; max?: string; step?: string; maxlength?: number; inputmode?: 'numeric' | 'email' | 'tel' | 'text' }) {
  const { invalid, attributes } = controlAttributes(props);
  return (
    <Labelled {...props}>
      <input
        {...attributes}
        type={props.type ?? 'text'}
        class={`form-control${invalid ? ' is-invalid' : ''}`}
        value={props.form.values[props.name] ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        step={props.step}
        maxlength={props.maxlength}
        inputmode={props.inputmode}
      />
    </Labelled>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number; maxlength?: number }) {
  const { invalid, attributes } = controlAttributes(props);
  return (
    <Labelled {...props}>
      <textarea {...attributes} rows={props.rows ?? 3} maxlength={props.maxlength} class={`form-control${invalid ? ' is-invalid' : ''}`}>
        {props.form.values[props.name] ?? ''}
      </textarea>
    </Labelled>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { options: Option[]; groups?: Array<{ label: string; options: Option[] }>; placeholder?: string }) {
  const { invalid, attributes } = controlAttributes(props);
  const selected = props.form.values[props.name] ?? '';
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === selected}>
      {o.label}
    </option>
  );
  return (
    <Labelled {...props}>
      <select {...attributes} class={`form-select${invalid ? ' is-invalid' : ''}`} required={props.required}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(option)}
        {(props.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </Labelled>
  );
}

/** Large radio choices (assignment mode, outcome): a fieldset with its legend. */
export function RadioGroup(props: FieldProps & { options: Array<Option & { hint?: string }> }) {
  const selected = props.form.values[props.name] ?? '';
  const invalid = Boolean(props.form.errors[props.name]);
  return (
    <fieldset class="mb-3" id={fieldId(props.name)} aria-describedby={described(props.name, props.form, props.hint)}>
      <legend class="form-label fw-semibold fs-6">{props.label}</legend>
      {props.options.map((o, i) => (
        <div class="form-check my-2">
          <input
            class={`form-check-input${invalid ? ' is-invalid' : ''}`}
            type="radio"
            name={props.name}
            id={`${fieldId(props.name)}-${i}`}
            value={o.value}
            checked={o.value === selected}
          />
          <label class="form-check-label" for={`${fieldId(props.name)}-${i}`}>
            <span class="fw-semibold">{o.label}</span>
            {o.hint ? <span class="d-block small">{o.hint}</span> : null}
          </label>
        </div>
      ))}
      <FieldMessages name={props.name} form={props.form} hint={props.hint} />
    </fieldset>
  );
}
