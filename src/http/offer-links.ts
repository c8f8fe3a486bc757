import { type Context, Hono } from 'hono';
import { escapeHtml, formatRange } from '../../emails/format.js';
import { languageName } from '../../emails/languages.js';
import { COMMON } from '../../emails/strings.js';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/time.js';
import { acceptOffer, checkOfferLink, declineOffer, openOffer } from '../operations/offers.js';
import { type AppEnv, systemCtxOf } from './env.js';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1d2530}
button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:6px;background:#1f4e79;color:#fff;cursor:pointer}
.decline button{background:#8a1c1c}.muted{color:#5b6572}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/**
 * The accept/decline links in offer e-mails. GET only shows a confirmation page (mail scanners
 * prefetch links, so a GET must never book); the page's button POSTs the same signed URL.
 * A forged, expired or reused link gets a clear page and changes nothing.
 */
export function offerLinkRoutes() {
  const app = new Hono<AppEnv>();

  const check = async (c: Context<AppEnv>) => {
    const system = systemCtxOf(c);
    const link = await checkOfferLink(system, { offerId: c.req.param('id') ?? '', action: c.req.param('action') ?? '', token: c.req.query('token') ?? '' });
    if ('refused' in link) {
      switch (link.refused) {
        case 'invalid':
          return { error: c.html(page('Link non valido · Invalid link', '<p>Questo link non è valido.</p><p class="muted">This link is not valid.</p>'), 404) };
        case 'forged':
          return { error: c.html(page('Link non valido · Invalid link', '<p>Questo link non è valido o è stato alterato. Nessuna modifica è stata fatta.</p><p class="muted">This link is not valid or was altered. Nothing was changed.</p>'), 403) };
        case 'expired':
          return { error: c.html(page('Offerta scaduta · Offer expired', "<p>L'offerta è scaduta. Nessuna modifica è stata fatta.</p><p class=\"muted\">The offer has expired. Nothing was changed.</p>"), 410) };
        case 'not_found':
          return { error: c.html(page('Offerta non trovata · Offer not found', '<p>Offerta non trovata.</p>'), 404) };
      }
    }
    return { ctx: { ...system, actor: link.actor }, offer: link.offer, action: link.action, token: c.req.query('token') ?? '' };
  };

  app.get('/offers/:id/:action', async (c) => {
    const checked = await check(c);
    if ('error' in checked) return checked.error;
    const { ctx, action, token } = checked;
    const open = await openOffer(ctx, checked.offer.id);
    if (!open) {
      return c.html(page('Offerta chiusa · Offer closed', "<p>Hai già risposto, oppure l'appuntamento non è più disponibile. Nessuna modifica è stata fatta.</p><p class=\"muted\">You already answered, or the appointment is no longer available. Nothing was changed.</p>"), 409);
    }
    const { offer, appointment: a } = open;
    const when = formatRange(formatInstant(a.startsAt), formatInstant(a.endsAt), 'it');
    const modality = COMMON.it.modality[a.modality as keyof typeof COMMON.it.modality] ?? a.modality;
    const verb = action === 'accept' ? 'Accetto · Accept' : 'Rifiuto · Decline';
    return c.html(
      page(
        action === 'accept' ? 'Conferma accettazione · Confirm accept' : 'Conferma rifiuto · Confirm decline',
        `<p>${escapeHtml(languageName(a.language, 'it'))} · ${escapeHtml(modality)} · ${escapeHtml(when)}</p>
<form method="post" class="${action}" action="/offers/${escapeHtml(offer.id)}/${action}?token=${encodeURIComponent(token)}"><button type="submit">${verb}</button></form>`,
      ),
    );
  });

  app.post('/offers/:id/:action', async (c) => {
    const checked = await check(c);
    if ('error' in checked) return checked.error;
    const { ctx, offer, action } = checked;
    try {
      if (action === 'accept') await acceptOffer(ctx, offer.id);
      else await declineOffer(ctx, offer.id);
    } catch (error) {
      if (error instanceof DomainError) {
        return c.html(page('Non è stato possibile · Not possible', `<p>${escapeHtml(error.message)}</p><p class="muted">Nessuna modifica è stata fatta. Nothing was changed.</p>`), error.status === 404 ? 404 : 409);
      }
      throw error;
    }
    return c.html(
      action === 'accept'
        ? page('Appuntamento confermato · Booked', "<p>L'appuntamento è tuo: riceverai l'invito nel calendario.</p><p class=\"muted\">The appointment is yours: the calendar invite is on its way.</p>")
        : page('Offerta rifiutata · Declined', '<p>Grazie, abbiamo registrato la tua risposta.</p><p class="muted">Thank you, your answer is recorded.</p>'),
    );
  });
  return app;
}
