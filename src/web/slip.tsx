import { baseLanguage, LANGUAGE_TAG } from '../domain/languages.js';
import { appointmentSlip } from '../operations/slip.js';
import { renderSlip } from '../slip/render.js';
import { SLIP_TEXTS } from '../slip/texts/index.js';
import { type WebContext, webCtx } from './env.js';
import { languageName, localeOf } from './format.js';
import type { Texts } from './texts/it.js';

/** The beneficiary's slip for the signed-in desk: the API's HTML, its style allowed by the page's CSP nonce. */
export async function slipPage(c: WebContext) {
  const asked = c.req.query('lang');
  const { facts, lang } = await appointmentSlip(webCtx(c), c.req.param('id') ?? '', asked && LANGUAGE_TAG.test(asked) ? asked : undefined);
  return c.html(renderSlip(facts, lang, { styleNonce: c.get('secureHeadersNonce') }));
}

/** The appointment page's form: a language (the appointment's by default) and "print the slip". */
export function SlipForm(props: { id: string; language: string; t: Texts }) {
  const w = props.t.slipForm;
  const locale = localeOf(props.t);
  const base = baseLanguage(props.language);
  const codes = Object.keys(SLIP_TEXTS).filter((code) => code !== 'it');
  const options = codes.map((code) => ({ code, label: `${languageName(code, locale)} — ${SLIP_TEXTS[code]?.endonym}` })).sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <form method="get" action={`/app/appointments/${props.id}/slip`} class="d-flex flex-wrap gap-2 align-items-end">
      <div>
        <label for="slip-lang" class="form-label">{w.label}</label>
        <select id="slip-lang" name="lang" class="form-select">
          {options.map((o) => <option value={o.code} selected={o.code === base}>{o.label}</option>)}
          <option value="und" selected={!codes.includes(base)}>{w.other}</option>
        </select>
      </div>
      <button type="submit" class="btn btn-outline-primary">{w.print}</button>
    </form>
  );
}
