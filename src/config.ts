import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://mediatori.example.it' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Mediazione Piemonte <mediazione@localhost>'),
  BOOTSTRAP_COORDINATOR_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{16,200}$/, 'must be 16–200 URL-safe characters')
    .optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(64 * 1024),
  TZ_AREA_DEFAULT: z.string().default('Europe/Rome'),
  /** Tests and demos only: stop the clock at this instant (ISO 8601). Never set it in production. */
  FIXED_CLOCK: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant' }).optional(),
});

export type Config = z.infer<typeof EnvSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

/** Parses the environment once; a bad value throws a ConfigError naming each variable at fault. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return { ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}
