import { SYSTEM_ACTOR } from '../../deps.js';
import { ROLES, type Role } from '../../domain/vocabulary.js';
import { listMediators } from '../../operations/mediators.js';
import { listServices } from '../../operations/services.js';
import { requestSignInLink } from '../../operations/sign-in.js';
import { createUser, listUsers, revokeUser } from '../../operations/users.js';
import { type WebContext, webCtx, webRouter } from '../env.js';
import { domainFieldErrors, emptyForm, ErrorSummary, type FormState, formValues, InputField, SelectField } from '../forms.js';
import { formatStamp } from '../format.js';
import { DataTable, Notice } from '../layout.js';
import { render } from '../render.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Users: create (the API token is shown once), revoke, and a sign-in invitation by e-mail. */
export function userRoutes() {
  const r = webRouter();

  const listPage = async (c: WebContext, form: FormState, status: 200 | 422 = 200) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.users;
    const ctx = webCtx(c);
    const [users, services, mediators] = await Promise.all([listUsers(ctx, { limit: 500 }), listServices(ctx, { limit: 500 }), listMediators(ctx, { limit: 500 })]);
    const serviceName = new Map(services.items.map((s) => [s.id, s.name]));
    const mediatorName = new Map(mediators.items.map((m) => [m.id, m.name]));
    const done = c.req.query('done');
    return render(
      c,
      p.title,
      <>
        <h1>{p.title}</h1>
        {done === 'revoked' ? <Notice tone="success">{p.revoked}</Notice> : done === 'invited' ? <Notice tone="success">{p.invited}</Notice> : null}
        <DataTable headers={[p.name, p.role, p.email, p.tiedTo, p.state, p.actions]} class="table-sm align-middle" caption={p.title}>
          {users.items.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td>{t.roles[u.role as Role] ?? u.role}</td>
              <td>{u.email ?? t.common.none}</td>
              <td>{u.serviceId ? (serviceName.get(u.serviceId) ?? u.serviceId) : u.mediatorId ? (mediatorName.get(u.mediatorId) ?? u.mediatorId) : t.common.none}</td>
              <td>{u.revokedAt ? <strong>{p.revokedOn(formatStamp(u.revokedAt))}</strong> : p.active}</td>
              <td>
                {u.revokedAt ? null : (
                  <div class="d-flex flex-wrap gap-2">
                    {u.email ? (
                      <form method="post" action={`/app/users/${u.id}/invite`} class="m-0">
                        <button type="submit" class="btn btn-sm btn-outline-primary" aria-label={`${p.invite}: ${u.name}`}>
                          {p.invite}
                        </button>
                      </form>
                    ) : null}
                    <form method="post" action={`/app/users/${u.id}/revoke`} class="m-0">
                      <button type="submit" class="btn btn-sm btn-outline-danger" aria-label={`${p.revoke}: ${u.name}`}>
                        {p.revoke}
                      </button>
                    </form>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <h2 class="h4 mt-4">{p.add}</h2>
        <ErrorSummary form={form} t={t} labels={{ name: p.name, role: p.role, email: p.email, serviceId: p.service, mediatorId: p.mediator }} />
        <form method="post" action="/app/users/new" novalidate>
          <div class="row">
            <div class="col-md-4">
              <InputField name="name" label={p.name} form={form} required maxlength={200} />
            </div>
            <div class="col-md-4">
              <InputField name="email" type="email" label={p.email} form={form} hint={p.emailHint} />
            </div>
            <div class="col-md-4">
              <SelectField name="role" label={p.role} form={form} options={ROLES.map((role) => ({ value: role, label: t.roles[role] }))} />
            </div>
          </div>
          <div class="row">
            <div class="col-md-6">
              <SelectField name="serviceId" label={p.service} form={form} hint={p.serviceHint} placeholder={t.common.none} options={services.items.map((s) => ({ value: s.id, label: s.name }))} />
            </div>
            <div class="col-md-6">
              <SelectField name="mediatorId" label={p.mediator} form={form} hint={p.mediatorHint} placeholder={t.common.none} options={mediators.items.map((m) => ({ value: m.id, label: m.name }))} />
            </div>
          </div>
          <button type="submit" class="btn btn-primary">
            {p.create}
          </button>
        </form>
      </>,
      status,
    );
  };

  r.get('/app/users', (c) => listPage(c, emptyForm({ role: 'desk' })));

  r.post('/app/users/new', async (c) => {
    const { t } = c.get('page');
    const p = t.coordinatorPages.users;
    const values = await formValues(c.req.parseBody());
    const role = (ROLES as readonly string[]).includes(values.role ?? '') ? (values.role as Role) : null;
    const errors: Record<string, string> = {};
    if (!values.name?.trim()) errors.name = t.errors.required;
    if (!role) errors.role = t.errors.required;
    if (values.email && !EMAIL.test(values.email)) errors.email = t.errors.email;
    if (role === 'desk' && !values.serviceId) errors.serviceId = p.serviceNeeded;
    if (role === 'mediator' && !values.mediatorId) errors.mediatorId = p.mediatorNeeded;
    if (!role || Object.keys(errors).length > 0) return listPage(c, { values, errors }, 422);
    let created: Awaited<ReturnType<typeof createUser>>;
    try {
      created = await createUser(webCtx(c), {
        role,
        name: (values.name ?? '').trim().slice(0, 200),
        ...(values.email ? { email: values.email.trim().toLowerCase() } : {}),
        ...(role === 'desk' ? { serviceId: values.serviceId ?? '' } : {}),
        ...(role === 'mediator' ? { mediatorId: values.mediatorId ?? '' } : {}),
      });
    } catch (error) {
      const fields = domainFieldErrors(error, t);
      if (fields) return listPage(c, { values, errors: fields }, 422);
      throw error;
    }
    // The token exists only in this answer (the page is never cached): no redirect, no URL carries it.
    return render(
      c,
      p.createdTitle,
      <>
        <h1>{p.createdTitle}</h1>
        <Notice tone="warning" title={p.tokenOnce}>
          <p>{p.tokenExplain}</p>
          <p class="token-once" id="new-token">
            {created.token}
          </p>
        </Notice>
        {created.user.email ? (
          <form method="post" action={`/app/users/${created.user.id}/invite`}>
            <p>{p.inviteExplain(created.user.email)}</p>
            <button type="submit" class="btn btn-primary">
              {p.invite}
            </button>
          </form>
        ) : null}
        <p class="mt-3">
          <a href="/app/users">{p.back}</a>
        </p>
      </>,
    );
  });

  r.post('/app/users/:id/revoke', async (c) => {
    await revokeUser(webCtx(c), c.req.param('id'));
    return c.redirect('/app/users?done=revoked', 303);
  });

  // The invitation is the sign-in link any user can ask for, sent on their behalf.
  r.post('/app/users/:id/invite', async (c) => {
    const ctx = webCtx(c);
    const users = await listUsers(ctx, { limit: 500 });
    const user = users.items.find((u) => u.id === c.req.param('id') && !u.revokedAt);
    if (user?.email) await requestSignInLink({ ...ctx, actor: SYSTEM_ACTOR }, { email: user.email, client: `coordinator:${ctx.actor.userId}` });
    return c.redirect('/app/users?done=invited', 303);
  });

  return r;
}
