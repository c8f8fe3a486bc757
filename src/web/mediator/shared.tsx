import type { Next } from 'hono';
import type { Released } from '../../operations/release.js';
import { getAppointment } from '../../operations/appointments/list.js';
import { type WebContext, webCtx } from '../env.js';
import { formatRange, iso, languageName, localeOf } from '../format.js';
import { Notice } from '../layout.js';
import type { Texts } from '../texts/it.js';

/**
 * A mediator's page; any other role falls through to the next route with the same path (the desk's
 * page, or the 404), so a mediator's /app/hours and the desk's can share the address.
 */
export function mine(handler: (c: WebContext) => Response | Promise<Response>) {
  return (c: WebContext, next: Next) => (c.get('actor')?.role === 'mediator' ? handler(c) : next());
}

/** "lunedì 09:00–13:00" */
export function ruleLabel(t: Texts, rule: { weekday: number; start: string; end: string }): string {
  return `${t.mediatorPages.availability.weekdays[rule.weekday - 1] ?? rule.weekday} ${rule.start}–${rule.end}`;
}

/** The bookings a change would take away, as the mediator reads them (language and time), before anything changes. */
async function ReleaseList(props: { c: WebContext; released: Released[] }) {
  const { t } = props.c.get('page');
  const ctx = webCtx(props.c);
  const rows = await Promise.all(props.released.map((r) => getAppointment(ctx, r.appointmentId).catch(() => null)));
  return (
    <ul class="release-list">
      {props.released.map((r, i) => {
        const a = rows[i];
        return (
          <li>
            {a ? `${formatRange(iso(a.startsAt), iso(a.endsAt), localeOf(t))} — ${languageName(a.language, localeOf(t))}` : r.start}
          </li>
        );
      })}
    </ul>
  );
}

/** The warning before a change that would release bookings: the list, then confirm (the form's hidden fields carry the change) or go back. */
export async function ReleaseWarning(props: { c: WebContext; released: Released[]; action: string; fields: Record<string, string>; back: string }) {
  const { t } = props.c.get('page');
  const m = t.mediatorPages.release;
  return (
    <>
      <Notice tone="warning" title={m.title}>
        <p>{m.intro}</p>
        {await ReleaseList({ c: props.c, released: props.released })}
      </Notice>
      <form method="post" action={props.action} class="d-grid gap-2">
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirmed" value="1" />
        <button type="submit" class="btn btn-danger btn-lg">
          {m.confirm}
        </button>
        <a class="btn btn-outline-primary btn-lg" href={props.back}>
          {m.back}
        </a>
      </form>
    </>
  );
}
