import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebContext } from './env.js';
import { Layout } from './layout.js';

/** Renders a page in the shell with its status (PRG pages answer 200; a form that failed answers 422). */
export function render(c: WebContext, title: string, body: Child, status: ContentfulStatusCode = 200) {
  return c.html(
    <Layout page={c.get('page')} title={title}>
      {body}
    </Layout>,
    status,
  );
}

export function notFoundPage(c: WebContext) {
  const { t, user } = c.get('page');
  return render(
    c,
    t.errors.notFoundTitle,
    <>
      <h1>{t.errors.notFoundTitle}</h1>
      <p>{t.errors.notFound}</p>
      <p>
        <a href="/app">{user?.role === 'coordinator' ? t.nav.dashboard : t.nav.agenda}</a>
      </p>
    </>,
    404,
  );
}
