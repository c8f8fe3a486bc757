import type { Texts } from '../texts/it.js';

/** On the shared appointment page, what the booked mediator can do from there: sign the sheet once started, or hand it back before. */
export function MediatorActions(props: { t: Texts; a: { id: string; status: string; startsAt: number }; now: number }) {
  const { t, a, now } = props;
  if (a.status !== 'booked') return null;
  return (
    <p class="d-flex flex-wrap gap-2">
      {a.startsAt <= now ? (
        <a class="btn btn-primary btn-lg" href={`/app/appointments/${a.id}/attendance`}>
          {t.mediatorPages.home.attendance}
        </a>
      ) : (
        <a class="btn btn-outline-danger btn-lg" href={`/app/appointments/${a.id}/hand-back`}>
          {t.mediatorPages.home.handBack}
        </a>
      )}
    </p>
  );
}
