import { DomainError } from '../../domain/errors.js';
import { listAreas } from '../../operations/areas.js';
import { mediatorOffers } from '../../operations/mediator-agenda.js';
import { acceptOffer, declineOffer } from '../../operations/offers.js';
import { type WebContext, webCtx } from '../env.js';
import { formatRange, formatWhen, iso, languageName, localeOf } from '../format.js';
import { render } from '../render.js';
import type { Texts } from '../texts/it.js';

type Outcome = { tone: 'success' | 'info' | 'danger'; text: string; agendaLink?: boolean };

/** The open offers as cards, each with its big Accetto / Rifiuto; `outcome` is the answer to the last press. */
export async function offersPage(c: WebContext, outcome?: Outcome, status: 200 | 404 | 409 = 200) {
  const { t } = c.get('page');
  const o = t.mediatorPages.offers;
  const locale = localeOf(t);
  const [offers, areas] = await Promise.all([mediatorOffers(webCtx(c)), listAreas(webCtx(c))]);
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  const shown = outcome ?? fromQuery(c, t);
  return render(
    c,
    o.title,
    <>
      <h1>{o.title}</h1>
      {shown ? (
        <div id="offer-outcome" class={`alert alert-${shown.tone} offer-outcome`} role={shown.tone === 'danger' ? 'alert' : 'status'} tabindex={-1}>
          <p class="mb-0 fw-semibold">{shown.text}</p>
          {shown.agendaLink ? (
            <a class="btn btn-success mt-2" href="/app">
              {o.seeAgenda}
            </a>
          ) : null}
        </div>
      ) : null}
      <p>{o.intro}</p>
      {offers.length === 0 ? <p>{o.empty}</p> : null}
      {offers.map(({ offer, appointment: a, desk }) => {
        const language = languageName(a.language, locale);
        const what = `${language}, ${formatWhen(a.startsAt, locale)}`;
        return (
          <article class="card offer-card mb-3" aria-labelledby={`offer-${offer.id}`}>
            <div class="card-body">
              <h2 id={`offer-${offer.id}`} class="h4 card-title">
                {language}
              </h2>
              <dl class="appointment-facts">
                <dt>{o.when}</dt>
                <dd>{formatRange(iso(a.startsAt), iso(a.endsAt), locale)}</dd>
                <dt>{o.duration}</dt>
                <dd>{t.common.minutes(a.durationMinutes)}</dd>
                <dt>{o.modality}</dt>
                <dd>{t.modality[a.modality as keyof Texts['modality']]}</dd>
                <dt>{o.area}</dt>
                <dd>{areaName.get(a.areaCode) ?? a.areaCode}</dd>
                {desk ? (
                  <>
                    <dt>{o.desk}</dt>
                    <dd>{desk.name}</dd>
                  </>
                ) : null}
              </dl>
              <p class="fw-semibold offer-expiry">{o.expires(formatWhen(offer.expiresAt, locale))}</p>
              <div class="offer-actions">
                <form method="post" action={`/app/offers/${offer.id}/accept`}>
                  <button type="submit" class="btn btn-success btn-lg w-100" aria-label={o.acceptLabel(what)}>
                    {o.accept}
                  </button>
                </form>
                <form method="post" action={`/app/offers/${offer.id}/decline`}>
                  <button type="submit" class="btn btn-outline-danger btn-lg w-100" aria-label={o.declineLabel(what)}>
                    {o.decline}
                  </button>
                </form>
              </div>
            </div>
          </article>
        );
      })}
    </>,
    status,
  );
}

function fromQuery(c: WebContext, t: Texts): Outcome | undefined {
  const o = t.mediatorPages.offers;
  const q = c.req.query('answer');
  if (q === 'accepted') return { tone: 'success', text: o.yours, agendaLink: true };
  if (q === 'declined') return { tone: 'info', text: o.declined };
  return undefined;
}

/** Why an answer could not be taken, in words: a colleague was faster, it expired, it closed. */
function refusal(error: unknown, t: Texts): Outcome | undefined {
  const o = t.mediatorPages.offers;
  if (!(error instanceof DomainError && error.status === 409)) return undefined;
  const text: Record<string, string> = {
    offer_taken: o.taken,
    offer_expired: o.expired,
    offer_closed: o.closed,
    mediator_unavailable: o.unavailable,
    offer_already_accepted: o.alreadyYours,
  };
  return { tone: error.code === 'offer_already_accepted' ? 'success' : 'danger', text: text[error.code] ?? o.closed, agendaLink: error.code === 'offer_already_accepted' };
}

export async function answerOffer(c: WebContext, action: 'accept' | 'decline') {
  const { t } = c.get('page');
  const id = c.req.param('id') ?? '';
  try {
    if (action === 'accept') await acceptOffer(webCtx(c), id);
    else await declineOffer(webCtx(c), id);
  } catch (error) {
    const outcome = refusal(error, t);
    if (outcome) return offersPage(c, outcome, 409);
    throw error;
  }
  return c.redirect(`/app/offers?answer=${action === 'accept' ? 'accepted' : 'declined'}`, 303);
}
