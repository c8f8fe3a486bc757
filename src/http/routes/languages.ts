import { createRoute, z } from '@hono/zod-openapi';
import { listLanguages } from '../../operations/languages.js';
import { bearerSecurity, ctxOf, router } from '../env.js';
import { commonErrors, jsonResponse } from '../schemas/common.js';
import { Language, LanguageListQuery } from '../schemas/languages.js';

const list = createRoute({
  method: 'get',
  path: '/languages',
  tags: ['languages'],
  summary: 'The languages the network serves (anyone signed in)',
  description:
    'A curated list of the languages requested in Italy (BCP 47, with varieties such as ar-MA) plus every language spoken in the roster (a roster language outside the list is named by its code). `name` is in the language asked with `?lang=` (it by default, or en); `names` holds both. A request or a mediator with a language outside this list (or a variety of one) is refused with 400 `unknown_language`.',
  security: bearerSecurity,
  request: { query: LanguageListQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(Language), nextCursor: z.null() }), 'Every language, sorted by name.'), ...commonErrors },
});

export const languagesRoutes = router().openapi(list, async (c) => c.json({ items: await listLanguages(ctxOf(c), c.req.valid('query').lang), nextCursor: null }, 200));
