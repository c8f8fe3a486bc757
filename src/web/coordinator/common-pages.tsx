import type { WebContext } from '../env.js';
import { render } from '../render.js';

/** The page another role sees on a coordinator's address. */
export function forbidden(c: WebContext) {
  const { t } = c.get('page');
  return render(
    c,
    t.errors.forbiddenTitle,
    <>
      <h1>{t.errors.forbiddenTitle}</h1>
      <p>{t.errors.forbidden}</p>
    </>,
    403,
  );
}
