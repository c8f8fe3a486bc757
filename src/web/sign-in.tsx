import { z } from 'zod';
import type { Deps } from '../deps.js';
import { SYSTEM_ACTOR } from '../deps.js';
import { endSession, redeemSignInLink, requestSignInLink, SignInRateLimitedError, signInLinkUser, signInWithToken } from '../operations/sign-in.js';
import { clearSessionCookie, TOKEN_SHAPE, type WebContext, webRouter, writeSessionCookie } from './env.js';
import { emptyForm, ErrorSummary, type FormState, formValues, InputField } from './forms.js';
import { render } from './render.js';
import { Notice } from './layout.js';

const SignInRequest = z.object({ email: z.email().max(254) });

/** The client a sign-in request comes from, for its rate limit: the Workers header, else the socket's address. */
function clientOf(c: WebContext): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return c.req.header('cf-connecting-ip') ?? incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Sign-in by e-mail link (and, for a coordinator bootstrapping an install, by API token), sign-out, the accessibility statement. */
export function signInRoutes(deps: Deps) {
  const r = webRouter();
  const system = (c: WebContext) => ({ ...deps, repos: c.get('repos'), actor: SYSTEM_ACTOR });

  const loginPage = (c: WebContext, form: FormState, status: 200 | 422 | 429 = 200, notice?: string) => {
    const { t } = c.get('page');
    return render(
      c,
      t.login.title,
      <>
        <h1>{t.login.title}</h1>
        {notice ? <Notice tone={status === 429 ? 'danger' : 'info'}>{notice}</Notice> : null}
        <ErrorSummary form={form} t={t} labels={{ email: t.login.email }} />
        <p>{t.login.intro}</p>
        <form method="post" action="/app/login" class="col-md-6" novalidate>
          <InputField name="email" type="email" label={t.login.email} form={form} autocomplete="email" required />
          <button type="submit" class="btn btn-primary">
            {t.login.send}
          </button>
        </form>
        <p class="mt-4 small">
          <a href="/app/login/token">{t.login.tokenTitle}</a>
        </p>
      </>,
      status,
    );
  };

  r.get('/app/login', (c) => {
    if (c.get('actor')) return c.redirect('/app', 303);
    return loginPage(c, emptyForm(), 200, c.req.query('signedOut') ? c.get('page').t.login.signedOut : undefined);
  });

  r.post('/app/login', async (c) => {
    const { t } = c.get('page');
    const values = await formValues(c.req.parseBody());
    const parsed = SignInRequest.safeParse({ email: values.email?.trim() ?? '' });
    if (!parsed.success) return loginPage(c, { values, errors: { email: t.errors.email } }, 422);
    try {
      await requestSignInLink(system(c), { email: parsed.data.email, client: clientOf(c) });
    } catch (error) {
      if (error instanceof SignInRateLimitedError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return loginPage(c, { values, errors: {} }, 429, t.login.rateLimited);
      }
      throw error;
    }
    return render(
      c,
      t.login.sentTitle,
      <>
        <h1>{t.login.sentTitle}</h1>
        <p>{t.login.sent(parsed.data.email)}</p>
      </>,
    );
  });

  const tokenPage = (c: WebContext, form: FormState, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    return render(
      c,
      t.login.tokenTitle,
      <>
        <h1>{t.login.tokenTitle}</h1>
        <ErrorSummary form={form} t={t} labels={{ token: t.login.token }} />
        <p>{t.login.tokenIntro}</p>
        <form method="post" action="/app/login/token" class="col-md-6">
          <InputField name="token" type="password" label={t.login.token} form={{ values: {}, errors: form.errors }} autocomplete="off" required />
          <button type="submit" class="btn btn-primary">
            {t.login.tokenButton}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/login/token', (c) => tokenPage(c, emptyForm()));
  r.post('/app/login/token', async (c) => {
    const values = await formValues(c.req.parseBody());
    const session = values.token ? await signInWithToken(system(c), values.token) : null;
    if (!session) return tokenPage(c, { values: {}, errors: { token: c.get('page').t.login.tokenInvalid } }, 422);
    writeSessionCookie(c, session.token, session.maxAgeSeconds);
    return c.redirect('/app', 303);
  });

  const invalidLink = (c: WebContext) => {
    const { t } = c.get('page');
    return render(
      c,
      t.login.linkInvalidTitle,
      <>
        <h1>{t.login.linkInvalidTitle}</h1>
        <p>{t.login.linkInvalid}</p>
        <p>
          <a class="btn btn-primary" href="/app/login">
            {t.login.askNewLink}
          </a>
        </p>
      </>,
      410,
    );
  };

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  r.get('/app/login/:token', async (c) => {
    const { t } = c.get('page');
    const token = c.req.param('token');
    const user = TOKEN_SHAPE.test(token) ? await signInLinkUser(system(c), token) : null;
    if (!user) return invalidLink(c);
    return render(
      c,
      t.login.linkTitle,
      <>
        <h1>{t.login.linkTitle}</h1>
        <p>{t.login.linkIntro(user.name)}</p>
        <form method="post" action={`/app/login/${token}`}>
          <button type="submit" class="btn btn-primary btn-lg">
            {t.login.linkButton}
          </button>
        </form>
      </>,
    );
  });

  r.post('/app/login/:token', async (c) => {
    const token = c.req.param('token');
    const session = TOKEN_SHAPE.test(token) ? await redeemSignInLink(system(c), token) : null;
    if (!session) return invalidLink(c);
    writeSessionCookie(c, session.token, session.maxAgeSeconds);
    return c.redirect('/app', 303);
  });

  r.post('/app/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await endSession(system(c), token);
    clearSessionCookie(c);
    return c.redirect('/app/login?signedOut=1', 303);
  });

  r.get('/app/accessibility', (c) => {
    const { t } = c.get('page');
    return render(
      c,
      t.footer.accessibility,
      <>
        <h1>{t.footer.accessibility}</h1>
        <p>
          {t.lang === 'it'
            ? 'Questo servizio mira alla conformità alle WCAG 2.1 livello AA (legge 4/2004, EN 301 549). Ogni pagina è verificata a ogni rilascio con axe-core in un browser reale, funziona senza JavaScript, con la sola tastiera e su schermi da 320 pixel. Per segnalare un problema scriva al coordinamento della rete.'
            : 'This service aims to conform to WCAG 2.1 level AA (Italian law 4/2004, EN 301 549). Every page is checked on every release with axe-core in a real browser, and works without JavaScript, with the keyboard alone and on 320-pixel screens. To report a problem, write to the network’s coordination.'}
        </p>
      </>,
    );
  });

  return r;
}
