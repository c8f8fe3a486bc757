import { z } from '@hono/zod-openapi';

const Names = z.object({ it: z.string(), en: z.string() });

export const Language = z
  .object({
    code: z.string().openapi({ example: 'ar-MA' }),
    name: z.string().openapi({ description: 'In the language asked with `lang` (Italian by default).', example: 'arabo (marocchino)' }),
    names: Names,
    signLanguage: z.boolean().openapi({ description: 'Sign languages are never booked by phone.' }),
    inRoster: z.boolean().openapi({ description: 'Someone in the roster speaks it (or a variety of it).' }),
  })
  .openapi('Language');

export const LanguageListQuery = z.object({
  lang: z
    .enum(['it', 'en'])
    .default('it')
    .openapi({ param: { name: 'lang', in: 'query' }, description: 'The language of `name`: it (default) or en.' }),
});
