/**
 * Which parts of the bench run: all of them, or those BENCH_ONLY lists (comma-separated), e.g.
 * BENCH_ONLY=mail,reports npm run bench. Only the data a listed section needs is generated.
 */
export const SECTIONS = ['search', 'http', 'mail', 'reports', 'workers'] as const;
export type Section = (typeof SECTIONS)[number];

export function selectedSections(value: string | undefined = process.env.BENCH_ONLY): Set<Section> {
  const parts = (value ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0) return new Set(SECTIONS);
  const unknown = parts.filter((p) => !SECTIONS.includes(p as Section));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; use ${SECTIONS.join(', ')}`);
  return new Set(parts as Section[]);
}
