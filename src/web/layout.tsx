import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Role } from '../domain/vocabulary.js';
import type { Texts } from './texts/it.js';

/** What every page knows about its reader and where its assets are. */
export interface PageContext {
  t: Texts;
  assetBase: string;
  /** The signed-in person, or null on the sign-in pages. */
  user: { name: string; role: Role } | null;
  /** The path of the page, to mark the current navigation entry. */
  path: string;
}

interface NavEntry {
  href: string;
  label: string;
}

/** The navigation shows only what the role may do. */
function navFor(role: Role, t: Texts): NavEntry[] {
  switch (role) {
    case 'desk':
      return [
        { href: '/app', label: t.nav.agenda },
        { href: '/app/appointments/new', label: t.nav.newRequest },
        { href: '/app/close-out', label: t.nav.closeOut },
        { href: '/app/exclusions', label: t.nav.exclusions },
        { href: '/app/hours', label: t.nav.hours },
      ];
    case 'mediator':
      return [
        { href: '/app', label: t.mediatorPages.nav.today },
        { href: '/app/offers', label: t.mediatorPages.nav.offers },
        { href: '/app/availability', label: t.mediatorPages.nav.availability },
        { href: '/app/time-off', label: t.mediatorPages.nav.timeOff },
        { href: '/app/hours', label: t.mediatorPages.nav.hours },
        { href: '/app/profile', label: t.mediatorPages.nav.profile },
      ];
    case 'coordinator':
      return [
        { href: '/app', label: t.nav.dashboard },
        { href: '/app/to-cover', label: t.coordinatorPages.nav.toCover },
        { href: '/app/disputes', label: t.coordinatorPages.nav.disputes },
        { href: '/app/mediators', label: t.coordinatorPages.nav.mediators },
        { href: '/app/services', label: t.coordinatorPages.nav.services },
        { href: '/app/users', label: t.coordinatorPages.nav.users },
        { href: '/app/timesheets', label: t.coordinatorPages.nav.timesheets },
        { href: '/app/outbox', label: t.coordinatorPages.nav.outbox },
        { href: '/app/webhooks', label: t.webhookPages.nav },
        { href: '/app/supply', label: t.coordinatorPages.nav.supply },
        { href: '/app/appointments/new', label: t.nav.newRequest },
      ];
  }
}

/**
 * The page shell: skip link, header with the network's name and the role's navigation, one `<main>`
 * holding the page's single `<h1>`, and the footer with the accessibility statement.
 */
export function Layout(props: { page: PageContext; title: string; children?: Child }) {
  const { t, assetBase, user, path } = props.page;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={t.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}' />
          <title>{`${props.title} · ${t.networkName}`}</title>
          <link rel="stylesheet" href={`${assetBase}/bootstrap-italia.min.css`} />
          <link rel="stylesheet" href={`${assetBase}/app.css`} />
          <script src={`${assetBase}/htmx.min.js`} defer></script>
          <script src={`${assetBase}/app.js`} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.skipToContent}
          </a>
          <header class="app-header py-2">
            <div class="container d-flex flex-wrap align-items-center justify-content-between gap-2">
              <a class="brand" href="/app">
                {t.networkName}
              </a>
              {user ? (
                <form method="post" action="/app/logout" class="d-flex align-items-center gap-2 m-0">
                  <span class="small">
                    {t.nav.signedInAs(user.name)} · {t.roles[user.role]}
                  </span>
                  <button type="submit" class="btn btn-sm btn-outline-light">
                    {t.nav.signOut}
                  </button>
                </form>
              ) : null}
            </div>
            {user ? (
              <nav class="container app-nav" aria-label={t.nav.label}>
                <ul class="nav flex-wrap">
                  {navFor(user.role, t).map((entry) => (
                    <li class="nav-item">
                      <a class="nav-link text-white px-2" href={entry.href} aria-current={entry.href === path ? 'page' : undefined}>
                        {entry.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </header>
          <main id="main" class="container py-4" tabindex={-1}>
            {props.children}
          </main>
          <footer class="app-footer">
            <div class="container d-flex flex-wrap gap-3">
              <a href="/app/accessibility">{t.footer.accessibility}</a>
              <a href="/docs">{t.footer.api}</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A status badge: the word, never the code; colour only as a second cue. */
export function StatusBadge(props: { status: string; t: Texts }) {
  const tone: Record<string, string> = { booked: 'success', open: 'primary', offered: 'info', unfilled: 'danger', cancelled: 'secondary' };
  return <span class={`badge bg-${tone[props.status] ?? 'secondary'} status-badge`}>{(props.t.status as Record<string, string>)[props.status] ?? props.status}</span>;
}

/** A message box: success, info, warning or danger, announced to screen readers. */
export function Notice(props: { tone: 'success' | 'info' | 'warning' | 'danger'; title?: string; children?: Child }) {
  return (
    <div class={`alert alert-${props.tone}`} role={props.tone === 'danger' || props.tone === 'warning' ? 'alert' : 'status'}>
      {props.title ? <h2 class="h5">{props.title}</h2> : null}
      {props.children}
    </div>
  );
}

/** Definition list of label → value pairs (the appointment's facts). */
export function Facts(props: { rows: Array<[string, Child]> }) {
  return (
    <dl class="row">
      {props.rows.map(([label, value]) => (
        <>
          <dt class="col-sm-3">{label}</dt>
          <dd class="col-sm-9">{value}</dd>
        </>
      ))}
    </dl>
  );
}

/** A data table: scrolls sideways inside its box on a narrow screen, column headers scoped, a caption for screen readers or for all. */
export function DataTable(props: { headers: Child[]; caption?: Child; captionVisible?: boolean; class?: string; foot?: Child; children?: Child }) {
  return (
    <div class="table-responsive">
      <table class={`table ${props.class ?? 'align-middle'}`}>
        {props.caption ? <caption class={props.captionVisible ? undefined : 'visually-hidden'}>{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
        {props.foot ?? null}
      </table>
    </div>
  );
}
