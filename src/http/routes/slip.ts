import { createRoute, z } from '@hono/zod-openapi';
import { appointmentSlip } from '../../operations/slip.js';
import { renderSlip } from '../../slip/render.js';
import { SLIP_TEXTS } from '../../slip/texts/index.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { allow } from '../roles.js';
import { commonErrors, conflictError, IdParam, LanguageTag } from '../schemas/common.js';

const SlipQuery = z
  .object({
    lang: LanguageTag.optional().openapi({
      param: { name: 'lang', in: 'query' },
      description: `The beneficiary's language (BCP 47); the appointment's by default. Texts exist for: ${Object.keys(SLIP_TEXTS).sort().join(', ')}; any other is written in English, French and Italian.`,
    }),
  })
  .strict();

const slip = createRoute({
  method: 'get',
  path: '/appointments/{id}/slip',
  tags: ['appointments'],
  summary: "The beneficiary's slip: a printable one-page HTML in their language beside Italian (desk)",
  description:
    'Date and time (Europe/Rome, in the language’s conventions), place (or video / phone), the service, what to bring, and that a mediator speaking the language will be there. Right-to-left languages get `dir="rtl"` on their column. No case reference, notes or sector. 409 `appointment_cancelled` once cancelled.',
  security: bearerSecurity,
  middleware: [allow('desk', 'coordinator')] as const,
  request: { params: IdParam, query: SlipQuery },
  responses: {
    200: { description: 'text/html', content: { 'text/html; charset=utf-8': { schema: z.string() } } },
    ...commonErrors,
    ...conflictError,
  },
});

export const slipRoutes = router().openapi(slip, async (c) => {
  const { facts, lang } = await appointmentSlip(ctxOf(c), c.req.valid('param').id, c.req.valid('query').lang);
  return c.html(renderSlip(facts, lang), 200) as never;
});
