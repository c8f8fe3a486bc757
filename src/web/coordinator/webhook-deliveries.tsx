import { listDeliveries, replayDelivery, type WebhookAttemptRow } from '../../operations/webhooks.js';
import { webCtx, webRouter } from '../env.js';
import { formatStamp } from '../format.js';
import { DataTable } from '../layout.js';
import type { Texts } from '../texts/it.js';

export const DELIVERIES_PER_PAGE = 50;

type DeliveryPage = Awaited<ReturnType<typeof listDeliveries>>;

/** One attempt in words: its number and time in Rome, then the HTTP status, or none and the sender's technical reason. */
function Attempt(props: { a: WebhookAttemptRow; t: Texts }) {
  const p = props.t.webhookPages;
  const { a } = props;
  return (
    <li>
      {p.attemptLine(a.attempt, formatStamp(a.at))} ·{' '}
      {a.responseStatus !== null ? (
        p.httpStatus(a.responseStatus)
      ) : (
        <>
          {p.noAnswer}
          {a.error ? (
            <span class="d-block">
              {p.technical}: <code lang="en">{a.error}</code>
            </span>
          ) : null}
        </>
      )}
    </li>
  );
}

/** A webhook's deliveries, newest first: event, state, every attempt, the next one, and "Reinvia"; a page at a time. */
export function DeliveriesSection(props: { t: Texts; webhookId: string; page: DeliveryPage; paged: boolean }) {
  const { t, webhookId, page } = props;
  const p = t.webhookPages;
  const base = `/app/webhooks/${webhookId}`;
  return (
    <section class="mt-4" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title" class="h4">
        {p.deliveries}
      </h2>
      <p>{p.deliveriesIntro}</p>
      {page.items.length === 0 ? (
        <p>{p.noDeliveries}</p>
      ) : (
        <DataTable headers={[p.created, p.event, p.state, p.attempts, p.nextAttempt, p.actions]} class="table-sm align-middle" caption={p.deliveries}>
          {page.items.map((d) => {
            const event = p.eventNames[d.event] ?? d.event;
            const when = formatStamp(d.createdAt);
            return (
              <tr>
                <td class="nowrap">{when}</td>
                <td>{event}</td>
                <td>{d.status === 'failed' ? <strong>{p.deliveryStates.failed}</strong> : (p.deliveryStates[d.status] ?? d.status)}</td>
                <td class="small">
                  {d.attemptLog.length === 0 ? (
                    p.noAttempts
                  ) : (
                    <ul class="list-unstyled mb-0">
                      {d.attemptLog.map((a) => (
                        <Attempt a={a} t={t} />
                      ))}
                    </ul>
                  )}
                </td>
                <td class="nowrap">{d.status === 'pending' ? formatStamp(d.nextAttemptAt) : t.common.none}</td>
                <td>
                  <form method="post" action={`${base}/deliveries/${d.id}/replay`} class="m-0">
                    <button type="submit" class="btn btn-sm btn-primary" aria-label={p.replayFor(event, when)}>
                      {p.replay}
                    </button>
                  </form>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {props.paged || page.nextCursor ? (
        <p class="d-flex flex-wrap gap-3">
          {props.paged ? <a href={`${base}#deliveries-title`}>{p.firstPage}</a> : null}
          {page.nextCursor ? <a href={`${base}?${new URLSearchParams({ cursor: page.nextCursor }).toString()}#deliveries-title`}>{t.common.nextPage}</a> : null}
        </p>
      ) : null}
    </section>
  );
}

/** "Reinvia": the same delivery goes again at the next run of the jobs. */
export function deliveryRoutes() {
  const r = webRouter();
  r.post('/app/webhooks/:id/deliveries/:deliveryId/replay', async (c) => {
    const id = c.req.param('id');
    await replayDelivery(webCtx(c), id, c.req.param('deliveryId'));
    return c.redirect(`/app/webhooks/${id}?done=replayed`, 303);
  });
  return r;
}
